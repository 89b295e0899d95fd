from datetime import timedelta

import pytest
from django.utils import timezone
from rest_framework.throttling import AnonRateThrottle

from articles.models import Article, ArticleEntity, ArticleUpdate, Byline, Photo
from tests.editorial import slugs
from tests.factories import (
    SEED,
    full_article,
    make_article,
    make_author,
    make_entity,
    make_section,
)


def test_seed_story_is_listed_for_anonymous_clients(seed_story, anon):
    response = anon.get("/api/v1/articles/")

    assert response.status_code == 200
    assert slugs(response) == [SEED]
    item = response.json()["results"][0]
    assert item["uuid"] == str(seed_story.uuid)
    assert item["url"] == f"http://testserver/articulos/{SEED}/"
    assert item["section"] == {
        "slug": seed_story.section.slug,
        "name": seed_story.section.name,
        "url": f"http://testserver/secciones/{seed_story.section.slug}/",
    }
    assert item["bylines"] == []
    assert item["byline_text"] == ""
    assert item["byline_kind"] == "none"
    assert item["updates"] == []
    assert item["related"] == []
    assert "body" not in item


def test_seed_story_detail_carries_photo_credit_and_entities(
    seed_story, anon, run_tasks
):
    run_tasks()  # the photo's renditions
    response = anon.get(f"/api/v1/articles/{SEED}/")

    assert response.status_code == 200
    data = response.json()
    photo = data["photo"]
    assert photo["credit_line"] == "Freddy Rodríguez / Ejército del Perú"
    assert photo["creator"] == "Freddy Rodríguez"
    assert photo["source"] == "Ejército del Perú"
    # The widest rendition of the whole photo; the original stays private.
    assert photo["url"].startswith("http://testserver/media/renditions/")
    assert photo["url"].endswith("/full-1200.jpg")
    assert data["body"] == seed_story.body
    assert data["status"] == "published"
    assert data["version"] == seed_story.version
    entities = {entity["slug"]: entity for entity in data["entities"]}
    assert len(data["entities"]) == seed_story.entity_links.count()
    assert entities["peru"] == {
        "name": "Perú",
        "slug": "peru",
        "kind": "country",
        "role": entities["peru"]["role"],
        "wikidata_id": "Q419",
        "wikidata_uri": "http://www.wikidata.org/entity/Q419",
        "url": "http://testserver/temas/peru/",
    }
    assert entities["donald-trump"]["wikidata_id"] == "Q22686"
    assert entities["donald-trump"]["kind"] == "person"
    assert entities["otan"]["kind"] == "organisation"


def test_bylines_come_in_printed_order_with_roles(db, anon):
    article = full_article("con-firmas")

    data = anon.get("/api/v1/articles/con-firmas/").json()

    assert [byline["slug"] for byline in data["bylines"]] == [
        "con-firmas-autor-0",
        "con-firmas-autor-1",
        "con-firmas-autor-2",
    ]
    assert data["bylines"][0]["role"] == "author"
    assert data["byline_kind"] == "authors"
    assert [update["note"] for update in data["updates"]] == [
        "Nota 0",
        "Nota 1",
        "Nota 2",
    ]
    assert data["id"] == article.pk


UNPUBLISHED = {
    "draft": {"status": Article.Status.DRAFT},
    "in_review": {"status": Article.Status.IN_REVIEW},
    "scheduled": {
        "status": Article.Status.SCHEDULED,
        "published_at": timezone.now() + timedelta(days=1),
    },
    "withdrawn": {"status": Article.Status.WITHDRAWN},
}


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_articles_are_never_shown_to_anonymous_clients(db, anon, state):
    make_article(slug="visible")
    make_article(slug="hidden", **UNPUBLISHED[state])

    assert slugs(anon.get("/api/v1/articles/")) == ["visible"]
    assert anon.get("/api/v1/articles/hidden/").status_code == 404
    assert anon.get("/api/v1/articles/hidden/?format=ninjs").status_code == 404


@pytest.mark.parametrize("state", UNPUBLISHED)
def test_unpublished_articles_are_hidden_from_users_without_permissions(
    db, reader, state
):
    make_article(slug="hidden", **UNPUBLISHED[state])

    assert slugs(reader.get("/api/v1/articles/")) == []
    assert reader.get("/api/v1/articles/hidden/").status_code == 404


