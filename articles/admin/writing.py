"""Writing the body in the admin: the rich-text editor and what its dialogs
ask the server (photos from the library, a new photo, articles to link to).

The editor is django-prose-editor, configured from ``BODY_EXTENSIONS``
(``articles/html.py``), with the newsroom's own module
``static/js/body-editor.js``. Its import map is the one inline element of the
page; it carries the answer's CSP nonce (no ``unsafe-inline``).
"""

import json
import re
from functools import partial

from django.db.models import Q
from django.http import JsonResponse
from django.urls import path, reverse_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_POST
from django_prose_editor.widgets import AdminProseEditorWidget
from js_asset import Media

from articles.admin.photos import PhotoMetadataForm
from articles.embeds import PROVIDERS
from articles.html import BODY_EXTENSIONS
from articles.models import Article, Photo

RESULTS = 20
UUID_FORM = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")
SEARCH_MAX_LENGTH = 200


# What the editor's own panels say (static/js/body-editor.js).
LABELS = {
    "photo": _("Insert a photo"),
    "photoSearch": _("Search the library by caption, credit or photographer"),
    "upload": _("Or upload a new photo"),
    "alt": _("Alt text (what the photo shows)"),
    "caption": _("Caption"),
    "credit": _("Credit line"),
    "uploadButton": _("Upload and insert"),
    "embed": _("Insert a video, post, chart or podcast"),
    "embedUrl": _(
        "Address (YouTube, Vimeo, X, Instagram, TikTok, Datawrapper, "
        "Flourish, Spotify, Apple Podcasts)"
    ),
    "embedButton": _("Insert"),
    "embedUnknown": _("This address is not one we can embed; it stays a link."),
    "link": _("Link to an article"),
    "linkSearch": _("Search articles by headline"),
    "noResults": _("Nothing found."),
    "photoBlock": _("Photo"),
    "embedBlock": _("Embed"),
    "missingPhoto": _("This photo is not in the library."),
}


class PhotoUploadForm(PhotoMetadataForm):
    class Meta:
        model = Photo
        fields = ["image", "alt_text", "caption", "credit_line", "creator", "source"]


class BodyEditorWidget(AdminProseEditorWidget):
    def __init__(self, attrs=None):
        super().__init__(
            attrs={
                "data-photo-search": reverse_lazy(
                    "admin:articles_article_photo_search"
                ),
                "data-photo-upload": reverse_lazy(
                    "admin:articles_article_photo_upload"
                ),
                "data-article-search": reverse_lazy(
                    "admin:articles_article_article_search"
                ),
                **(attrs or {}),
            },
            config={"extensions": BODY_EXTENSIONS},
            preset="newsroom",
        )

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["attrs"]["data-newsroom"] = json.dumps(
            {
                "labels": {key: str(label) for key, label in LABELS.items()},
                "embeds": {
                    provider.name: list(provider.hosts)
                    for provider in PROVIDERS.values()
                },
                "providers": {
                    provider.name: provider.label for provider in PROVIDERS.values()
                },
            }
        )
        return context


def search_terms(request):
    return request.GET.get("q", "").replace("\x00", "").strip()[:SEARCH_MAX_LENGTH]


def photo_result(photo):
    return {
        "uuid": str(photo.uuid),
        "caption": photo.caption,
        "credit": photo.credit_line,
        "alt": photo.alt_text,
        "thumbnail": photo.image.url if photo.image else "",
    }


def photo_search_view(admin, request):
    """Library photos whose caption, credit, creator or source say ``q``."""
    if not request.user.has_perm("articles.view_photo"):
        return JsonResponse({"error": gettext("You may not see photos.")}, status=403)
    photos = Photo.objects.order_by("-created_at")
    if uuids := [u for u in request.GET.getlist("uuid") if UUID_FORM.fullmatch(u)]:
        photos = photos.filter(uuid__in=uuids[:RESULTS])
    elif terms := search_terms(request):
        for term in terms.split():
            photos = photos.filter(
                Q(caption__icontains=term)
                | Q(credit_line__icontains=term)
                | Q(creator__icontains=term)
                | Q(source__icontains=term)
            )
    return JsonResponse({"results": [photo_result(p) for p in photos[:RESULTS]]})


def photo_upload_view(admin, request):
    """A new library photo from the editor: the photo admin's form, so that
    the file's embedded metadata fills what was left empty."""
    if not request.user.has_perm("articles.add_photo"):
        return JsonResponse({"error": gettext("You may not add photos.")}, status=403)
    form = PhotoUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return JsonResponse({"errors": form.errors.get_json_data()}, status=400)
    photo = form.save()
    return JsonResponse(photo_result(photo), status=201)


def article_search_view(admin, request):
    """Articles to link to, among those the user may see; the answer's
    address is the article's public one."""
    articles = Article.objects.visible_to(request.user).order_by("-created_at")
    if terms := search_terms(request):
        for term in terms.split():
            articles = articles.filter(
                Q(headline__icontains=term) | Q(slug__icontains=term)
            )
    return JsonResponse(
        {
            "results": [
                {
                    "uuid": str(article.uuid),
                    "headline": article.headline,
                    "url": article.get_absolute_url(),
                    "status": article.get_status_display(),
                }
                for article in articles.only("uuid", "headline", "slug", "status")[
                    :RESULTS
                ]
            ]
        }
    )


class EditorMediaMixin:
    """For a change form with the body editor: its import map carries the
    answer's CSP nonce."""

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context["media"] = Media.from_media(context["media"], nonce=request.csp_nonce)
        return super().render_change_form(request, context, add, change, form_url, obj)


class WritingAdminMixin(EditorMediaMixin):
    def get_urls(self):
        def page(route, view, name, method):
            return path(
                route,
                self.admin_site.admin_view(method(partial(view, self))),
                name=f"articles_article_{name}",
            )

        return [
            page("writing/photos/", photo_search_view, "photo_search", require_GET),
            page(
                "writing/photos/upload/",
                photo_upload_view,
                "photo_upload",
                require_POST,
            ),
            page(
                "writing/articles/", article_search_view, "article_search", require_GET
            ),
            *super().get_urls(),
        ]
