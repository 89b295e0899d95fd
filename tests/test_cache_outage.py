"""Redis goes away under the app: every door answers as it would without a
cache, writes that happened answer success, and a warning is logged.

A Redis server of the test's own runs on a free port and is stopped by the
test; the shared server on 6379 is never touched."""

import shutil
import socket
import subprocess
import time

import pytest
import redis
from rest_framework.test import APIClient
from rest_framework.throttling import AnonRateThrottle

import newsroom.cache
from articles.models import Entity
from newsroom.cache import redis_cache
from tests.editorial import change_url, desk_login
from tests.factories import desk_user, make_article, token_client

pytestmark = pytest.mark.skipif(
    shutil.which("redis-server") is None,
    reason="redis-server is not installed (Debian: apt-get install redis-server)",
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


class PrivateRedis:
    def __init__(self):
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        client = redis.Redis.from_url(self.url)
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.05)
        self.client = client

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def private_redis(settings):
    server = PrivateRedis()
    settings.CACHES = {
        "default": redis_cache(server.url, KEY_PREFIX="newsroom"),
        "throttles": redis_cache(server.url, KEY_PREFIX="newsroom"),
    }
    settings.PAGE_CACHE = True
    yield server
    if server.process.poll() is None:
        server.stop()


@pytest.fixture
def story(db):
    return make_article(slug="historia", headline="Una historia publicada")


def test_every_door_answers_as_without_a_cache_while_redis_is_down(
    private_redis, story, client, caplog
):
    editor = desk_user("editora", "Editor")
    editor.set_password("contraseña-larga-9")
    editor.save()
    api = token_client(editor)
    anon = APIClient()
    assert anon.get("/api/v1/articles/").status_code == 200
    assert private_redis.client.keys("newsroom:*throttle*") != []

    private_redis.stop()

    listed = anon.get("/api/v1/articles/")
    assert listed.status_code == 200
    assert [item["slug"] for item in listed.json()["results"]] == ["historia"]
    detail = anon.get("/api/v1/articles/historia/")
    assert detail.status_code == 200
    assert detail.json()["headline"] == "Una historia publicada"
    page = client.get(story.get_absolute_url())
    assert page.status_code == 200
    assert "Una historia publicada" in page.content.decode()
    token = anon.post(
        "/api/v1/auth/token/",
        {"username": "editora", "password": "contraseña-larga-9"},
    )
    assert token.status_code == 200
    assert sorted(token.json()) == ["token"]
    assert desk_login(client, editor).get(change_url(story)).status_code == 200
    created = api.post(
        "/api/v1/entities/", {"slug": "lima", "name": "Lima", "kind": "place"}
    )
    assert created.status_code == 201, created.content
    assert Entity.objects.filter(slug="lima").count() == 1
    assert "Cache unavailable (ConnectionError" in caplog.text


def test_throttle_counts_in_redis_and_is_skipped_while_redis_is_down(
    private_redis, story, monkeypatch, caplog
):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})
    anon = APIClient()
    assert [anon.get("/api/v1/sections/").status_code for _ in range(3)] == [
        200,
        200,
        429,
    ]

    private_redis.stop()

    assert [anon.get("/api/v1/sections/").status_code for _ in range(3)] == [
        200,
        200,
        200,
    ]
    assert "Cache unavailable" in caplog.text


def test_a_write_lost_while_redis_is_away_empties_the_cache_on_its_return(
    private_redis, story, client, monkeypatch, caplog
):
    """Redis stops answering (paused, its data kept) while the story is
    withdrawn: the invalidation is lost, so the page kept before must not be
    served once Redis answers again."""
    monkeypatch.setattr(newsroom.cache, "OUTAGE_SECONDS", 0.1)
    url = story.get_absolute_url()
    assert client.get(url).status_code == 200
    assert private_redis.client.keys("newsroom:*page*") != []

    private_redis.client.execute_command("CLIENT", "PAUSE", "2500", "ALL")
    paused_until = time.monotonic() + 2.5
    story.withdraw("Retirada: los datos no se sostenían.")
    assert "Cache unavailable (TimeoutError" in caplog.text
    time.sleep(max(0, paused_until - time.monotonic()) + 0.2)

    response = client.get(url)
    assert response.status_code == 410
    assert "Una historia publicada" not in response.content.decode()
    assert "Cache reachable again: emptied" in caplog.text
