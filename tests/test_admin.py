from collections import Counter
from datetime import timedelta

import lxml.html
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import (
    Article,
    ArticleUpdate,
    Author,
    Byline,
    Entity,
    Photo,
    Section,
)
from articles.stand_in import stand_in_image
from tests.editorial import article_form, changelist, inline_management
from tests.factories import make_article, make_author, make_entity, seed_source

MODELS = [Article, ArticleUpdate, Author, Entity, Photo, Section]


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.__name__)
def test_changelist_add_and_search_pages_answer_200(editor_client, seed_story, model):
    assert editor_client.get(changelist(model)).status_code == 200
    assert editor_client.get(changelist(model), {"q": "Perú"}).status_code == 200
    add = reverse(f"admin:articles_{model._meta.model_name}_add")
    assert editor_client.get(add).status_code == 200


@pytest.mark.parametrize(
    ("model", "params", "count"),
    [
        (Article, {"status__exact": "published"}, 1),
        (Article, {"status__exact": "draft"}, 0),
        (Article, {"language": "es"}, 1),
        (Article, {"published_at__year": "2025"}, 1),
        (Author, {"category__exact": "staff"}, 0),
        (Entity, {"kind__exact": "country"}, 22),
        (Entity, {"kind__exact": "person"}, 3),
        (Photo, {"supplier_category__exact": "handout"}, 1),
        (ArticleUpdate, {"kind__exact": "correction"}, 0),
    ],
)
def test_each_filter_answers_200_with_what_it_filters(
    editor_client, seed_story, model, params, count
):
    response = editor_client.get(changelist(model), params)
    assert response.status_code == 200
    assert response.context["cl"].result_count == count


def test_section_filter_lists_the_seed_story(editor_client, seed_story):
    response = editor_client.get(
        changelist(Article), {"section__id__exact": seed_story.section_id}
    )
    assert response.status_code == 200
    assert list(response.context["cl"].result_list) == [seed_story]


def test_search_finds_the_seed_story_by_words_of_its_body(editor_client, seed_story):
    response = editor_client.get(changelist(Article), {"q": "antinarcóticos"})
    assert list(response.context["cl"].result_list) == [seed_story]


def test_entity_search_covers_aliases_and_wikidata_ids(editor_client, seed_story):
    by_alias = editor_client.get(changelist(Entity), {"q": "Atlántico Norte"})
    by_wikidata = editor_client.get(changelist(Entity), {"q": "Q419"})
    assert [e.slug for e in by_alias.context["cl"].result_list] == ["otan"]
    assert [e.slug for e in by_wikidata.context["cl"].result_list] == ["peru"]


def test_entity_list_shows_article_counts_and_wikidata_links(editor_client, seed_story):
    response = editor_client.get(changelist(Entity), {"q": "Perú"})
    peru = next(e for e in response.context["cl"].result_list if e.slug == "peru")
    assert peru.article_count == 1
    assert b'href="https://www.wikidata.org/wiki/Q419"' in response.content


def test_article_list_shows_the_missing_byline_explicitly(editor_client, seed_story):
    response = editor_client.get(changelist(Article))
    assert '<td class="field-byline">(no byline)</td>' in response.content.decode()


def shown_form(response):
    """What the page's change form shows, field by field, inline rows under
    their prefixed names: the text of inputs and text areas, the label of
    each select's chosen option, whether a checkbox is ticked."""
    assert response.status_code == 200
    page = lxml.html.fromstring(response.content.decode())
    [form] = page.xpath('//form[contains(@id, "_form")][not(@id="logout-form")]')
    shown = {}
    for element in form.inputs:
        name, kind = element.get("name"), element.get("type", "")
        if (
            not name
            or name == "csrfmiddlewaretoken"
            or "__prefix__" in name
            or name.startswith("initial-")
            or kind in {"submit", "button", "file"}
        ):
            continue
        if element.tag == "textarea":
            # A browser drops the newline that opens a text area.
            shown[name] = (element.text or "").removeprefix("\n")
        elif element.tag == "select":
            chosen = [
                option.text_content() for option in element.xpath("option[@selected]")
            ]
            shown[name] = chosen if element.multiple else "".join(chosen)
        elif kind == "checkbox":
            shown[name] = element.checked
        else:
            shown[name] = element.get("value", "")
    return shown


def main_fields(shown):
    return {name: value for name, value in shown.items() if "-" not in name}