def test_scheduled_article_appears_once_its_time_has_come(db, anon):
    make_article(
        slug="programada",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() - timedelta(minutes=1),
    )

    assert slugs(anon.get("/api/v1/articles/")) == ["programada"]


def test_editors_ask_for_drafts_with_the_status_filter(db, editor):
    make_article(slug="publicada")
    make_article(slug="borrador", status=Article.Status.DRAFT)
    make_article(slug="revision", status=Article.Status.IN_REVIEW)

    assert slugs(editor.get("/api/v1/articles/")) == ["publicada"]
    drafts = editor.get("/api/v1/articles/?status=draft&status=in_review")
    assert sorted(slugs(drafts)) == ["borrador", "revision"]
    assert editor.get("/api/v1/articles/borrador/").json()["status"] == "draft"


def test_status_filter_is_refused_to_anonymous_clients_and_readers(db, anon, reader):
    make_article(slug="borrador", status=Article.Status.DRAFT)

    for client in (anon, reader):
        response = client.get("/api/v1/articles/?status=draft")
        assert response.status_code == 400
        assert list(response.json()) == ["status"]


def test_related_articles_are_published_ones_only_for_anonymous_clients(
    db, anon, editor
):
    article = make_article(slug="principal")
    article.related.set(
        [
            make_article(slug="relacionada"),
            make_article(slug="relacionada-borrador", status=Article.Status.DRAFT),
        ]
    )

    public = anon.get("/api/v1/articles/principal/").json()["related"]
    assert public == [
        {
            "slug": "relacionada",
            "headline": "Titular de relacionada",
            "url": "http://testserver/articulos/relacionada/",
        }
    ]
    for_editors = editor.get("/api/v1/articles/principal/").json()["related"]
    assert sorted(item["slug"] for item in for_editors) == [
        "relacionada",
        "relacionada-borrador",
    ]


def test_future_updates_are_hidden_until_their_time(db, anon):
    article = make_article(slug="con-nota")
    ArticleUpdate.objects.create(article=article, note="Ya publicada")
    ArticleUpdate.objects.create(
        article=article,
        note="Mañana",
        published_at=timezone.now() + timedelta(days=1),
    )

    updates = anon.get("/api/v1/articles/con-nota/").json()["updates"]

    assert [update["note"] for update in updates] == ["Ya publicada"]


def test_detail_answers_304_while_the_etag_is_current(db, anon):
    article = make_article(slug="etiquetada")
    first = anon.get("/api/v1/articles/etiquetada/")
    etag = first["ETag"]

    again = anon.get("/api/v1/articles/etiquetada/", HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == etag

    article.headline = "Otro titular"
    article.save()
    changed = anon.get("/api/v1/articles/etiquetada/", HTTP_IF_NONE_MATCH=etag)
    assert changed.status_code == 200
    assert changed["ETag"] != etag
    assert changed.json()["headline"] == "Otro titular"


REPRESENTATIONS = ["", "?format=ninjs", "?format=ninjs&ninjs_version=2.1"]


@pytest.mark.parametrize("representation", REPRESENTATIONS)
def test_an_update_coming_due_changes_the_etag(db, anon, representation, clock):
    article = make_article(slug="con-aviso")
    ArticleUpdate.objects.create(
        article=article,
        note="Pronto",
        published_at=timezone.now() + timedelta(hours=1),
    )
    url = f"/api/v1/articles/con-aviso/{representation}"
    etag = anon.get(url)["ETag"]
    assert anon.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304

    # Time passes: the update comes due without any save of the article.
    clock.move(hours=1, seconds=1)
    response = anon.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    assert anon.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304


def test_the_detail_lists_an_update_once_it_comes_due(db, anon, clock):
    article = make_article(slug="con-aviso")
    update = ArticleUpdate.objects.create(
        article=article,
        note="Pronto",
        published_at=timezone.now() + timedelta(hours=1),
    )
    before = anon.get("/api/v1/articles/con-aviso/").json()["updates"]

    clock.move(hours=1, seconds=1)
    after = anon.get("/api/v1/articles/con-aviso/").json()["updates"]

    assert before == []
    assert [(item["id"], item["note"]) for item in after] == [(update.pk, "Pronto")]


@pytest.mark.parametrize("representation", REPRESENTATIONS)
def test_a_related_article_published_meanwhile_changes_the_etag(
    db, anon, representation, clock
):
    article = make_article(slug="principal")
    other = make_article(
        slug="otra",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=1),
    )
    article.related.set([other])
    url = f"/api/v1/articles/principal/{representation}"
    etag = anon.get(url)["ETag"]

    # Its time comes: public now, though neither article was saved.
    clock.move(hours=1, seconds=1)
    response = anon.get(url, HTTP_IF_NONE_MATCH=etag)

    assert response.status_code == 200
    assert response["ETag"] != etag
    if not representation:
        assert [item["slug"] for item in response.json()["related"]] == ["otra"]


