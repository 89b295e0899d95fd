"""The SEO title, meta description and social image: their fallbacks, the
public page's tags and JSON-LD, the API, and what the public may know."""

import json

import pytest
from lxml import html as lxml_html

from articles.editorial import roles
from articles.models import Article, Photo
from articles.site import social
from tests.factories import make_article, make_photo

BASE = "http://testserver"


def page_tree(client, article):
    response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    return lxml_html.fromstring(response.content.decode())


def meta(tree, attribute, name):
    return tree.xpath(f"//head/meta[@{attribute}='{name}']/@content")


def json_ld(tree):
    [script] = tree.xpath("//script[@type='application/ld+json']")
    return json.loads(script.text)


@pytest.fixture
def lead(db, run_tasks):
    photo = make_photo(alt_text="La portada")
    run_tasks()
    return photo


@pytest.fixture
def card(db, run_tasks):
    photo = make_photo(alt_text="La tarjeta", caption="Para compartir.")
    run_tasks()
    return photo


def crops(photo):
    """The JSON-LD image addresses of ``photo``: its 16:9, 4:3 and 1:1 crops."""
    return [BASE + photo.rendition(ratio).url for ratio in ("16x9", "4x3", "1x1")]


def test_without_seo_fields_the_headline_dek_and_lead_photo_stand_in(db, lead):
    article = make_article(headline="Titular", dek="Bajada.", lead_photo=lead)

    assert article.seo_title_or_headline() == "Titular"
    assert article.meta_description_or_dek() == "Bajada."
    assert article.social_photo() == lead


def test_seo_fields_win_over_their_fallbacks(db, lead, card):
    article = make_article(
        headline="Titular",
        dek="Bajada.",
        lead_photo=lead,
        seo_title="Título para buscadores",
        meta_description="Descripción breve.",
        social_image=card,
    )

    assert article.seo_title_or_headline() == "Título para buscadores"
    assert article.meta_description_or_dek() == "Descripción breve."
    assert article.social_photo() == card


def test_a_social_image_without_file_falls_back_to_the_lead_photo(db, lead):
    fileless = make_photo(with_image=False, credit_line="Agencia")
    article = make_article(lead_photo=lead, social_image=fileless)

    assert article.social_photo() == lead


def test_the_page_title_cards_and_json_ld_use_the_seo_fields(client, lead, card):
    article = make_article(
        headline="Un titular largo para la portada del diario",
        dek="La bajada de la nota.",
        lead_photo=lead,
        seo_title="Título corto",
        meta_description="Lo que dicen los buscadores.",
        social_image=card,
    )

    tree = page_tree(client, article)

    assert tree.xpath("//head/title/text()")[0].startswith("Título corto · ")
    assert meta(tree, "name", "description") == ["Lo que dicen los buscadores."]
    assert meta(tree, "property", "og:title") == ["Título corto"]
    assert meta(tree, "property", "og:description") == ["Lo que dicen los buscadores."]
    assert meta(tree, "name", "twitter:title") == ["Título corto"]
    assert meta(tree, "name", "twitter:description") == ["Lo que dicen los buscadores."]
    card_url = BASE + card.social_image().url
    assert meta(tree, "property", "og:image") == [card_url]
    assert meta(tree, "name", "twitter:image") == [card_url]
    assert meta(tree, "property", "og:image:alt") == ["La tarjeta"]
    data = json_ld(tree)
    assert data["headline"] == "Título corto"
    assert data["description"] == "Lo que dicen los buscadores."
    assert [image["url"] for image in data["image"]] == crops(card) + crops(lead)
    # The story itself keeps its headline and dek.
    assert tree.xpath("//h1/text()") == ["Un titular largo para la portada del diario"]


def test_without_seo_fields_the_page_uses_headline_dek_and_lead_photo(client, lead):
    article = make_article(headline="Titular", dek="Bajada.", lead_photo=lead)

    tree = page_tree(client, article)

    assert meta(tree, "property", "og:title") == ["Titular"]
    assert meta(tree, "name", "description") == ["Bajada."]
    assert meta(tree, "property", "og:image") == [BASE + lead.social_image().url]
    assert [image["url"] for image in json_ld(tree)["image"]] == crops(lead)


def test_every_social_card_address_comes_from_one_helper(client, monkeypatch, card):
    article = make_article(social_image=card)
    monkeypatch.setattr(
        social,
        "social_image_url",
        lambda photo, request: f"https://cdn.example/{photo.pk}.jpg",
    )

    tree = page_tree(client, article)

    expected = [f"https://cdn.example/{card.pk}.jpg"]
    assert meta(tree, "property", "og:image") == expected
    assert meta(tree, "name", "twitter:image") == expected


def test_a_social_image_makes_its_photo_public_only_with_a_published_article(
    db, anon, card
):
    draft_only = make_photo(alt_text="Sin publicar")
    make_article(slug="borrador", status=Article.Status.DRAFT, social_image=draft_only)
    make_article(slug="publicada", social_image=card)

    assert set(Photo.objects.with_published_articles()) == {card}
    assert anon.get(f"/api/v1/photos/{card.pk}/").status_code == 200
    assert anon.get(f"/api/v1/photos/{draft_only.pk}/").status_code == 404


def test_the_social_image_is_among_the_articles_dependency_keys(db, lead, card):
    article = make_article(lead_photo=lead, social_image=card)

    keys = article.public_keys()

    assert f"list:photo:{card.pk}" in keys
    assert f"list:photo:{lead.pk}" in keys


def test_the_api_reads_and_writes_the_seo_fields(editor, card):
    make_article(slug="nota")

    response = editor.patch(
        "/api/v1/articles/nota/",
        {
            "seo_title": "Para buscadores",
            "meta_description": "Resumen.",
            "social_image": card.pk,
        },
        format="json",
    )

    assert response.status_code == 200, response.content
    detail = editor.get("/api/v1/articles/nota/").json()
    assert detail["seo_title"] == "Para buscadores"
    assert detail["meta_description"] == "Resumen."
    assert detail["social_image"] == card.pk
    cleared = editor.patch(
        "/api/v1/articles/nota/", {"social_image": None}, format="json"
    )
    assert cleared.status_code == 200
    assert Article.objects.get(slug="nota").social_image is None


@pytest.mark.parametrize(
    ("field", "length"), [("seo_title", 71), ("meta_description", 161)]
)
def test_the_api_refuses_seo_text_that_is_too_long_naming_the_field(
    editor, field, length
):
    make_article(slug="nota")

    response = editor.patch(
        "/api/v1/articles/nota/", {field: "a" * length}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == [field]
    assert getattr(Article.objects.get(slug="nota"), field) == ""


def test_the_api_refuses_an_unknown_social_image(editor):
    make_article(slug="nota")

    response = editor.patch(
        "/api/v1/articles/nota/", {"social_image": 99999}, format="json"
    )

    assert response.status_code == 400
    assert list(response.json()) == ["social_image"]


def test_a_reporter_may_not_change_the_social_image_of_a_published_story(
    reporter, card
):
    make_article(slug="publicada", social_image=card)
    own = make_photo(alt_text="Del borrador")
    make_article(
        slug="mio", status=Article.Status.DRAFT, created_by=reporter, social_image=own
    )

    assert roles.can_change_photo(reporter, card) is False
    assert roles.can_change_photo(reporter, own) is True
