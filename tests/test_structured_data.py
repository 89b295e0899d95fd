import json
from datetime import datetime, timedelta

import jsonschema
import pytest
from django.utils import timezone
from lxml import html as lxml_html

from articles.models import ArticleEntity, ArticleUpdate
from tests import factories

BASE = "http://testserver"
SEED_URL = f"{BASE}/articulos/peru-aliado-extra-otan/"

# Google's Article structured data: the properties its documentation asks
# for, with the types it accepts.
GOOGLE_ARTICLE = {
    "type": "object",
    "required": ["@context", "@type", "headline", "image", "datePublished", "author"],
    "properties": {
        "@context": {"const": "https://schema.org"},
        "@type": {"enum": ["Article", "NewsArticle", "BlogPosting"]},
        "headline": {"type": "string", "minLength": 1},
        "image": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@type", "url"],
                "properties": {"@type": {"const": "ImageObject"}},
            },
        },
        "datePublished": {"type": "string", "format": "date-time"},
        "dateModified": {"type": "string", "format": "date-time"},
        "author": {
            "type": "array",
            "minItems": 1,
            "items": {
                "type": "object",
                "required": ["@type", "name"],
                "properties": {
                    "@type": {
                        "enum": ["Person", "Organization", "NewsMediaOrganization"]
                    },
                    "name": {"type": "string", "minLength": 1},
                    "url": {"type": "string", "pattern": "^https?://"},
                },
            },
        },
    },
}


def json_ld_blocks(client, url):
    response = client.get(url)
    tree = lxml_html.fromstring(response.content.decode())
    scripts = tree.xpath("//script[@type='application/ld+json']")
    return [json.loads(script.text) for script in scripts]


def article_json_ld(client, url=SEED_URL):
    blocks = json_ld_blocks(client, url)
    assert len(blocks) == 1
    return blocks[0]


def meta(tree, attribute, name):
    return tree.xpath(f"//head/meta[@{attribute}='{name}']/@content")


def test_seed_json_ld_is_a_news_article_with_every_stored_fact(client, seed_story):
    data = article_json_ld(client)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["@id"] == "urn:uuid:50a331ba-d046-57f7-b81b-87affc647518"
    assert data["url"] == SEED_URL
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": SEED_URL}
    assert data["headline"] == seed_story.headline
    assert data["description"] == seed_story.dek
    assert data["inLanguage"] == "es"
    assert data["articleSection"] == "Internacional"
    # 13:00 UTC is 08:00 in Guayaquil.
    assert data["datePublished"] == "2025-12-13T08:00:00-05:00"
    assert data["dateModified"] == "2025-12-13T08:00:00-05:00"
    assert data["isAccessibleForFree"] is True
    assert "correction" not in data


def test_seed_json_ld_image_carries_the_photo_rights(client, seed_pictures):
    photo = seed_pictures.lead_photo
    expected = []
    for ratio, size in [
        ("16x9", (1200, 675)),
        ("4x3", (900, 675)),
        ("1x1", (675, 675)),
    ]:
        url = f"{BASE}{photo.rendition(ratio).url}"
        assert url.endswith(f"/{ratio}-{size[0]}.jpg")
        expected.append(
            {
                "@type": "ImageObject",
                "url": url,
                "contentUrl": url,
                "encodingFormat": "image/jpeg",
                "caption": photo.caption,
                "description": photo.alt_text,
                "creditText": "Freddy Rodríguez / Ejército del Perú",
                "creator": {"@type": "Person", "name": "Freddy Rodríguez"},
                "copyrightHolder": {
                    "@type": "Organization",
                    "name": "Ejército del Perú",
                },
                "width": size[0],
                "height": size[1],
            }
        )
    assert article_json_ld(client)["image"] == expected


