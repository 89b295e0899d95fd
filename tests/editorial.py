"""Helpers for the desk's two doors: the admin's URLs and forms as a browser
would fill them in, and the API's URLs and answers. The accounts that use
them are fixtures in conftest.py."""

from django.urls import reverse


def desk_login(client, user):
    client.force_login(user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def changelist(model):
    return reverse(f"admin:articles_{model._meta.model_name}_changelist")


def inline_management(prefix, total, initial=0):
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def article_form(section, **overrides):
    data = {
        "headline": "Noboa y Jerí se reúnen en Quito",
        "slug": "noboa-jeri-quito",
        "dek": "Los presidentes hablaron de seguridad en la frontera.",
        "body": "<p>Primer párrafo.</p>",
        "section": str(section.pk),
        "language": "es",
        "lead_photo": "",
        "byline_text": "",
        "status": "published",
        "published_at_0": "2025-12-12",
        "published_at_1": "10:00:00",
        **inline_management("bylines", 0),
        **inline_management("entity_links", 0),
        **inline_management("updates", 0),
    }
    data.update(overrides)
    return data


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def changelist_url():
    return reverse("admin:articles_article_changelist")


def api_url(article):
    return reverse("api:article-detail", kwargs={"slug": article.slug})


def slugs(response):
    """The slugs of an API list page, in order."""
    return [item["slug"] for item in response.json()["results"]]


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
