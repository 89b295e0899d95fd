import pytest
from django.db import connection
from lxml import html as lxml_html

from articles.models import Article
from articles.models.search import clean_search_query
from tests import factories

ODD_QUERIES = [
    '"',
    "%",
    "_",
    "\\",
    "x" * 2000,
    "<script>alert(1)</script>",
    "\x00",
    "' OR 1=1 --",
    "!:*&|()",
    "-",
]

on_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="PostgreSQL full-text search"
)


def slugs(queryset):
    return [article.slug for article in queryset]


def result_links(client, query):
    response = client.get("/buscar/", {"q": query})
    assert response.status_code == 200
    tree = lxml_html.fromstring(response.content.decode())
    return tree, tree.xpath("//div[contains(@class, 'cards')]//h2/a/@href")


def test_search_finds_the_seed_story_by_a_word_of_its_headline(seed_story):
    assert slugs(Article.objects.search("aliado")) == ["peru-aliado-extra-otan"]


def test_search_finds_words_of_the_body(seed_story):
    assert slugs(Article.objects.search("FBI")) == ["peru-aliado-extra-otan"]


def test_empty_query_finds_nothing(seed_story):
    for query in ["", "   ", None]:
        assert slugs(Article.objects.search(query)) == []


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_odd_queries_never_raise(seed_story, query):
    assert isinstance(slugs(Article.objects.search(query)), list)


@pytest.mark.parametrize("query", ODD_QUERIES)
def test_search_page_answers_200_to_odd_queries(client, seed_story, query):
    tree, _ = result_links(client, query)
    assert tree.xpath("//input[@id='search-q']/@value") == [clean_search_query(query)]
    assert tree.xpath("//script[not(@type)]") == []


def test_search_page_lists_only_published_articles(client, seed_story):
    factories.make_unpublished(seed_story.section, word="aliado")
    _, links = result_links(client, "aliado")
    assert links == ["/articulos/peru-aliado-extra-otan/"]


def test_search_snippet_marks_the_words_and_escapes_the_text(client, seed_story):
    factories.make_article(
        slug="con-codigo",
        headline="Nota sobre código",
        dek="Entradilla de la nota.",
        body="<p>Un &lt;script&gt;alert(1)&lt;/script&gt; con la palabra aliado.</p>",
    )
    response = client.get("/buscar/", {"q": "aliado"})
    content = response.content.decode()
    assert "<script>alert(1)</script>" not in content
    tree = lxml_html.fromstring(content)
    snippets = {
        card.xpath("string(.//h2/a/@href)"): card.xpath(".//p[@class='card__snippet']")[
            0
        ]
        for card in tree.xpath("//article[contains(@class, 'card')]")
    }
    assert sorted(snippets) == [
        "/articulos/con-codigo/",
        "/articulos/peru-aliado-extra-otan/",
    ]
    code_snippet = snippets["/articulos/con-codigo/"]
    assert "<script>alert(1)</script>" in code_snippet.text_content()
    assert [mark.text.lower() for mark in code_snippet.xpath(".//mark")] == ["aliado"]


def test_search_results_are_paginated_and_keep_the_query(client, seed_story):
    for number in range(25):
        factories.make_article(
            slug=f"aliado-{number}", headline=f"Otro aliado {number}"
        )
    tree, links = result_links(client, "aliado")
    assert len(links) == 20
    assert tree.xpath("//nav[@class='pagination']/a[@rel='next']/@href") == [
        "?q=aliado&page=2"
    ]
    response = client.get("/buscar/", {"q": "aliado", "page": 2})
    tree = lxml_html.fromstring(response.content.decode())
    assert len(tree.xpath("//article[contains(@class, 'card')]")) == 6


@on_postgresql
def test_search_ignores_accents_on_postgresql(seed_story):
    assert slugs(Article.objects.search("Peru")) == ["peru-aliado-extra-otan"]
    assert slugs(Article.objects.search("pakistan")) == ["peru-aliado-extra-otan"]


@on_postgresql
def test_search_matches_other_forms_of_a_word_on_postgresql(seed_story):
    assert slugs(Article.objects.search("aliados")) == ["peru-aliado-extra-otan"]
    assert slugs(Article.objects.search("designó")) == ["peru-aliado-extra-otan"]


@on_postgresql
def test_search_ranks_headline_matches_first_on_postgresql(seed_story):
    body_only = factories.make_article(
        slug="solo-cuerpo",
        headline="Reunión en Quito",
        body="<p>Se habló de un tratado.</p>",
    )
    in_headline = factories.make_article(
        slug="en-titular", headline="El tratado firmado", body="<p>Texto.</p>"
    )
    results = list(Article.objects.search("tratado"))
    assert slugs(results) == [in_headline.slug, body_only.slug]
    assert results[0].rank > results[1].rank


@on_postgresql
def test_search_supports_phrases_and_exclusions_on_postgresql(seed_story):
    factories.make_article(slug="otro-aliado", headline="Otro aliado militar")
    assert slugs(Article.objects.search('"aliado extra-OTAN"')) == [
        "peru-aliado-extra-otan"
    ]
    assert slugs(Article.objects.search("aliado -Perú")) == ["otro-aliado"]


@on_postgresql
def test_snippet_highlights_accented_words_for_unaccented_queries(client, seed_story):
    tree, links = result_links(client, "Peru")
    assert links == ["/articulos/peru-aliado-extra-otan/"]
    marks = tree.xpath("//p[@class='card__snippet']//mark/text()")
    assert marks
    assert set(marks) == {"Perú"}


@on_postgresql
def test_search_can_use_its_gin_index_on_postgresql(seed_story):
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        # Rule out walking the newest articles, the plan for common words.
        cursor.execute("SET LOCAL enable_indexscan = off")
    plan = Article.objects.search("aliado").explain()
    assert "article_search_document_idx" in plan


def test_search_migration_reverses_cleanly(transactional_db):
    from django.core.management import call_command

    call_command("migrate", "articles", "0001", verbosity=0)
    # Every app, not only articles: going back also unapplied the migrations
    # of apps that depend on it (the desk's autosaves), which later tests need.
    call_command("migrate", verbosity=0)
    assert slugs(Article.objects.search("nada")) == []
