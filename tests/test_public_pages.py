import ast
import gettext
import re
from datetime import UTC, datetime, timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.templatetags.static import static
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import http_date
from django.views import View
from lxml import html as lxml_html

from articles.caching import PublicCacheMixin
from articles.models import ArticleUpdate, Entity
from newsroom.settings import BASE_DIR
from tests import factories


@pytest.fixture
def unpublished(seed_story):
    return factories.make_unpublished(seed_story.section)


def page(client, url, **extra):
    response = client.get(url, **extra)
    return response, lxml_html.fromstring(response.content.decode())


def texts(tree, xpath):
    return [" ".join(el.text_content().split()) for el in tree.xpath(xpath)]


# Every page type


def public_urls(article):
    entity = article.entities.get(slug="peru")
    return [
        reverse("articles:home"),
        article.get_absolute_url(),
        article.section.get_absolute_url(),
        entity.get_absolute_url(),
        reverse("articles:search") + "?q=aliado",
        reverse("articles:corrections"),
    ]


def test_every_page_type_answers_200_with_the_seed_story(client, seed_story):
    author = factories.make_author("ana-perez", name="Ana Pérez")
    factories.add_byline(seed_story, author)
    urls = [*public_urls(seed_story), author.get_absolute_url()]
    statuses = {url: client.get(url).status_code for url in urls}
    assert statuses == dict.fromkeys(urls, 200)


def test_seed_page_shows_headline_dek_caption_and_credit(client, seed_story):
    source = factories.seed_source()
    response, tree = page(client, seed_story.get_absolute_url())
    assert texts(tree, "//h1") == [source["headline"]]
    assert texts(tree, "//article//p[@class='article__dek']") == [source["dek"]]
    assert texts(tree, "//article//figure//span[@class='caption']") == [
        source["caption"]
    ]
    assert texts(tree, "//article//figure//span[@class='credit']") == [
        "Foto: Freddy Rodríguez / Ejército del Perú"
    ]


def test_seed_page_shows_all_ten_body_paragraphs_as_in_the_source(client, seed_story):
    source = factories.seed_source()
    _, tree = page(client, seed_story.get_absolute_url())
    paragraphs = texts(tree, "//div[@class='article__body']/p")
    assert len(source["paragraphs"]) == 10
    assert paragraphs == source["paragraphs"]


def test_seed_page_links_every_entity_grouped_by_kind(client, seed_story):
    _, tree = page(client, seed_story.get_absolute_url())
    links = {
        a.text_content(): a.get("href")
        for a in tree.xpath("//section[@class='article__entities']//a")
    }
    expected = {
        link.entity.name: link.entity.get_absolute_url()
        for link in seed_story.entity_links.select_related("entity")
    }
    assert links == expected
    groups = texts(tree, "//section[@class='article__entities']//dt")
    kinds = {link.entity.get_kind_display() for link in seed_story.entity_links.all()}
    assert sorted(groups) == sorted(kind.capitalize() for kind in kinds)


def test_article_without_byline_prints_no_byline_label(client, seed_story):
    _, tree = page(client, seed_story.get_absolute_url())
    assert tree.xpath("//p[contains(@class, 'byline')]") == []
    assert "Por " not in tree.xpath("string(//div[@class='article__meta'])")


def test_desk_credit_prints_as_such(client, seed_story):
    seed_story.byline_text = "Redacción Mundo"
    seed_story.save()
    _, tree = page(client, seed_story.get_absolute_url())
    assert texts(tree, "//article//p[@class='byline']") == ["Redacción Mundo"]


def test_authors_print_as_linked_byline_in_order(client, seed_story):
    ana = factories.make_author("ana", name="Ana Pérez")
    luis = factories.make_author("luis", name="Luis Soto")
    factories.add_byline(seed_story, luis, order=1)
    factories.add_byline(seed_story, ana, order=0)
    _, tree = page(client, seed_story.get_absolute_url())
    assert texts(tree, "//article//p[@class='byline']") == ["Por Ana Pérez y Luis Soto"]
    assert tree.xpath("//article//p[@class='byline']/a/@href") == [
        "/autores/ana/",
        "/autores/luis/",
    ]


