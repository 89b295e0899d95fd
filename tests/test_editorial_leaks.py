"""Nothing unpublished reaches the public, through any door; a scheduled
article appears by itself when its time comes (time frozen, not slept)."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from articles.models import Article, ArticleUpdate, Entity
from tests.factories import (
    add_byline,
    link_entities,
    make_article,
    make_author,
    make_entity,
    make_photo,
    make_section,
)

# One marker word per hidden article: it is in every text the article has
# (headline, dek, body, correction, photo caption, and the author and entity
# known only through it).
MARKERS = {
    "draft": "zafiroborrador",
    "scheduled": "zafiroprogramado",
    "withdrawn": "zafiroretirado",
}
COMMON_WORD = "clandestino"


@pytest.fixture
def newsroom(db):
    """A published article (linked to the hidden ones as related) and one
    hidden article of each kind, each with its own author, entity, section,
    photo and correction, and a byline and entity shared with the public one."""
    public_section = make_section("mundo")
    public_author = make_author("autora-publica")
    public_entity = make_entity("peru", name="Perú")
    published = make_article(
        "publicada",
        section=public_section,
        body=f"<p>Texto publicado sobre el {COMMON_WORD}.</p>",
    )
    add_byline(published, public_author)
    link_entities(published, [public_entity])
    states = {
        "draft": {"status": Article.Status.DRAFT},
        "scheduled": {
            "status": Article.Status.SCHEDULED,
            "published_at": timezone.now() + timedelta(days=1),
        },
        "withdrawn": {
            "status": Article.Status.WITHDRAWN,
            "published_at": timezone.now() - timedelta(days=1),
            "withdrawal_reason": "Retirada por un error de atribución.",
        },
    }
    hidden = {}
    for kind, marker in MARKERS.items():
        article = make_article(
            f"oculta-{kind}",
            # Sections are the desk's structure, public even when empty
            # (the API lists them all): no marker in their names.
            section=make_section(f"seccion-{kind}"),
            headline=f"Titular {marker}",
            dek=f"Sumario {marker}",
            body=f"<p>Texto {marker} sobre el {COMMON_WORD}.</p>",
            lead_photo=make_photo(caption=f"Pie {marker}"),
            **states[kind],
        )
        add_byline(article, make_author(f"autor-{kind}", name=f"Autor {marker}"))
        add_byline(article, public_author, order=1)
        link_entities(
            article,
            [
                make_entity(f"tema-{kind}", name=f"Tema {marker}"),
                public_entity,
            ],
        )
        ArticleUpdate.objects.create(
            article=article,
            kind=ArticleUpdate.Kind.CORRECTION,
            note=f"Corrección {marker}",
            published_at=timezone.now() - timedelta(hours=1),
        )
        published.related.add(article)
        hidden[kind] = article
    return published, hidden


def public_urls(published, hidden):
    """Every page, feed, sitemap and anonymous API answer the site has."""
    urls = [
        "/",
        "/correcciones/",
        f"/buscar/?q={COMMON_WORD}",
        "/feeds/rss/",
        "/feeds/atom/",
        "/sitemap.xml",
        "/sitemap-news.xml",
        "/robots.txt",
        "/api/v1/articles/",
        f"/api/v1/articles/?q={COMMON_WORD}",
        "/api/v1/sections/",
        "/api/v1/authors/",
        "/api/v1/entities/",
        "/api/v1/photos/",
    ]
    subjects = [("secciones", "section"), ("autores", "author"), ("temas", "entity")]
    for article in [published, *hidden.values()]:
        urls.append(article.get_absolute_url())
        for suffix in ["", "?format=ninjs", "?format=ninjs&ninjs_version=2.1"]:
            urls.append(f"/api/v1/articles/{article.slug}/{suffix}")
        related = {
            "section": [article.section],
            "author": [byline.author for byline in article.bylines.all()],
            "entity": [link.entity for link in article.entity_links.all()],
        }
        for prefix, kind in subjects:
            for subject in related[kind]:
                base = f"/{prefix}/{subject.slug}/"
                urls += [base, f"{base}rss/", f"{base}atom/"]
                api = {"section": "sections", "author": "authors", "entity": "entities"}
                urls.append(f"/api/v1/{api[kind]}/{subject.slug}/")
        if article.lead_photo:
            urls.append(f"/api/v1/photos/{article.lead_photo.pk}/")
    return sorted(set(urls))


def test_no_unpublished_text_appears_anywhere_public(client, anon, newsroom):
    published, hidden = newsroom
    urls = public_urls(published, hidden)
    assert len(urls) > 40
    seen = {}
    for url in urls:
        browser = anon if url.startswith("/api/") else client
        response = browser.get(url)
        assert response.status_code in {200, 404, 410}, url
        seen[url] = response.status_code
        content = response.content.decode().lower()
        for marker in MARKERS.values():
            assert marker not in content, (url, marker)
    # The public things are really there, so the sweep looked at real pages.
    assert seen["/"] == seen[published.get_absolute_url()] == 200
    assert seen[hidden["withdrawn"].get_absolute_url()] == 410
    assert seen["/api/v1/articles/oculta-draft/"] == 404
    assert seen["/temas/peru/"] == seen["/autores/autora-publica/"] == 200


def test_searching_for_unpublished_words_finds_nothing(client, anon, newsroom):
    for marker in MARKERS.values():
        page = client.get("/buscar/", {"q": marker})
        assert list(page.context["object_list"]) == []
        api = anon.get("/api/v1/articles/", {"q": marker})
        assert api.json()["results"] == []
    found = client.get("/buscar/", {"q": COMMON_WORD}).context["object_list"]
    assert [article.slug for article in found] == ["publicada"]


def test_scheduled_article_is_invisible_before_its_time_and_visible_after(
    client, anon, db
):
    make_section("mundo")
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        article = make_article(
            "a-su-hora",
            status=Article.Status.SCHEDULED,
            published_at=start + timedelta(hours=1),
            headline="Titular a su hora",
        )
        before = {
            "page": client.get(article.get_absolute_url()).status_code,
            "api": anon.get(f"/api/v1/articles/{article.slug}/").status_code,
            "home": "Titular a su hora" in client.get("/").content.decode(),
            "feed": "Titular a su hora" in client.get("/feeds/rss/").content.decode(),
            "sitemap": "a-su-hora" in client.get("/sitemap.xml").content.decode(),
        }
        assert before == {
            "page": 404,
            "api": 404,
            "home": False,
            "feed": False,
            "sitemap": False,
        }
        traveller.shift(timedelta(hours=1, seconds=1))
        after = {
            "page": client.get(article.get_absolute_url()).status_code,
            "api": anon.get(f"/api/v1/articles/{article.slug}/").status_code,
            "home": "Titular a su hora" in client.get("/").content.decode(),
            "feed": "Titular a su hora" in client.get("/feeds/rss/").content.decode(),
            "sitemap": "a-su-hora" in client.get("/sitemap.xml").content.decode(),
        }
        assert after == {
            "page": 200,
            "api": 200,
            "home": True,
            "feed": True,
            "sitemap": True,
        }
    # No job ran: the stored status is still "scheduled".
    article.refresh_from_db()
    assert article.status == Article.Status.SCHEDULED


def test_entities_only_on_hidden_articles_stay_unknown(anon, newsroom):
    names = {
        entity["slug"] for entity in anon.get("/api/v1/entities/").json()["results"]
    }
    assert names == {"peru"}
    assert Entity.objects.count() == 4
