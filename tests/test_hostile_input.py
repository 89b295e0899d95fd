"""Every input door with hostile values: never a 500. Public pages, search,
feeds and sitemaps, and every API filter answer 400, 404 or an empty result to
NUL bytes, 10,000-character strings, bad dates and numbers, huge integers,
page=0/-1/999999, page_size=100000, unknown orderings, markup and SQL."""

from urllib.parse import quote, urlencode

import pytest
from rest_framework.test import APIClient

from articles.api.serializers import ArticleWriteSerializer
from articles.models import Article
from tests.factories import (
    EDITOR_PERMISSIONS,
    SEED,
    add_byline,
    add_update,
    link_entities,
    make_article,
    make_author,
    make_entity,
    make_photo,
    make_section,
    token_client,
    user_with,
)
from tests.hostile import HOSTILE_VALUES, RAW_VALUES

pytestmark = pytest.mark.slow

FINE = {200, 301, 302, 304, 400, 404, 405, 410}

# Each public door and the query parameters it reads (plus one it does not).
PUBLIC_DOORS = {
    "/": ["page", "utm_source"],
    f"/articulos/{SEED}/": ["page"],
    "/secciones/internacional/": ["page"],
    "/temas/peru/": ["page"],
    "/autores/ana-perez/": ["page"],
    "/buscar/": ["q", "page"],
    "/correcciones/": ["page"],
    "/feeds/rss/": ["page"],
    "/feeds/atom/": ["page"],
    "/secciones/internacional/rss/": ["page"],
    "/temas/peru/atom/": ["page"],
    "/autores/ana-perez/rss/": ["page"],
    "/sitemap.xml": ["p"],
    "/sitemap-news.xml": ["p"],
    "/robots.txt": ["q"],
    "/api/schema/": ["lang", "version"],
    "/api/docs/": ["lang", "script"],
}
# Addresses with a slug (or id) in the path.
PATH_DOORS = [
    "/articulos/{}/",
    "/secciones/{}/",
    "/temas/{}/",
    "/autores/{}/",
    "/temas/{}/rss/",
    "/api/v1/articles/{}/",
    "/api/v1/sections/{}/",
    "/api/v1/authors/{}/",
    "/api/v1/entities/{}/",
    "/api/v1/photos/{}/",
    "/api/v1/updates/{}/",
]
API_DOORS = {
    "/api/v1/articles/": [
        "section",
        "entity",
        "entity_kind",
        "author",
        "language",
        "published_after",
        "published_before",
        "updated_since",
        "q",
        "ordering",
        "status",
        "cursor",
        "page_size",
        "page",
    ],
    f"/api/v1/articles/{SEED}/": ["format", "ninjs_version"],
    "/api/v1/sections/": ["cursor", "page_size", "ordering"],
    "/api/v1/authors/": ["category", "cursor", "page_size"],
    "/api/v1/entities/": ["kind", "wikidata_id", "cursor", "page_size"],
}
EXTRA_VALUES = ["100000", "-published_at; DROP TABLE x"]


# Building the schema is slow: its door gets the shorter list.
SHORT_VALUES = ["\x00", "a" * 10_000, "<script>alert(1)</script>"]


@pytest.fixture
def newsroom(db):
    """One published article with everything a page can show (lighter than
    the seed story, so that many doors can be tried quickly)."""
    article = make_article(
        SEED,
        section=make_section("internacional", "Internacional"),
        body="<p>Perú y la OTAN.</p>",
        lead_photo=make_photo(with_image=False),
    )
    link_entities(article, [make_entity("peru", "Perú")])
    add_byline(article, make_author("ana-perez", name="Ana Pérez"))
    add_update(article, "Se corrigió la fecha.")
    return article


def values_for(path):
    if path.startswith("/api/schema/"):
        return SHORT_VALUES
    return HOSTILE_VALUES + EXTRA_VALUES


def answers(client, path, param, values):
    """The status of each value, or the exception a view let out."""
    found = {}
    for value in values:
        query = urlencode({param: value}) if param else ""
        found[value] = status_of(client, f"{path}?{query}")
    return found


def status_of(client, url):
    try:
        return client.get(url).status_code
    except Exception as error:  # noqa: BLE001 - a crash is what we look for
        return f"{type(error).__name__}: {error}"[:200]


def not_fine(found):
    return {value[:40]: status for value, status in found.items() if status not in FINE}


@pytest.mark.parametrize("path", PUBLIC_DOORS)
def test_public_doors_never_fail(client, newsroom, path):
    found = {
        param: not_fine(answers(client, path, param, values_for(path)))
        for param in PUBLIC_DOORS[path]
    }

    assert found == {param: {} for param in PUBLIC_DOORS[path]}


@pytest.mark.parametrize("path", PUBLIC_DOORS)
def test_public_doors_refuse_broken_encodings(client, newsroom, path):
    raws = RAW_VALUES[:1] if path.startswith("/api/schema/") else RAW_VALUES
    found = {raw: status_of(client, f"{path}?q={raw}&page={raw}") for raw in raws}

    assert not_fine(found) == {}


@pytest.mark.parametrize("template", PATH_DOORS)
def test_hostile_slugs_and_ids_in_the_path_answer_404(client, newsroom, template):
    found = {
        value: status_of(client, template.format(quote(value, safe="")))
        for value in HOSTILE_VALUES
    }

    assert not_fine(found) == {}
    assert set(found.values()) <= {404, 405}


