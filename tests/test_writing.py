"""The body: one list for what the editor makes and what the sanitiser
keeps, paste from Word, Google Docs and web pages, photos from the library
in the story, and the admin's search endpoints behind the editor."""

import json
import re
from pathlib import Path

import feedparser
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django_prose_editor.config import allowlist_from_extensions
from jsonschema import Draft202012Validator
from lxml import html as lxml_html

from articles.admin.forms import ArticleAdminForm
from articles.html import (
    ALLOWED_ATTRIBUTES,
    ALLOWED_TAGS,
    BODY_EXTENSIONS,
    NEWSROOM_EXTENSIONS,
    sanitise_body,
)
from articles.invalidation import versions
from articles.models import Article
from articles.ninjs.export import article_to_ninjs
from tests.editorial import desk_login
from tests.factories import jpeg_file, make_article, make_photo, make_section

# Line ends between blocks are kept as sent; the editor writes none.
BETWEEN_BLOCKS = re.compile(r"(</(?:h2|p|ul|ol|li)>)\s+")
PASTED = Path(__file__).parent / "pasted"
STANDARDS = Path(settings.BASE_DIR) / "articles" / "standards" / "ninjs"
CLEAN_PASTE = (
    "<h2>El puerto reabre</h2><p>La autoridad portuaria anunció el lunes que el "
    "muelle <strong>vuelve a operar</strong> tras <em>tres semanas</em> de "
    'cierre. Más datos en <a href="https://example.org/informe" '
    'rel="noopener noreferrer">el informe</a>.</p>'
    "<ul><li><p>Carga a granel</p></li><li><p>Contenedores</p></li></ul>"
)
PHOTO = "0b7f7f5e-3a4b-4b6c-9d7e-1f2a3b4c5d6e"

TABLE = "<table><tbody><tr>{}</tr></tbody></table>"
# What each extension makes, as the editor writes it.
MADE_BY = {
    "Paragraph": "<p>Texto.</p>",
    "HardBreak": "<p>Una<br>dos</p>",
    "Heading": "<h2>Dos</h2><h3>Tres</h3><h4>Cuatro</h4>",
    "Bold": "<p><strong>negrita</strong></p>",
    "Italic": "<p><em>cursiva</em></p>",
    "Strike": "<p><s>tachado</s></p>",
    "Subscript": "<p>H<sub>2</sub>O</p>",
    "Superscript": "<p>m<sup>2</sup></p>",
    "Code": "<p><code>manage.py</code></p>",
    "Link": '<p><a href="https://example.org/a" rel="noopener noreferrer">a</a></p>',
    "BulletList": "<ul><li><p>uno</p></li></ul>",
    "OrderedList": '<ol data-type="decimal"><li><p>uno</p></li></ol>',
    "ListItem": "<ul><li><p>uno</p><ul><li><p>dos</p></li></ul></li></ul>",
    "Blockquote": "<blockquote><p>Una cita.</p></blockquote>",
    "HorizontalRule": "<p>a</p><hr><p>b</p>",
    "Table": TABLE.format("<td><p>1</p></td>"),
    "TableRow": TABLE.format("<td><p>1</p></td><td><p>2</p></td>"),
    "TableHeader": TABLE.format('<th colspan="2"><p>A</p></th>'),
    "TableCell": TABLE.format('<td rowspan="2"><p>1</p></td>'),
    "NewsroomPhoto": f'<figure data-photo="{PHOTO}"></figure>',
    "NewsroomEmbed": (
        '<figure data-embed="vimeo" data-url="https://vimeo.com/76979871" '
        'data-title="Un vídeo"></figure>'
    ),
}


def test_every_extension_of_the_editor_has_a_sample():
    assert set(MADE_BY) == set(BODY_EXTENSIONS)


@pytest.mark.parametrize("extension", sorted(MADE_BY))
def test_what_each_extension_makes_survives_a_save_unchanged(db, extension):
    make_photo(uuid=PHOTO)
    article = make_article("bloques", body=MADE_BY[extension])
    article.refresh_from_db()
    assert article.body == MADE_BY[extension]


def test_the_sanitiser_keeps_the_tags_the_editor_makes_and_no_others():
    """The allowlist is django-prose-editor's, from the same list, plus the
    newsroom's blocks and <b>/<i> read as bold and italic."""
    standard = {
        k: v for k, v in BODY_EXTENSIONS.items() if k not in NEWSROOM_EXTENSIONS
    }
    editor = allowlist_from_extensions(standard)
    assert editor["tags"] | {"figure", "b", "i"} == ALLOWED_TAGS
    assert ALLOWED_ATTRIBUTES["a"] == {"href", "title"}  # rel is the house's
    assert ALLOWED_ATTRIBUTES["figure"] == {
        "data-photo",
        "data-embed",
        "data-url",
        "data-title",
    }
    assert not {"span", "div", "img", "iframe", "script", "style", "h1", "u"} & (
        ALLOWED_TAGS
    )