def inline_rows(shown, prefix, *fields):
    total = int(shown[f"{prefix}-TOTAL_FORMS"])
    assert shown[f"{prefix}-INITIAL_FORMS"] == str(total)
    assert f"{prefix}-{total}-id" not in shown
    return [
        tuple(shown[f"{prefix}-{row}-{field}"] for field in fields)
        for row in range(total)
    ]


def table_rows(response, table_id):
    page = lxml.html.fromstring(response.content.decode())
    return [
        [" ".join(cell.text_content().split()) for cell in row.xpath("td|th")]
        for row in page.xpath(f'//table[@id="{table_id}"]/tbody/tr')
    ]


def test_change_pages_of_the_seed_show_what_is_stored(editor_client, seed_story):
    source = seed_source()
    author = make_author("ana-perez", name="Ana Pérez", title="Corresponsal")
    Byline.objects.create(article=seed_story, author=author)
    update = ArticleUpdate.objects.create(article=seed_story, note="Añade contexto.")
    update_time = timezone.localtime(update.published_at)
    links = list(seed_story.entity_links.order_by("order").select_related("entity"))
    with translation.override("en"):
        entity_rows = [(link.entity.name, link.get_role_display()) for link in links]
    photo_caption = source["caption"]

    def page(name, *args):
        return editor_client.get(reverse(f"admin:articles_{name}", args=args))

    assert main_fields(shown_form(page("author_change", author.pk))) == {
        "name": "Ana Pérez",
        "slug": "ana-perez",
        "title": "Corresponsal",
        "affiliation": "",
        "category": "staff",
        "bio": "",
        "user": "",
    }

    assert shown_form(page("articleupdate_change", update.pk)) == {
        "article": source["headline"],
        "kind": "update",
        "note": "Añade contexto.",
        "published_at_0": update_time.strftime("%Y-%m-%d"),
        "published_at_1": update_time.strftime("%H:%M:%S"),
    }

    article = shown_form(page("article_change", seed_story.pk))
    assert main_fields(article) == {
        "headline": source["headline"],
        "slug": "peru-aliado-extra-otan",
        "dek": source["dek"],
        "body": "\n".join(f"<p>{paragraph}</p>" for paragraph in source["paragraphs"]),
        "section": "Internacional",
        "language": "es",
        "lead_photo": str(seed_story.lead_photo),
        "related": [],
        "byline_text": "",
        "status": "published",
        "published_at_0": "2025-12-13",
        "published_at_1": "08:00:00",
        "withdrawal_reason": "",
        "seo_title": "",
        "meta_description": "",
        "social_image": "",
        "loaded_version": "1",
    }
    assert inline_rows(article, "bylines", "author", "role", "order") == [
        ("Ana Pérez", "author", "0")
    ]
    # The compact entity list names each linked entity beside its hidden id.
    change = page("article_change", seed_story.pk)
    names = lxml.html.fromstring(change.content.decode()).xpath(
        '//span[@class="compact-entity__name"]/text()'
    )
    ids = inline_rows(article, "entity_links", "entity")
    assert ids == [(str(link.entity_id),) for link in links]
    roles = inline_rows(article, "entity_links", "role")
    rows = [(name, role) for name, (role,) in zip(names, roles, strict=True)]
    assert len(rows) == 41
    assert rows[:5] == [
        ("Perú", "main subject"),
        ("Estados Unidos", "main subject"),
        ("Aliado principal extra-OTAN", "main subject"),
        ("Donald Trump", "main subject"),
        ("OTAN", "mentioned"),
    ]
    assert rows == entity_rows
    assert Counter(role for _, role in rows) == {"main subject": 4, "mentioned": 37}
    assert inline_rows(article, "updates", "kind", "note") == [
        ("update", "Añade contexto.")
    ]

    history = page("article_history", seed_story.pk)
    assert [[row[0], row[2]] for row in table_rows(history, "change-history")] == [
        [source["headline"], "Created"]
    ]
    related = [row[2] for row in table_rows(history, "related-change-history")]
    assert related[:2] == [
        "Update or correction: update: Añade contexto.",
        "Byline: Ana Pérez (author)",
    ]
    # The photo and the entity links were recorded by one load, in any order.
    assert sorted(related[2:]) == sorted(
        [f"Photo: {seed_story.lead_photo}"]
        + [f"Entity: {name} ({role})" for name, role in entity_rows]
    )

    assert shown_form(page("photo_change", seed_story.lead_photo_id)) == {
        "image-clear": False,
        "alt_text": (
            "Imagen de sustitución generada por Newsroom: la foto original, de "
            "soldados del Ejército de Perú en un desfile en Lima, no viene con el "
            "texto de origen."
        ),
        "caption": photo_caption,
        "focal_x": "0.5",
        "focal_y": "0.5",
        "credit_line": "Freddy Rodríguez / Ejército del Perú",
        "creator": "Freddy Rodríguez",
        "source": "Ejército del Perú",
        "supplier_category": "handout",
        "copyright_notice": "",
        "license": "",
        "date_taken": "2025-12-09",
        "place": "Lima, Perú",
    }

    assert shown_form(page("section_change", seed_story.section_id)) == {
        "name": "Internacional",
        "slug": "internacional",
        "description": "Noticias del mundo, con la mirada puesta en América Latina.",
    }

    peru = Entity.objects.get(slug="peru")
    assert shown_form(page("entity_change", peru.pk)) == {
        "kind": "country",
        "name": "Perú",
        "slug": "peru",
        "aliases": "Peru\nRepública del Perú",
        "description": "País de América del Sur.",
        "wikidata_id": "Q419",
        "country_code": "PE",
        "parent": "",
    }


