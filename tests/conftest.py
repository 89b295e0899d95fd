import os
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import timezone
from hypothesis import settings as hypothesis_settings

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
def empty_cache():
    """Every test starts with an empty cache: pages kept by one test's
    requests must not answer another's."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def seed_story(db):
    """The seed story as `make run` loads it: a published article with its
    photo, no byline and every entity it names."""
    from articles.models import Article

    call_command("load_demo", verbosity=0)
    return Article.objects.get(slug="peru-aliado-extra-otan")


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
