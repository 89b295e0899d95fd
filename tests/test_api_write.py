from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from rest_framework.test import APIClient

from articles.api.articles import ArticleUpdateViewSet, ArticleViewSet
from articles.models import Article, ArticleEntity, ArticleUpdate, Byline, Entity
from tests.factories import (
    EDITOR_PERMISSIONS,
    make_article,
    make_author,
    make_entity,
    make_section,
    token_client,
    user_with,
)


@pytest.fixture
def newsroom(db):
    make_section("mundo")
    make_author("ana-perez")
    make_author("luis-soto")
    make_entity("peru", wikidata_id="Q419")
    make_entity("otan", kind=Entity.Kind.ORGANISATION)


def payload(**fields):
    return {
        "headline": "Perú, aliado extra-OTAN",
        "slug": "aliado",
        "section": "mundo",
        "status": "draft",
        "body": "<p>Texto.</p>",
        "bylines": [
            {"author": "ana-perez", "role": "reporter"},
            {"author": "luis-soto"},
        ],
        "entities": [
            {"entity": "peru", "role": "about"},
            {"entity": "otan"},
        ],
        **fields,
    }


def test_anonymous_writes_answer_401(newsroom, anon):
    make_article(slug="existente")

    assert anon.post("/api/v1/articles/", payload()).status_code == 401
    assert anon.patch("/api/v1/articles/existente/", {"dek": "x"}).status_code == 401
    assert anon.post("/api/v1/entities/", {}).status_code == 401
    assert Article.objects.count() == 1


def test_users_without_model_permissions_get_403(newsroom, reader):
    make_article(slug="existente")

    assert reader.post("/api/v1/articles/", payload()).status_code == 403
    assert reader.patch("/api/v1/articles/existente/", {"dek": "x"}).status_code == (
        403
    )
    assert Article.objects.count() == 1


def test_each_write_needs_its_own_permission(newsroom):
    make_article(slug="existente")
    can_only_add = token_client(user_with("agregadora", "add_article"))

    assert can_only_add.post("/api/v1/articles/", payload()).status_code == 201
    patch = can_only_add.patch("/api/v1/articles/existente/", {"dek": "x"})
    assert patch.status_code == 403
    assert Article.objects.get(slug="existente").dek == ""


def test_editor_creates_an_article_with_ordered_bylines_and_entities(newsroom, editor):
    response = editor.post("/api/v1/articles/", payload())

    assert response.status_code == 201, response.content
    assert response["Location"] == "http://testserver/api/v1/articles/aliado/"
    data = response.json()
    assert [(b["slug"], b["role"]) for b in data["bylines"]] == [
        ("ana-perez", "reporter"),
        ("luis-soto", "author"),
    ]
    assert [(e["slug"], e["role"]) for e in data["entities"]] == [
        ("peru", "about"),
        ("otan", "mentions"),
    ]
    article = Article.objects.get(slug="aliado")
    assert data["uuid"] == str(article.uuid)
    assert response["ETag"].startswith(f'"{article.uuid}-v{article.version}-json-')
    assert response["ETag"] == editor.get("/api/v1/articles/aliado/")["ETag"]
    assert list(article.bylines.values_list("author__slug", "order")) == [
        ("ana-perez", 0),
        ("luis-soto", 1),
    ]


def test_script_in_the_body_is_removed_on_save(newsroom, editor):
    body = '<p>Hola</p><script>alert("x")</script><p onclick="x()">Chau</p>'

    response = editor.post("/api/v1/articles/", payload(body=body))

    assert response.status_code == 201
    assert response.json()["body"] == "<p>Hola</p><p>Chau</p>"
    assert Article.objects.get(slug="aliado").body == "<p>Hola</p><p>Chau</p>"


def test_publishing_without_a_time_takes_the_current_time(newsroom, editor):
    before = timezone.now()

    response = editor.post("/api/v1/articles/", payload(status="published"))

    assert response.status_code == 201
    assert Article.objects.get(slug="aliado").published_at >= before


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"slug": "existente"}, "slug"),
        ({"slug": "con espacios"}, "slug"),
        ({"section": "no-existe"}, "section"),
        ({"language": "castellano"}, "language"),
        ({"status": "perdido"}, "status"),
        ({"status": "scheduled"}, "published_at"),
        ({"headline": ""}, "headline"),
        ({"headline": "nul\x00"}, "headline"),
        # Text is a JSON string: a number or a boolean is refused, not turned
        # into one (found by schemathesis).
        ({"headline": 42}, "headline"),
        ({"dek": True}, "dek"),
        ({"slug": 7}, "slug"),
        ({"lead_photo": 10**30}, "lead_photo"),
        ({"related": ["no-existe"]}, "related"),
        ({"bylines": [{"author": "nadie"}]}, "bylines"),
        ({"entities": [{"entity": "peru", "role": "protagonista"}]}, "entities"),
        ({"entities": [{"entity": "x\x00"}]}, "entities"),
    ],
)
def test_invalid_articles_answer_400_naming_the_field(newsroom, editor, changes, field):
    make_article(slug="existente")

    response = editor.post("/api/v1/articles/", payload(**changes))

    assert response.status_code == 400
    assert field in response.json()
    assert Article.objects.count() == 1


