import os
from datetime import timedelta
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.cache import cache, caches
from django.core.management import call_command
from django.utils import timezone
from hypothesis import settings as hypothesis_settings
from rest_framework.test import APIClient

from tests.editorial import desk_login
from tests.factories import (
    EDITOR_PERMISSIONS,
    desk_user,
    load_seed_story,
    token_client,
    user_with,
)

# Property tests draw the same examples on every run, so that CI is never red
# by chance; HYPOTHESIS_PROFILE=explore draws new ones (and more) to hunt bugs.
hypothesis_settings.register_profile("ci", derandomize=True)
hypothesis_settings.register_profile("explore", max_examples=1000)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploaded and generated files out of the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture(autouse=True)
def empty_cache(request, django_db_blocker):
    """Every test starts with an empty cache: pages kept by one test's
    requests must not answer another's, and the API's throttles count from
    zero. Without Redis the throttles live in a database table that a
    transactional test commits to and its flush does not empty (it is no
    model's table): emptied here after such a test."""
    cache.clear()
    yield
    cache.clear()
    if {"transactional_db", "live_server"} & set(request.fixturenames):
        with django_db_blocker.unblock():
            caches["throttles"].clear()


@pytest.fixture
def run_tasks(db, monkeypatch):
    """Run every background job that is due now, as a worker would; returns
    how many ran. Without it, enqueued jobs only wait (as with no worker).

    The worker closes old connections between jobs, as a request does; here
    its connection is the test's own, whose transaction must stay open."""
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)

    def run():
        out = StringIO()
        call_command("work", "--batch", stdout=out)
        return int(out.getvalue().split()[1])

    return run


@pytest.fixture
def seed_story(db):
    return load_seed_story()


@pytest.fixture
def seed_pictures(seed_story, run_tasks):
    """The seed story once a worker has made its photo's renditions."""
    run_tasks()
    return seed_story


class Clock:
    """Frozen time for ``django.utils.timezone.now``, moved by hand."""

    def __init__(self, monkeypatch):
        self.now = timezone.now()
        monkeypatch.setattr(timezone, "now", lambda: self.now)

    def move(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    return Clock(monkeypatch)


# The API's callers.


@pytest.fixture
def anon():
    return APIClient()


@pytest.fixture
def editor(db):
    """An API token of an account with an editor's permissions."""
    return token_client(user_with("editora", *EDITOR_PERMISSIONS))


@pytest.fixture
def reader(db):
    """Authenticated, but with no model permissions at all."""
    return token_client(user_with("lectora"))


# The desk: a superuser, and accounts in the Reporter and Editor groups.


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("jefa", "jefa@example.org", "x")


@pytest.fixture
def editor_client(client, superuser):
    """The admin, logged in as the superuser, in English."""
    return desk_login(client, superuser)


@pytest.fixture
def reporter(db):
    return desk_user("reportera", "Reporter")


@pytest.fixture
def other_reporter(db):
    return desk_user("otro", "Reporter")


@pytest.fixture
def desk_editor(db):
    return desk_user("editora", "Editor")


@pytest.fixture
def reporter_admin(client, reporter):
    return desk_login(client, reporter)


@pytest.fixture
def editor_admin(client, desk_editor):
    return desk_login(client, desk_editor)


@pytest.fixture
def reporter_api(reporter):
    return token_client(reporter)


@pytest.fixture
def editor_api(desk_editor):
    return token_client(desk_editor)
