"""`make serve` really serves: gunicorn, production settings, hashed static
files through whitenoise, a TLS proxy in front (X-Forwarded-Proto)."""

import http.client
import os
import re
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PROXY = {"X-Forwarded-Proto": "https", "Host": "newsroom.example"}


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(port, path, headers=PROXY):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def wait_until_listening(port, process, deadline=90):
    """Poll the port until gunicorn answers (or the process dies)."""
    start = time.monotonic()
    while time.monotonic() - start < deadline:
        if process.poll() is not None:
            return False
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return True
        except OSError:
            time.sleep(0.2)
    return False


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """`make serve` on a free port against a new SQLite file (once per module)."""
    tmp_path = tmp_path_factory.mktemp("serve")
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    port = free_port()
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEBUG", "DATABASE_URL", "REDIS_URL", "MAKEFLAGS"}
    }
    env.update(
        PORT=str(port),
        SECRET_KEY="serve-test-secret-key-QWx8RzN2cE5qVmJ3T3lLZ0hmU1ZkY0E-long",
        ALLOWED_HOSTS="newsroom.example",
        DATABASE_URL=f"sqlite:///{tmp_path / 'serve.sqlite3'}",
        STATIC_ROOT=str(tmp_path / "static"),
        # One worker, so that its local-memory page cache sees every request.
        WEB_CONCURRENCY="1",
        PAGE_CACHE="1",
        GUNICORN_ACCESS_LOG="",
    )
    log = (tmp_path / "serve.log").open("w+")
    process = subprocess.Popen(
        ["make", "--no-print-directory", "serve"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        listening = wait_until_listening(port, process)
        log.flush()
        assert listening, (tmp_path / "serve.log").read_text()
        yield port, tmp_path
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)
        log.close()


@pytest.mark.slow
def test_make_serve_serves_pages_and_hashed_static_files(served):
    port, tmp_path = served

    status, headers, body = fetch(port, "/")
    assert status == 200, body[:2000]
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    assert "s-maxage=" in headers["Cache-Control"]

    stylesheet = re.search(rb'href="(/static/css/site\.[0-9a-f]{12}\.css)"', body)
    assert stylesheet, "the page links the hashed stylesheet"
    static_url = stylesheet.group(1).decode()
    status, headers, css = fetch(port, static_url)
    assert status == 200
    assert css == (ROOT / "static/css/site.css").read_bytes()
    assert "immutable" in headers["Cache-Control"]
    assert (tmp_path / "static" / static_url.removeprefix("/static/")).exists()


@pytest.mark.slow
def test_make_serve_redirects_plain_http_to_https(served):
    port, _ = served

    status, headers, _ = fetch(port, "/", headers={"Host": "newsroom.example"})

    assert status == 301
    assert headers["Location"] == "https://newsroom.example/"


@pytest.mark.slow
def test_make_serve_answers_anonymous_readers_from_the_page_cache(served):
    port, _ = served

    fetch(port, "/feeds/rss/")
    status, headers, body = fetch(port, "/feeds/rss/")
    assert status == 200
    assert headers["X-Page-Cache"] == "hit"

    status, headers, body = fetch(
        port, "/feeds/rss/", headers={**PROXY, "If-None-Match": headers["ETag"]}
    )
    assert status == 304
    assert body == b""
