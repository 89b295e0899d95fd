"""The article form in the admin: the order of its parts, the compact entity
list of a long story, and the counters under the headline, dek and body."""

import lxml.html
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.models import Article
from articles.models.page_text import count_words, reading_minutes_for
from tests.factories import link_entities, make_article, make_entity


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


@pytest.fixture
def long_story(db):
    """A published story with 40 entities, the first four its subjects."""
    article = make_article(slug="cuarenta", body="<p>Texto.</p>")
    entities = [make_entity(f"entidad-{n}", f"Entidad número {n}") for n in range(40)]
    link_entities(article, entities[:4], role="about")
    link_entities(article, entities[4:])
    return article


def page(editor_client, article):
    response = editor_client.get(change_url(article))
    assert response.status_code == 200
    return response.content.decode()


def test_the_form_runs_story_then_credits_then_subjects_then_publication(
    editor_client, long_story
):
    html = page(editor_client, long_story)

    markers = [
        'id="id_headline"',
        'id="id_dek"',
        'id="id_body"',
        'id="id_lead_photo"',
        'id="bylines-group"',
        'id="id_section"',
        'id="entity_links-group"',
        'id="id_status"',
        'id="id_published_at_0"',
        'id="updates-group"',
        'id="id_related"',
        'id="id_seo_title"',
        'id="id_meta_description"',
        'id="id_social_image"',
    ]
    positions = [html.index(marker) for marker in markers]
    assert positions == sorted(positions)
    assert all(html.count(marker) == 1 for marker in markers)


def test_the_seo_fields_are_collapsed(editor_client, long_story):
    tree = lxml.html.fromstring(page(editor_client, long_story))

    [fieldset] = tree.xpath('//fieldset[.//input[@name="seo_title"]]')
    assert "collapse" in fieldset.get("class").split()
    assert fieldset.xpath(".//details")


def test_a_40_entity_story_shows_one_compact_line_per_entity(editor_client, long_story):
    tree = lxml.html.fromstring(page(editor_client, long_story))

    [group] = tree.xpath('//div[@id="entity_links-group"]')
    assert "compact-entities" in group.get("class").split()
    rows = group.xpath('.//tr[contains(@class, "compact-entity")]')
    saved = [row for row in rows if "empty-form" not in row.get("class")]
    assert len(saved) == 40
    for number, row in enumerate(saved):
        assert row.xpath('.//span[@class="compact-entity__name"]/text()') == [
            f"Entidad número {number}"
        ]
        # The entity is kept as a hidden id, not a 40-fold autocomplete.
        assert row.xpath(f'.//input[@name="entity_links-{number}-entity"]/@type') == [
            "hidden"
        ]
        assert [select.get("name") for select in row.xpath(".//select")] == [
            f"entity_links-{number}-role"
        ]
        assert row.xpath(f'.//input[@name="entity_links-{number}-DELETE"]/@type') == [
            "checkbox"
        ]
    roles = [row.xpath(".//select/option[@selected]/@value")[0] for row in saved]
    assert roles == ["about"] * 4 + ["mentions"] * 36
    # The suggestions sit in the same panel as the list.
    assert group.xpath('.//section[@id="entity-suggestions"]')


def test_the_compact_entity_list_saves_roles_and_removals(editor_client, long_story):
    tree = lxml.html.fromstring(page(editor_client, long_story))
    [form] = tree.xpath('//form[@id="article_form"]')
    data = {
        name: value
        for name, value in form.form_values()
        if "__prefix__" not in name and name != "_continue"
    }
    data["entity_links-5-role"] = "about"
    data["entity_links-6-DELETE"] = "on"
    data["_save"] = "Save"

    response = editor_client.post(change_url(long_story), data)

    assert response.status_code == 302, response.content.decode()[:3000]
    links = list(long_story.entity_links.order_by("order"))
    assert len(links) == 39
    assert links[5].role == "about"
    assert "entidad-6" not in [link.entity.slug for link in links]


def test_the_change_page_of_a_long_story_costs_the_queries_of_a_short_one(
    editor_client, db
):
    short = make_article(slug="corta")
    link_entities(short, [make_entity("una", "Una")])
    editor_client.get(change_url(short))  # content types cached

    with CaptureQueriesContext(connection) as short_queries:
        editor_client.get(change_url(short))
    long = make_article(slug="larga")
    link_entities(long, [make_entity(f"otra-{n}", f"Otra {n}") for n in range(40)])

    with CaptureQueriesContext(connection) as long_queries:
        editor_client.get(change_url(long))

    assert len(long_queries) == len(short_queries)


def test_counters_show_the_current_lengths_without_javascript(editor_client, db):
    article = make_article(
        headline="Noboa y Jerí se reúnen",
        dek="Una bajada.",
        body="<p>Uno dos <b>tres</b></p><p>cuatro&nbsp;cinco — seis.</p>",
    )

    tree = lxml.html.fromstring(page(editor_client, article))

    def counter(name):
        [element] = tree.xpath(f'//p[@data-counter-for="{name}"]')
        return element

    assert counter("headline").xpath('span[@class="counter__count"]/text()') == [
        str(len("Noboa y Jerí se reúnen"))
    ]
    assert counter("headline").get("data-over") == "110"
    assert counter("dek").xpath('span[@class="counter__count"]/text()') == ["11"]
    assert counter("seo_title").xpath('span[@class="counter__count"]/text()') == ["0"]
    body = counter("body")
    assert body.xpath('span[@class="counter__words"]/text()') == ["6"]
    assert body.xpath('span[@class="counter__minutes"]/text()') == ["1"]
    assert body.get("data-words-per-minute") == "200"
    assert "js/counters.js" in html_scripts(tree)


def html_scripts(tree):
    return " ".join(tree.xpath("//script/@src"))


def test_a_headline_past_googles_limit_is_marked(editor_client, db):
    article = make_article(headline="Palabra " * 15)

    tree = lxml.html.fromstring(page(editor_client, article))

    [counter] = tree.xpath('//p[@data-counter-for="headline"]')
    assert counter.get("class") == "counter counter--over"


@pytest.mark.parametrize(
    ("body", "words"),
    [
        ("", 0),
        ("<p>Una</p><p>dos</p>", 2),
        ("<p>El <a href='/x'>Perú</a>, aliado extra-OTAN — dice.</p>", 5),
        ("<h2>Sub&shy;título</h2><ul><li>uno</li><li>2</li></ul>", 3),
    ],
)
def test_word_count_reads_the_html_as_a_reader_sees_it(body, words):
    assert count_words(body) == words
    assert Article(body=body).word_count() == words


@pytest.mark.parametrize(
    ("words", "minutes"), [(0, 0), (1, 1), (200, 1), (201, 2), (1000, 5)]
)
def test_reading_minutes_round_up_at_200_words_a_minute(words, minutes):
    assert reading_minutes_for(words) == minutes
    assert Article(body="<p>palabra</p>" * words).reading_minutes() == minutes
