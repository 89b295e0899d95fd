"""Leaving a page before the database is flushed."""

import time


def leave(page):
    """Go to a blank page and give the live server time to answer what the
    page sent on leaving (the desk's beacon): a flush beside an open request
    fails on SQLite ("table is locked") and deadlocks on PostgreSQL."""
    page.goto("about:blank")
    time.sleep(0.5)