def test_no_image_claims_while_the_renditions_are_being_prepared(client, seed_story):
    tree = lxml_html.fromstring(client.get(SEED_URL).content.decode())
    data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert "image" not in data
    assert meta(tree, "property", "og:image") == []
    assert "/media/" not in client.get(SEED_URL).content.decode()


def test_copyright_notice_and_licence_reach_the_image_object(
    client, seed_pictures, run_tasks
):
    photo = seed_pictures.lead_photo
    photo.copyright_notice = "© Ejército del Perú"
    photo.license = "https://example.org/licencia"
    photo.save()
    run_tasks()  # the rights are in the renditions' XMP: they are made again
    image = article_json_ld(client)["image"][0]
    assert image["copyrightNotice"] == "© Ejército del Perú"
    assert image["license"] == "https://example.org/licencia"


def test_article_without_byline_names_the_publisher_as_author(client, seed_story):
    data = article_json_ld(client)
    publisher = {
        "@type": "NewsMediaOrganization",
        "@id": f"{BASE}/#publisher",
        "name": "Newsroom",
        "url": f"{BASE}/",
        "logo": {
            "@type": "ImageObject",
            "url": f"{BASE}/static/img/logo.png",
            "width": 600,
            "height": 60,
        },
    }
    assert data["publisher"] == publisher
    assert data["author"] == [publisher]


def test_publisher_logo_is_shipped_with_its_declared_size(client, seed_story):
    from PIL import Image

    from newsroom.settings import BASE_DIR

    with Image.open(BASE_DIR / "static/img/logo.png") as logo:
        assert logo.size == (600, 60)


def test_desk_credit_is_an_organization_author(client, seed_story):
    seed_story.byline_text = "Redacción Internacional"
    seed_story.save()
    assert article_json_ld(client)["author"] == [
        {"@type": "Organization", "name": "Redacción Internacional"}
    ]


def test_bylines_are_person_authors_with_their_pages(client, seed_story):
    ana = factories.make_author("ana", name="Ana Pérez", title="Corresponsal en Lima")
    luis = factories.make_author("luis", name="Luis Soto")
    factories.add_byline(seed_story, ana, order=0)
    factories.add_byline(seed_story, luis, order=1)
    assert article_json_ld(client)["author"] == [
        {
            "@type": "Person",
            "name": "Ana Pérez",
            "url": f"{BASE}/autores/ana/",
            "jobTitle": "Corresponsal en Lima",
        },
        {"@type": "Person", "name": "Luis Soto", "url": f"{BASE}/autores/luis/"},
    ]


def test_about_and_mentions_follow_entity_roles_with_wikidata(client, seed_story):
    data = article_json_ld(client)
    links = seed_story.entity_links.select_related("entity")
    about = [link.entity for link in links if link.role == ArticleEntity.Role.ABOUT]
    mentions = [
        link.entity for link in links if link.role == ArticleEntity.Role.MENTIONS
    ]
    assert [thing["name"] for thing in data["about"]] == [e.name for e in about]
    assert [thing["name"] for thing in data["mentions"]] == [e.name for e in mentions]
    assert len(data["about"]) + len(data["mentions"]) == 41
    peru = next(
        thing for thing in data["about"] + data["mentions"] if thing["name"] == "Perú"
    )
    assert peru == {
        "@type": "Country",
        "name": "Perú",
        "url": f"{BASE}/temas/peru/",
        "sameAs": "https://www.wikidata.org/wiki/Q419",
    }
    jeri = next(thing for thing in data["mentions"] if thing["name"] == "José Jerí")
    assert jeri == {
        "@type": "Person",
        "name": "José Jerí",
        "url": f"{BASE}/temas/jose-jeri/",
    }


def test_published_corrections_are_correction_comments(client, seed_story):
    correction = factories.add_update(seed_story, "Corregimos la fecha.")
    factories.add_update(seed_story, "Nueva reacción.", ArticleUpdate.Kind.UPDATE)
    factories.add_update(
        seed_story, "Futura.", published_at=timezone.now() + timedelta(hours=1)
    )
    seed_story.refresh_from_db()
    data = article_json_ld(client)
    assert data["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": "Corregimos la fecha.",
            "datePublished": timezone.localtime(correction.published_at).isoformat(),
        }
    ]
    assert data["dateModified"] == timezone.localtime(seed_story.updated_at).isoformat()


