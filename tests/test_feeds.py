from datetime import timedelta

import feedparser
import pytest
from django.utils import timezone

from articles.models import Entity
from tests import factories

SEED_URL = "http://testserver/articulos/peru-aliado-extra-otan/"
FEED_KINDS = ["rss", "atom"]


def parse(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return response, feedparser.parse(response.content)


def feed_urls(seed_story, kind):
    return [
        f"/feeds/{kind}/",
        f"/secciones/{seed_story.section.slug}/{kind}/",
        f"/temas/peru/{kind}/",
    ]


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_latest_feed_lists_the_seed_story(client, seed_story, kind):
    response, feed = parse(client, f"/feeds/{kind}/")
    assert feed.bozo is False
    assert feed.version == {"rss": "rss20", "atom": "atom10"}[kind]
    assert feed.feed.title == "Newsroom"
    assert feed.feed.language == "es"
    [entry] = feed.entries
    assert entry.title == seed_story.headline
    assert entry.link == SEED_URL
    assert entry.id == "urn:uuid:50a331ba-d046-57f7-b81b-87affc647518"
    assert entry.published_parsed[:5] == (2025, 12, 13, 13, 0)
    assert sorted(tag.term for tag in entry.tags) == sorted(
        seed_story.entities.values_list("name", flat=True)
    )


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_feed_item_carries_the_lead_photo_with_its_credit(client, seed_pictures, kind):
    seed_story = seed_pictures
    _, feed = parse(client, f"/feeds/{kind}/")
    [entry] = feed.entries
    enclosures = [link for link in entry.links if link.rel == "enclosure"]
    # The whole photo's JPEG rendition at 1280 or below (the stand-in is 1200
    # wide), never the private original.
    image = seed_story.lead_photo.rendition("full", 1280)
    url = f"http://testserver{image.url}"
    assert url.endswith("/full-1200.jpg")
    assert [(e.href, e.type, int(e.length)) for e in enclosures] == [
        (url, "image/jpeg", image.bytes)
    ]
    assert entry.media_content == [
        {
            "url": url,
            "medium": "image",
            "type": "image/jpeg",
            "width": "1200",
            "height": "675",
            "filesize": str(image.bytes),
        }
    ]
    assert entry.media_credit == [{"content": "Freddy Rodríguez / Ejército del Perú"}]
    assert "Foto: Freddy Rodríguez / Ejército del Perú" in entry.summary
    assert seed_story.dek in entry.summary


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_item_without_an_image_has_no_enclosure(client, seed_story, kind):
    photo = seed_story.lead_photo
    photo.image = ""
    photo.alt_text = ""
    photo.save()
    _, feed = parse(client, f"/feeds/{kind}/")
    [entry] = feed.entries
    assert [link for link in entry.links if link.rel == "enclosure"] == []
    assert "media_content" not in entry
    assert "Foto: Freddy Rodríguez / Ejército del Perú" in entry.summary


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_section_entity_and_author_feeds_list_their_articles(client, seed_story, kind):
    author = factories.make_author("ana", name="Ana Pérez")
    factories.add_byline(seed_story, author)
    other = factories.make_article(slug="otra", section=factories.make_section())
    expected = {
        f"/secciones/{seed_story.section.slug}/{kind}/": [SEED_URL],
        f"/temas/peru/{kind}/": [SEED_URL],
        f"/autores/ana/{kind}/": [SEED_URL],
        f"/secciones/{other.section.slug}/{kind}/": [
            "http://testserver/articulos/otra/"
        ],
        f"/temas/lima/{kind}/": [SEED_URL],
    }
    for url, links in expected.items():
        _, feed = parse(client, url)
        assert [entry.link for entry in feed.entries] == links, url
    _, feed = parse(client, f"/autores/ana/{kind}/")
    assert feed.entries[0].author == "Ana Pérez"


def test_entity_feed_describes_the_entity(client, seed_story):
    _, feed = parse(client, "/temas/peru/rss/")
    peru = Entity.objects.get(slug="peru")
    assert feed.feed.title == "Perú · Newsroom"
    assert feed.feed.description == peru.description
    assert feed.feed.link == "http://testserver/temas/peru/"


def test_feed_of_unknown_subject_answers_404(client, db):
    for url in ["/temas/nadie/rss/", "/secciones/nada/atom/", "/autores/nadie/rss/"]:
        assert client.get(url).status_code == 404


@pytest.mark.parametrize("kind", FEED_KINDS)
def test_no_unpublished_article_appears_in_any_feed(client, seed_story, kind):
    hidden = factories.make_unpublished(seed_story.section)
    peru = Entity.objects.get(slug="peru")
    author = factories.make_author("ana", name="Ana Pérez")
    for article in hidden.values():
        factories.link_entities(article, [peru])
        factories.add_byline(article, author)
    for url in feed_urls(seed_story, kind):
        response, feed = parse(client, url)
        assert [entry.link for entry in feed.entries] == [SEED_URL], url
        assert b"clandestino" not in response.content
    # Credited only on unpublished articles, Ana is unknown to the public.
    assert client.get(f"/autores/ana/{kind}/").status_code == 404


def test_feed_lists_newest_first_and_at_most_thirty(client, seed_story):
    for number in range(35):
        factories.make_article(
            slug=f"nota-{number}",
            section=seed_story.section,
            published_at=timezone.now() - timedelta(minutes=number + 1),
        )
    _, feed = parse(client, "/feeds/rss/")
    links = [entry.link for entry in feed.entries]
    assert links == [f"http://testserver/articulos/nota-{n}/" for n in range(30)]


def test_feeds_are_linked_from_every_page_head(client, seed_story):
    from lxml import html as lxml_html

    tree = lxml_html.fromstring(client.get("/").content)
    alternates = tree.xpath("//head/link[@rel='alternate']")
    assert [(link.get("type"), link.get("href")) for link in alternates] == [
        ("application/rss+xml", "/feeds/rss/"),
        ("application/atom+xml", "/feeds/atom/"),
    ]


def test_feeds_may_be_kept_by_shared_caches(client, seed_story):
    for url in feed_urls(seed_story, "rss") + feed_urls(seed_story, "atom"):
        cache_control = client.get(url).headers["Cache-Control"]
        directives = {part.strip() for part in cache_control.split(",")}
        assert directives == {
            "public",
            "max-age=60",
            "s-maxage=300",
            "stale-while-revalidate=60",
        }, url
