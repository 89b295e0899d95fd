"""The OWASP XSS cheat sheet's payloads, typed by editors into the admin and
sent through the API, in every field a reader sees: nothing executes on any
page or feed (no script, no event handler, no javascript: address), and the
stored HTML is already what nh3 would make of it."""

import json
from datetime import timedelta

import nh3
import pytest
from django.urls import reverse
from django.utils import timezone
from lxml import etree
from lxml import html as lxml_html

from articles.html import sanitise_body
from articles.models import Article, Author, Photo
from tests.editorial import article_form, inline_management
from tests.factories import (
    EDITOR_PERMISSIONS,
    make_article,
    make_section,
    token_client,
    user_with,
)
from tests.hostile import XSS_PAYLOADS

PAYLOADS = {
    f"owasp-{number:02d}": payload for number, payload in enumerate(XSS_PAYLOADS)
}
DANGEROUS_TAGS = {
    "script",
    "iframe",
    "object",
    "embed",
    "base",
    "style",
    "svg",
    "math",
    "frame",
    "frameset",
    "applet",
    "link",
    "meta",
}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "background", "data", "srcdoc"}
# What our own templates put in <head> and at the end of <body>.
OUR_HEAD = {"meta", "link"}


def executable(tree, own_markup=True):
    """Everything in a parsed page that a browser could run."""
    found = []
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        tag = element.tag.lower()
        if tag == "script":
            ours = element.get("src", "").startswith("/static/") or (
                element.get("type") == "application/ld+json" and not element.get("src")
            )
            if not (own_markup and ours):
                found.append(etree.tostring(element)[:80])
        elif tag in DANGEROUS_TAGS and not (own_markup and tag in OUR_HEAD):
            found.append(etree.tostring(element)[:80])
        for name, value in element.attrib.items():
            name = name.lower()
            if name.startswith("on") or (name == "style" and not own_markup):
                found.append(f"<{tag} {name}=...>")
            if name in URL_ATTRIBUTES:
                address = "".join(value.split()).lower()
                if address.startswith(("javascript:", "vbscript:", "data:text/html")):
                    found.append(f"<{tag} {name}={value[:40]}>")
        if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
            found.append("<meta http-equiv=refresh>")
    return found


