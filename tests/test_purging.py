"""Purging shared caches by key (articles/purging.py): a purge job is written
with the change (none for a rolled-back one), and what each purger sends to a
fake CDN on a local port."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.db import transaction

from articles import purging
from tests import factories


class FakeCdn(ThreadingHTTPServer):
    """Records every request it receives and answers 200."""

    def __init__(self):
        self.requests = []
        super().__init__(("127.0.0.1", 0), self.Handler)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    class Handler(BaseHTTPRequestHandler):
        def answer(self):
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            self.server.requests.append(
                {
                    "method": self.command,
                    "path": self.path,
                    "headers": {k.lower(): v for k, v in self.headers.items()},
                    "body": body,
                }
            )
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"{}")

        do_PURGE = do_POST = answer

        def log_message(self, *args):
            pass


@pytest.fixture
def fake_cdn():
    server = FakeCdn()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture
def varnish_purger(settings, fake_cdn):
    settings.PURGER = "articles.purging.VarnishPurger"
    settings.VARNISH_URLS = [fake_cdn.url + "/"]
    return fake_cdn


def purged_keys(cdn):
    return [set(request["headers"]["xkey-purge"].split()) for request in cdn.requests]


def test_a_correction_is_purged_by_key_by_the_worker(varnish_purger, editor, run_tasks):
    article = factories.make_article(slug="cumbre")
    run_tasks()
    varnish_purger.requests.clear()
    response = editor.post(
        "/api/v1/updates/",
        {"article": article.slug, "kind": "correction", "note": "Corrige."},
    )
    assert response.status_code == 201
    assert varnish_purger.requests == []  # a job, not a call in the request

    # One purge for the whole save (its signals share their keys), and the
    # re-render of the stored renders that show it.
    assert run_tasks() == 2

    assert varnish_purger.requests
    assert all(request["method"] == "PURGE" for request in varnish_purger.requests)
    keys = set().union(*purged_keys(varnish_purger))
    assert {f"article:{article.pk}", "list:home", "list:api"} <= keys


def test_a_rolled_back_change_leaves_no_purge_job(db, varnish_purger, run_tasks):
    article = factories.make_article(slug="cumbre")
    run_tasks()
    varnish_purger.requests.clear()
    with pytest.raises(RuntimeError), transaction.atomic():
        article.headline = "Nunca guardado"
        article.save()
        raise RuntimeError

    assert run_tasks() == 0
    assert varnish_purger.requests == []


def test_a_savepoint_rolled_back_does_not_hide_the_keys_of_a_later_save(
    db, varnish_purger, run_tasks
):
    article = factories.make_article(slug="cumbre")
    run_tasks()
    varnish_purger.requests.clear()
    with transaction.atomic():
        with pytest.raises(RuntimeError), transaction.atomic():
            article.headline = "Deshecho"
            article.save()
            raise RuntimeError
        article.refresh_from_db()
        article.headline = "Guardado"
        article.save()

    assert run_tasks() >= 1
    assert f"article:{article.pk}" in set().union(*purged_keys(varnish_purger))


def test_a_draft_save_purges_nothing(db, varnish_purger, run_tasks):
    draft = factories.make_article(slug="borrador", status="draft")
    run_tasks()
    varnish_purger.requests.clear()
    draft.headline = "Otro titular"
    draft.save()

    assert run_tasks() == 0
    assert varnish_purger.requests == []


def test_fastly_is_asked_to_purge_the_keys_with_the_token(
    settings, fake_cdn, monkeypatch
):
    monkeypatch.setenv("FASTLY_SERVICE_ID", "svc123")
    monkeypatch.setenv("FASTLY_API_TOKEN", "secret-token")
    monkeypatch.setattr(purging.FastlyPurger, "api", fake_cdn.url)
    settings.PURGER = "articles.purging.FastlyPurger"

    assert purging.purge({"article:1", "list:home"})

    (request,) = fake_cdn.requests
    assert request["method"] == "POST"
    assert request["path"] == "/service/svc123/purge"
    assert request["headers"]["fastly-key"] == "secret-token"
    assert request["headers"]["surrogate-key"] == "article:1 list:home"


def test_cloudflare_is_asked_to_purge_the_tags_in_batches_of_30(
    settings, fake_cdn, monkeypatch
):
    monkeypatch.setenv("CLOUDFLARE_ZONE_ID", "zone9")
    monkeypatch.setenv("CLOUDFLARE_API_TOKEN", "cf-token")
    monkeypatch.setattr(purging.CloudflarePurger, "api", fake_cdn.url)
    settings.PURGER = "articles.purging.CloudflarePurger"
    keys = {f"entity:{number}" for number in range(45)}

    assert purging.purge(keys)

    assert [request["path"] for request in fake_cdn.requests] == [
        "/zones/zone9/purge_cache"
    ] * 2
    assert fake_cdn.requests[0]["headers"]["authorization"] == "Bearer cf-token"
    sent = [json.loads(request["body"])["tags"] for request in fake_cdn.requests]
    assert [len(tags) for tags in sent] == [30, 15]
    assert set(sent[0]) | set(sent[1]) == keys


def test_a_cdn_that_is_down_is_logged_and_the_save_goes_on(settings, caplog):
    settings.PURGER = "articles.purging.VarnishPurger"
    settings.VARNISH_URLS = ["http://127.0.0.1:9/"]  # nothing listens

    assert purging.purge({"article:1"}) is False
    assert "Could not purge" in caplog.text
