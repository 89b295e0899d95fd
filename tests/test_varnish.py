"""A real Varnish (deploy/varnish/newsroom.vcl, vmod xkey) in front of a live
Newsroom: a correction through the API is purged by key and shows through
Varnish at once, while unrelated pages stay cached."""

import json
import shutil
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token

from tests import factories
from tests.factories import EDITOR_PERMISSIONS, user_with

VCL = Path(__file__).resolve().parent.parent / "deploy" / "varnish" / "newsroom.vcl"
XKEY = list(Path("/usr/lib").glob("*/varnish/vmods/libvmod_xkey.so"))

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        shutil.which("varnishd") is None or not XKEY,
        reason="needs Debian's varnish and varnish-modules (xkey): "
        "apt-get install varnish varnish-modules",
    ),
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port, process, seconds=15):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError("varnishd stopped: " + process.stderr.read().decode())
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.2):
                return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("varnishd did not listen")


@pytest.fixture
def varnish(live_server, settings):
    """varnishd on a free port in front of the live server, purged by the app."""
    backend_port = live_server.url.rsplit(":", 1)[1]
    # varnishd reads the VCL as its own unprivileged user.
    workdir = tempfile.mkdtemp(prefix="varnish-newsroom-")
    Path(workdir).chmod(0o755)
    vcl = Path(workdir) / "newsroom.vcl"
    vcl.write_text(
        VCL.read_text().replace('.port = "8000"', f'.port = "{backend_port}"')
    )
    vcl.chmod(0o644)
    port = free_port()
    process = subprocess.Popen(
        ["varnishd", "-F", "-a", f"127.0.0.1:{port}", "-f", str(vcl),
         "-n", workdir, "-s", "malloc,64m"],
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        wait_for_port(port, process)
        url = f"http://127.0.0.1:{port}"
        settings.PURGER = "articles.purging.VarnishPurger"
        settings.VARNISH_URLS = [url + "/"]
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        shutil.rmtree(workdir, ignore_errors=True)


def get(url, **headers):
    request = urllib.request.Request(url, headers=headers)
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status, dict(response.headers), response.read().decode()


def post_json(url, data, token):
    request = urllib.request.Request(
        url,
        data=json.dumps(data).encode(),
        method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Token {token}"},
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.status


def a_hit(headers):
    """Varnish names two transactions (this one and the stored object's) on a hit."""
    return len(headers["X-Varnish"].split()) == 2 and headers["X-Cache"] == "hit"


def test_a_correction_through_the_api_shows_through_varnish_within_2_seconds(
    live_server, varnish, transactional_db, run_tasks
):
    section = factories.make_section("mundo", name="Mundo")
    corrected = factories.make_article(
        slug="cumbre-andina", section=section, headline="Cumbre andina en Lima"
    )
    unrelated = factories.make_article(
        slug="elecciones-chile", section=section, headline="Elecciones en Chile"
    )
    token = Token.objects.create(user=user_with("editora", *EDITOR_PERMISSIONS))
    run_tasks()  # the purges of the set-up itself
    pages = {
        "corrected": varnish + corrected.get_absolute_url(),
        "api": f"{varnish}/api/v1/articles/{corrected.slug}/",
        "unrelated": varnish + unrelated.get_absolute_url(),
    }
    for url in pages.values():
        get(url)
        status, headers, _body = get(url)
        assert status == 200 and a_hit(headers), (url, headers)

    status = post_json(
        f"{live_server.url}/api/v1/updates/",
        {
            "article": corrected.slug,
            "kind": "correction",
            "note": "Una versión anterior situaba la cumbre en Quito.",
        },
        token,
    )
    assert status == 201
    corrected_at = time.monotonic()

    while True:
        # A worker's round (``manage.py work`` polls every second): here, in
        # the test's thread, as the test database is not another process's.
        run_tasks()
        _status, headers, body = get(pages["corrected"])
        if "situaba la cumbre en Quito" in body:
            break
        assert time.monotonic() - corrected_at < 2, "not visible through Varnish"
        time.sleep(0.05)
    assert time.monotonic() - corrected_at < 2
    _status, _headers, api = get(pages["api"])
    assert "situaba la cumbre en Quito" in api
    _status, headers, body = get(pages["unrelated"])
    assert a_hit(headers), headers
    assert "Elecciones en Chile" in body
    assert User.objects.filter(username="editora").exists()


def test_only_the_app_servers_may_purge_and_keys_are_not_shown_to_readers(
    live_server, varnish, transactional_db
):
    article = factories.make_article(slug="cumbre-andina")
    _status, headers, _body = get(varnish + article.get_absolute_url())
    assert "Surrogate-Key" not in headers and "xkey" not in headers
    request = urllib.request.Request(varnish + "/", method="PURGE")
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=5)
    assert refused.value.code == 400  # from 127.0.0.1, but no keys named
