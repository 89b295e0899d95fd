"""Stored renders: the article page's article part, the API detail and ninjs,
rendered when they change and served only while fresh."""

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django.utils.html import strip_tags
from django_tasks_db.models import DBTaskResult

from articles.models import Article, Entity
from articles.renders import jobs, rendering
from articles.renders.models import RenderKey, StoredRender
from tests import factories

API = "/api/v1/articles/{}/"
KINDS = {"page", "api", "api-item", "ninjs3.1", "ninjs2.1"}


def urls(article):
    api = API.format(article.slug)
    return [
        article.get_absolute_url(),
        api,
        f"{api}?format=ninjs",
        f"{api}?format=ninjs&ninjs_version=2.1",
    ]


def answers(client, article):
    return [client.get(url) for url in urls(article)]


def stored(article):
    return jobs.render_and_store(article.pk) == "stored"


def servable(article):
    renders = StoredRender.objects.select_related("article").filter(article=article)
    return {
        render.kind: render.is_servable(rendering.fingerprint()) for render in renders
    }


def rerender_jobs(task="rerender"):
    return DBTaskResult.objects.filter(task_path__contains=task)


def queries(client, url):
    """The queries a GET runs, leaving out the API throttle's counts (in the
    database cache table without Redis)."""
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return [
        query["sql"]
        for query in captured.captured_queries
        if "newsroom_cache" not in query["sql"] and "SAVEPOINT" not in query["sql"]
    ]


def with_entities(article, number):
    entities = [
        factories.make_entity(f"tema-{n}", name=f"Tema {n}", kind=Entity.Kind.TOPIC)
        for n in range(number)
    ]
    factories.link_entities(article, entities)
    return article


@pytest.mark.parametrize("extra_entities", [0, 40])
def test_stored_answers_are_the_live_answers_byte_for_byte(
    client, seed_story, extra_entities, django_assert_max_num_queries
):
    article = with_entities(seed_story, extra_entities)
    assert stored(article) is True
    assert servable(article) == dict.fromkeys(KINDS, True)
    with django_assert_max_num_queries(2):  # the render, the section menu
        assert client.get(article.get_absolute_url()).status_code == 200
    for url in urls(article)[1:]:
        assert len(queries(client, url)) == 1
    from_store = answers(client, article)
    StoredRender.objects.all().delete()
    live = answers(client, article)
    for kept, rendered in zip(from_store, live, strict=True):
        assert kept.status_code == rendered.status_code == 200
        assert kept.content == rendered.content
        assert kept["ETag"] == rendered["ETag"]
        assert rendering.HOST.encode() not in kept.content
    assert (
        b"http://testserver/articulos/peru-aliado-extra-otan/" in from_store[0].content
    )
    if extra_entities:
        assert b"Tema 39" in from_store[0].content


def test_stored_page_follows_the_readers_host(client, seed_story):
    stored(seed_story)
    response = client.get(seed_story.get_absolute_url(), HTTP_HOST="localhost")
    assert b"http://localhost/articulos/peru-aliado-extra-otan/" in response.content
    assert b"http%3A%2F%2Flocalhost%2Farticulos" in response.content  # share links


def test_cold_read_of_a_stored_page_costs_two_queries(
    client, seed_story, django_assert_max_num_queries
):
    with_entities(seed_story, 40)
    stored(seed_story)
    with django_assert_max_num_queries(2):  # the render, the section menu
        response = client.get(seed_story.get_absolute_url())
    assert response.status_code == 200
    with django_assert_max_num_queries(1):  # the menu is cached now
        client.get(seed_story.get_absolute_url())