def test_the_admin_editor_is_configured_from_the_same_list(db):
    widget = ArticleAdminForm.base_fields["body"].widget
    config = json.loads(
        widget.get_context("body", "", {})["widget"]["attrs"][
            "data-django-prose-editor-newsroom"
        ]
    )
    assert set(BODY_EXTENSIONS) <= set(config["extensions"])
    assert set(config["extensions"]) - set(BODY_EXTENSIONS) == {
        "Document",
        "Dropcursor",
        "Gapcursor",
        "Text",
        "Menu",
        "NoSpellCheck",
        "History",
    }


@pytest.mark.parametrize(
    "html, kept",
    [
        ("<p>a<script>alert(1)</script></p>", "<p>a</p>"),
        ("<style>p{color:red}</style><p>a</p>", "<p>a</p>"),
        ('<p onclick="x()">a</p>', "<p>a</p>"),
        ('<p><span style="color:red">rojo</span></p>', "<p>rojo</p>"),
        ('<p class="lead" id="x" style="margin:0">a</p>', "<p>a</p>"),
        ('<iframe src="https://evil.example/"></iframe><p>a</p>', "<p>a</p>"),
        ('<p><img src="x" onerror="alert(1)">a</p>', "<p>a</p>"),
        (
            '<p><a href="javascript:alert(1)">a</a></p>',
            '<p><a rel="noopener noreferrer">a</a></p>',
        ),
        (
            '<p><a href="https://e.org/" target="_blank" rel="opener">a</a></p>',
            '<p><a href="https://e.org/" rel="noopener noreferrer">a</a></p>',
        ),
        ("<h1>Título</h1>", "<h2>Título</h2>"),
        ("<h5>Cinco</h5>", "<h4>Cinco</h4>"),
        (
            "<p><u>subrayado</u> <abbr>ONU</abbr> <q>cita</q></p>",
            "<p>subrayado ONU cita</p>",
        ),
        ("<p><b>a</b> <i>b</i></p>", "<p><strong>a</strong> <em>b</em></p>"),
        ("<ul><li>uno</li></ul>", "<ul><li><p>uno</p></li></ul>"),
        ('<figure data-photo="no-es-un-uuid"></figure><p>a</p>', "<p>a</p>"),
        ('<figure data-embed="myspace" data-url="https://x.org/"></figure>', ""),
        (
            '<figure data-embed="youtube" data-url="https://evil.example/v"></figure>',
            '<p><a href="https://evil.example/v" rel="noopener noreferrer">'
            "https://evil.example/v</a></p>",
        ),
        (
            f'<figure data-photo="{PHOTO}"><img src="x">'
            "<figcaption>x</figcaption></figure>",
            f'<figure data-photo="{PHOTO}"></figure>',
        ),
        ("<figure><figcaption>Pie</figcaption></figure>", "Pie"),
        (
            "<p>uno</p>\n<p></p><p>&nbsp;</p><br><p>dos</p><br>",
            "<p>uno</p>\n<p>dos</p>",
        ),
    ],
)
def test_what_is_outside_the_list_is_stripped(html, kept):
    assert sanitise_body(html) == kept
    assert sanitise_body(kept) == kept


@pytest.mark.parametrize("sample", ["word.html", "google-docs.html", "web-page.html"])
def test_pasted_word_google_docs_and_web_pages_arrive_as_clean_structure(sample):
    body = BETWEEN_BLOCKS.sub(r"\1", sanitise_body((PASTED / sample).read_text()))
    assert body == CLEAN_PASTE + PASTED_AFTER.get(sample, "")


PASTED_AFTER = {
    # Word's numbered list; the web page's javascript: link, left without it.
    "word.html": '<ol data-type="decimal"><li><p>Primera fase</p></li>'
    "<li><p>Segunda fase</p></li></ol>",
    "web-page.html": '<p><a rel="noopener noreferrer">Suscríbete</a></p>',
}


# Photos in the body


@pytest.fixture
def illustrated(db, run_tasks):
    """An article with a library photo in its body, once its renditions are
    made."""
    photo = make_photo(caption="Soldados en Lima.", credit_line="Freddy Rodríguez")
    article = make_article(
        "ilustrada", body=f'<p>Antes.</p><figure data-photo="{photo.uuid}"></figure>'
    )
    run_tasks()
    return article, photo