def test_published_time_is_shown_and_updated_only_when_set(client, seed_story):
    _, tree = page(client, seed_story.get_absolute_url())
    published = timezone.localtime(seed_story.published_at).isoformat()
    assert tree.xpath("//p[@class='article__dates']//time/@datetime") == [published]
    assert "Actualizada" not in tree.xpath("string(//p[@class='article__dates'])")

    factories.add_update(
        seed_story, "Se añadió la reacción del gobierno.", ArticleUpdate.Kind.UPDATE
    )
    seed_story.refresh_from_db()
    _, tree = page(client, seed_story.get_absolute_url())
    updated = timezone.localtime(seed_story.updated_at).isoformat()
    assert tree.xpath("//p[@class='article__dates']//time/@datetime") == [
        published,
        updated,
    ]
    assert texts(tree, "//p[@class='article__dates']/span") == [
        "Publicado " + texts(tree, "//p[@class='article__dates']/span[1]/time")[0],
        "Actualizada " + texts(tree, "//p[@class='article__dates']/span[2]/time")[0],
    ]


def test_dates_are_written_in_the_articles_language_and_time_zone(client, seed_story):
    seed_story.published_at = datetime(2025, 12, 11, 15, 30, tzinfo=UTC)
    seed_story.save()
    _, tree = page(client, seed_story.get_absolute_url())
    # 15:30 UTC is 10:30 in Guayaquil.
    assert texts(tree, "//p[@class='article__dates']//time") == [
        "11 de diciembre de 2025 a las 10:30"
    ]
    seed_story.language = "en"
    seed_story.save()
    _, tree = page(client, seed_story.get_absolute_url())
    assert tree.xpath("/html/@lang") == ["en"]
    assert texts(tree, "//p[@class='article__dates']//time") == [
        "Dec. 11, 2025, 10:30 a.m."
    ]


def test_update_and_correction_notes_are_shown(client, seed_story):
    factories.add_update(seed_story, "Corregimos la fecha del mensaje.")
    factories.add_update(
        seed_story,
        "Una nota que aún no se publica.",
        published_at=timezone.now() + timedelta(hours=3),
    )
    _, tree = page(client, seed_story.get_absolute_url())
    notes = texts(tree, "//section[@class='article__updates']//li")
    assert len(notes) == 1
    assert notes[0].startswith("Corrección (")
    assert notes[0].endswith("): Corregimos la fecha del mensaje.")


def test_related_articles_are_listed_only_when_published(
    client, seed_story, unpublished
):
    visible = factories.make_article(slug="visible", headline="Relacionado visible")
    seed_story.related.add(visible, *unpublished.values())
    _, tree = page(client, seed_story.get_absolute_url())
    assert tree.xpath("//aside[@class='related']//a/@href") == ["/articulos/visible/"]


def test_share_links_are_plain_links_without_third_party_scripts(client, seed_story):
    _, tree = page(client, seed_story.get_absolute_url())
    hrefs = tree.xpath("//nav[@class='share']//a/@href")
    url = "http%3A%2F%2Ftestserver%2Farticulos%2Fperu-aliado-extra-otan%2F"
    assert [href.split("?")[0] for href in hrefs] == [
        "https://x.com/intent/post",
        "https://www.facebook.com/sharer/sharer.php",
        "https://wa.me/",
        "mailto:",
        "http://testserver/articulos/peru-aliado-extra-otan/",
    ]
    assert all(url in href for href in hrefs[:4])
    assert tree.xpath("//script/@src") == ["/static/js/share.js"]
    assert tree.xpath("//script[not(@src)]/@type") == ["application/ld+json"]


def test_html_lang_follows_the_article_language(client, seed_story):
    seed_story.language = "en"
    seed_story.save()
    response, tree = page(
        client, seed_story.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es"
    )
    assert tree.xpath("/html/@lang") == ["en"]
    assert response.headers["Content-Language"] == "en"
    assert texts(tree, "//figure//span[@class='credit']") == [
        "Photo: Freddy Rodríguez / Ejército del Perú"
    ]
    assert translation.get_language() == "es"


# Lists


def test_home_shows_the_latest_published_article_as_lead_story(client, seed_story):
    older = factories.make_article(
        slug="older", published_at=seed_story.published_at - timedelta(days=1)
    )
    _, tree = page(client, reverse("articles:home"))
    lead = tree.xpath("//section[@class='front__lead']//h2/a/@href")
    latest = tree.xpath("//section[@class='front__latest']//h3/a/@href")
    assert lead == [seed_story.get_absolute_url()]
    assert latest == [older.get_absolute_url()]