def test_seed_json_ld_meets_googles_article_requirements(client, seed_pictures):
    data = article_json_ld(client)
    jsonschema.validate(data, GOOGLE_ARTICLE, format_checker=jsonschema.FormatChecker())
    for key in ("datePublished", "dateModified"):
        assert datetime.fromisoformat(data[key]).tzinfo is not None


@pytest.mark.parametrize(
    "headline",
    [
        "</script><script>alert('x')</script>",
        "<!-- <script> & </SCRIPT >",
        'Línea\u2028separada "entre" comillas',
    ],
)
def test_a_headline_cannot_break_out_of_the_json_ld_script(
    client, seed_story, headline
):
    seed_story.headline = headline
    seed_story.save()
    response = client.get(SEED_URL)
    content = response.content.decode()
    assert "<script>alert" not in content
    tree = lxml_html.fromstring(content)
    assert len(tree.xpath("//script")) == 2  # the JSON-LD and share.js
    assert article_json_ld(client)["headline"] == headline


def test_open_graph_and_twitter_tags_describe_the_article(client, seed_pictures):
    seed_story = seed_pictures
    social = seed_story.lead_photo.social_image()
    SEED_IMAGE = f"{BASE}{social.url}"
    assert SEED_IMAGE.endswith("/og-1200.jpg")
    tree = lxml_html.fromstring(client.get(SEED_URL).content.decode())
    assert meta(tree, "property", "og:type") == ["article"]
    assert meta(tree, "property", "og:title") == [seed_story.headline]
    assert meta(tree, "property", "og:description") == [seed_story.dek]
    assert meta(tree, "property", "og:url") == [SEED_URL]
    assert meta(tree, "property", "og:image") == [SEED_IMAGE]
    assert meta(tree, "property", "og:image:type") == ["image/jpeg"]
    assert meta(tree, "property", "og:image:width") == ["1200"]
    assert meta(tree, "property", "og:image:height") == ["630"]
    assert meta(tree, "property", "article:published_time") == [
        "2025-12-13T08:00:00-05:00"
    ]
    assert meta(tree, "property", "article:modified_time") == [
        "2025-12-13T08:00:00-05:00"
    ]
    assert meta(tree, "property", "article:section") == ["Internacional"]
    tags = meta(tree, "property", "article:tag")
    assert sorted(tags) == sorted(seed_story.entities.values_list("name", flat=True))
    assert len(tags) == 41
    assert meta(tree, "name", "twitter:card") == ["summary_large_image"]
    assert meta(tree, "name", "twitter:title") == [seed_story.headline]
    assert meta(tree, "name", "twitter:image") == [SEED_IMAGE]
    assert tree.xpath("//head/link[@rel='canonical']/@href") == [SEED_URL]


def test_absolute_urls_follow_the_request_host_and_scheme(client, seed_story):
    response = client.get(
        "/articulos/peru-aliado-extra-otan/",
        HTTP_HOST="localhost",
        HTTP_X_FORWARDED_PROTO="https",
    )
    tree = lxml_html.fromstring(response.content.decode())
    data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert data["url"] == "https://localhost/articulos/peru-aliado-extra-otan/"
    assert meta(tree, "property", "og:url") == [data["url"]]


def test_article_without_photo_file_has_no_image_claims(client, seed_story):
    seed_story.lead_photo = None
    seed_story.save()
    tree = lxml_html.fromstring(client.get(SEED_URL).content.decode())
    data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    assert "image" not in data
    assert meta(tree, "property", "og:image") == []
    assert meta(tree, "name", "twitter:card") == ["summary"]
