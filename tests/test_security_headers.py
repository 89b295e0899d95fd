"""Secure defaults every answer carries: the Content Security Policy, no
sniffing, a referrer policy, an opener policy and no framing; and public pages
that need no inline script or style to work under that policy."""

import pytest
from lxml import html as lxml_html

from tests.factories import add_update

SEED = "/articulos/peru-aliado-extra-otan/"
PUBLIC_PAGES = [
    "/",
    SEED,
    "/secciones/internacional/",
    "/temas/peru/",
    "/buscar/?q=aliado",
    "/correcciones/",
    "/no-existe/",
]
DOORS = {
    "article page": SEED,
    "API answer": "/api/v1/articles/",
    "API detail": "/api/v1/articles/peru-aliado-extra-otan/",
    "API error": "/api/v1/articles/?colour=red",
    "admin login": "/admin/login/",
    "API docs": "/api/docs/",
    "feed": "/feeds/rss/",
    "not found": "/no-existe/",
}


def directives(response):
    policy = response["Content-Security-Policy"]
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


@pytest.mark.parametrize("door", DOORS)
def test_every_door_sends_the_security_headers(client, seed_story, door):
    response = client.get(DOORS[door])

    assert response.status_code in (200, 400, 404)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = directives(response)
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]


def test_the_policy_allows_nothing_inline_anywhere(settings):
    """No 'unsafe-inline' or 'unsafe-eval' in any directive: inline code would
    have to carry a nonce, and none of our pages needs one."""
    values = [
        value
        for sources in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].values()
        for value in sources
    ]
    assert "'unsafe-inline'" not in values
    assert "'unsafe-eval'" not in values


def inline_code(page):
    """What a CSP without 'unsafe-inline' would block on this page."""
    tree = lxml_html.fromstring(page)
    found = []
    for script in tree.iter("script"):
        data_block = script.get("type") in {"application/ld+json", "application/json"}
        if not script.get("src") and not data_block:
            found.append("inline <script>")
    found += ["<style>" for _ in tree.iter("style")]
    for element in tree.iter():
        if not isinstance(element.tag, str):
            continue
        for name, value in element.attrib.items():
            if name == "style" or name.startswith("on"):
                found.append(f"{element.tag} {name}=")
            if value.strip().lower().startswith("javascript:"):
                found.append(f"{element.tag} {name}=javascript:")
    return found


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_have_no_inline_script_or_style(client, seed_story, path):
    add_update(seed_story, "Se corrigió la fecha.")
    response = client.get(path)

    assert response.status_code in (200, 404)
    assert inline_code(response.content) == []


def test_the_500_page_has_no_inline_style():
    from django.template import loader

    assert inline_code(loader.get_template("500.html").render().encode()) == []


def test_api_docs_run_without_inline_script(client, db):
    page = client.get("/api/docs/")
    script = client.get("/api/docs/?script=")

    assert inline_code(page.content) == []
    assert 'src="/api/docs/?script="' in page.content.decode()
    assert script.status_code == 200
    assert script["Content-Type"].startswith("application/javascript")
    assert b"SwaggerUIBundle" in script.content