def test_home_is_paginated(client, seed_story):
    for number in range(25):
        factories.make_article(
            slug=f"extra-{number}",
            section=seed_story.section,
            published_at=seed_story.published_at - timedelta(days=2, minutes=number),
        )
    _, first = page(client, reverse("articles:home"))
    _, second = page(client, reverse("articles:home") + "?page=2")
    assert len(first.xpath("//article[contains(@class, 'card')]")) == 20
    assert len(second.xpath("//article[contains(@class, 'card')]")) == 6
    assert second.xpath("//section[@class='front__lead']") == []
    assert client.get(reverse("articles:home") + "?page=9").status_code == 404
    assert client.get(reverse("articles:home") + "?page=x").status_code == 404


def test_entity_page_lists_its_articles_with_kind_description_aliases_wikidata(
    client, seed_story
):
    peru = Entity.objects.get(slug="peru")
    _, tree = page(client, peru.get_absolute_url())
    assert texts(tree, "//h1") == [peru.name]
    assert texts(tree, "//p[@class='page-header__kind']") == [
        peru.get_kind_display().capitalize()
    ]
    assert texts(tree, "//p[@class='page-header__description']") == [peru.description]
    assert texts(tree, "//p[@class='page-header__aliases']") == [
        "También conocido como: " + ", ".join(peru.alias_list)
    ]
    assert tree.xpath("//p[@class='page-header__links']/a/@href") == [
        "https://www.wikidata.org/wiki/Q419"
    ]
    assert tree.xpath("//div[contains(@class, 'cards')]//h2/a/@href") == [
        seed_story.get_absolute_url()
    ]


def test_section_and_author_pages_list_their_articles(client, seed_story):
    author = factories.make_author("ana", name="Ana Pérez", title="Corresponsal")
    factories.add_byline(seed_story, author)
    other = factories.make_article(
        slug="otra-seccion", section=factories.make_section()
    )
    for url, expected in [
        (seed_story.section.get_absolute_url(), [seed_story.get_absolute_url()]),
        (author.get_absolute_url(), [seed_story.get_absolute_url()]),
        (other.section.get_absolute_url(), [other.get_absolute_url()]),
    ]:
        _, tree = page(client, url)
        assert tree.xpath("//div[contains(@class, 'cards')]//h2/a/@href") == expected


def test_unknown_section_entity_author_and_article_answer_404(client, db):
    for name in ["section_detail", "entity_detail", "author_detail", "article_detail"]:
        url = reverse(f"articles:{name}", kwargs={"slug": "no-existe"})
        assert client.get(url).status_code == 404


# Footer and head


def test_every_page_links_corrections_feeds_and_search_in_footer_and_head(
    client, seed_story
):
    for url in public_urls(seed_story):
        _, tree = page(client, url)
        footer = tree.xpath("//footer[@class='site-footer']//a/@href")
        assert footer == ["/correcciones/", "/buscar/", "/feeds/rss/", "/feeds/atom/"]
        alternates = tree.xpath("//head/link[@rel='alternate']/@href")
        assert alternates[:2] == ["/feeds/rss/", "/feeds/atom/"]


def test_list_pages_link_their_own_feeds_in_head(client, seed_story):
    peru = Entity.objects.get(slug="peru")
    _, tree = page(client, peru.get_absolute_url())
    assert tree.xpath("//head/link[@rel='alternate']/@href") == [
        "/feeds/rss/",
        "/feeds/atom/",
        "/temas/peru/rss/",
        "/temas/peru/atom/",
    ]


# Corrections page


def test_corrections_page_lists_published_corrections_newest_first(
    client, seed_story, unpublished
):
    now = timezone.now()
    older = factories.add_update(
        seed_story, "Corrección antigua.", published_at=now - timedelta(hours=2)
    )
    newer = factories.add_update(
        seed_story,
        "Aclaración reciente.",
        ArticleUpdate.Kind.CLARIFICATION,
        published_at=now - timedelta(minutes=5),
    )
    factories.add_update(seed_story, "Una actualización.", ArticleUpdate.Kind.UPDATE)
    factories.add_update(
        seed_story, "Corrección futura.", published_at=now + timedelta(hours=1)
    )
    for article in unpublished.values():
        ArticleUpdate.objects.create(
            article=article, kind="correction", note=f"Nota de {article.slug}"
        )
    _, tree = page(client, reverse("articles:corrections"))
    assert texts(tree, "//p[@class='correction__note']") == [newer.note, older.note]
    assert (
        tree.xpath("//p[@class='correction__article']/a/@href")
        == [seed_story.get_absolute_url()] * 2
    )
    assert tree.xpath("//li[@class='correction']//time/@datetime") == [
        timezone.localtime(newer.published_at).isoformat(),
        timezone.localtime(older.published_at).isoformat(),
    ]