def test_half_bad_nested_payload_leaves_the_database_untouched(newsroom, editor):
    article = make_article(slug="existente", headline="Original")
    Byline.objects.create(article=article, author=make_author("autora-original"))
    version = article.version
    duplicated = [{"author": "ana-perez"}, {"author": "ana-perez"}]

    response = editor.patch(
        "/api/v1/articles/existente/",
        {
            "headline": "Cambiado",
            "bylines": duplicated,
            "entities": [{"entity": "peru"}],
        },
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert response.json() == {
        "bylines": [
            {},
            {"non_field_errors": ["This author already has this role here."]},
        ]
    }
    article.refresh_from_db()
    assert article.headline == "Original"
    assert article.version == version
    assert list(article.bylines.values_list("author__slug", flat=True)) == [
        "autora-original"
    ]
    assert ArticleEntity.objects.count() == 0


def test_create_that_fails_in_a_nested_list_creates_nothing(newsroom, editor):
    response = editor.post(
        "/api/v1/articles/",
        payload(entities=[{"entity": "peru"}, {"entity": "peru"}]),
    )

    assert response.status_code == 400
    assert Article.objects.count() == 0
    assert Byline.objects.count() == 0


def test_editor_updates_an_article_with_a_current_etag(newsroom, editor):
    make_article(slug="existente")
    etag = editor.get("/api/v1/articles/existente/")["ETag"]

    response = editor.patch(
        "/api/v1/articles/existente/",
        {"dek": "Nuevo", "entities": [{"entity": "otan", "role": "about"}]},
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200, response.content
    assert response.json()["dek"] == "Nuevo"
    assert [e["slug"] for e in response.json()["entities"]] == ["otan"]
    assert response["ETag"] != etag


def test_a_stale_if_match_answers_412_and_keeps_the_other_edit(newsroom, editor):
    article = make_article(slug="existente")
    stale = editor.get("/api/v1/articles/existente/")["ETag"]
    article.dek = "Edición de otra persona"
    article.save()

    response = editor.patch(
        "/api/v1/articles/existente/", {"dek": "Mi edición"}, HTTP_IF_MATCH=stale
    )

    assert response.status_code == 412
    assert Article.objects.get(slug="existente").dek == "Edición de otra persona"


def test_put_replaces_the_article(newsroom, editor):
    article = make_article(slug="existente")
    etag = editor.get("/api/v1/articles/existente/")["ETag"]

    response = editor.put(
        "/api/v1/articles/existente/",
        payload(slug="existente", dek="Reemplazo", bylines=[]),
        HTTP_IF_MATCH=etag,
    )

    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert article.headline == "Perú, aliado extra-OTAN"
    assert article.dek == "Reemplazo"
    assert article.bylines.count() == 0
    assert article.entity_links.count() == 2


def test_editor_publishes_a_correction_that_moves_updated_at(newsroom, editor):
    article = make_article(slug="existente")
    published_at = timezone.now() - timedelta(minutes=5)

    response = editor.post(
        "/api/v1/updates/",
        {
            "article": "existente",
            "kind": "correction",
            "note": "Una versión anterior decía otra cosa.",
            "published_at": published_at.isoformat(),
        },
    )

    assert response.status_code == 201, response.content
    article.refresh_from_db()
    assert article.updated_at == published_at
    update = ArticleUpdate.objects.get()
    assert update.created_by == User.objects.get(username="editora")
    assert response.json() == {
        "id": update.pk,
        "kind": "correction",
        "note": "Una versión anterior decía otra cosa.",
        "published_at": timezone.localtime(published_at).isoformat(),
    }


def test_editing_an_update_refreshes_updated_at(newsroom, editor):
    article = make_article(slug="existente")
    update = ArticleUpdate.objects.create(article=article, note="Primera")
    article.refresh_updated_at()
    later = timezone.now() + timedelta(days=1)

    response = editor.patch(
        f"/api/v1/updates/{update.pk}/", {"published_at": later.isoformat()}
    )

    assert response.status_code == 200
    article.refresh_from_db()
    assert article.updated_at is None


def test_an_update_written_while_the_article_changes_moves_its_version_again(
    newsroom, editor, monkeypatch
):
    """The article is saved between the update's lookup and its save: the
    version still goes up twice, so no two documents share an ETag."""
    article = make_article(slug="existente")
    update = ArticleUpdate.objects.create(article=article, note="Primera")
    version = Article.objects.get(pk=article.pk).version
    get_object = ArticleUpdateViewSet.get_object

    def get_object_then_another_edit(view):
        found = get_object(view)
        meanwhile = Article.objects.get(pk=article.pk)
        meanwhile.dek = "Edición de otra persona"
        meanwhile.save()
        return found

    monkeypatch.setattr(
        ArticleUpdateViewSet, "get_object", get_object_then_another_edit
    )
    response = editor.patch(f"/api/v1/updates/{update.pk}/", {"note": "Corregida"})

    assert response.status_code == 200, response.content
    article.refresh_from_db()
    assert (article.version, article.dek) == (version + 2, "Edición de otra persona")


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"article": "no-existe", "note": "x"}, "article"),
        ({"note": "x"}, "article"),
        ({"article": "existente", "note": ""}, "note"),
        ({"article": "existente", "note": 5}, "note"),
        ({"article": "existente", "note": "x", "kind": "rumor"}, "kind"),
    ],
)
def test_invalid_updates_answer_400(newsroom, editor, data, field):
    make_article(slug="existente")

    response = editor.post("/api/v1/updates/", data)

    assert response.status_code == 400
    assert field in response.json()
    assert ArticleUpdate.objects.count() == 0


