"""A real Chromium (Debian's /usr/bin/chromium) driven by Playwright against
pytest-django's live server."""

import os
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from tests.browser.leaving import leave

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
ASYNC_UNSAFE = "DJANGO_ALLOW_ASYNC_UNSAFE"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config, items):
    """Run the browser tests last: Playwright's event loop lives until the end
    of the session, and no other test should run beside it."""
    items.sort(key=lambda item: "browser" in item.keywords)
    if CHROMIUM.exists() or os.environ.get("CI"):
        return  # in CI a missing browser fails the tests rather than skip them
    skip = pytest.mark.skip(
        reason=f"{CHROMIUM} is absent: apt-get install -y chromium (CI does)"
    )
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_protocol(item, nextitem):
    """Playwright's sync API runs an event loop in the test thread, so Django's
    async-safety check would refuse the ORM calls made beside it (set-up,
    flushes, the test itself). Allowed for browser tests only, from set-up to
    teardown, so that other tests and the subprocesses they start (such as
    ``check --deploy``) never see it."""
    if "browser" not in item.keywords:
        return (yield)
    previous = os.environ.get(ASYNC_UNSAFE)
    os.environ[ASYNC_UNSAFE] = "true"
    try:
        return (yield)
    finally:
        if previous is None:
            os.environ.pop(ASYNC_UNSAFE, None)
        else:
            os.environ[ASYNC_UNSAFE] = previous


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "es-EC"}


@pytest.fixture
def page(transactional_db, page):
    """Playwright's page, opened after the database and so left before its
    flush: the admin's scripts (autosave, presence, the beacon sent on
    leaving) call the server while the page is open, and a flush beside
    them deadlocks on PostgreSQL."""
    yield page
    leave(page)


@pytest.fixture
def artifacts():
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS


@pytest.fixture
def site(transactional_db, live_server, settings):
    """The live server with the seed story loaded and its photo's renditions
    made, as `make run`'s worker makes them."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    call_command("load_demo", verbosity=0)
    call_command("work", "--batch", stdout=StringIO())
    return live_server