def test_a_related_article_changed_meanwhile_changes_the_etag(db, anon, editor):
    article = make_article(slug="principal")
    other = make_article(slug="otra")
    article.related.set([other])
    url = "/api/v1/articles/principal/"
    etags = {client: client.get(url)["ETag"] for client in (anon, editor)}

    other.headline = "Nuevo titular"
    other.save()

    for client, etag in etags.items():
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
        assert response.status_code == 200
        assert response.json()["related"][0]["headline"] == "Nuevo titular"


def test_an_unpublished_related_article_changes_only_the_editors_etag(db, anon, editor):
    article = make_article(slug="principal")
    draft = make_article(slug="borrador", status=Article.Status.DRAFT)
    article.related.set([draft])
    url = "/api/v1/articles/principal/"
    anon_etag, editor_etag = anon.get(url)["ETag"], editor.get(url)["ETag"]

    draft.headline = "Otro borrador"
    draft.save()

    assert anon.get(url, HTTP_IF_NONE_MATCH=anon_etag).status_code == 304
    assert editor.get(url, HTTP_IF_NONE_MATCH=editor_etag).status_code == 200


def test_etag_differs_between_json_and_each_ninjs_version(db, anon):
    make_article(slug="formatos")
    url = "/api/v1/articles/formatos/"

    etags = {
        anon.get(url)["ETag"],
        anon.get(url + "?format=ninjs")["ETag"],
        anon.get(url + "?format=ninjs&ninjs_version=2.1")["ETag"],
    }

    assert len(etags) == 3
    json_etag = anon.get(url)["ETag"]
    ninjs = anon.get(url + "?format=ninjs", HTTP_IF_NONE_MATCH=json_etag)
    assert ninjs.status_code == 200


def test_anonymous_clients_are_throttled_with_429(db, anon, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    statuses = [anon.get("/api/v1/sections/").status_code for _ in range(3)]

    assert statuses == [200, 200, 429]
    assert int(anon.get("/api/v1/sections/")["Retry-After"]) > 0


def test_the_throttle_keeps_one_count_per_window_not_every_request(
    db, anon, monkeypatch
):
    from articles.api import throttling

    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "1000/hour"})
    monkeypatch.setattr(AnonRateThrottle, "timer", lambda self: 7200.5)
    for _ in range(4):
        assert anon.get("/api/v1/sections/").status_code == 200
    throttle = throttling.AnonRateThrottle()
    key = throttle.cache_format % {"scope": "anon", "ident": "127.0.0.1"}
    assert throttle.cache.get(f"{key}:2") == 4  # the third hour's window
    monkeypatch.setattr(AnonRateThrottle, "timer", lambda self: 10800.0)
    assert anon.get("/api/v1/sections/").status_code == 200
    assert throttle.cache.get(f"{key}:3") == 1


def test_clients_with_a_token_are_not_throttled(db, editor, monkeypatch):
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "2/minute"})

    statuses = {editor.get("/api/v1/sections/").status_code for _ in range(4)}

    assert statuses == {200}