def test_updates_need_their_own_permission(newsroom, anon, reader):
    make_article(slug="existente")
    data = {"article": "existente", "note": "x"}

    assert anon.post("/api/v1/updates/", data).status_code == 401
    assert reader.post("/api/v1/updates/", data).status_code == 403
    assert ArticleUpdate.objects.count() == 0


def test_editor_creates_and_changes_an_entity(newsroom, editor):
    created = editor.post(
        "/api/v1/entities/",
        {
            "slug": "lima",
            "name": "Lima",
            "kind": "place",
            "wikidata_id": "Q2868",
            "parent": "peru",
            "aliases": ["Ciudad de los Reyes"],
        },
    )
    assert created.status_code == 201, created.content
    assert created.json()["wikidata_uri"] == "http://www.wikidata.org/entity/Q2868"

    changed = editor.patch("/api/v1/entities/lima/", {"description": "Capital."})
    assert changed.status_code == 200
    lima = Entity.objects.get(slug="lima")
    assert lima.description == "Capital."
    assert lima.parent.slug == "peru"
    assert lima.aliases == "Ciudad de los Reyes"


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"wikidata_id": "Q419"}, "wikidata_id"),
        ({"wikidata_id": "419"}, "wikidata_id"),
        ({"country_code": "PE"}, "non_field_errors"),
        ({"slug": "peru"}, "slug"),
        ({"parent": "no-existe"}, "parent"),
        ({"kind": "planeta"}, "kind"),
        ({"aliases": ["dos\nlíneas"]}, "aliases"),
        ({"description": 324487}, "description"),
        ({"name": 1.5}, "name"),
        ({"aliases": [3]}, "aliases"),
    ],
)
def test_entity_validation_matches_the_model(newsroom, editor, data, field):
    response = editor.post(
        "/api/v1/entities/",
        {"slug": "nueva", "name": "Nueva", "kind": "place", **data},
    )

    assert response.status_code == 400
    assert field in response.json()
    assert not Entity.objects.filter(name="Nueva").exists()