def test_autocomplete_finds_entities_for_the_article_inline(editor_client, seed_story):
    response = editor_client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Per",
            "app_label": "articles",
            "model_name": "articleentity",
            "field_name": "entity",
        },
    )
    assert response.status_code == 200
    names = [result["text"] for result in response.json()["results"]]
    assert "Perú" in names


def test_saving_an_article_with_bylines_entities_and_an_update(
    editor_client, superuser, seed_story
):
    ana = make_author("ana-perez", name="Ana Pérez")
    luis = make_author("luis-soto", name="Luis Soto")
    peru = Entity.objects.get(slug="peru")
    quito = Entity.objects.get(slug="quito")
    when = timezone.localtime() - timedelta(minutes=30)
    data = article_form(
        seed_story.section,
        **inline_management("bylines", 2),
        **{
            "bylines-0-author": str(ana.pk),
            "bylines-0-role": "reporter",
            "bylines-0-order": "0",
            "bylines-1-author": str(luis.pk),
            "bylines-1-role": "photographer",
            "bylines-1-order": "1",
        },
        **inline_management("entity_links", 2),
        **{
            "entity_links-0-entity": str(quito.pk),
            "entity_links-0-role": "about",
            "entity_links-0-order": "0",
            "entity_links-1-entity": str(peru.pk),
            "entity_links-1-role": "mentions",
            "entity_links-1-order": "1",
        },
        **inline_management("updates", 1),
        **{
            "updates-0-kind": "correction",
            "updates-0-note": "Una versión anterior situaba la reunión en Lima.",
            "updates-0-published_at_0": when.strftime("%Y-%m-%d"),
            "updates-0-published_at_1": when.strftime("%H:%M:%S"),
        },
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["errors"]
    article = Article.objects.with_bylines().get(slug="noboa-jeri-quito")
    assert [(b.author.slug, b.role) for b in article.bylines.all()] == [
        ("ana-perez", "reporter"),
        ("luis-soto", "photographer"),
    ]
    assert [(link.entity.slug, link.role) for link in article.entity_links.all()] == [
        ("quito", "about"),
        ("peru", "mentions"),
    ]
    update = article.updates.get()
    assert update.kind == ArticleUpdate.Kind.CORRECTION
    assert update.created_by == superuser
    assert article.updated_at == when.replace(microsecond=0)


def test_adding_an_update_to_the_seed_moves_its_update_time(editor_client, seed_story):
    url = reverse("admin:articles_article_change", args=[seed_story.pk])
    page = editor_client.get(url)
    adminform = page.context["adminform"].form
    links = list(seed_story.entity_links.all())
    data = article_form(
        seed_story.section,
        headline=seed_story.headline,
        slug=seed_story.slug,
        dek=seed_story.dek,
        body=seed_story.body,
        lead_photo=str(seed_story.lead_photo_id),
        published_at_0="2025-12-13",
        published_at_1="08:00:00",
        loaded_version=str(adminform.initial["loaded_version"]),
        **inline_management("entity_links", len(links), len(links)),
        **inline_management("updates", 1),
        **{"updates-0-kind": "update", "updates-0-note": "Añade la reacción de Lima."},
    )
    for i, link in enumerate(links):
        data[f"entity_links-{i}-id"] = str(link.pk)
        data[f"entity_links-{i}-article"] = str(seed_story.pk)
        data[f"entity_links-{i}-entity"] = str(link.entity_id)
        data[f"entity_links-{i}-role"] = link.role
        data[f"entity_links-{i}-order"] = str(link.order)
    now = timezone.now()
    del data["updates-0-kind"]
    data["updates-0-kind"] = "update"
    data["updates-0-published_at_0"] = timezone.localtime(now).strftime("%Y-%m-%d")
    data["updates-0-published_at_1"] = timezone.localtime(now).strftime("%H:%M:%S")
    response = editor_client.post(url, data)
    assert response.status_code == 302, response.context["errors"]
    seed_story.refresh_from_db()
    assert seed_story.updated_at == now.replace(microsecond=0)
    assert seed_story.entity_links.count() == len(links) == 41


def test_stale_article_form_is_refused_and_the_newer_edit_kept(
    editor_client, seed_story
):
    url = reverse("admin:articles_article_change", args=[seed_story.pk])
    loaded_version = (
        editor_client.get(url).context["adminform"].form.initial["loaded_version"]
    )
    seed_story.dek = "Sumario que otra editora guardó mientras tanto."
    seed_story.save()
    data = article_form(
        seed_story.section,
        slug=seed_story.slug,
        dek="Mi sumario, basado en la versión anterior.",
        loaded_version=str(loaded_version),
    )
    response = editor_client.post(url, data)
    assert response.status_code == 200
    errors = response.context["adminform"].form.non_field_errors()
    assert errors.as_data()[0].code == "stale_version"
    seed_story.refresh_from_db()
    assert seed_story.dek == "Sumario que otra editora guardó mientras tanto."


def test_duplicate_slug_shows_an_error_and_saves_nothing(editor_client, seed_story):
    before = Article.objects.count()
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(seed_story.section, slug=seed_story.slug),
    )
    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Article.objects.count() == before


