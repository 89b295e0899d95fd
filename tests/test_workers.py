"""Several gunicorn workers share one site: throttle counts are the site's,
not each worker's, and concurrent writes on SQLite wait their turn instead of
failing with "database is locked".

Newsroom runs under gunicorn with production settings (DEBUG=0, no Redis) and
four workers on a SQLite file of the test's own."""

import http.client
import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings

BASE_DIR = Path(settings.BASE_DIR)
WORKERS = 4

pytestmark = pytest.mark.slow

SET_UP_DESK = """
from django.contrib.auth.models import Group, User
from rest_framework.authtoken.models import Token
from articles.models import Article, Section
editor = User.objects.create_user("editora", is_staff=True)
editor.groups.add(Group.objects.get(name="Editor"))
section = Section.objects.create(name="Mundo", slug="mundo")
Article.objects.create(headline="Borrador", slug="borrador", section=section)
print(Token.objects.create(user=editor).key)
"""


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class Site:
    def __init__(self, folder):
        self.port = free_port()
        self.env = {
            **os.environ,
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(40),
            "ALLOWED_HOSTS": "127.0.0.1",
            "DATABASE_URL": f"sqlite:///{folder / 'newsroom.sqlite3'}",
            "API_ANON_RATE": "20/minute",
        }
        self.env.pop("REDIS_URL", None)
        self.manage("migrate", "--no-input", "-v0")
        self.token = self.manage("shell", "-c", SET_UP_DESK).split()[-1]
        self.process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "newsroom.wsgi:application"]
            + ["--bind", f"127.0.0.1:{self.port}", "--workers", str(WORKERS)]
            + ["--timeout", "60", "--graceful-timeout", "2"],
            cwd=BASE_DIR,
            env=self.env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 60
        while self.workers() < WORKERS or not self.listening():
            assert time.monotonic() < deadline, "gunicorn did not start its workers"
            time.sleep(0.1)

    def manage(self, *arguments):
        result = subprocess.run(
            [sys.executable, "manage.py", *arguments],
            cwd=BASE_DIR,
            env=self.env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        return result.stdout

    def workers(self):
        pid = self.process.pid
        return len(Path(f"/proc/{pid}/task/{pid}/children").read_text().split())

    def listening(self):
        with socket.socket() as probe:
            return probe.connect_ex(("127.0.0.1", self.port)) == 0

    def request(self, method, path, body=None, token=None):
        """(status, body) of one request on a connection of its own, so that
        any worker may take it."""
        headers = {"X-Forwarded-Proto": "https", "Connection": "close"}
        if token:
            headers["Authorization"] = f"Token {token}"
        if body is not None:
            headers["Content-Type"] = "application/json"
            body = json.dumps(body)
        client = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        try:
            client.request(method, path, body=body, headers=headers)
            response = client.getresponse()
            return response.status, response.read().decode()
        finally:
            client.close()

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = Site(tmp_path_factory.mktemp("workers"))
    yield site
    site.stop()


def test_the_anonymous_rate_holds_across_workers(site):
    statuses = Counter(
        site.request("GET", "/api/v1/sections/")[0] for _ in range(4 * 20)
    )

    assert statuses == {200: 20, 429: 60}


def test_concurrent_writes_on_sqlite_wait_for_each_other(site):
    start = threading.Barrier(8)
    answers = []

    def patch(number):
        start.wait()
        answers.append(
            site.request(
                "PATCH",
                "/api/v1/articles/borrador/",
                {"headline": f"Titular {number}"},
                token=site.token,
            )
        )

    threads = [threading.Thread(target=patch, args=(n,)) for n in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [status for status, body in answers] == [200] * 8, answers
    status, body = site.request("GET", "/api/v1/articles/borrador/", token=site.token)
    assert json.loads(body)["version"] == 1 + 8