# Nothing unpublished leaks


def test_unpublished_articles_answer_404_and_withdrawn_410(client, unpublished):
    statuses = {
        kind: client.get(article.get_absolute_url()).status_code
        for kind, article in unpublished.items()
    }
    assert statuses == {
        "draft": 404,
        "in-review": 404,
        "scheduled": 404,
        "withdrawn": 410,
    }


def test_withdrawn_article_shows_a_notice_never_its_text_or_dek(client, unpublished):
    withdrawn = unpublished["withdrawn"]
    ArticleUpdate.objects.create(
        article=withdrawn,
        kind=ArticleUpdate.Kind.EDITORS_NOTE,
        note="Retirado por errores graves.",
    )
    response, tree = page(client, withdrawn.get_absolute_url())
    content = response.content.decode()
    assert texts(tree, "//h1") == ["Este artículo ha sido retirado"]
    assert texts(tree, "//p[@class='notice__note']") == ["Retirado por errores graves."]
    assert "clandestino" not in content
    assert "application/ld+json" not in content
    assert tree.xpath("//meta[@name='robots']/@content") == ["noindex"]


def test_nothing_unpublished_appears_on_any_page(client, seed_story, unpublished):
    for article in unpublished.values():
        factories.link_entities(article, [Entity.objects.get(slug="peru")])
        seed_story.related.add(article)
    author = factories.make_author("ana", name="Ana Pérez")
    for article in [seed_story, *unpublished.values()]:
        factories.add_byline(article, author)
    urls = [
        *public_urls(seed_story),
        author.get_absolute_url(),
        reverse("articles:search") + "?q=clandestino",
        reverse("articles:search") + "?q=oculto",
    ]
    for url in urls:
        content = client.get(url).content.decode()
        for article in unpublished.values():
            assert article.headline not in content, url
            assert article.dek not in content, url
            assert article.get_absolute_url() not in content, url
            assert "Texto oculto" not in content, url


# Odd input


@pytest.mark.parametrize(
    "query",
    ['"', "%", "_", "x" * 2000, "<script>alert(1)</script>", "\x00", "' OR 1=1"],
)
def test_search_with_odd_input_answers_a_normal_page(client, seed_story, query):
    response = client.get(reverse("articles:search"), {"q": query})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_empty_search_shows_the_form_and_no_results(client, seed_story):
    response, tree = page(client, reverse("articles:search") + "?q=")
    assert response.status_code == 200
    assert tree.xpath("//div[contains(@class, 'cards')]") == []
    assert tree.xpath("//form[@class='search-form']/@action") == ["/buscar/"]


def test_search_results_show_the_seed_story_with_a_highlighted_snippet(
    client, seed_story
):
    _, tree = page(client, reverse("articles:search") + "?q=aliado")
    assert tree.xpath("//div[contains(@class, 'cards')]//h2/a/@href") == [
        seed_story.get_absolute_url()
    ]
    marks = [mark.lower() for mark in texts(tree, "//p[@class='card__snippet']//mark")]
    assert marks
    assert set(marks) <= {"aliado", "aliados"}


# Caching