def page_problems(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    tree = lxml_html.fromstring(response.content)
    problems = executable(tree)
    for block in tree.xpath('//script[@type="application/ld+json"]'):
        json.loads(block.text)  # the data block holds: no string broke out of it
    return problems


def feed_problems(client, path):
    """Feed readers render the HTML in descriptions and contents: check it as
    they would. Titles are text (RSS 2.0, Atom's default type="text")."""
    response = client.get(path)
    assert response.status_code == 200, path
    root = etree.fromstring(response.content)
    problems = []
    for element in root.iter():
        local = etree.QName(element).localname if isinstance(element.tag, str) else ""
        if local in {"description", "summary", "content"} and element.text:
            fragment = lxml_html.fragment_fromstring(element.text, create_parent="div")
            problems += executable(fragment, own_markup=False)
    return problems


LIST_PAGES = [
    "/",
    "/?page=2",
    "/secciones/mundo/",
    "/secciones/mundo/?page=2",
    "/correcciones/",
    "/buscar/?q=Titular",
    "/buscar/?q=Titular&page=2",
]
FEEDS = ["/feeds/rss/", "/feeds/atom/", "/secciones/mundo/rss/"]


def problems_on_every_page(client, slugs, subject_pages):
    """Each article's page and subject page, then the lists and feeds that
    show them all, as an anonymous reader gets them."""
    problems = {}
    for number, slug in enumerate(slugs):
        for path in [f"/articulos/{slug}/", subject_pages[number]]:
            problems[path] = page_problems(client, path)
    for path in LIST_PAGES:
        problems[path] = page_problems(client, path)
    for path in FEEDS:
        problems[path] = feed_problems(client, path)
    return {path: found for path, found in problems.items() if found}


def stored_html_problems(slugs):
    """Stored HTML is a fixed point of the sanitiser and of nh3's defaults."""
    return [
        article.slug
        for article in Article.objects.filter(slug__in=slugs)
        if sanitise_body(article.body) != article.body
        or nh3.clean(article.body) != article.body
    ]


def admin_writes(editor_client, section, number, payload):
    """An author, a photo and an article with a byline and a correction,
    each field holding the payload, typed into the admin's forms."""
    short = payload[:150]  # what fits in a name or a credit line
    responses = [
        editor_client.post(
            reverse("admin:articles_author_add"),
            {
                "name": f"Autor {number} {short}",
                "slug": f"autor-{number}",
                "category": "staff",
                "bio": payload,
            },
        ),
        editor_client.post(
            reverse("admin:articles_photo_add"),
            {
                "caption": payload,
                "credit_line": short,
                "creator": short,
                "alt_text": short,
                "supplier_category": "staff",
            },
        ),
    ]
    author = Author.objects.get(slug=f"autor-{number}")
    photo = Photo.objects.latest("pk")
    when = timezone.localtime() - timedelta(minutes=5)
    responses.append(
        editor_client.post(
            reverse("admin:articles_article_add"),
            article_form(
                section,
                headline=f"Titular {short}",
                slug=f"xss-{number}",
                dek=payload,
                body=f"<p>Uno {payload}</p>{payload}",
                lead_photo=str(photo.pk),
                **inline_management("bylines", 1),
                **{
                    "bylines-0-author": str(author.pk),
                    "bylines-0-role": "author",
                    "bylines-0-order": "0",
                },
                **inline_management("updates", 1),
                **{
                    "updates-0-kind": "correction",
                    "updates-0-note": payload,
                    "updates-0-published_at_0": when.strftime("%Y-%m-%d"),
                    "updates-0-published_at_1": when.strftime("%H:%M:%S"),
                },
            ),
        )
    )
    return [response.status_code for response in responses]


@pytest.mark.slow
def test_payloads_typed_in_the_admin_never_execute(editor_client, client):
    section = make_section("mundo", "Mundo")
    saved = {
        name: admin_writes(editor_client, section, number, payload)
        for number, (name, payload) in enumerate(PAYLOADS.items())
    }
    assert saved == {name: [302, 302, 302] for name in PAYLOADS}
    slugs = [f"xss-{number}" for number in range(len(PAYLOADS))]
    authors = [f"/autores/autor-{number}/" for number in range(len(PAYLOADS))]

    client.logout()
    assert problems_on_every_page(client, slugs, authors) == {}
    assert stored_html_problems(slugs) == []


def api_writes(editor, number, payload):
    """An entity, an article about it with a desk credit, and a correction,
    each field holding the payload, sent as JSON."""
    short = payload[:150]
    responses = [
        editor.post(
            "/api/v1/entities/",
            {
                "kind": "topic",
                "name": f"Tema {short}",
                "slug": f"tema-{number}",
                "description": payload,
            },
            format="json",
        ),
        editor.post(
            "/api/v1/articles/",
            {
                "headline": f"Titular {short}",
                "slug": f"xss-{number}",
                "section": "mundo",
                "status": "published",
                "dek": payload,
                "body": f"<p>Uno {payload}</p>{payload}",
                "byline_text": f"Redacción {short}",
                "entities": [{"entity": f"tema-{number}", "role": "about"}],
            },
            format="json",
        ),
        editor.post(
            "/api/v1/updates/",
            {"article": f"xss-{number}", "kind": "correction", "note": payload},
            format="json",
        ),
    ]
    return [response.status_code for response in responses]


@pytest.mark.slow
def test_payloads_sent_through_the_api_never_execute(client, db):
    make_section("mundo", "Mundo")
    editor = token_client(user_with("editora", *EDITOR_PERMISSIONS))
    saved = {
        name: api_writes(editor, number, payload)
        for number, (name, payload) in enumerate(PAYLOADS.items())
    }
    assert saved == {name: [201, 201, 201] for name in PAYLOADS}
    slugs = [f"xss-{number}" for number in range(len(PAYLOADS))]
    entities = [f"/temas/tema-{number}/" for number in range(len(PAYLOADS))]

    assert problems_on_every_page(client, slugs, entities) == {}
    assert stored_html_problems(slugs) == []
    for slug in slugs:
        stored = Article.objects.get(slug=slug).body
        api = client.get(f"/api/v1/articles/{slug}/").json()
        ninjs = client.get(f"/api/v1/articles/{slug}/?format=ninjs").json()
        assert (api["body"], ninjs["bodies"][0]["value"]) == (stored, stored)


def test_html_that_bypassed_save_is_sanitised_on_output(client, db):
    """A body written past Article.save() (raw SQL, an old import) is cleaned
    again on the way out."""
    make_section("mundo", "Mundo")
    article = make_article("crudo", body="<p>Limpio.</p>")
    Article.objects.filter(pk=article.pk).update(
        body='<p onclick="alert(1)">Uno</p><script>alert(2)</script>'
        '<a href="javascript:alert(3)">enlace</a><iframe src="https://x.example">'
    )

    response = client.get("/articulos/crudo/")
    body = lxml_html.fromstring(response.content).xpath(
        '//div[@class="article__body"]'
    )[0]

    assert executable(body, own_markup=False) == []
    assert body.text_content().strip() == "Unoenlace"
