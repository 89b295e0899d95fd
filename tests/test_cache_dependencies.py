"""The page cache by dependency (articles/invalidation.py, cache_keys.py): a
change makes stale exactly the public answers that show what changed, and
names them to shared caches (Surrogate-Key / Cache-Tag)."""

import pytest
from django.test import Client
from django.urls import reverse

from articles.models import Article, Entity
from tests import factories
from tests.editorial import article_form, desk_login


@pytest.fixture
def two_stories(db):
    """Two published articles in one section: one about Perú, one not."""
    section = factories.make_section("mundo", name="Mundo")
    peru = factories.make_entity("peru", name="Perú")
    chile = factories.make_entity("chile", name="Chile")
    author = factories.make_author("ana-perez", name="Ana Pérez")
    about_peru = factories.make_article(
        slug="cumbre-andina", section=section, headline="Cumbre andina en Lima"
    )
    factories.link_entities(about_peru, [peru])
    factories.add_byline(about_peru, author)
    other = factories.make_article(
        slug="elecciones-chile", section=section, headline="Elecciones en Chile"
    )
    factories.link_entities(other, [chile])
    return about_peru, other


def api_detail(article):
    return reverse("api:article-detail", kwargs={"slug": article.slug})


def answers_of(article):
    detail = api_detail(article)
    return [article.get_absolute_url(), detail, detail + "?format=ninjs"]


def lists():
    return ["/", "/secciones/mundo/", "/feeds/rss/", "/api/v1/articles/"]


def warm(client, urls):
    for url in urls:
        assert client.get(url).status_code == 200, url
        assert client.get(url)["X-Page-Cache"] == "hit", url


def cache_state(client, urls):
    return {url: client.get(url)["X-Page-Cache"] for url in urls}


def test_a_draft_saved_in_the_admin_and_the_api_leaves_every_public_answer_a_hit(
    client, two_stories, superuser, reporter_api
):
    about_peru, other = two_stories
    urls = answers_of(about_peru) + answers_of(other) + lists()
    urls += ["/temas/peru/", "/autores/ana-perez/", "/sitemap.xml"]
    warm(client, urls)

    staff = desk_login(Client(), superuser)
    response = staff.post(
        reverse("admin:articles_article_add"),
        article_form(about_peru.section, status="draft", slug="borrador"),
    )
    assert response.status_code == 302
    draft = Article.objects.get(slug="borrador")
    factories.link_entities(draft, [Entity.objects.get(slug="peru")])
    draft.headline = "Borrador cambiado"
    draft.save()
    created = reporter_api.post(
        "/api/v1/articles/",
        {
            "headline": "Otro borrador",
            "slug": "otro-borrador",
            "section": "mundo",
            "body": "<p>x</p>",
        },
        format="json",
    )
    assert created.status_code == 201, created.content

    assert cache_state(client, urls) == dict.fromkeys(urls, "hit")


def test_a_correction_makes_stale_its_own_answers_and_lists_only(
    client, two_stories, editor
):
    about_peru, other = two_stories
    warm(client, answers_of(about_peru) + answers_of(other) + lists())

    response = editor.post(
        "/api/v1/updates/",
        {
            "article": about_peru.slug,
            "kind": "correction",
            "note": "Una versión anterior situaba la cumbre en Quito.",
        },
    )
    assert response.status_code == 201, response.content

    for url in answers_of(about_peru) + lists():
        page = client.get(url)
        assert page["X-Page-Cache"] == "miss", url
    assert "situaba la cumbre en Quito" in (
        client.get(about_peru.get_absolute_url()).content.decode()
    )
    ninjs = client.get(api_detail(about_peru) + "?format=ninjs").content.decode()
    assert "situaba la cumbre en Quito" in ninjs
    assert cache_state(client, answers_of(other)) == dict.fromkeys(
        answers_of(other), "hit"
    )


def test_renaming_an_entity_makes_stale_the_pages_that_name_it_only(
    client, two_stories, editor
):
    about_peru, other = two_stories
    urls = answers_of(about_peru) + answers_of(other) + ["/temas/peru/"]
    warm(client, urls)

    response = editor.patch(
        "/api/v1/entities/peru/", {"name": "República del Perú"}, format="json"
    )
    assert response.status_code == 200, response.content

    page = client.get(about_peru.get_absolute_url())
    assert page["X-Page-Cache"] == "miss"
    assert "República del Perú" in page.content.decode()
    assert "República del Perú" in client.get("/temas/peru/").content.decode()
    assert client.get(api_detail(about_peru)).json()["entities"][0]["name"] == (
        "República del Perú"
    )
    assert cache_state(client, answers_of(other)) == dict.fromkeys(
        answers_of(other), "hit"
    )


def test_publishing_a_new_article_refreshes_the_lists_but_not_other_pages(
    client, two_stories, editor
):
    about_peru, other = two_stories
    warm(client, answers_of(other) + lists())

    response = editor.post(
        "/api/v1/articles/",
        {
            "headline": "Noticia de última hora",
            "slug": "ultima-hora",
            "section": "mundo",
            "body": "<p>Hoy.</p>",
            "status": "published",
        },
        format="json",
    )
    assert response.status_code == 201, response.content

    for url in lists():
        assert "Noticia de última hora" in client.get(url).content.decode(), url
    assert cache_state(client, answers_of(other)) == dict.fromkeys(
        answers_of(other), "hit"
    )


def test_every_public_answer_names_what_it_shows_for_shared_caches(client, two_stories):
    about_peru, other = two_stories
    peru = Entity.objects.get(slug="peru")
    page = client.get(about_peru.get_absolute_url())
    keys = set(page["Surrogate-Key"].split())
    assert {
        f"article:{about_peru.pk}",
        f"section:{about_peru.section_id}",
        f"entity:{peru.pk}",
        f"author:{about_peru.bylines.get().author_id}",
        "nav",
        "all",
    } <= keys
    assert f"article:{other.pk}" not in keys
    # The same header on a hit.
    assert (
        client.get(about_peru.get_absolute_url())["Surrogate-Key"]
        == (page["Surrogate-Key"])
    )
    home = set(client.get("/")["Surrogate-Key"].split())
    assert {"list:home", f"article:{about_peru.pk}", f"article:{other.pk}"} <= home
    api = set(client.get("/api/v1/articles/")["Surrogate-Key"].split())
    assert "list:api" in api
    feed = set(client.get("/temas/peru/rss/")["Surrogate-Key"].split())
    assert f"list:entity:{peru.pk}" in feed


def test_cloudflare_reads_the_keys_as_cache_tags(client, two_stories, settings):
    settings.SURROGATE_KEY_HEADER = "Cache-Tag"
    about_peru, _other = two_stories

    page = client.get(about_peru.get_absolute_url())

    assert "Surrogate-Key" not in page
    assert f"article:{about_peru.pk}" in page["Cache-Tag"].split(",")


def test_staff_answers_name_no_keys(two_stories, superuser):
    staff = desk_login(Client(), superuser)
    about_peru, _other = two_stories
    assert "Surrogate-Key" not in staff.get(about_peru.get_absolute_url())
