from django import forms
from django.contrib import admin, messages
from django.db import transaction
from django.db.models import Count
from django.shortcuts import redirect
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.admin.forms import ArticleAdminForm, EditorialArticleAdmin
from articles.admin.photos import PhotoMetadataAdminMixin  # issue 7
from articles.admin.suggestions import EntitySuggestionsAdminMixin  # issue 7
from articles.admin.views import import_urls  # issue 7
from articles.editorial import roles
from articles.models import (
    Article,
    ArticleEntity,
    ArticleUpdate,
    Author,
    Byline,
    Entity,
    Photo,
    Section,
)


class PositionedInlineFormSet(forms.BaseInlineFormSet):
    """Offers the next free position to each new row, so that editors only
    type an order when they want to change it."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        if index is not None and form.instance.pk is None:
            form.fields["order"].initial = index


class HistoryAdmin(SimpleHistoryAdmin):
    """History pages under the same rules as the change page.

    simple-history asks only for the model's view permission and saves a
    revert on any POST. Here a version is shown to whoever may view the
    object as it is stored now (through ``get_queryset`` and
    ``has_view_permission``), and reverted only by whoever may change it now
    (``has_change_permission``, which the article admin ties to the desk's
    workflow). A refused revert changes nothing and says why. Versions of an
    object that no longer exists are for those who may delete such objects.
    """

    def current(self, request, obj):
        """The stored object that a version ``obj`` belongs to, if this user
        may see it; None otherwise."""
        return self.get_object(request, str(obj.pk))

    def is_deleted(self, obj):
        return not self.model._default_manager.filter(pk=obj.pk).exists()

    def has_view_history_permission(self, request, obj=None):
        if obj is None:
            return self.has_view_or_change_permission(request)
        stored = self.current(request, obj)
        if stored is None:
            return self.is_deleted(obj) and self.has_delete_permission(request)
        return self.has_view_or_change_permission(request, stored)

    def has_change_history_permission(self, request, obj=None):
        if obj is None:
            return self.has_change_permission(request)
        stored = self.current(request, obj)
        if stored is None:
            return (
                self.is_deleted(obj)
                and self.has_delete_permission(request)
                and self.has_add_permission(request)
            )
        return self.has_change_permission(request, stored)

    def has_view_history_or_change_history_permission(self, request, obj=None):
        return self.has_view_history_permission(
            request, obj
        ) or self.has_change_history_permission(request, obj)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method == "POST":
            history = getattr(
                self.model, self.model._meta.simple_history_manager_attribute
            )
            version = history.filter(pk=object_id, history_id=version_id).first()
            if version is not None and not self.has_change_history_permission(
                request, version.instance
            ):
                messages.error(
                    request,
                    _(
                        "You cannot revert “%(object)s”: reverting needs the "
                        "right to change it as it is now. Nothing was changed."
                    )
                    % {"object": version.instance},
                )
                return redirect(request.path)
        return super().history_form_view(request, object_id, version_id, extra_context)


class ArticleCountAdmin(HistoryAdmin):
    """Shows, and sorts by, how many articles each row is linked to."""

    article_count_lookup = None

    def get_queryset(self, request):
        # GROUP BY drops Meta.ordering, so order explicitly for the paginator.
        return (
            super()
            .get_queryset(request)
            .annotate(article_count=Count(self.article_count_lookup, distinct=True))
            .order_by("name")
        )

    @admin.display(description=_("articles"), ordering="article_count")
    def article_count(self, obj):
        return obj.article_count


@admin.register(Section)
class SectionAdmin(ArticleCountAdmin):
    article_count_lookup = "articles"
    list_display = ["name", "slug", "article_count"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Author)
class AuthorAdmin(ArticleCountAdmin):
    article_count_lookup = "bylines__article"
    list_display = ["name", "title", "affiliation", "category", "article_count"]
    list_filter = ["category"]
    search_fields = ["name", "title", "affiliation"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["user"]  # the desk account (articles/editorial/roles.py)


@admin.register(Entity)
class EntityAdmin(ArticleCountAdmin):
    article_count_lookup = "article_links"
    list_display = [
        "name",
        "kind",
        "wikidata_link",
        "country_code",
        "parent",
        "article_count",
    ]
    list_filter = ["kind"]
    search_fields = ["name", "aliases", "wikidata_id", "slug"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["wikidata_link"]
    fields = [
        "kind",
        "name",
        "slug",
        "aliases",
        "description",
        "wikidata_id",
        "wikidata_link",
        "country_code",
        "parent",
    ]
    prepopulated_fields = {"slug": ["name"]}
    list_select_related = ["parent"]

    @admin.display(description=_("Wikidata"), ordering="wikidata_id")
    def wikidata_link(self, entity):
        if not entity.wikidata_id:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a>',
            entity.wikidata_url,
            entity.wikidata_id,
        )


@admin.register(Photo)
class PhotoAdmin(PhotoMetadataAdminMixin, HistoryAdmin):
    list_display = ["thumbnail", "caption_preview", "credit_line", "supplier_category"]
    list_display_links = ["thumbnail", "caption_preview"]
    list_filter = ["supplier_category"]
    search_fields = ["caption", "credit_line", "creator", "source", "alt_text"]
    readonly_fields = [
        "preview",
        "width",
        "height",
        "uuid",
        "created_at",
        "modified_at",
    ]
    fieldsets = [
        (None, {"fields": ["image", "preview", "alt_text", "caption"]}),
        (
            _("Credit and rights (IPTC)"),
            {
                "fields": [
                    "credit_line",
                    "creator",
                    "source",
                    "supplier_category",
                    "copyright_notice",
                    "license",
                ]
            },
        ),
        (_("When and where"), {"fields": ["date_taken", "place"]}),
        (
            _("System"),
            {
                "fields": ["width", "height", "uuid", "created_at", "modified_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        # Sizes in a stylesheet, not in style attributes: the CSP allows no
        # inline styles.
        css = {"all": ["css/admin.css"]}

    # A photo follows the rule of the articles that use it (editorial/roles.py).

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request, obj)
        return roles.can_change_photo(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request, obj)
        return roles.can_change_photo(request.user, obj, action="delete")

    @admin.display(description=_("image"))
    def thumbnail(self, photo):
        if not photo.image:
            return _("(credit only)")
        return format_html(
            '<img src="{}" alt="{}" class="photo-thumbnail">',
            photo.image.url,
            photo.alt_text,
        )

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.image:
            return _("No image file: a credit-only record.")
        return format_html(
            '<img src="{}" alt="{}" class="photo-preview">',
            photo.image.url,
            photo.alt_text,
        )

    @admin.display(description=_("caption"), ordering="caption")
    def caption_preview(self, photo):
        return str(photo)


class BylineInline(admin.TabularInline):
    model = Byline
    formset = PositionedInlineFormSet
    autocomplete_fields = ["author"]
    fields = ["author", "role", "order"]
    extra = 0


class ArticleEntityInline(admin.TabularInline):
    model = ArticleEntity
    formset = PositionedInlineFormSet
    autocomplete_fields = ["entity"]
    fields = ["entity", "role", "order"]
    extra = 0


class ArticleUpdateInline(admin.StackedInline):
    model = ArticleUpdate
    fields = ["kind", "note", "published_at", "created_by"]
    readonly_fields = ["created_by"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(EditorialArticleAdmin, EntitySuggestionsAdminMixin, HistoryAdmin):
    # Roles, state actions, stale edits, history and previews: admin_editorial.
    # Entity suggestions from the text: admin_suggestions (issue 7).
    form = ArticleAdminForm
    save_on_top = True
    list_display = [
        "headline",
        "section",
        "state",
        "byline",
        "published_at",
        "updated_at",
    ]
    list_filter = ["status", "section", "language"]
    search_fields = ["headline", "dek", "body", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    autocomplete_fields = ["section", "lead_photo", "related"]
    readonly_fields = ["updated_at", "created_at", "modified_at", "uuid", "version"]
    inlines = [BylineInline, ArticleEntityInline, ArticleUpdateInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "headline",
                    "slug",
                    "dek",
                    "body",
                    "section",
                    "language",
                    "lead_photo",
                ]
            },
        ),
        (
            _("Byline"),
            {
                "fields": ["byline_text"],
                "description": _(
                    "Credit authors in the bylines below. Without bylines, the "
                    "desk or agency credit is printed; with neither, the article "
                    "runs without a byline."
                ),
            },
        ),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "updated_at",
                    "withdrawal_reason",
                    "preview_links",
                ]
            },
        ),
        (_("Related articles"), {"fields": ["related"]}),
        (
            _("System"),
            {
                "fields": [
                    "uuid",
                    "version",
                    "created_at",
                    "modified_at",
                    "loaded_version",
                ],
                "classes": ["collapse"],
            },
        ),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("section").with_bylines()

    # Issue 7: the Import page, in articles/admin/views.py.
    def get_urls(self):
        return import_urls(self) + super().get_urls()

    @admin.display(description=_("byline"))
    def byline(self, article):
        if article.byline_kind == Article.BylineKind.NONE:
            return _("(no byline)")
        if article.byline_kind == Article.BylineKind.DESK:
            return _("%(credit)s (desk credit)") % {"credit": article.byline_text}
        return article.byline_names

    def view_on_site(self, article):
        if article.is_published() or article.is_withdrawn():
            return article.get_absolute_url()
        return None

    def save_formset(self, request, form, formset, change):
        instances = formset.save(commit=False)
        for instance in instances:
            if isinstance(instance, ArticleUpdate) and instance.created_by_id is None:
                instance.created_by = request.user
            instance.save()
        for instance in formset.deleted_objects:
            instance.delete()
        formset.save_m2m()

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        # save_model() has just saved the article: save again only if needed.
        form.instance.refresh_updated_at(touch=False)


@admin.register(ArticleUpdate)
class ArticleUpdateAdmin(HistoryAdmin):
    list_display = ["article", "kind", "published_at", "created_by"]
    list_filter = ["kind"]
    search_fields = ["note", "article__headline"]
    autocomplete_fields = ["article"]
    date_hierarchy = "published_at"
    list_select_related = ["article", "created_by"]
    readonly_fields = ["created_by", "created_at"]

    def get_queryset(self, request):
        # Only the updates of the articles this user works on.
        articles = Article.objects.for_staff(request.user)
        return super().get_queryset(request).filter(article__in=articles)

    def save_model(self, request, obj, form, change):
        if obj.created_by_id is None:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
        obj.article.refresh_updated_at()

    def delete_model(self, request, obj):
        article = obj.article
        super().delete_model(request, obj)
        article.refresh_updated_at()

    def delete_queryset(self, request, queryset):
        # Admin actions, unlike the add, change and delete pages, run outside
        # a transaction: all or nothing, or updates go with their articles'
        # update times left behind.
        with transaction.atomic():
            articles = {update.article for update in queryset.select_related("article")}
            super().delete_queryset(request, queryset)
            for article in articles:
                article.refresh_updated_at()