def test_bad_wikidata_id_shows_an_error_and_saves_nothing(editor_client, db):
    response = editor_client.post(
        reverse("admin:articles_entity_add"),
        {"kind": "country", "name": "Perú", "slug": "peru", "wikidata_id": "419"},
    )
    assert response.status_code == 200
    assert "wikidata_id" in response.context["adminform"].form.errors
    assert Entity.objects.count() == 0


def test_duplicate_wikidata_id_shows_an_error_and_saves_nothing(editor_client, db):
    make_entity("peru", wikidata_id="Q419")
    response = editor_client.post(
        reverse("admin:articles_entity_add"),
        {"kind": "country", "name": "Peru", "slug": "peru-2", "wikidata_id": "Q419"},
    )
    assert response.status_code == 200
    assert response.context["adminform"].form.errors
    assert Entity.objects.count() == 1


def test_image_without_alt_text_shows_an_error_and_saves_nothing(editor_client, db):
    upload = SimpleUploadedFile(
        "foto.png", stand_in_image("Pie", "Crédito"), "image/png"
    )
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": upload,
            "alt_text": "",
            "caption": "Soldados desfilan",
            "supplier_category": "staff",
        },
    )
    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    assert Photo.objects.count() == 0


def test_photo_with_alt_text_uploads_and_shows_a_thumbnail(editor_client, db):
    upload = SimpleUploadedFile(
        "foto.png", stand_in_image("Pie", "Crédito"), "image/png"
    )
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": upload,
            "alt_text": "Soldados desfilan",
            "caption": "Soldados desfilan en Lima",
            "creator": "Freddy Rodríguez",
            "source": "Ejército del Perú",
            "supplier_category": "handout",
        },
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert photo.credit_line == "Freddy Rodríguez / Ejército del Perú"
    assert (photo.width, photo.height) == (1200, 675)
    listing = editor_client.get(changelist(Photo)).content.decode()
    # Through the desk's own address until a rendition is made: the media
    # URL of an original is never linked.
    original = reverse("admin:articles_photo_original", args=[photo.pk])
    assert original in listing
    assert photo.image.url not in listing


def test_invalid_inline_rolls_back_the_whole_article(editor_client, seed_story):
    ana = make_author("ana-perez")
    data = article_form(
        seed_story.section,
        **inline_management("bylines", 2),
        **{
            "bylines-0-author": str(ana.pk),
            "bylines-0-role": "author",
            "bylines-0-order": "0",
            "bylines-1-author": str(ana.pk),
            "bylines-1-role": "author",
            "bylines-1-order": "1",
        },
    )
    response = editor_client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert not Article.objects.filter(slug="noboa-jeri-quito").exists()
    assert Byline.objects.count() == 0


