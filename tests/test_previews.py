"""Previews for staff and outside reviewers, and old addresses after a
slug change."""

import re
from datetime import timedelta

import lxml.html
import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from articles.site.previews import preview_link
from tests.editorial import change_url, form_data
from tests.factories import make_article, make_section

BODY = "<p>Texto del borrador que nadie debe ver aún.</p>"


@pytest.fixture
def draft(db, reporter):
    make_section("mundo")
    return make_article(
        "borrador-previa",
        status=Article.Status.DRAFT,
        headline="Titular en preparación",
        body=BODY,
        created_by=reporter,
    )


def staff_preview_url(article):
    return reverse("admin:articles_article_preview", args=[article.pk])


def article_element(response):
    tree = lxml.html.fromstring(response.content.decode())
    [element] = tree.xpath("//article")
    return lxml.html.tostring(element, encoding="unicode")


def assert_private_and_not_indexed(response):
    assert "no-cache" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in (
        response.content.decode()
    )


def test_staff_preview_shows_the_draft_never_cached_nor_indexed(editor_admin, draft):
    response = editor_admin.get(staff_preview_url(draft))
    assert response.status_code == 200
    assert "Texto del borrador que nadie debe ver aún." in response.content.decode()
    assert_private_and_not_indexed(response)


def test_preview_is_the_public_page(editor_admin, client, draft):
    """Published, the article's public page shows the same article element
    as its preview did."""
    preview = editor_admin.get(staff_preview_url(draft))
    draft.published_at = timezone.now() - timedelta(minutes=1)
    draft.status = Article.Status.PUBLISHED
    draft.save()
    preview_after = editor_admin.get(staff_preview_url(draft))
    editor_admin.logout()
    public = client.get(draft.get_absolute_url())
    assert article_element(public) == article_element(preview_after)
    assert "Titular en preparación" in article_element(preview)


def test_staff_preview_only_for_staff_who_may_see_the_article(
    reporter_admin, draft, other_reporter, client
):
    assert reporter_admin.get(staff_preview_url(draft)).status_code == 200
    someone_elses = make_article(
        "ajeno", status=Article.Status.DRAFT, created_by=other_reporter
    )
    response = reporter_admin.get(staff_preview_url(someone_elses))
    assert response.status_code == 403
    reporter_admin.logout()
    response = client.get(staff_preview_url(draft))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


def test_signed_link_from_the_admin_works_until_it_expires(editor_admin, client, draft):
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        page = editor_admin.get(change_url(draft)).content.decode()
        [link] = re.findall(r'href="(/vista-previa/[^"]+/)"', page)
        editor_admin.logout()
        response = client.get(link)
        assert response.status_code == 200
        assert "Texto del borrador que nadie debe ver aún." in (
            response.content.decode()
        )
        assert_private_and_not_indexed(response)
        traveller.shift(timedelta(days=2, minutes=1))
        expired = client.get(link)
        assert expired.status_code == 403
        assert "Texto del borrador" not in expired.content.decode()


def test_a_tampered_signed_link_answers_404(client, draft):
    link = preview_link(draft)
    token = link.split("/")[-2]
    assert client.get(link.replace(token, token[:-1] + "x")).status_code == 404
    assert client.get("/vista-previa/no-es-un-token/").status_code == 404


# Slugs.


def test_changing_a_published_slug_redirects_the_old_address(editor_admin, client):
    make_section("mundo")
    article = make_article("titulo-viejo")
    old_url = article.get_absolute_url()
    data = form_data(editor_admin.get(change_url(article)), slug="titulo-nuevo")
    assert editor_admin.post(change_url(article), data).status_code == 302
    editor_admin.logout()
    response = client.get(old_url)
    assert response.status_code == 301
    assert response["Location"] == "/articulos/titulo-nuevo/"
    assert client.get(response["Location"]).status_code == 200


def test_old_address_of_a_withdrawn_article_leads_to_its_notice(client, db):
    make_section("mundo")
    article = make_article("antes")
    article.slug = "despues"
    article.save()
    article.withdraw("Error de atribución.")
    response = client.get("/articulos/antes/", follow=True)
    assert response.redirect_chain == [("/articulos/despues/", 301)]
    assert response.status_code == 410


def test_a_slug_never_published_does_not_redirect(client, db):
    make_section("mundo")
    article = make_article("borrador-viejo", status=Article.Status.DRAFT)
    article.slug = "borrador-nuevo"
    article.save()
    article.publish()
    assert client.get("/articulos/borrador-viejo/").status_code == 404
    assert client.get("/articulos/borrador-nuevo/").status_code == 200