def test_cors_allows_configured_origins_on_reads(db, anon, settings):
    settings.CORS_ALLOWED_ORIGINS = ["https://partner.example"]
    make_article(slug="compartida")

    allowed = anon.get(
        "/api/v1/articles/compartida/", HTTP_ORIGIN="https://partner.example"
    )
    other = anon.get("/api/v1/articles/compartida/", HTTP_ORIGIN="https://evil.example")
    preflight = anon.options(
        "/api/v1/articles/",
        HTTP_ORIGIN="https://partner.example",
        HTTP_ACCESS_CONTROL_REQUEST_METHOD="GET",
    )

    assert allowed["Access-Control-Allow-Origin"] == "https://partner.example"
    assert "ETag" in allowed["Access-Control-Expose-Headers"]
    assert "Access-Control-Allow-Origin" not in other
    assert preflight.status_code == 200
    assert preflight["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"


def test_sections_authors_and_entities_by_slug(seed_story, anon):
    section = seed_story.section

    assert anon.get(f"/api/v1/sections/{section.slug}/").json()["name"] == (
        section.name
    )
    peru = anon.get("/api/v1/entities/peru/").json()
    assert peru["wikidata_id"] == "Q419"
    assert peru["kind"] == "country"
    assert peru["url"] == "http://testserver/temas/peru/"
    lima = anon.get("/api/v1/entities/lima/").json()
    assert lima["parent"] == "peru"
    assert anon.get("/api/v1/entities/no-existe/").status_code == 404
    countries = anon.get("/api/v1/entities/?kind=country&page_size=100").json()
    assert "peru" in [item["slug"] for item in countries["results"]]
    assert {item["kind"] for item in countries["results"]} == {"country"}
    # A section with no published article is unknown to the public, as on
    # the site.
    make_section(slug="zeta")
    assert anon.get("/api/v1/sections/zeta/").status_code == 404


def test_authors_are_listed_by_name(db, anon):
    full_article("firmada", links=2)

    response = anon.get("/api/v1/authors/")

    assert slugs(response) == ["firmada-autor-0", "firmada-autor-1"]
    assert anon.get("/api/v1/authors/firmada-autor-1/").json()["url"] == (
        "http://testserver/autores/firmada-autor-1/"
    )


def desk_of_names():
    """An author and an entity on a published article, others only on an
    unpublished one each, and one of each on no article at all."""
    make_author(slug="solo-autor")
    make_entity(slug="solo-tema")
    for slug, fields in {"visible": {}, **UNPUBLISHED}.items():
        article = make_article(slug=f"nota-{slug}", **fields)
        author = make_author(slug=f"autor-{slug}", name=f"Autor {slug}")
        Byline.objects.create(article=article, author=author, order=0)
        entity = make_entity(slug=f"tema-{slug}", name=f"Tema {slug}")
        ArticleEntity.objects.create(article=article, entity=entity, order=0)


HIDDEN_NAMES = [*UNPUBLISHED, "solo"]


def name_slug(kind, state):
    prefix = {"authors": "autor", "entities": "tema"}[kind]
    return f"solo-{prefix}" if state == "solo" else f"{prefix}-{state}"


@pytest.mark.parametrize("kind", ["authors", "entities"])
@pytest.mark.parametrize("who", ["anon", "reader"])
def test_names_only_on_unpublished_articles_are_hidden_from_the_public(
    db, kind, who, request
):
    client = request.getfixturevalue(who)
    desk_of_names()
    visible = name_slug(kind, "visible")

    listed = client.get(f"/api/v1/{kind}/?page_size=100")
    details = {
        state: client.get(f"/api/v1/{kind}/{name_slug(kind, state)}/").status_code
        for state in HIDDEN_NAMES
    }

    assert slugs(listed) == [visible]
    assert client.get(f"/api/v1/{kind}/{visible}/").json()["slug"] == visible
    assert details == dict.fromkeys(HIDDEN_NAMES, 404)


@pytest.mark.parametrize("kind", ["authors", "entities"])
def test_editors_see_every_author_and_entity(db, editor, kind):
    desk_of_names()

    listed = editor.get(f"/api/v1/{kind}/?page_size=100")
    details = {
        state: editor.get(f"/api/v1/{kind}/{name_slug(kind, state)}/").status_code
        for state in HIDDEN_NAMES
    }

    everyone = [name_slug(kind, state) for state in ["visible", *HIDDEN_NAMES]]
    assert sorted(slugs(listed)) == sorted(everyone)
    assert details == dict.fromkeys(HIDDEN_NAMES, 200)


def test_an_author_becomes_public_when_a_scheduled_article_comes_due(db, anon):
    article = make_article(
        slug="programada",
        status=Article.Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=1),
    )
    author = make_author(slug="autora-programada")
    Byline.objects.create(article=article, author=author, order=0)
    assert anon.get("/api/v1/authors/autora-programada/").status_code == 404

    Article.objects.filter(pk=article.pk).update(
        published_at=timezone.now() - timedelta(seconds=1)
    )

    assert anon.get("/api/v1/authors/autora-programada/").status_code == 200
    assert slugs(anon.get("/api/v1/authors/")) == ["autora-programada"]