def test_stored_page_answers_conditional_gets(client, seed_story):
    stored(seed_story)
    etag = client.get(seed_story.get_absolute_url())["ETag"]
    again = client.get(seed_story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert again.status_code == 304


def test_correction_shows_at_once_and_is_rendered_in_the_background(
    client, seed_story, run_tasks, django_assert_max_num_queries
):
    stored(seed_story)
    factories.add_update(seed_story, "Se corrigió el nombre del ministro.")
    assert servable(seed_story)["page"] is False
    for response in answers(client, seed_story):
        assert "Se corrigió el nombre del ministro." in response.content.decode()
    assert rerender_jobs("rerender_showing").exists()
    run_tasks()
    assert servable(seed_story) == dict.fromkeys(KINDS, True)
    with django_assert_max_num_queries(2):
        page = client.get(seed_story.get_absolute_url())
    assert "Se corrigió el nombre del ministro." in page.content.decode()


def test_entity_rename_rerenders_the_articles_naming_it_newest_first(
    client, db, run_tasks, monkeypatch
):
    monkeypatch.setattr(jobs, "BATCH_SIZE", 4)
    now = timezone.now()
    naming = []
    # The desk's earlier work, in a transaction of its own (its jobs done).
    with transaction.atomic():
        lima = factories.make_entity("lima", name="Lima", kind=Entity.Kind.PLACE)
        for hours in range(10):
            article = factories.make_article(published_at=now - timedelta(hours=hours))
            factories.link_entities(article, [lima])
            naming.append(article)
        others = [factories.make_article() for _ in range(3)]
    for article in naming + others:
        stored(article)
    untouched = {
        render.pk: render.rendered_at
        for render in StoredRender.objects.filter(article__in=others)
    }
    DBTaskResult.objects.all().delete()

    lima.name = "Lima Metropolitana"
    lima.save()

    assert all(servable(article)["page"] is False for article in naming)
    assert all(servable(article)["page"] is True for article in others)
    page = client.get(naming[5].get_absolute_url())
    assert "Lima Metropolitana" in page.content.decode()  # live meanwhile
    rerender_jobs("rerender_articles").delete()  # the one that reader asked for
    assert jobs.articles_showing({f"entity:{lima.pk}"}) == [a.pk for a in naming]

    run_tasks()
    batches = [
        job.args_kwargs["args"][0]
        for job in rerender_jobs("rerender_articles").order_by("enqueued_at")
    ]
    assert batches == [
        [a.pk for a in naming[0:4]],
        [a.pk for a in naming[4:8]],
        [a.pk for a in naming[8:10]],
    ]
    for article in naming:
        assert servable(article) == dict.fromkeys(KINDS, True)
        render = StoredRender.objects.get(article=article, kind="page")
        assert "Lima Metropolitana" in render.content
    assert {
        render.pk: render.rendered_at
        for render in StoredRender.objects.filter(article__in=others)
    } == untouched


def test_a_draft_save_enqueues_no_render_and_stales_nothing(db, seed_story):
    stored(seed_story)
    draft = factories.make_article(status=Article.Status.DRAFT)
    DBTaskResult.objects.all().delete()
    draft.headline = "Otro titular"
    draft.save()
    assert rerender_jobs().exists() is False
    assert servable(seed_story) == dict.fromkeys(KINDS, True)
    assert StoredRender.objects.filter(article=draft).exists() is False
    assert jobs.render_and_store(draft.pk) == "dropped"


@pytest.mark.parametrize("signals", [True, False])
def test_withdrawn_article_is_never_served_from_its_render(
    client, seed_story, run_tasks, signals
):
    stored(seed_story)
    if signals:
        seed_story.withdraw("Retirado por error de fuente.")
        seed_story.save()
    else:  # no signal, no key touched: the article's row alone decides
        Article.objects.filter(pk=seed_story.pk).update(status=Article.Status.WITHDRAWN)
    assert StoredRender.objects.filter(article=seed_story).count() == len(KINDS)
    page, api, ninjs3, ninjs2 = answers(client, seed_story)
    assert page.status_code == 410
    first_paragraph = strip_tags(seed_story.body).split("\n")[0][:60]
    assert (
        first_paragraph
        in StoredRender.objects.get(article=seed_story, kind="page").content
    )
    assert first_paragraph not in page.content.decode()
    assert [api.status_code, ninjs3.status_code, ninjs2.status_code] == [404] * 3
    if signals:
        run_tasks()
        assert StoredRender.objects.filter(article=seed_story).exists() is False
        assert RenderKey.objects.filter(article=seed_story).exists() is False


def test_unpublished_article_is_not_served_from_its_render(client, seed_story):
    stored(seed_story)
    seed_story.status = Article.Status.DRAFT
    seed_story.save()
    assert [response.status_code for response in answers(client, seed_story)] == [
        404
    ] * 4


def test_a_new_fingerprint_makes_renders_stale_until_rerendered(
    client, seed_story, monkeypatch, django_assert_max_num_queries
):
    stored(seed_story)
    monkeypatch.setattr(rendering, "FORMAT", rendering.FORMAT + 1)
    rendering.fingerprint.cache_clear()
    try:
        assert servable(seed_story) == dict.fromkeys(KINDS, False)
        assert client.get(seed_story.get_absolute_url()).status_code == 200
        call_command("rerender", "--stale", stdout=None)
        assert rerender_jobs("rerender_articles").exists() is True
        call_command("rerender", "--stale", "--now", stdout=None)
        assert servable(seed_story) == dict.fromkeys(KINDS, True)
        with django_assert_max_num_queries(2):
            client.get(seed_story.get_absolute_url())
    finally:
        rendering.fingerprint.cache_clear()


def test_without_a_worker_pages_are_rendered_live_and_correct(client, seed_story):
    """No job ever runs: no render is stored, and every door is right."""
    article = factories.make_article(slug="recien-publicado", body="<p>Nuevo.</p>")
    assert StoredRender.objects.exists() is False
    assert client.get(article.get_absolute_url()).status_code == 200
    factories.add_update(seed_story, "Nota de corrección sin trabajador.")
    for response in answers(client, seed_story):
        assert response.status_code == 200
        assert "Nota de corrección sin trabajador." in response.content.decode()
    assert rerender_jobs("rerender_articles").exists() is True  # waiting


def test_a_render_that_raced_a_change_is_not_kept(db, seed_story, monkeypatch):
    """A key touched while the article renders: the render may show the data
    as it was, so it is not kept (the change's own job renders it again)."""
    from articles import invalidation

    real = rendering.representations

    def racing(article):
        made = real(article)
        invalidation.touch({f"article:{article.pk}"})
        return made

    monkeypatch.setattr(rendering, "representations", racing)
    assert jobs.render_and_store(seed_story.pk) == "raced"
    assert StoredRender.objects.exists() is False


LIST = "/api/v1/articles/?page_size=20"


def test_api_list_from_stored_items_is_the_live_list(client, seed_story):
    articles = [seed_story] + [
        factories.make_article(slug=f"lista-{n}") for n in range(4)
    ]
    for article in articles:
        stored(article)
    assert len(queries(client, LIST)) == 2  # the page of articles, their items
    kept = client.get(LIST)
    StoredRender.objects.filter(kind="api-item").delete()
    live = client.get(LIST)
    assert kept.status_code == live.status_code == 200
    assert kept.content == live.content
    assert len(kept.json()["results"]) == 5


def test_api_list_serves_a_stale_item_live(client, seed_story):
    others = [factories.make_article(slug=f"lista-{n}") for n in range(3)]
    for article in [seed_story, *others]:
        stored(article)
    factories.add_update(seed_story, "Corrección en la lista.")
    notes = {
        item["slug"]: [update["note"] for update in item["updates"]]
        for item in client.get(LIST).json()["results"]
    }
    assert notes[seed_story.slug] == ["Corrección en la lista."]
    assert {notes[article.slug] == [] for article in others} == {True}


def test_a_page_cached_from_a_stored_render_goes_stale_with_what_it_shows(
    client, seed_story, settings
):
    """Served from its render, the page records the render's keys: the page
    cache (and Surrogate-Key) drop it when an entity it names is renamed."""
    settings.PAGE_CACHE = True
    stored(seed_story)
    url = seed_story.get_absolute_url()
    assert client.get(url)["X-Page-Cache"] == "miss"
    first = client.get(url)
    assert first["X-Page-Cache"] == "hit"
    entity = seed_story.entity_links.first().entity
    assert f"entity:{entity.pk}" in first["Surrogate-Key"].split()
    entity.name = "Nombre nuevo de la entidad"
    entity.save()
    again = client.get(url)
    assert again["X-Page-Cache"] == "miss"
    assert "Nombre nuevo de la entidad" in again.content.decode()
