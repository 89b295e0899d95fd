"""Corrections and updates on the record: a dated note readers see on the
page, in JSON-LD, in the API and in ninjs; a silent typo fix moves nothing."""

from datetime import timedelta

import lxml.html
import pytest
import time_machine
from django.utils import timezone

from tests.editorial import change_url, form_data
from tests.factories import make_article, make_section
from tests.test_ninjs import errors, ninjs_of
from tests.test_structured_data import article_json_ld

NOTE = "Una versión anterior decía que la reunión fue en Lima; fue en Quito."


@pytest.fixture
def article(db):
    make_section("mundo")
    return make_article(
        "reunion",
        body="<p>Los presidentes se reunieron en Lmia.</p>",
        published_at=timezone.now() - timedelta(days=1),
    )


def test_a_typo_fix_not_flagged_as_an_update_does_not_move_updated_at(
    editor_admin, client, article
):
    data = form_data(
        editor_admin.get(change_url(article)),
        body="<p>Los presidentes se reunieron en Lima.</p>",
    )
    assert editor_admin.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert "Lima" in article.body
    assert article.updated_at is None
    editor_admin.logout()
    page = lxml.html.fromstring(client.get(article.get_absolute_url()).content)
    assert page.xpath("//p[@class='article__dates']/span/text()") == ["Publicado "]
    assert (
        article_json_ld(client, article.get_absolute_url())["dateModified"]
        == (article_json_ld(client, article.get_absolute_url())["datePublished"])
    )


def test_a_correction_moves_updated_at_and_shows_everywhere(
    editor_admin, client, anon, article
):
    now = timezone.now().replace(microsecond=0)
    with time_machine.travel(now, tick=False):
        local = timezone.localtime(now)
        data = form_data(
            editor_admin.get(change_url(article)),
            **{
                "updates-TOTAL_FORMS": "1",
                "updates-0-kind": "correction",
                "updates-0-note": NOTE,
                "updates-0-published_at_0": local.strftime("%Y-%m-%d"),
                "updates-0-published_at_1": local.strftime("%H:%M:%S"),
            },
        )
        assert editor_admin.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.updated_at == now
    editor_admin.logout()

    url = article.get_absolute_url()
    page = lxml.html.fromstring(client.get(url).content)
    [marked] = page.xpath("//li[contains(@class, 'update--correction')]")
    assert marked.xpath("strong/text()") == ["Corrección"]
    assert NOTE in marked.text_content()
    [updated] = page.xpath("//p[@class='article__dates']/span[2]/time/@datetime")
    assert updated == timezone.localtime(now).isoformat()

    assert article_json_ld(client, url)["correction"] == [
        {
            "@type": "CorrectionComment",
            "text": NOTE,
            "datePublished": timezone.localtime(now).isoformat(),
        }
    ]
    api = anon.get(f"/api/v1/articles/{article.slug}/").json()
    assert [(u["kind"], u["note"]) for u in api["updates"]] == [("correction", NOTE)]
    assert api["updated_at"] is not None
    for version, content_type in [("3.1", "contentType"), ("2.1", "contenttype")]:
        document = ninjs_of(anon, article.slug, version)
        assert errors(version, document) == []
        assert {
            "role": "correction",
            content_type: "text/plain",
            "value": NOTE,
        } in document["descriptions"]


def test_a_correction_scheduled_for_later_shows_only_when_due(anon, article):
    from articles.models import ArticleUpdate

    later = timezone.now() + timedelta(hours=2)
    ArticleUpdate.objects.create(article=article, note=NOTE, published_at=later)
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        assert NOTE not in str(ninjs_of(anon, article.slug))
        traveller.shift(timedelta(hours=3))
        assert NOTE in str(ninjs_of(anon, article.slug))


def test_withdrawal_reason_reaches_editors_ninjs(editor_api, article):
    article.withdraw("Una fuente no verificada.")
    document = editor_api.get(f"/api/v1/articles/{article.slug}/?format=ninjs").json()
    assert document["pubStatus"] == "canceled"
    assert {
        "role": "withdrawal",
        "contentType": "text/plain",
        "value": "Una fuente no verificada.",
    } in document["descriptions"]
    assert errors("3.1", document) == []