@pytest.mark.parametrize(
    ("path", "param"),
    [(path, param) for path, params in API_DOORS.items() for param in params],
)
def test_api_filters_never_fail(newsroom, path, param):
    """Values a filter cannot take answer 400 naming the parameter; the others
    answer 200 (an empty list if nothing matches) or 404 for a detail."""
    api = APIClient()
    found = {}
    for value in HOSTILE_VALUES + EXTRA_VALUES:
        try:
            response = api.get(f"{path}?{urlencode({param: value})}")
        except Exception as error:  # noqa: BLE001 - a crash is what we look for
            found[value[:40]] = f"{type(error).__name__}: {error}"[:200]
            continue
        if response.status_code == 400 and param not in response.json():
            found[value[:40]] = f"400 without {param}: {response.json()}"
        elif response.status_code not in {200, 400, 404}:
            found[value[:40]] = response.status_code

    assert found == {}


@pytest.mark.parametrize("path", API_DOORS)
def test_api_refuses_broken_encodings(newsroom, path):
    api = APIClient()
    found = {raw: status_of(api, f"{path}?q={raw}") for raw in RAW_VALUES}

    assert not_fine(found) == {}


@pytest.mark.parametrize("value", ["0", "-1", "999999", "abc", "1" * 30])
def test_out_of_range_pages_are_404_not_500(client, newsroom, value):
    assert client.get("/", {"page": value}).status_code == 404
    assert client.get("/buscar/", {"q": "Perú", "page": value}).status_code == 404


@pytest.mark.parametrize("value", ["0", "-1", "100000", "1" * 30, "1.5", "\x00"])
def test_api_page_size_out_of_range_is_400(newsroom, value):
    response = APIClient().get("/api/v1/articles/", {"page_size": value})

    assert response.status_code == 400
    assert list(response.json()) == ["page_size"]


def test_search_echoes_a_script_only_escaped(client, newsroom):
    response = client.get("/buscar/", {"q": "<script>alert(1)</script>"})

    assert response.status_code == 200
    assert b"<script>alert(1)</script>" not in response.content
    assert b"&lt;script&gt;alert(1)&lt;/script&gt;" in response.content


def test_sql_in_search_finds_nothing_and_breaks_nothing(client, newsroom):
    response = client.get("/buscar/", {"q": "'; DELETE FROM articles_article; --"})

    assert response.status_code == 200
    assert Article.objects.count() == 1


# Request headers a client controls.
HOSTILE_HEADERS = {
    "HTTP_ACCEPT_LANGUAGE": ["\x00", "a" * 10_000, "es;q=NaN", "*;q=-1", "zz-ZZZZ"],
    "HTTP_IF_NONE_MATCH": ["\x00", '"' + "a" * 10_000, "W/", "*,*", '"a", W/"b'],
    "HTTP_IF_MODIFIED_SINCE": ["\x00", "yesterday", "Sun, 99 Foo 99999 99:99:99 GMT"],
    "HTTP_ACCEPT": ["\x00", "*/*;q=x", "application/vnd.iptc.ninjs+json;version=9"],
    "HTTP_COOKIE": ["sessionid=\x00", "csrftoken=" + "a" * 10_000],
    "HTTP_X_FORWARDED_FOR": ["\x00", "999.999.999.999", "a" * 10_000],
}


@pytest.mark.parametrize("path", ["/", f"/articulos/{SEED}/", "/buscar/?q=Perú"])
def test_hostile_headers_never_fail(client, newsroom, path):
    found = {
        f"{header}={value[:20]!r}": status_of_with(client, path, {header: value})
        for header, values in HOSTILE_HEADERS.items()
        for value in values
    }

    assert {key: status for key, status in found.items() if status not in FINE} == {}


@pytest.mark.parametrize(
    "path", ["/api/v1/articles/", f"/api/v1/articles/{SEED}/", "/api/v1/entities/"]
)
def test_hostile_headers_never_fail_on_the_api(newsroom, path):
    api = APIClient()
    found = {
        f"{header}={value[:20]!r}": status_of_with(api, path, {header: value})
        for header, values in HOSTILE_HEADERS.items()
        for value in values
    }

    fine = FINE | {406}  # an Accept header the API cannot serve
    assert {key: status for key, status in found.items() if status not in fine} == {}


def status_of_with(client, path, headers):
    try:
        return client.get(path, **headers).status_code
    except Exception as error:  # noqa: BLE001 - a crash is what we look for
        return f"{type(error).__name__}: {error}"[:200]


# JSON values of every type for the API's writes.
HOSTILE_JSON = [
    "\x00",
    "a" * 10_000,
    "2025-13-45",
    "9999-12-31T23:59:59-23:59",
    "<script>alert(1)</script>",
    "' OR '1'='1",
    "\u202e\ufeff😀",
    None,
    True,
    -1,
    2**70,
    1.5e308,
    [],
    {},
    ["peru\x00"],
    {"$where": "1"},
    [{"author": "\x00"}],
    [{"entity": "a" * 10_000, "role": "<script>"}],
]
# Every field a client may write, new ones included.
ARTICLE_FIELDS = ArticleWriteSerializer.Meta.fields


@pytest.mark.parametrize("field", ARTICLE_FIELDS)
def test_api_article_writes_with_hostile_values_never_fail(newsroom, field):
    editor = token_client(user_with("editora", *EDITOR_PERMISSIONS))
    base = {
        "headline": "Titular",
        "slug": "nuevo",
        "section": "internacional",
        "status": "draft",
        "body": "<p>Texto.</p>",
    }
    found = {}
    for value in HOSTILE_JSON:
        body = {**base, field: value}
        try:
            response = editor.post("/api/v1/articles/", body, format="json")
        except Exception as error:  # noqa: BLE001 - a crash is what we look for
            found[repr(value)[:40]] = f"{type(error).__name__}: {error}"[:200]
            continue
        if response.status_code not in {201, 400}:
            found[repr(value)[:40]] = response.status_code
        Article.objects.filter(slug="nuevo").delete()

    assert found == {}