def test_view_on_site_only_for_public_articles(editor_client, seed_story):
    draft = make_article("borrador", status=Article.Status.DRAFT)
    public = editor_client.get(
        reverse("admin:articles_article_change", args=[seed_story.pk])
    )
    hidden = editor_client.get(
        reverse("admin:articles_article_change", args=[draft.pk])
    )
    link = f'href="{seed_story.get_absolute_url()}" class="viewsitelink"'
    assert link in public.content.decode()
    assert "viewsitelink" not in hidden.content.decode()


def test_article_changelist_runs_a_fixed_number_of_queries(
    editor_client, django_assert_max_num_queries, seed_story
):
    def many_articles_with_bylines(count):
        for i in range(count):
            article = make_article(f"nota-{i}", section=seed_story.section)
            for order in range(3):
                Byline.objects.create(
                    article=article,
                    author=Author.objects.get_or_create(
                        slug=f"autor-{order}", defaults={"name": f"Autor {order}"}
                    )[0],
                    order=order,
                )

    with django_assert_max_num_queries(12) as one_page:
        assert editor_client.get(changelist(Article)).status_code == 200
    many_articles_with_bylines(30)
    with django_assert_max_num_queries(len(one_page.captured_queries)):
        response = editor_client.get(changelist(Article))
    assert response.context["cl"].result_count == 31


def test_entity_change_form_links_to_wikidata(editor_client, seed_story):
    peru = Entity.objects.get(slug="peru")
    response = editor_client.get(
        reverse("admin:articles_entity_change", args=[peru.pk])
    )
    assert 'href="https://www.wikidata.org/wiki/Q419"' in response.content.decode()


def test_an_entity_cannot_be_part_of_itself_or_of_its_own_part(editor_client, db):
    peru = make_entity("peru")
    lima = make_entity("lima", kind=Entity.Kind.PLACE, parent=peru)
    url = reverse("admin:articles_entity_change", args=[peru.pk])
    for parent in (peru, lima):
        response = editor_client.post(
            url,
            {"kind": "country", "name": "Perú", "slug": "peru", "parent": parent.pk},
        )
        assert response.status_code == 200
        assert "parent" in response.context["adminform"].form.errors
    peru.refresh_from_db()
    assert peru.parent is None


def test_deleting_corrections_in_bulk_moves_the_update_time_back(
    editor_client, seed_story
):
    earlier = timezone.now() - timedelta(hours=2)
    later = timezone.now() - timedelta(hours=1)
    kept = ArticleUpdate.objects.create(
        article=seed_story, note="Primera", published_at=earlier
    )
    dropped = ArticleUpdate.objects.create(
        article=seed_story, note="Segunda", published_at=later
    )
    seed_story.refresh_updated_at()
    assert seed_story.updated_at == later
    response = editor_client.post(
        changelist(ArticleUpdate),
        {"action": "delete_selected", "_selected_action": [dropped.pk], "post": "yes"},
    )
    assert response.status_code == 302
    seed_story.refresh_from_db()
    assert list(seed_story.updates.all()) == [kept]
    assert seed_story.updated_at == earlier


def test_publishing_in_the_admin_without_a_time_publishes_now(editor_client, db):
    section = Section.objects.create(name="Mundo", slug="mundo")
    before = timezone.now()
    response = editor_client.post(
        reverse("admin:articles_article_add"),
        article_form(section, published_at_0="", published_at_1=""),
    )
    assert response.status_code == 302
    article = Article.objects.get(slug="noboa-jeri-quito")
    assert article.published_at >= before.replace(microsecond=0)
    assert article.is_published() is True


def test_an_admin_save_is_one_revision_in_the_history(editor_client, seed_story):
    url = reverse("admin:articles_article_change", args=[seed_story.pk])
    loaded_version = (
        editor_client.get(url).context["adminform"].form.initial["loaded_version"]
    )
    revisions = seed_story.history.count()
    data = article_form(
        seed_story.section,
        slug=seed_story.slug,
        dek="Sumario revisado.",
        loaded_version=str(loaded_version),
    )
    response = editor_client.post(url, data)
    assert response.status_code == 302
    seed_story.refresh_from_db()
    assert seed_story.history.count() == revisions + 1
    assert seed_story.version == loaded_version + 1