def test_writes_accept_only_json(newsroom, editor):
    response = editor.post(
        "/api/v1/entities/", "slug=x", content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 415


def test_session_authenticated_staff_write_with_their_csrf_token(newsroom):
    user = user_with("admin-de-turno", *EDITOR_PERMISSIONS)
    session = APIClient(enforce_csrf_checks=True)
    session.force_login(user)
    entity = {"slug": "quito", "name": "Quito", "kind": "place"}

    without_token = session.post("/api/v1/entities/", entity)
    secret = "k" * 32
    session.cookies["csrftoken"] = secret
    with_token = session.post("/api/v1/entities/", entity, HTTP_X_CSRFTOKEN=secret)

    assert without_token.status_code == 403
    assert "CSRF" in without_token.json()["detail"]
    assert with_token.status_code == 201
    assert Entity.objects.get(slug="quito").name == "Quito"


def test_of_two_editors_with_the_same_etag_only_the_first_saves(newsroom, editor):
    make_article(slug="existente")
    other = token_client(user_with("otra-editora", *EDITOR_PERMISSIONS))
    etag = editor.get("/api/v1/articles/existente/")["ETag"]

    first = editor.patch(
        "/api/v1/articles/existente/", {"dek": "Primera"}, HTTP_IF_MATCH=etag
    )
    second = other.patch(
        "/api/v1/articles/existente/", {"dek": "Segunda"}, HTTP_IF_MATCH=etag
    )

    assert first.status_code == 200
    assert second.status_code == 412
    assert Article.objects.get(slug="existente").dek == "Primera"


@pytest.mark.parametrize("method", ["patch", "put"])
@pytest.mark.parametrize("send_if_match", [True, False])
def test_a_write_builds_on_an_edit_saved_meanwhile(
    newsroom, editor, monkeypatch, method, send_if_match
):
    """Another editor saves while this request is on its way: with or without
    If-Match, this write starts from the row as it is once locked."""
    make_article(slug="existente")
    headers = {}
    if send_if_match:
        headers["HTTP_IF_MATCH"] = editor.get("/api/v1/articles/existente/")["ETag"]
    get_object = ArticleViewSet.get_object

    def get_object_then_another_edit(view):
        article = get_object(view)
        meanwhile = Article.objects.get(pk=article.pk)
        meanwhile.byline_text = "Agencia de otra persona"
        meanwhile.save()
        return article

    monkeypatch.setattr(ArticleViewSet, "get_object", get_object_then_another_edit)
    data = {"dek": "Mi edición"}
    if method == "put":
        data = payload(slug="existente", dek="Mi edición")
    response = getattr(editor, method)("/api/v1/articles/existente/", data, **headers)

    article = Article.objects.get(slug="existente")
    if send_if_match:
        assert response.status_code == 412
        assert article.dek == ""
    else:
        assert response.status_code == 200, response.content
        assert article.dek == "Mi edición"
        assert response.json()["byline_text"] == "Agencia de otra persona"
    assert article.byline_text == "Agencia de otra persona"


@pytest.mark.skipif(
    not connection.features.has_select_for_update,
    reason="only databases that lock rows (PostgreSQL) show FOR UPDATE",
)
@pytest.mark.parametrize("send_if_match", [True, False])
def test_every_article_write_locks_the_row(newsroom, editor, send_if_match):
    make_article(slug="existente")
    headers = {}
    if send_if_match:
        headers["HTTP_IF_MATCH"] = editor.get("/api/v1/articles/existente/")["ETag"]

    with CaptureQueriesContext(connection) as queries:
        response = editor.patch(
            "/api/v1/articles/existente/", {"dek": "Con cerrojo"}, **headers
        )

    assert response.status_code == 200
    locks = [query["sql"] for query in queries if "FOR UPDATE" in query["sql"]]
    assert len(locks) == 1
    assert '"articles_article"' in locks[0]


def test_a_weak_etag_in_if_match_answers_412(newsroom, editor):
    """If-Match compares strongly (RFC 9110 13.1.1): a weak ETag never matches."""
    make_article(slug="existente")
    etag = editor.get("/api/v1/articles/existente/")["ETag"]

    weak = editor.patch(
        "/api/v1/articles/existente/", {"dek": "Débil"}, HTTP_IF_MATCH=f"W/{etag}"
    )
    strong = editor.patch(
        "/api/v1/articles/existente/", {"dek": "Fuerte"}, HTTP_IF_MATCH=etag
    )

    assert weak.status_code == 412
    assert strong.status_code == 200
    assert Article.objects.get(slug="existente").dek == "Fuerte"


def test_if_match_star_or_an_etag_of_the_current_version_in_a_list_passes(
    newsroom, editor
):
    make_article(slug="existente")
    ninjs_etag = editor.get("/api/v1/articles/existente/?format=ninjs")["ETag"]

    listed = editor.patch(
        "/api/v1/articles/existente/",
        {"dek": "Uno"},
        HTTP_IF_MATCH=f'"otra", {ninjs_etag}',
    )
    star = editor.patch(
        "/api/v1/articles/existente/", {"dek": "Dos"}, HTTP_IF_MATCH="*"
    )

    assert (listed.status_code, star.status_code) == (200, 200)
    assert Article.objects.get(slug="existente").dek == "Dos"


def test_an_entity_keeper_changes_entities_on_no_published_article(newsroom):
    """Writing an entity needs change_entity only, even when its reader may
    not see it in the lists (it is on no published article)."""
    keeper = token_client(user_with("tesauro", "change_entity"))

    changed = keeper.patch("/api/v1/entities/otan/", {"description": "Alianza."})

    assert changed.status_code == 200, changed.content
    assert Entity.objects.get(slug="otan").description == "Alianza."
    assert keeper.get("/api/v1/entities/otan/").status_code == 404


@pytest.mark.parametrize(
    "header", ["Bearer abc", "Token", "Token a b", "Token nul\x00", "Token " + "a" * 41]
)
def test_unreadable_credentials_answer_401_even_on_reads(db, header):
    client = APIClient()

    response = client.get("/api/v1/sections/", HTTP_AUTHORIZATION=header)

    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Token"