def test_article_page_answers_conditional_gets_with_304(client, seed_story):
    response = client.get(seed_story.get_absolute_url())
    etag = response.headers["ETag"]
    assert response.headers["Last-Modified"] == http_date(
        int(seed_story.modified_at.timestamp())
    )
    by_etag = client.get(seed_story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert by_etag.status_code == 304
    assert by_etag.content == b""
    assert by_etag.headers["ETag"] == etag
    assert "public" in by_etag.headers["Cache-Control"]
    by_date = client.get(
        seed_story.get_absolute_url(),
        HTTP_IF_MODIFIED_SINCE=response.headers["Last-Modified"],
    )
    assert by_date.status_code == 304
    assert by_date.headers["Last-Modified"] == response.headers["Last-Modified"]


def test_edited_article_answers_200_to_an_old_etag(client, seed_story):
    etag = client.get(seed_story.get_absolute_url()).headers["ETag"]
    seed_story.headline = "Titular corregido"
    seed_story.save()
    response = client.get(seed_story.get_absolute_url(), HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200
    assert response.headers["ETag"] != etag


def test_public_pages_may_be_kept_by_shared_caches(client, seed_story):
    for url in public_urls(seed_story):
        cache_control = client.get(url).headers["Cache-Control"]
        directives = {part.strip() for part in cache_control.split(",")}
        assert directives == {
            "public",
            "max-age=60",
            "s-maxage=300",
            "stale-while-revalidate=60",
        }, url


def test_pages_for_logged_in_staff_are_never_cached(
    client, seed_story, django_user_model
):
    staff = django_user_model.objects.create_user("editor", password="x", is_staff=True)
    client.force_login(staff)
    for url in public_urls(seed_story):
        cache_control = client.get(url).headers["Cache-Control"]
        assert "private" in cache_control, url
        assert "no-store" in cache_control, url
        assert "public" not in cache_control, url


def test_pages_that_hand_out_a_csrf_token_are_never_cached(rf):
    class PageWithForm(PublicCacheMixin, View):
        def get(self, request):
            if request.GET.get("form"):
                get_token(request)
            return HttpResponse("ok")

    plain = rf.get("/")
    plain.user = AnonymousUser()
    with_form = rf.get("/?form=1")
    with_form.user = AnonymousUser()
    plain_cache = PageWithForm.as_view()(plain).headers["Cache-Control"]
    form_cache = PageWithForm.as_view()(with_form).headers["Cache-Control"]
    assert {part.strip() for part in plain_cache.split(",")} == {
        "public",
        "max-age=60",
        "s-maxage=300",
        "stale-while-revalidate=60",
    }
    assert "private" in form_cache
    assert "no-store" in form_cache
    assert "public" not in form_cache


# Query counts


def article_with_entities(seed_story, number):
    entities = [
        factories.make_entity(
            f"tema-{index}", name=f"Tema {index}", kind=Entity.Kind.TOPIC
        )
        for index in range(number)
    ]
    factories.link_entities(seed_story, entities)
    return seed_story


@pytest.mark.parametrize("extra_entities", [0, 40])
def test_article_page_runs_a_fixed_number_of_queries(
    client, seed_story, django_assert_max_num_queries, extra_entities
):
    article_with_entities(seed_story, extra_entities)
    for index in range(3 if extra_entities else 0):
        author = factories.make_author(f"autor-{index}")
        factories.add_byline(seed_story, author, order=index)
        factories.add_update(seed_story, f"Nota {index}")
        seed_story.related.add(factories.make_article(slug=f"rel-{index}"))
    # The article with its section and photo, bylines, entities, updates,
    # related articles and the photo's renditions; rendered live (no stored
    # render yet), the look-up of the stored render and the job that asks for
    # it (once a minute) come on top.
    with django_assert_max_num_queries(9):
        response = client.get(seed_story.get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("articles", [1, 25])
@pytest.mark.parametrize("url_name", ["home", "section_detail", "search"])
def test_list_pages_run_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries, articles, url_name
):
    section = factories.make_section("mundo")
    for number in range(articles):
        article = factories.make_article(
            slug=f"lista-{number}",
            section=section,
            headline=f"Aliado {number}",
            lead_photo=factories.make_photo(with_image=False),
        )
        author = factories.make_author(f"autor-{number}")
        factories.add_byline(article, author)
    url = {
        "home": reverse("articles:home"),
        "section_detail": section.get_absolute_url(),
        "search": reverse("articles:search") + "?q=aliado",
    }[url_name]
    with django_assert_max_num_queries(5):
        response = client.get(url)
    assert response.status_code == 200
    cards = lxml_html.fromstring(response.content).xpath("//article")
    assert len(cards) == min(articles, 20)


# Static files in production


def test_collectstatic_gives_hashed_names_that_pages_use_and_whitenoise_serves(
    settings, tmp_path, seed_story
):
    settings.STATIC_ROOT = tmp_path / "static"
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {
            "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        },
    }
    call_command("collectstatic", interactive=False, verbosity=0)
    hashed = static("css/site.css")
    assert re.fullmatch(r"/static/css/site\.[0-9a-f]{12}\.css", hashed)
    assert (settings.STATIC_ROOT / hashed.removeprefix("/static/")).is_file()
    assert (settings.STATIC_ROOT / (hashed.removeprefix("/static/") + ".gz")).is_file()

    client = Client()  # a new client, so that WhiteNoise reads the new root
    _, tree = page(client, seed_story.get_absolute_url())
    assert hashed in tree.xpath("//head/link[@rel='stylesheet']/@href")
    response = client.get(hashed)
    assert response.status_code == 200
    assert "immutable" in response.headers["Cache-Control"]


def test_update_coming_due_changes_the_etag_and_last_modified(
    client, seed_story, clock
):
    factories.add_update(
        seed_story,
        "Corrección programada.",
        published_at=timezone.now() + timedelta(hours=1),
    )
    first = client.get(seed_story.get_absolute_url())
    clock.move(hours=1, seconds=5)
    response = client.get(
        seed_story.get_absolute_url(),
        HTTP_IF_NONE_MATCH=first.headers["ETag"],
        HTTP_IF_MODIFIED_SINCE=first.headers["Last-Modified"],
    )
    assert response.status_code == 200
    assert "Corrección programada." in response.content.decode()


def test_not_found_page_is_the_sites_own(client, db):
    response, tree = page(client, "/articulos/no-existe/")
    assert response.status_code == 404
    assert texts(tree, "//h1") == ["Página no encontrada"]
    assert tree.xpath("//footer[@class='site-footer']//a/@href")[0] == "/correcciones/"


@pytest.mark.parametrize("articles", [1, 25])
def test_entity_author_and_corrections_pages_run_a_fixed_number_of_queries(
    client, db, django_assert_max_num_queries, articles
):
    section = factories.make_section()
    entity = factories.make_entity("peru", name="Perú", kind=Entity.Kind.TOPIC)
    author = factories.make_author("ana", name="Ana Pérez")
    for number in range(articles):
        article = factories.make_article(slug=f"nota-{number}", section=section)
        factories.link_entities(article, [entity])
        factories.add_byline(article, author)
        factories.add_update(article, f"Corrección {number}")
    for url in [entity.get_absolute_url(), author.get_absolute_url(), "/correcciones/"]:
        with django_assert_max_num_queries(5):
            response = client.get(url)
        assert response.status_code == 200
        tree = lxml_html.fromstring(response.content)
        items = tree.xpath(
            "//article[contains(@class, 'card')] | //li[@class='correction']"
        )
        assert len(items) == min(articles, 20 if url != "/correcciones/" else 50)


# Catalogues


def po_entries(path):
    """(msgid, msgstr) pairs of a .po file, plural forms as their first form."""
    entries = []
    for block in path.read_text().split("\n\n"):
        fields = {}
        key = None
        for line in block.splitlines():
            match = re.match(r'^(msgid|msgid_plural|msgstr(?:\[0\])?) (".*")$', line)
            if match:
                key = match.group(1).replace("[0]", "")
                fields[key] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and key:
                fields[key] += ast.literal_eval(line)
        if fields.get("msgid"):
            entries.append((fields["msgid"], fields.get("msgstr", "")))
    return entries


def test_spanish_catalogue_translates_every_string_and_its_mo_is_current():
    locale = BASE_DIR / "locale" / "es" / "LC_MESSAGES"
    entries = po_entries(locale / "django.po")
    untranslated = [msgid for msgid, msgstr in entries if not msgstr]
    assert untranslated == []
    with (locale / "django.mo").open("rb") as mo:
        catalogue = gettext.GNUTranslations(mo)
    stale = [msgid for msgid, msgstr in entries if catalogue.gettext(msgid) != msgstr]
    assert stale == []
    assert "#, fuzzy" not in (locale / "django.po").read_text()


def test_names_seen_only_on_unpublished_articles_stay_private(client, seed_story):
    hidden = factories.make_unpublished(seed_story.section)
    author = factories.make_author("secreta", name="Autora Secreta")
    secret = Entity.objects.create(
        slug="operacion-secreta", name="Operación Secreta", kind="event"
    )
    for article in hidden.values():
        factories.add_byline(article, author)
        factories.link_entities(article, [secret])
    for url in ["/autores/secreta/", "/temas/operacion-secreta/"]:
        assert client.get(url).status_code == 404, url
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "secreta" not in sitemap
    assert "Autora Secreta" not in client.get("/").content.decode()
