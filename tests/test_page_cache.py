"""The page cache (articles/caching.py): anonymous answers come from the
cache, and change as soon as the desk publishes, updates, corrects or
withdraws, through the admin or the API."""

import re
import socket
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from articles.models import Article, Entity
from tests import factories
from tests.editorial import article_form
from tests.factories import EDITOR_PERMISSIONS, token_client, user_with

NINJS = "application/vnd.iptc.ninjs+json"


@pytest.fixture
def desk(db):
    """A published article about Perú, in a section, with a byline."""
    section = factories.make_section("mundo", name="Mundo")
    peru = factories.make_entity("peru", name="Perú")
    author = factories.make_author("ana-perez", name="Ana Pérez")
    article = factories.make_article(
        slug="cumbre-andina",
        section=section,
        headline="Cumbre andina en Lima",
        body="<p>Los presidentes se reunieron.</p>",
    )
    factories.link_entities(article, [peru])
    factories.add_byline(article, author)
    return article


@pytest.fixture
def staff(superuser):
    """The superuser's own browser, beside the anonymous ``client``."""
    client = Client()
    client.force_login(superuser)
    return client


def public_urls(article):
    detail = reverse("api:article-detail", kwargs={"slug": article.slug})
    return [
        "/",
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        "/temas/peru/",
        "/autores/ana-perez/",
        "/feeds/rss/",
        "/temas/peru/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/api/v1/articles/",
        "/api/v1/articles/?entity=peru",
        detail,
        detail + "?format=ninjs",
    ]


def directives(response):
    return {part.strip() for part in response["Cache-Control"].split(",")}


def test_second_anonymous_request_is_a_hit_with_no_query(
    client, desk, django_assert_num_queries
):
    for url in public_urls(desk):
        first = client.get(url)
        assert first.status_code == 200, url
        assert first["X-Page-Cache"] == "miss", url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert second.content == first.content, url
        assert second["Content-Type"] == first["Content-Type"], url
        assert second["ETag"] == first["ETag"], url


def test_conditional_get_on_a_hit_answers_304_with_no_query(
    client, desk, django_assert_num_queries
):
    for url in public_urls(desk):
        etag = client.get(url)["ETag"]
        with django_assert_num_queries(0):
            not_modified = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert not_modified.status_code == 304, url
        assert not_modified.content == b""
        assert not_modified["ETag"] == etag
    last_modified = client.get(desk.get_absolute_url())["Last-Modified"]
    with django_assert_num_queries(0):
        by_date = client.get(
            desk.get_absolute_url(), HTTP_IF_MODIFIED_SINCE=last_modified
        )
    assert by_date.status_code == 304


def test_public_answers_let_a_cdn_keep_them_and_serve_stale_while_it_refreshes(
    client, desk
):
    page = client.get("/")
    assert directives(page) == {
        "public",
        "max-age=60",
        "s-maxage=300",
        "stale-while-revalidate=60",
    }
    api = client.get("/api/v1/articles/")
    assert directives(api) == {
        "public",
        "max-age=30",
        "s-maxage=60",
        "stale-while-revalidate=30",
    }
    assert {"Accept", "Authorization"} <= {
        part.strip() for part in api["Vary"].split(",")
    }
    hit = client.get("/")
    assert hit["X-Page-Cache"] == "hit"
    assert hit["Cache-Control"] == page["Cache-Control"]
    assert hit["Vary"] == page["Vary"]
    assert {"Accept-Language", "Cookie"} <= {
        part.strip() for part in hit["Vary"].split(",")
    }


def test_a_hit_says_how_old_it_is(client, desk, clock):
    client.get("/")
    clock.move(seconds=42)

    response = client.get("/")

    assert response["X-Page-Cache"] == "hit"
    assert response["Age"] == "42"


# Invalidation, through the doors editors use


