"""The admin speaks the editor's language: Spanish by default, English for
an editor who asks for it; both catalogues hold every project string."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from articles.desk.models import DeskProfile
from tests.factories import make_article

LOCALE = Path(__file__).resolve().parent.parent / "locale"
PO_LINE = re.compile(
    r'^(msgid|msgid_plural|msgstr(?:\[\d\])?) ((?:".*"\n?)+)', re.MULTILINE
)


def po_entries(language):
    """(msgid, msgstrs, flags) of each entry of a catalogue, header left out."""
    text = (LOCALE / language / "LC_MESSAGES" / "django.po").read_text("utf-8")
    entries = []
    for block in text.split("\n\n")[1:]:
        flags = " ".join(re.findall(r"^#,(.*)$", block, re.MULTILINE))
        parts = PO_LINE.findall(block)
        values = {key: "".join(re.findall(r'"(.*)"', value)) for key, value in parts}
        if "msgid" in values:
            strs = [value for key, value in values.items() if key.startswith("msgstr")]
            entries.append((values["msgid"], strs, flags))
    return entries


def test_the_spanish_catalogue_translates_every_project_string():
    entries = po_entries("es")

    assert len(entries) > 400
    untranslated = [msgid for msgid, strs, _flags in entries if "" in strs]
    fuzzy = [msgid for msgid, _strs, flags in entries if "fuzzy" in flags]
    assert untranslated == []
    assert fuzzy == []


def test_both_catalogues_hold_the_same_strings():
    spanish = {msgid for msgid, _strs, _flags in po_entries("es")}
    english = {msgid for msgid, _strs, _flags in po_entries("en")}

    assert spanish == english
    assert "SEO title" in spanish


@pytest.fixture
def article(db):
    return make_article(slug="nota")


def change_page(client, article, **headers):
    response = client.get(
        reverse("admin:articles_article_change", args=[article.pk]), headers=headers
    )
    assert response.status_code == 200
    return response.content.decode()


def sign_in(client, language=None):
    user = User.objects.create_superuser("editora", "e@example.org", "x")
    if language is not None:
        DeskProfile.objects.create(user=user, language=language)
    client.force_login(user)
    return user


def test_the_admin_is_in_spanish_by_default(client, article):
    sign_in(client)

    html = change_page(client, article)

    assert '<html lang="es"' in html
    assert "Buscadores y redes sociales" in html
    assert "Sección y entidades" in html
    assert "Search engines and social media" not in html


def test_an_english_speaking_editor_gets_the_admin_in_english(client, article):
    sign_in(client, language="en")

    html = change_page(client, article, accept_language="es-EC,es;q=0.9")

    assert '<html lang="en"' in html
    assert "Search engines and social media" in html
    assert "Buscadores y redes sociales" not in html


def test_a_spanish_preference_wins_over_an_english_browser(client, article):
    sign_in(client, language="es")

    html = change_page(client, article, accept_language="en")

    assert "Buscadores y redes sociales" in html


def test_without_a_preference_the_browser_still_chooses(client, article):
    sign_in(client, language="")

    html = change_page(client, article, accept_language="en")

    assert "Search engines and social media" in html


def test_the_editors_language_stays_in_the_admin(client, article):
    """Readers' pages follow the reader's browser (and an article page its
    own language), whatever the editor chose for the admin."""
    sign_in(client, language="en")

    home = client.get("/", headers={"accept-language": "es"})

    assert home.headers["Content-Language"] == "es"


def test_an_administrator_sets_the_language_on_the_users_page(client, db):
    admin_user = sign_in(client)
    url = reverse("admin:auth_user_change", args=[admin_user.pk])

    html = client.get(url).content.decode()

    assert 'name="desk_profile-0-language"' in html
    assert "idioma del administrador" in html.lower()


def test_an_editor_chooses_their_own_admin_language_at_once(client, article):
    reporter = User.objects.create_user("reportera", password="x", is_staff=True)
    client.force_login(reporter)
    url = reverse("admin:desk_language")
    change = reverse("admin:articles_article_changelist")

    page = client.get("/admin/").content.decode()
    assert f'href="{url}?next=/admin/"' in page
    response = client.post(url, {"language": "en", "next": change})

    assert response.status_code == 302
    assert response.headers["Location"] == change
    assert DeskProfile.objects.get(user=reporter).language == "en"
    assert "Admin language" in client.get("/admin/").content.decode()
    client.post(url, {"language": "", "next": "https://example.org/"})
    assert DeskProfile.objects.get(user=reporter).language == ""
    assert "Idioma del administrador" in client.get("/admin/").content.decode()


def test_the_language_page_refuses_an_unknown_language(client, db):
    sign_in(client)

    response = client.post(reverse("admin:desk_language"), {"language": "xx"})

    assert response.status_code == 200
    assert response.context["form"].errors["language"]