def test_body_photos_are_kept_queryable(illustrated):
    article, photo = illustrated
    assert list(article.inline_photos.all()) == [photo]
    assert list(photo.inline_in.all()) == [article]
    article.body = "<p>Sin foto.</p>"
    article.save()
    assert list(article.inline_photos.all()) == []


def test_readers_see_the_figure_with_the_photos_current_caption_and_credit(
    client, illustrated, run_tasks
):
    article, photo = illustrated
    photo.credit_line = "Freddy Rodríguez / Ejército del Perú"
    photo.save()
    run_tasks()  # the renditions carry the new credit too

    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")

    tree = lxml_html.fromstring(response.content)
    [figure] = tree.xpath("//div[@class='article__body']/figure")
    [src] = figure.xpath(".//img/@src")
    assert src in {rendition.url for rendition in photo.current_renditions()}
    assert figure.xpath(".//img/@alt") == ["Soldados en formación"]
    assert figure.xpath(".//span[@class='caption']/text()") == ["Soldados en Lima."]
    assert figure.xpath(".//span[@class='credit']/text()") == [
        "Foto: Freddy Rodríguez / Ejército del Perú"
    ]


def test_a_credit_fix_makes_the_articles_pages_stale(illustrated):
    article, photo = illustrated
    assert f"list:photo:{photo.pk}" in article.public_keys()
    before = versions({f"list:photo:{photo.pk}", photo.public_key})
    photo.credit_line = "Otra"
    photo.save()
    assert versions({photo.public_key}) != before


def test_a_body_photo_makes_its_photo_public(illustrated):
    from articles.models import Photo

    _, photo = illustrated
    assert list(Photo.objects.with_published_articles()) == [photo]


@pytest.mark.parametrize("version", ["3.1", "2.1"])
def test_ninjs_lists_body_photos_as_associations(rf, illustrated, version):
    article, photo = illustrated
    document = article_to_ninjs(article, rf.get("/"), version=version)
    schema = json.loads((STANDARDS / f"ninjs-schema_{version}.json").read_text())
    validator = Draft202012Validator(
        schema, format_checker=Draft202012Validator.FORMAT_CHECKER
    )
    assert [e.message for e in validator.iter_errors(document)] == []
    [image] = document["associations"]
    assert image["name"] == "inlineimage1"
    assert image["uri"].endswith(str(photo.uuid))


def test_json_ld_lists_body_photos_as_images_with_their_credit(client, illustrated):
    article, photo = illustrated
    tree = lxml_html.fromstring(client.get(article.get_absolute_url()).content)
    data = json.loads(tree.xpath("//script[@type='application/ld+json']")[0].text)
    [image] = data["image"]
    assert image["creditText"] == "Freddy Rodríguez"
    assert image["url"] == "http://testserver" + photo.rendition("16x9").url


def test_feeds_keep_body_photos_as_media(client, illustrated):
    _, photo = illustrated
    feed = feedparser.parse(client.get("/feeds/rss/").content)
    [entry] = feed.entries
    assert [m["url"] for m in entry.media_content] == [
        "http://testserver" + photo.rendition("full", 1280).url
    ]
    assert entry.media_credit == [{"content": "Freddy Rodríguez"}]


def test_the_api_keeps_figures_as_references(editor_api, illustrated):
    article, photo = illustrated
    data = editor_api.get(f"/api/v1/articles/{article.slug}/").json()
    assert data["body"] == article.body


def test_an_api_write_with_a_photo_not_in_the_library_answers_400(editor_api, db):
    make_section("mundo")
    response = editor_api.post(
        "/api/v1/articles/",
        {
            "headline": "Sin foto",
            "slug": "sin-foto",
            "section": "mundo",
            "status": "draft",
            "body": f'<figure data-photo="{PHOTO}"></figure>',
        },
        format="json",
    )
    assert response.status_code == 400
    assert PHOTO in response.json()["body"][0]
    assert not Article.objects.filter(slug="sin-foto").exists()


# The editor's endpoints in the admin