def test_publishing_in_the_admin_shows_the_article_everywhere_at_once(
    client, desk, staff, django_capture_on_commit_callbacks
):
    before = {url: client.get(url) for url in public_urls(desk)}
    data = article_form(
        desk.section,
        headline="Noboa y Jerí se reúnen en Quito",
        slug="noboa-jeri-quito",
        published_at_0=timezone.localdate().isoformat(),
        published_at_1="00:00:00",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = staff.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302

    home = client.get("/")
    assert home["X-Page-Cache"] == "miss"
    assert "Noboa y Jerí se reúnen en Quito" in home.content.decode()
    listing = client.get("/api/v1/articles/").json()["results"]
    assert "noboa-jeri-quito" in [item["slug"] for item in listing]
    section = client.get(desk.section.get_absolute_url()).content.decode()
    assert "Noboa y Jerí se reúnen en Quito" in section
    assert "noboa-jeri-quito" in client.get("/feeds/rss/").content.decode()
    assert "Noboa y Jerí se reúnen en Quito" not in before["/"].content.decode()


def test_an_update_through_the_api_changes_the_page_the_json_and_the_ninjs(
    client, desk, editor
):
    detail = reverse("api:article-detail", kwargs={"slug": desk.slug})
    for url in [desk.get_absolute_url(), detail, detail + "?format=ninjs", "/"]:
        client.get(url)

    response = editor.patch(detail, {"headline": "Cumbre andina termina en acuerdo"})
    assert response.status_code == 200

    assert "Cumbre andina termina en acuerdo" in client.get(
        desk.get_absolute_url()
    ).content.decode("utf-8")
    assert client.get(detail).json()["headline"] == "Cumbre andina termina en acuerdo"
    ninjs = client.get(detail + "?format=ninjs").json()
    assert ninjs["headlines"][0]["value"] == "Cumbre andina termina en acuerdo"
    assert "Cumbre andina termina en acuerdo" in client.get("/").content.decode()


def test_a_correction_through_the_api_appears_on_the_cached_page(client, desk, editor):
    old = client.get(desk.get_absolute_url())
    client.get("/correcciones/")

    response = editor.post(
        "/api/v1/updates/",
        {
            "article": desk.slug,
            "kind": "correction",
            "note": "Una versión anterior situaba la cumbre en Quito.",
        },
    )
    assert response.status_code == 201, response.content

    page = client.get(desk.get_absolute_url(), HTTP_IF_NONE_MATCH=old["ETag"])
    assert page.status_code == 200
    assert "situaba la cumbre en Quito" in page.content.decode()
    corrections = client.get("/correcciones/").content.decode()
    assert "situaba la cumbre en Quito" in corrections


def test_withdrawing_in_the_admin_takes_the_article_down_at_once(client, desk, staff):
    for url in public_urls(desk):
        client.get(url)
    url = reverse("admin:articles_article_change", args=[desk.pk])
    data = article_form(
        desk.section,
        headline=desk.headline,
        slug=desk.slug,
        status="withdrawn",
        withdrawal_reason="La cumbre no se celebró.",
        loaded_version=str(desk.version),
        published_at_0=timezone.localtime(desk.published_at).date().isoformat(),
        published_at_1=timezone.localtime(desk.published_at).strftime("%H:%M:%S"),
    )
    response = staff.post(url, data)
    assert response.status_code == 302, response.context["errors"]

    page = client.get(desk.get_absolute_url())
    assert page.status_code == 410
    assert "Los presidentes se reunieron" not in page.content.decode()
    assert "cumbre-andina" not in client.get("/").content.decode()
    assert client.get("/api/v1/articles/").json()["results"] == []
    detail = reverse("api:article-detail", kwargs={"slug": desk.slug})
    assert client.get(detail).status_code == 404
    assert client.get(detail + "?format=ninjs").status_code == 404
    assert "cumbre-andina" not in client.get("/sitemap.xml").content.decode()


def test_renaming_an_entity_changes_the_article_pages_that_name_it(client, desk):
    client.get(desk.get_absolute_url())
    peru = Entity.objects.get(slug="peru")
    peru.name = "República del Perú"
    peru.save()

    assert "República del Perú" in client.get(desk.get_absolute_url()).content.decode()


# What is never cached


def test_staff_pages_are_never_taken_from_or_put_in_the_cache(client, desk, staff):
    anonymous = client.get("/")
    assert anonymous["X-Page-Cache"] == "miss"

    for url in public_urls(desk) + [reverse("admin:index")]:
        assert "X-Page-Cache" not in staff.get(url), url
    # Pages and API answers (which may show drafts to editors) say so to
    # every cache; feeds and sitemaps are the same for everyone.
    for url in public_urls(desk)[:5] + ["/api/v1/articles/"]:
        assert "public" not in directives(staff.get(url)), url
    assert "private" in directives(staff.get("/"))
    assert "no-store" in directives(staff.get("/api/v1/articles/"))


def test_a_draft_seen_by_staff_never_reaches_anonymous_readers(client, desk, staff):
    draft = factories.make_article(
        slug="borrador-secreto", section=desk.section, status=Article.Status.DRAFT
    )
    assert staff.get(draft.get_absolute_url()).status_code == 404
    detail = reverse("api:article-detail", kwargs={"slug": draft.slug})
    editor = token_client(user_with("editora", *EDITOR_PERMISSIONS))
    assert editor.get(detail).status_code == 200

    assert client.get(detail).status_code == 404
    assert APIClient().get(detail).status_code == 404


def test_clients_with_a_token_or_a_session_cookie_bypass_the_cache(
    client, desk, editor
):
    client.get("/api/v1/articles/")
    assert client.get("/api/v1/articles/")["X-Page-Cache"] == "hit"

    with_token = editor.get("/api/v1/articles/")
    assert "X-Page-Cache" not in with_token
    assert {"private", "no-store"} <= directives(with_token)

    client.get("/")
    client.cookies["sessionid"] = "anything"
    assert "X-Page-Cache" not in client.get("/")


def test_writes_are_answered_private_and_never_stored(editor, desk):
    detail = reverse("api:article-detail", kwargs={"slug": desk.slug})

    response = editor.patch(detail, {"dek": "Nuevo sumario."})

    assert response.status_code == 200
    assert {"private", "no-store"} <= directives(response)


def test_the_format_asked_for_in_accept_is_cached_apart(client, desk):
    detail = reverse("api:article-detail", kwargs={"slug": desk.slug})
    as_json = client.get(detail)
    as_ninjs = client.get(detail, HTTP_ACCEPT=NINJS)

    assert as_json.json()["slug"] == desk.slug
    assert as_ninjs["Content-Type"].startswith(NINJS)
    assert client.get(detail, HTTP_ACCEPT=NINJS)["X-Page-Cache"] == "hit"
    assert client.get(detail, HTTP_ACCEPT=NINJS).content == as_ninjs.content


def test_each_language_has_its_own_copy(client, desk):
    spanish = client.get("/", HTTP_ACCEPT_LANGUAGE="es")
    english = client.get("/", HTTP_ACCEPT_LANGUAGE="en")

    assert spanish["Content-Language"] == "es"
    assert english["Content-Language"] == "en"
    assert client.get("/", HTTP_ACCEPT_LANGUAGE="en").content == english.content


def test_page_cache_can_be_turned_off(client, desk, settings):
    settings.PAGE_CACHE = False

    client.get("/")
    response = client.get("/")

    assert "X-Page-Cache" not in response
    assert "public" in directives(response)


# Time: what comes due shows when it is due


def test_scheduled_article_appears_when_due_despite_the_cache(client, desk, clock):
    scheduled = factories.make_article(
        slug="llega-a-las-diez",
        section=desk.section,
        status=Article.Status.SCHEDULED,
        published_at=clock.now + timedelta(minutes=2),
        headline="Noticia programada",
    )
    section_url = desk.section.get_absolute_url()
    for url in ["/", section_url, "/api/v1/articles/"]:
        early = client.get(url)
        assert "llega-a-las-diez" not in early.content.decode(), url
        # No shared cache may keep it past the publication time either.
        ages = re.findall(r"max-age=(\d+)", early["Cache-Control"])
        assert ages and all(int(age) <= 120 for age in ages), url
        assert client.get(url)["X-Page-Cache"] == "hit", url

    clock.move(minutes=1, seconds=59)
    assert "Noticia programada" not in client.get("/").content.decode()
    clock.move(seconds=1)

    for url in ["/", section_url]:
        assert "Noticia programada" in client.get(url).content.decode(), url
    slugs = [item["slug"] for item in client.get("/api/v1/articles/").json()["results"]]
    assert slugs == [scheduled.slug, desk.slug]
    assert client.get(scheduled.get_absolute_url()).status_code == 200


def test_scheduled_correction_appears_on_the_cached_page_when_due(client, desk, clock):
    factories.add_update(
        desk,
        "Corrección que sale a las once.",
        published_at=clock.now + timedelta(hours=1),
    )
    assert "sale a las once" not in client.get(desk.get_absolute_url()).content.decode()
    assert client.get(desk.get_absolute_url())["X-Page-Cache"] == "hit"

    clock.move(hours=1)

    assert "sale a las once" in client.get(desk.get_absolute_url()).content.decode()


# The same behaviour on Redis, the cache production uses


def redis_is_up(port=6379):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture
def redis_cache(settings):
    if not redis_is_up():
        pytest.skip("no Redis on 127.0.0.1:6379")
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:6379/3",
            "KEY_PREFIX": "newsroom-tests",
        }
    }
    forget_test_keys(cache)
    yield cache
    forget_test_keys(cache)


