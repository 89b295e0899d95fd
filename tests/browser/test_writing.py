"""Writing a story in the admin's editor, with a library photo and a video
in the body, and reading it on the public page: the structure typed is the
structure stored and shown, the figure carries the photo's credit, and the
video's provider hears nothing until the reader asks for the player."""

import os
import re
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from articles.models import Article, Photo

pytestmark = pytest.mark.browser

PASSWORD = "una-clave-larga-para-la-prueba"
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"
YOUTUBE = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
VIMEO = "https://vimeo.com/76979871"
PASTE_TEXT = """(element, text) => {
  const data = new DataTransfer();
  data.setData("text/plain", text);
  element.dispatchEvent(
    new ClipboardEvent("paste", { clipboardData: data, bubbles: true })
  );
}"""
PROVIDER_HOSTS = re.compile(
    r"youtube|ytimg|googlevideo|vimeo|twitter|twimg|x\.com|instagram|tiktok"
    r"|datawrapper|dwcdn|flourish|flo\.uri\.sh|spotify|apple\.com"
)

RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(
    event.violatedDirective + " " + (event.blockedURI || "inline")
  );
});
"""


@pytest.fixture
def writer(site):
    get_user_model().objects.create_superuser("editora", "e@example.org", PASSWORD)
    return site


def violations(page):
    return page.evaluate("() => window.__cspViolations || []")


def screenshot(page, name):
    if os.environ.get("SCREENSHOTS"):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / name, full_page=True)


def test_a_story_written_in_the_editor_reaches_readers_with_photo_and_video(
    page, writer
):
    url = writer.url
    requests = []
    errors = []
    page.add_init_script(RECORD_VIOLATIONS)
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    # Nothing leaves the machine, even after the click.
    page.route(PROVIDER_HOSTS, lambda route: route.abort())
    photo = Photo.objects.get(credit_line="Freddy Rodríguez / Ejército del Perú")

    page.goto(url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "editora")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(url + "/admin/articles/article/add/")
    page.fill("#id_headline", "El desfile de Ayacucho")
    page.locator(".field-section .select2-selection").click()
    page.locator(".select2-results__option").first.click()
    page.select_option("#id_status", "published")

    body = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    expect(body).to_be_visible()
    body.click()
    page.keyboard.type("El desfile empezó a las nueve con ")
    page.keyboard.press("Control+b")
    page.keyboard.type("miles de soldados")
    page.keyboard.press("Control+b")
    page.keyboard.type(" en la avenida.")
    page.keyboard.press("Enter")
    page.keyboard.press("Control+Alt+2")
    page.keyboard.type("La ceremonia")
    page.keyboard.press("Enter")
    page.keyboard.type("Hubo discursos y música.")
    page.keyboard.press("Enter")
    # A Vimeo address pasted on an empty line becomes an embed block.
    body.evaluate(PASTE_TEXT, VIMEO)
    expect(body.locator("figure.newsroom-block--embed")).to_have_count(1)

    page.locator(".newsroom-panel--photo summary").click()
    page.locator(".newsroom-panel--photo input[type=search]").fill("Ayacucho")
    page.locator(".newsroom-panel__result", has_text="Batalla de Ayacucho").click()
    expect(body.locator("figure.newsroom-block--photo img")).to_be_visible()

    page.locator(".newsroom-panel--embed summary").click()
    page.locator(".newsroom-panel__url").fill(YOUTUBE)
    page.locator(".newsroom-panel--embed button").click()
    expect(body.locator("figure.newsroom-block--embed")).to_have_count(2)
    shown = page.locator("#id_body").input_value()  # the editor's HTML
    screenshot(page, "writing-editor.png")

    page.locator("input[name=_continue]").first.click()
    expect(page.locator(".messagelist .success")).to_be_visible()
    assert violations(page) == []

    article = Article.objects.get(headline="El desfile de Ayacucho")
    assert article.body == (
        "<p>El desfile empezó a las nueve con <strong>miles de soldados</strong>"
        " en la avenida.</p><h2>La ceremonia</h2><p>Hubo discursos y música.</p>"
        f'<figure data-embed="vimeo" data-url="{VIMEO}"></figure>'
        f'<figure data-photo="{photo.uuid}"></figure>'
        f'<figure data-embed="youtube" data-url="{YOUTUBE}"></figure>'
    )
    assert list(article.inline_photos.all()) == [photo]
    # Nothing the editor made was changed by the sanitiser.
    assert shown == article.body

    requests.clear()
    page.goto(url + article.get_absolute_url())
    figure = page.locator(".article__body figure.article__figure--inline")
    expect(figure.locator("img")).to_be_visible()
    expect(figure.locator(".credit")).to_have_text(
        "Foto: Freddy Rodríguez / Ejército del Perú"
    )
    embed = page.locator(".article__body figure.embed--youtube")
    expect(embed.locator(".embed__link")).to_have_attribute("href", YOUTUBE)
    expect(embed.locator("iframe")).to_have_count(0)
    page.wait_for_load_state("networkidle")
    assert [r for r in requests if PROVIDER_HOSTS.search(r)] == []
    screenshot(page, "writing-public-page.png")

    embed.locator(".embed__load").click()
    expect(embed.locator("iframe")).to_have_attribute(
        "src", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert violations(page) == []
    assert errors == []


def every_block(photo):
    """One of everything the editor can make, as the editor writes it."""
    return (
        "<h2>Dos</h2><h3>Tres</h3><h4>Cuatro</h4>"
        "<p>Texto <strong>negrita</strong> <em>cursiva</em> <s>tachado</s> "
        "H<sub>2</sub>O m<sup>2</sup> <code>código</code> "
        '<a href="https://example.org/" rel="noopener noreferrer">enlace</a>'
        "<br>otra línea</p>"
        "<ul><li><p>uno</p></li><li><p>dos</p></li></ul>"
        '<ol data-type="decimal"><li><p>primero</p></li><li><p>segundo</p>'
        '<ol data-type="decimal"><li><p>dentro</p></li></ol></li></ol>'
        "<blockquote><p>Una cita.</p></blockquote><hr>"
        "<table><tbody><tr><th><p>Año</p></th>"
        '<th colspan="2"><p>Votos</p></th></tr>'
        "<tr><td><p>2025</p></td><td><p>1.200</p></td><td><p>30</p></td></tr>"
        "</tbody></table>"
        f'<figure data-photo="{photo.uuid}"></figure>'
        f'<figure data-embed="youtube" data-url="{YOUTUBE}" '
        'data-title="El desfile"></figure>'
        "<p>Fin.</p>"
    )


def test_every_block_round_trips_through_the_editor_unchanged(page, writer):
    from articles.html import sanitise_body
    from tests.factories import make_article

    photo = Photo.objects.get(credit_line="Freddy Rodríguez / Ejército del Perú")
    body = every_block(photo)
    assert sanitise_body(body) == body
    article = make_article("todos-los-bloques", body=body)
    page.add_init_script(RECORD_VIOLATIONS)
    page.goto(writer.url + "/admin/login/?next=/admin/")
    page.fill("#id_username", "editora")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.goto(writer.url + f"/admin/articles/article/{article.pk}/change/")

    editable = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    editable.locator("p", has_text="Fin.").click()
    page.keyboard.press("End")
    page.keyboard.type("x")
    page.keyboard.press("Backspace")

    shown = page.locator("#id_body").input_value()
    assert shown == body
    assert violations(page) == []