def test_photo_of_a_published_article_is_public_and_others_are_not(seed_story, anon):
    photo = seed_story.lead_photo
    hidden = Photo.objects.create(credit_line="Sin publicar")
    make_article(slug="borrador", status=Article.Status.DRAFT, lead_photo=hidden)

    shown = anon.get(f"/api/v1/photos/{photo.pk}/")
    assert shown.status_code == 200
    assert shown.json()["credit_line"] == "Freddy Rodríguez / Ejército del Perú"
    assert anon.get(f"/api/v1/photos/{hidden.pk}/").status_code == 404
    assert anon.get("/api/v1/photos/99999999999999999999/").status_code == 404


def test_a_method_the_url_does_not_serve_answers_405(db, anon, editor):
    make_article(slug="fija")

    assert anon.delete("/api/v1/articles/fija/").status_code == 405
    assert editor.delete("/api/v1/articles/fija/").status_code == 405
    assert anon.post("/api/v1/sections/", {}).status_code == 405


# The articles, then their bylines, entities, updates, related articles and
# the lead photos' renditions.
ARTICLE_QUERIES = 6
# Without Redis the anonymous throttle keeps its count in the database cache:
# a read, then a write (count, select, insert, in a savepoint).
THROTTLE_QUERIES = 6
QUERIES = ARTICLE_QUERIES + THROTTLE_QUERIES
# An anonymous detail rendered live (no stored render yet) also looks up the
# stored render and enqueues the job that makes it (once a minute).
LIVE_DETAIL_QUERIES = QUERIES + 2
# An anonymous list without stored items: the page of articles, their items
# (none), the articles with their parts, and one job asking for the items.
LIVE_LIST_QUERIES = QUERIES + 3


@pytest.mark.parametrize("count", [1, 20])
def test_article_list_runs_a_fixed_number_of_queries(
    db, anon, count, django_assert_max_num_queries
):
    for number in range(count):
        article = full_article(f"nota-{number}", links=3)
        old = timezone.now() - timedelta(days=30)
        article.related.set([make_article(slug=f"rel-{number}", published_at=old)])

    with django_assert_max_num_queries(LIVE_LIST_QUERIES):
        response = anon.get("/api/v1/articles/?page_size=20")

    results = response.json()["results"][:count]
    assert {item["slug"] for item in results} == {f"nota-{n}" for n in range(count)}
    assert {len(item["entities"]) for item in results} == {3}
    assert {len(item["bylines"]) for item in results} == {3}
    assert {len(item["updates"]) for item in results} == {3}
    assert {len(item["related"]) for item in results} == {1}


# An editor also costs the token, the permissions and every related article.
EDITOR_QUERIES = ARTICLE_QUERIES + 4


@pytest.mark.parametrize("count", [1, 20])
def test_article_list_for_editors_runs_a_fixed_number_of_queries(
    db, editor, count, django_assert_max_num_queries
):
    for number in range(count):
        article = full_article(f"nota-{number}", links=3)
        article.related.set([make_article(slug=f"rel-{number}", status="draft")])

    with django_assert_max_num_queries(EDITOR_QUERIES):
        response = editor.get("/api/v1/articles/?page_size=40")

    results = response.json()["results"]
    assert len(results) == count
    assert {len(item["related"]) for item in results} == {1}


@pytest.mark.parametrize("links", [1, 6])
@pytest.mark.parametrize(
    "url", ["", "?format=ninjs", "?format=ninjs&ninjs_version=2.1"]
)
def test_article_detail_runs_a_fixed_number_of_queries(
    db, anon, links, url, django_assert_max_num_queries
):
    article = full_article("detallada", links=links)
    article.related.set([make_article(slug=f"rel-{n}") for n in range(links)])

    with django_assert_max_num_queries(LIVE_DETAIL_QUERIES):
        response = anon.get(f"/api/v1/articles/detallada/{url}")

    assert response.status_code == 200


def test_responses_vary_on_authorization(db, anon):
    make_article(slug="variable")

    for url in ("/api/v1/articles/", "/api/v1/articles/variable/"):
        assert "Authorization" in anon.get(url)["Vary"]


def test_a_read_builds_no_queryset_to_check_model_permissions(db, anon, monkeypatch):
    from articles.api.articles import ArticleViewSet

    make_article(slug="leida")
    built = []
    original = ArticleViewSet.get_queryset
    monkeypatch.setattr(
        ArticleViewSet,
        "get_queryset",
        lambda self: built.append(self.action) or original(self),
    )
    assert anon.get("/api/v1/articles/leida/").status_code == 200
    assert built == ["retrieve"]  # the object's own lookup, not the permission's
    assert anon.post("/api/v1/articles/", {}).status_code in (401, 403)