def forget_test_keys(redis_cache):
    """Delete this test's keys only: clear() would empty the whole Redis
    database, which a server beside the tests may be using."""
    client = redis_cache._cache.get_client(write=True)
    keys = list(client.scan_iter(match="newsroom-tests:*"))
    if keys:
        client.delete(*keys)


def test_on_redis_a_hit_runs_no_query_and_an_update_shows_at_once(
    client, desk, editor, redis_cache, django_assert_num_queries
):
    assert type(redis_cache._cache).__name__ == "RedisCacheClient"
    detail = reverse("api:article-detail", kwargs={"slug": desk.slug})
    client.get(desk.get_absolute_url())
    client.get(detail)
    with django_assert_num_queries(0):
        assert client.get(desk.get_absolute_url())["X-Page-Cache"] == "hit"
        assert client.get(detail)["X-Page-Cache"] == "hit"

    editor.patch(detail, {"headline": "Titular nuevo en Redis"})

    assert (
        "Titular nuevo en Redis" in client.get(desk.get_absolute_url()).content.decode()
    )
    assert client.get(detail).json()["headline"] == "Titular nuevo en Redis"


def test_pages_are_served_and_articles_saved_while_the_cache_is_down(
    client, desk, settings, caplog
):
    with socket.socket() as sock:  # a port where nothing listens
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port}/0",
        }
    }

    desk.headline = "Titular guardado sin caché"
    desk.save()
    response = client.get(desk.get_absolute_url())

    assert response.status_code == 200
    assert "Titular guardado sin caché" in response.content.decode()
    assert "X-Page-Cache" not in response
    assert "Page cache unavailable." in caplog.text
