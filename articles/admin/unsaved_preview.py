"""Preview of unsaved work: the article form's current state, posted by its
*Preview unsaved changes* button, rendered by the public article template
without saving anything. Invalid input shows the form's errors."""

from django.template.response import TemplateResponse

from articles import caching
from articles.admin.autosave import find_article
from articles.html import sanitise_body
from articles.site import previews


def unsaved_preview_view(model_admin, request, object_id):
    article = find_article(model_admin, request, object_id)
    data = request.POST.copy()
    # A preview shows what is typed, whatever was saved meanwhile: the
    # stale-save check belongs to the save.
    data["loaded_version"] = str(article.version)
    form_class = model_admin.get_form(request, article, change=True)
    form = form_class(data, request.FILES, instance=article)
    if not form.is_valid():
        response = TemplateResponse(
            request,
            "admin/articles/article/unsaved_preview_errors.html",
            {
                **model_admin.admin_site.each_context(request),
                "opts": model_admin.model._meta,
                "original": article,
                "form": form,
                "title": article.headline,
            },
            status=400,
        )
        response.headers["X-Robots-Tag"] = "noindex, nofollow"
        return caching.private(response)
    unsaved = form.save(commit=False)
    unsaved.body = sanitise_body(unsaved.body)
    return previews.UnsavedArticlePreviewView.as_view(article=unsaved)(request)
