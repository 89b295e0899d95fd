"""Reporters and editors, through the admin's forms and actions and through
the API: the same rules (articles/editorial/roles.py) at both doors."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleUpdate
from tests.editorial import api_url, change_url, changelist_url, form_data
from tests.factories import add_byline, make_article, make_author, make_section

Status = Article.Status


@pytest.fixture
def section(db):
    return make_section("mundo")


def own_draft(user, slug="borrador-propio", **fields):
    return make_article(slug, status=Status.DRAFT, created_by=user, **fields)


def test_the_migration_creates_both_groups_with_their_permissions(db):
    reporter = set(
        Group.objects.get(name="Reporter").permissions.values_list(
            "codename", flat=True
        )
    )
    editor = set(
        Group.objects.get(name="Editor").permissions.values_list("codename", flat=True)
    )
    assert {"add_article", "change_article", "add_byline"} <= reporter
    assert reporter.isdisjoint(
        {"publish_article", "withdraw_article", "edit_any_article", "add_articleupdate"}
    )
    assert {
        "publish_article",
        "withdraw_article",
        "edit_any_article",
        "add_articleupdate",
        "change_articleupdate",
    } <= editor
    # Withdraw, do not delete: the record stays.
    assert "delete_article" not in editor


# The admin, as a reporter.


def test_reporter_is_offered_only_draft_and_review(reporter_admin, section):
    response = reporter_admin.get(reverse("admin:articles_article_add"))
    choices = [
        value
        for value, _ in response.context["adminform"].form.fields["status"].choices
    ]
    assert choices == ["draft", "in_review"]
    assert "published_at" not in response.context["adminform"].form.fields


def test_reporter_creates_a_draft_and_sends_it_for_review(
    reporter_admin, reporter, section
):
    page = reporter_admin.get(reverse("admin:articles_article_add"))
    data = form_data(
        page,
        headline="Crónica de la reportera",
        slug="cronica",
        section=str(section.pk),
        status="draft",
    )
    response = reporter_admin.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get(slug="cronica")
    assert article.created_by == reporter
    response = reporter_admin.post(
        change_url(article),
        form_data(reporter_admin.get(change_url(article)), status="in_review"),
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


@pytest.mark.parametrize("status", ["published", "scheduled", "withdrawn"])
def test_reporter_cannot_publish_schedule_or_withdraw_in_the_form(
    reporter_admin, reporter, section, status
):
    article = own_draft(reporter)
    data = form_data(reporter_admin.get(change_url(article)), status=status)
    response = reporter_admin.post(change_url(article), data)
    assert response.status_code == 200
    assert "status" in response.context["adminform"].form.errors
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_reporter_cannot_open_or_save_someone_elses_draft(
    reporter_admin, other_reporter, section
):
    article = own_draft(other_reporter, headline="Titular ajeno")
    assert reporter_admin.get(change_url(article)).status_code == 302
    changelist = reporter_admin.get(changelist_url())
    assert list(changelist.context["cl"].result_list) == []
    response = reporter_admin.post(change_url(article), {"headline": "Pisado"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "Titular ajeno"


def test_reporter_edits_a_draft_that_carries_their_byline(
    reporter_admin, reporter, other_reporter, section
):
    article = own_draft(other_reporter, headline="A cuatro manos")
    add_byline(article, make_author("reportera-firma", user=reporter))
    data = form_data(
        reporter_admin.get(change_url(article)), headline="A cuatro manos, revisado"
    )
    assert reporter_admin.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.headline == "A cuatro manos, revisado"


def test_reporters_published_article_is_read_only_for_them(
    reporter_admin, reporter, section
):
    article = make_article("publicado-propio", created_by=reporter)
    page = reporter_admin.get(change_url(article))
    assert page.status_code == 200
    assert page.context["has_change_permission"] is False
    response = reporter_admin.post(change_url(article), {"headline": "Cambiado"})
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline == "Titular de publicado-propio"


def test_reporter_has_no_state_actions_and_cannot_add_corrections(
    reporter_admin, reporter, section
):
    article = own_draft(reporter)
    # Without a permission for any action, the list offers none at all.
    assert reporter_admin.get(changelist_url()).context["action_form"] is None
    page = reporter_admin.get(change_url(article))
    data = form_data(
        page,
        **{
            "updates-TOTAL_FORMS": "1",
            "updates-0-kind": "correction",
            "updates-0-note": "Corrección de la reportera",
            "updates-0-published_at_0": "2025-12-12",
            "updates-0-published_at_1": "10:00:00",
        },
    )
    reporter_admin.post(change_url(article), data)
    assert ArticleUpdate.objects.count() == 0


def test_reporter_publish_action_is_refused(reporter_admin, reporter, section):
    article = own_draft(reporter)
    reporter_admin.post(
        changelist_url(),
        {"action": "publish", "_selected_action": [article.pk], "confirm": "yes"},
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT


# The admin, as an editor: actions with a confirmation page.


def test_editor_publishes_after_confirming(editor_admin, reporter, section):
    article = make_article(
        "para-publicar", status=Status.IN_REVIEW, created_by=reporter
    )
    select = {"action": "publish", "_selected_action": [article.pk]}
    confirmation = editor_admin.post(changelist_url(), select)
    assert confirmation.status_code == 200
    assert confirmation.context["articles"] == [article]
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW
    response = editor_admin.post(changelist_url(), {**select, "confirm": "yes"})
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    assert article.is_published() is True
    assert article.history.first().history_user.username == "editora"


def test_editor_schedules_for_a_future_time_only(editor_admin, section):
    article = make_article("para-programar", status=Status.DRAFT)
    select = {"action": "schedule", "_selected_action": [article.pk], "confirm": "yes"}
    past = timezone.localtime() - timedelta(days=1)
    response = editor_admin.post(
        changelist_url(),
        {
            **select,
            "published_at_0": past.strftime("%Y-%m-%d"),
            "published_at_1": "10:00:00",
        },
    )
    assert response.status_code == 200
    assert "published_at" in response.context["form"].errors
    future = timezone.localtime() + timedelta(days=1)
    editor_admin.post(
        changelist_url(),
        {
            **select,
            "published_at_0": future.strftime("%Y-%m-%d"),
            "published_at_1": "10:00:00",
        },
    )
    article.refresh_from_db()
    assert article.status == Status.SCHEDULED
    assert timezone.localtime(article.published_at).date() == future.date()
    assert article.is_published() is False


def test_editor_withdraws_with_a_reason_readers_see(editor_admin, client, section):
    article = make_article("para-retirar", body="<p>Texto que se retira.</p>")
    select = {"action": "withdraw", "_selected_action": [article.pk], "confirm": "yes"}
    response = editor_admin.post(changelist_url(), {**select, "withdrawal_reason": ""})
    assert "withdrawal_reason" in response.context["form"].errors
    article.refresh_from_db()
    assert article.status == Status.PUBLISHED
    reason = "Se basaba en una fuente que no pudimos verificar."
    editor_admin.post(changelist_url(), {**select, "withdrawal_reason": reason})
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN
    editor_admin.logout()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 410
    assert reason in page.content.decode()
    assert "Texto que se retira" not in page.content.decode()


def test_changelist_shows_the_state_at_a_glance(editor_admin, section):
    make_article("en-linea")
    make_article(
        "programado",
        status=Status.SCHEDULED,
        published_at=timezone.now() + timedelta(hours=2),
    )
    make_article("borrador", status=Status.DRAFT)
    content = editor_admin.get(changelist_url()).content.decode()
    assert 'class="state state--published">live<' in content
    assert 'class="state state--scheduled">scheduled for ' in content
    assert 'class="state state--draft">draft<' in content


def test_editor_form_withdrawal_needs_a_reason(editor_admin, section):
    article = make_article("retirar-en-formulario")
    data = form_data(editor_admin.get(change_url(article)), status="withdrawn")
    response = editor_admin.post(change_url(article), data)
    assert "withdrawal_reason" in response.context["adminform"].form.errors
    data["withdrawal_reason"] = "Error grave de atribución."
    assert editor_admin.post(change_url(article), data).status_code == 302
    article.refresh_from_db()
    assert article.status == Status.WITHDRAWN


# The API, as each role.


def test_reporter_creates_a_draft_through_the_api_but_cannot_publish(
    reporter_api, reporter, section
):
    payload = {"headline": "Desde la API", "slug": "desde-la-api", "section": "mundo"}
    response = reporter_api.post(
        reverse("api:article-list"), {**payload, "status": "published"}
    )
    assert response.status_code == 400
    assert list(response.json()) == ["status"]
    assert not Article.objects.filter(slug="desde-la-api").exists()
    response = reporter_api.post(reverse("api:article-list"), payload)
    assert response.status_code == 201
    article = Article.objects.get(slug="desde-la-api")
    assert article.created_by == reporter
    assert article.status == Status.DRAFT
    response = reporter_api.patch(api_url(article), {"status": "in_review"})
    assert response.status_code == 200
    for status in ["published", "scheduled", "withdrawn"]:
        response = reporter_api.patch(api_url(article), {"status": status})
        assert response.status_code == 400, status
        assert "status" in response.json()
    article.refresh_from_db()
    assert article.status == Status.IN_REVIEW


def test_reporter_cannot_change_others_or_published_articles_through_the_api(
    reporter_api, reporter, other_reporter, section
):
    others = own_draft(other_reporter, slug="ajeno")
    published = make_article("publicado", created_by=reporter)
    assert reporter_api.patch(api_url(others), {"headline": "x"}).status_code == 404
    response = reporter_api.patch(api_url(published), {"headline": "x"})
    assert response.status_code == 403
    others.refresh_from_db()
    published.refresh_from_db()
    assert (others.headline, published.headline) == (
        "Titular de ajeno",
        "Titular de publicado",
    )


def test_reporter_cannot_add_corrections_through_the_api(
    reporter_api, reporter, section
):
    article = make_article("con-error", created_by=reporter)
    response = reporter_api.post(
        reverse("api:update-list"),
        {"article": article.slug, "kind": "correction", "note": "Nota"},
    )
    assert response.status_code == 403
    assert ArticleUpdate.objects.count() == 0


def test_editor_publishes_schedules_and_withdraws_through_the_api(
    editor_api, reporter, section
):
    article = own_draft(reporter)
    assert (
        editor_api.patch(api_url(article), {"status": "published"}).status_code == 200
    )
    response = editor_api.patch(api_url(article), {"status": "withdrawn"})
    assert response.status_code == 400
    assert list(response.json()) == ["withdrawal_reason"]
    response = editor_api.patch(
        api_url(article), {"status": "withdrawn", "withdrawal_reason": "Plagio."}
    )
    assert response.status_code == 200
    assert response.json()["withdrawal_reason"] == "Plagio."
    later = make_article("mas-tarde", status=Status.DRAFT)
    when = (timezone.now() + timedelta(days=1)).isoformat()
    response = editor_api.patch(
        api_url(later), {"status": "scheduled", "published_at": when}
    )
    assert response.status_code == 200
    later.refresh_from_db()
    assert later.status == Status.SCHEDULED
