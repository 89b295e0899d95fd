"""Desk accounts in the groups that migration 0004 creates, for the
workflow, history and preview tests."""

import pytest
from django.contrib.auth.models import Group, User
from django.urls import reverse

from tests.api_fixtures import token_client


def desk_user(username, group):
    user = User.objects.create_user(username, password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


@pytest.fixture
def reporter(db):
    return desk_user("reportera", "Reporter")


@pytest.fixture
def other_reporter(db):
    return desk_user("otro", "Reporter")


@pytest.fixture
def desk_editor(db):
    return desk_user("editora", "Editor")


def admin_client(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def reporter_admin(client, reporter):
    return admin_client(client, reporter)


@pytest.fixture
def editor_admin(client, desk_editor):
    return admin_client(client, desk_editor)


@pytest.fixture
def reporter_api(reporter):
    return token_client(reporter)


@pytest.fixture
def editor_api(desk_editor):
    return token_client(desk_editor)


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def changelist_url():
    return reverse("admin:articles_article_changelist")


def api_url(article):
    return reverse("api:article-detail", kwargs={"slug": article.slug})


def form_data(response, **overrides):
    """What the browser would post back from an admin change or add page:
    every field of the form and of its inlines as shown, then ``overrides``."""
    from django import forms

    context = response.context
    all_forms = [context["adminform"].form]
    for inline in context.get("inline_admin_formsets", []):
        all_forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in all_forms:
        for name, field in form.fields.items():
            key = form.add_prefix(name)
            value = form[name].value()
            if isinstance(
                field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField
            ):
                data[key] = [str(item) for item in value or []]
                continue
            if isinstance(field.widget, forms.MultiWidget):
                parts = (
                    value if isinstance(value, list) else field.widget.decompress(value)
                )
                for index, part in enumerate(parts):
                    data[f"{key}_{index}"] = "" if part is None else str(part)
            elif isinstance(value, list | tuple):
                data[key] = [str(item) for item in value]
            elif isinstance(value, bool):
                if value:
                    data[key] = "on"
            else:
                data[key] = "" if value is None else str(value)
    data.update(overrides)
    return data
