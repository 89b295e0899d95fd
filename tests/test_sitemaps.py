from datetime import timedelta

from django.utils import timezone
from lxml import etree

from articles.models import Entity
from tests import factories

NS = {
    "s": "http://www.sitemaps.org/schemas/sitemap/0.9",
    "news": "http://www.google.com/schemas/sitemap-news/0.9",
}
BASE = "http://testserver"
SEED_URL = f"{BASE}/articulos/peru-aliado-extra-otan/"


def sitemap(client, url="/sitemap.xml"):
    response = client.get(url)
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("application/xml")
    return etree.fromstring(response.content)


def entries(tree):
    return {
        url.findtext("s:loc", namespaces=NS): url.findtext("s:lastmod", namespaces=NS)
        for url in tree.findall("s:url", NS)
    }


def test_sitemap_lists_articles_sections_entities_and_authors_with_lastmod(
    client, seed_story
):
    author = factories.make_author("ana", name="Ana Pérez")
    factories.add_byline(seed_story, author)
    found = entries(sitemap(client))
    seed_lastmod = "2025-12-13"
    entity_urls = {
        f"{BASE}/temas/{slug}/": seed_lastmod
        for slug in seed_story.entities.values_list("slug", flat=True)
    }
    assert found == {
        SEED_URL: seed_lastmod,
        f"{BASE}/secciones/internacional/": seed_lastmod,
        f"{BASE}/autores/ana/": seed_lastmod,
        **entity_urls,
    }
    assert len(entity_urls) == 41


def test_article_lastmod_follows_its_update_time(client, seed_story):
    factories.add_update(seed_story, "Corregimos la fecha.")
    seed_story.refresh_from_db()
    found = entries(sitemap(client))
    assert found[SEED_URL] == timezone.localdate(seed_story.updated_at).isoformat()
    assert found[f"{BASE}/temas/peru/"] == "2025-12-13"


def test_sitemap_leaves_out_everything_unpublished(client, seed_story):
    hidden = factories.make_unpublished(factories.make_section("oculta"))
    lonely = factories.make_entity(
        "solo-borradores", name="Solo en borradores", kind=Entity.Kind.TOPIC
    )
    factories.link_entities(hidden["draft"], [lonely])
    found = entries(sitemap(client))
    for article in hidden.values():
        assert f"{BASE}{article.get_absolute_url()}" not in found
    assert f"{BASE}/secciones/oculta/" not in found
    assert f"{BASE}/temas/solo-borradores/" not in found


def news_entries(client):
    tree = sitemap(client, "/sitemap-news.xml")
    return [
        {
            "loc": url.findtext("s:loc", namespaces=NS),
            "name": url.findtext("news:news/news:publication/news:name", namespaces=NS),
            "language": url.findtext(
                "news:news/news:publication/news:language", namespaces=NS
            ),
            "date": url.findtext("news:news/news:publication_date", namespaces=NS),
            "title": url.findtext("news:news/news:title", namespaces=NS),
        }
        for url in tree.findall("s:url", NS)
    ]


def test_news_sitemap_lists_only_articles_of_the_last_48_hours(client, seed_story):
    recent = factories.make_article(
        slug="reciente",
        headline="Noticia de hoy & <más>",
        language="es-EC",
        published_at=timezone.now() - timedelta(hours=47),
    )
    factories.make_article(
        slug="vieja", published_at=timezone.now() - timedelta(hours=49)
    )
    factories.make_unpublished(recent.section)
    assert news_entries(client) == [
        {
            "loc": f"{BASE}/articulos/reciente/",
            "name": "Newsroom",
            "language": "es",
            "date": timezone.localtime(recent.published_at).isoformat(),
            "title": "Noticia de hoy & <más>",
        }
    ]


def test_news_sitemap_is_empty_without_recent_articles(client, seed_story):
    assert news_entries(client) == []


def test_robots_txt_names_both_sitemaps_with_absolute_urls(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response.headers["Content-Type"].startswith("text/plain")
    lines = response.content.decode().splitlines()
    assert [line for line in lines if line.startswith("Sitemap:")] == [
        "Sitemap: http://testserver/sitemap.xml",
        "Sitemap: http://testserver/sitemap-news.xml",
    ]
    assert "Disallow: /admin/" in lines


def test_entity_without_public_articles_is_not_in_the_sitemap(client, seed_story):
    Entity.objects.create(kind="topic", name="Sin artículos", slug="sin-articulos")
    assert f"{BASE}/temas/sin-articulos/" not in entries(sitemap(client))