def test_photo_search_finds_by_caption_credit_and_creator(editor_client):
    one = make_photo(
        caption="Desfile en Lima", credit_line="Ana Ruiz", creator="Ana Ruiz"
    )
    two = make_photo(caption="Playa", credit_line="Agencia Andes", creator="Luis Soto")
    url = reverse("admin:articles_article_photo_search")

    def found(q):
        return [r["uuid"] for r in editor_client.get(url, {"q": q}).json()["results"]]

    assert found("desfile") == [str(one.uuid)]
    assert found("andes") == [str(two.uuid)]
    assert found("soto") == [str(two.uuid)]
    assert found("") == [str(two.uuid), str(one.uuid)]
    assert (
        editor_client.get(url, {"uuid": str(one.uuid)}).json()["results"][0]["credit"]
        == "Ana Ruiz"
    )


def test_photo_search_needs_the_right_to_see_photos(client, db):
    from tests.factories import user_with

    desk_login(client, user_with("sin-fotos", "view_article", is_staff=True))
    response = client.get(reverse("admin:articles_article_photo_search"))
    assert response.status_code == 403


def test_a_photo_uploaded_from_the_editor_joins_the_library(editor_client):
    url = reverse("admin:articles_article_photo_upload")
    image = SimpleUploadedFile("nueva.jpg", jpeg_file().read(), "image/jpeg")
    response = editor_client.post(
        url, {"image": image, "alt_text": "Un muelle", "caption": "El muelle."}
    )
    assert response.status_code == 201, response.content
    assert response.json()["caption"] == "El muelle."


def test_an_upload_without_alt_text_is_refused_naming_the_field(editor_client):
    url = reverse("admin:articles_article_photo_upload")
    image = SimpleUploadedFile("nueva.jpg", jpeg_file().read(), "image/jpeg")
    response = editor_client.post(url, {"image": image})
    assert response.status_code == 400
    assert "alt_text" in response.json()["errors"]


def test_article_search_offers_only_what_the_user_may_see(reporter_admin, reporter, db):
    mine = make_article("mi-borrador", headline="Puerto: borrador", status="draft")
    mine.created_by = reporter
    mine.save()
    make_article("ajeno", headline="Puerto: ajeno", status="draft")
    public = make_article("publicada", headline="Puerto: publicada")
    url = reverse("admin:articles_article_article_search")

    results = reporter_admin.get(url, {"q": "puerto"}).json()["results"]

    assert sorted(r["url"] for r in results) == sorted(
        [mine.get_absolute_url(), public.get_absolute_url()]
    )


def test_an_internal_link_survives_the_targets_slug_change(client, db):
    """Internal links are stored as the address chosen; the old-slug
    redirects (the history of slugs) send readers on to the new one."""
    target = make_article("puerto-reabre", headline="El puerto reabre")
    old = target.get_absolute_url()
    make_article("enlaza", body=f'<p>Véase <a href="{old}">el puerto</a>.</p>')
    target.slug = "puerto-reabre-tras-tres-semanas"
    target.save()

    response = client.get(old)

    assert response.status_code == 301
    assert response["Location"] == target.get_absolute_url()


def test_the_editors_import_map_carries_the_pages_nonce(editor_client, client, db):
    article = make_article("con-editor")
    response = editor_client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    )
    policy = response["Content-Security-Policy"]
    [nonce] = re.findall(r"'nonce-([^']+)'", policy)
    tree = lxml_html.fromstring(response.content)
    [importmap] = tree.xpath("//script[@type='importmap']")
    assert importmap.get("nonce") == nonce
    # Every other script is a file of our own.
    inline = [
        s
        for s in tree.xpath("//script[not(@src)]")
        if s.get("type") not in ("importmap", "application/json")
    ]
    assert inline == []
    assert "unsafe-inline" not in policy
    # A page that renders no nonce has none in its policy.
    public = client.get(article.get_absolute_url())["Content-Security-Policy"]
    assert "nonce-" not in public


def test_the_admin_form_refuses_a_photo_not_in_the_library(db, superuser):
    from tests.factories import make_section

    form_class = ArticleAdminForm
    form = type("Form", (form_class,), {"user": superuser})(
        data={
            "headline": "Sin foto",
            "slug": "sin-foto",
            "body": f'<figure data-photo="{PHOTO}"></figure>',
            "section": make_section("mundo").pk,
            "language": "es",
            "status": "draft",
        }
    )
    assert form.is_valid() is False
    assert PHOTO in form.errors["body"][0]


def test_uploading_from_the_editor_needs_the_right_to_add_photos(client, db):
    from tests.factories import user_with

    desk_login(
        client, user_with("solo-ver", "view_article", "view_photo", is_staff=True)
    )
    image = SimpleUploadedFile("nueva.jpg", jpeg_file().read(), "image/jpeg")
    response = client.post(
        reverse("admin:articles_article_photo_upload"),
        {"image": image, "alt_text": "Un muelle"},
    )
    assert response.status_code == 403
