"""The article admin, and that of updates and corrections."""

from functools import partial

from django.contrib import admin, messages
from django.contrib.auth import get_permission_codename
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import path, reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from articles.admin import counters, forms, views
from articles.admin.desk import DeskAdminMixin
from articles.admin.history import HistoryAdmin
from articles.admin.writing import WritingAdminMixin
from articles.editorial import roles
from articles.editorial.history import related_changes
from articles.editorial.workflow import PUBLIC_STATUSES, UNPUBLISHED_STATUSES
from articles.models import Article, ArticleEntity, ArticleUpdate, Byline
from articles.site import previews
from articles.suggestions import suggest_entities

Status = Article.Status


class BylineInline(admin.TabularInline):
    model = Byline
    formset = forms.PositionedInlineFormSet
    autocomplete_fields = ["author"]
    fields = ["author", "role", "order"]
    extra = 0


class ArticleEntityInline(admin.TabularInline):
    """A compact list, one line per entity with its role, in columns: the 40
    entities of a long story fit on one screen beside the suggestions."""

    model = ArticleEntity
    formset = forms.PositionedInlineFormSet
    template = "admin/articles/article/edit_inline/compact_entities.html"
    autocomplete_fields = ["entity"]
    fields = ["entity", "role", "order"]
    extra = 0

    def get_queryset(self, request):
        # Each line prints its entity's name.
        return super().get_queryset(request).select_related("entity")


class ArticleUpdateInline(admin.StackedInline):
    model = ArticleUpdate
    fields = ["kind", "note", "published_at", "created_by"]
    readonly_fields = ["created_by"]
    extra = 0


@admin.register(Article)
class ArticleAdmin(WritingAdminMixin, DeskAdminMixin, HistoryAdmin):
    """The desk's article: its form and lists, the state actions, previews,
    entity suggestions, the Import page and the history with its restores;
    autosave, presence and the preview of unsaved work (``DeskAdminMixin``).
    Who may do what is ``articles.editorial.roles``, shared with the API."""

    form = forms.ArticleAdminForm
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
    autocomplete_fields = ["section", "lead_photo", "social_image", "related"]
    readonly_fields = [
        "updated_at",
        "created_at",
        "modified_at",
        "uuid",
        "version",
        "body_counts",
    ]
    inlines = [BylineInline, ArticleEntityInline, ArticleUpdateInline]
    # The form in the order of the job: the story, who wrote it, what it is
    # about, its publication, then what search engines and social cards show.
    # Fieldsets by position and inlines by class, in the order the change page
    # shows them (``form_layout``); fieldsets not named follow at the end.
    fieldsets = [
        (
            None,
            {"fields": ["headline", "dek", "body", "body_counts", "lead_photo"]},
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
        (_("Section and entities"), {"fields": ["section"]}),
        (
            _("Publication"),
            {
                "fields": [
                    "status",
                    "published_at",
                    "updated_at",
                    "withdrawal_reason",
                    "slug",
                    "language",
                    "preview_links",
                ]
            },
        ),
        (_("Related articles"), {"fields": ["related"]}),
        (
            _("Search engines and social media"),
            {
                "fields": ["seo_title", "meta_description", "social_image"],
                "classes": ["collapse"],
                "description": _(
                    "Optional. Left blank, the headline, dek and lead photo are used."
                ),
            },
        ),
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
    form_layout = [0, 1, BylineInline, 2, ArticleEntityInline, 3, ArticleUpdateInline]

    actions = [
        views.state_action(
            "publish",
            _("Publish now"),
            "publish",
            UNPUBLISHED_STATUSES,
        ),
        views.state_action(
            "schedule",
            _("Schedule"),
            "publish",
            UNPUBLISHED_STATUSES,
            forms.ScheduleForm,
        ),
        views.state_action(
            "withdraw",
            _("Withdraw"),
            "withdraw",
            PUBLIC_STATUSES,
            forms.WithdrawForm,
        ),
    ]
    object_history_template = "admin/articles/article/object_history.html"

    class Media:
        css = {
            "all": [
                "css/admin-editorial.css",
                "css/admin-article-form.css",
                "css/body-editor.css",
            ]
        }
        js = ["js/counters.js"]

    def get_queryset(self, request):
        # Every article for editors, their own for reporters.
        articles = super().get_queryset(request).for_staff(request.user)
        return articles.select_related("section").with_bylines()

    def get_urls(self):
        """The pages of ``views`` beside Django's, named like Django's
        (``articles_article_<page>``)."""
        opts = self.model._meta

        def page(route, view, name, post_only=False):
            view = partial(view, self)
            if post_only:
                view = require_POST(view)
            return path(
                route,
                self.admin_site.admin_view(view),
                name=f"{opts.app_label}_{opts.model_name}_{name}",
            )

        return [
            page("import/", views.import_view, "import"),
            page("<path:object_id>/preview/", views.preview_view, "preview"),
            page(
                "<path:object_id>/link-entities/",
                views.link_entities_view,
                "link_entities",
                post_only=True,
            ),
            *super().get_urls(),
        ]

    @admin.display(description=_("byline"))
    def byline(self, article):
        if article.byline_kind == Article.BylineKind.NONE:
            return _("(no byline)")
        if article.byline_kind == Article.BylineKind.DESK:
            return _("%(credit)s (desk credit)") % {"credit": article.byline_text}
        return article.byline_names

    def view_on_site(self, article):
        if article.has_public_page():
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

    # Who may do what: articles/editorial/roles.py.

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        if obj is None or not allowed:
            return allowed
        return roles.can_edit(request.user, obj)

    def has_publish_permission(self, request):
        return roles.can_publish(request.user)

    def has_withdraw_permission(self, request):
        return roles.can_withdraw(request.user)

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def get_readonly_fields(self, request, obj=None):
        fields = [*super().get_readonly_fields(request, obj), "preview_links"]
        if not roles.can_publish(request.user):
            fields.append("published_at")
        if not roles.can_withdraw(request.user):
            fields.append("withdrawal_reason")
        return fields

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        restored = getattr(request, "restored_record", None)
        if restored is None:
            super().save_model(request, obj, form, change)
            return
        obj._change_reason = gettext("Restored version %(version)s") % {
            "version": restored.version
        }
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            missing = obj.restore_links(restored)
        labels = {"bylines": _("bylines"), "entity_links": _("entities")}
        for related, names in missing.items():
            self.message_user(
                request,
                _(
                    "The %(links)s of version %(version)s name %(names)s, "
                    "deleted since: the current %(links)s were kept."
                )
                % {
                    "links": labels[related],
                    "version": restored.version,
                    "names": get_text_list(names, _("and")),
                },
                messages.WARNING,
            )

    def apply_state(self, request, name, articles, values):
        """Run a state action on each article it applies to; an article that
        fails validation is reported, the others are saved."""
        done = 0
        for article in articles:
            if not roles.can_edit(request.user, article):
                continue
            article._history_user = request.user
            try:
                if name == "publish":
                    article.publish()
                elif name == "schedule":
                    article.schedule(values["published_at"])
                else:
                    article.withdraw(values["withdrawal_reason"])
            except ValidationError as error:
                self.message_user(
                    request,
                    f"{article}: {' '.join(error.messages)}",
                    messages.ERROR,
                )
                continue
            self.log_change(request, article, [{"changed": {"fields": ["status"]}}])
            done += 1
        return done

    # The list: the state at a glance.

    @admin.display(description=_("state"), ordering="status")
    def state(self, article):
        if article.is_scheduled():
            when = formats.date_format(
                timezone.localtime(article.published_at), "SHORT_DATETIME_FORMAT"
            )
            label = _("scheduled for %(when)s") % {"when": when}
        elif article.is_published():
            label = _("live")
        else:
            label = article.get_status_display()
        code = "published" if article.is_published() else article.status
        return format_html('<span class="state state--{}">{}</span>', code, label)

    @admin.display(description=_("preview"))
    def preview_links(self, article):
        if not article.pk:
            return _("Save the article to preview it.")
        staff = reverse("admin:articles_article_preview", args=[article.pk])
        hours = int(previews.PREVIEW_LINK_MAX_AGE.total_seconds() // 3600)
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a><br>'
            '<a href="{}" target="_blank" rel="noopener">{}</a> {}',
            staff,
            _("Preview (staff only)"),
            previews.preview_link(article),
            _("Link for an outside reviewer"),
            _("(works for %(hours)d hours, for anyone who has it)") % {"hours": hours},
        )

    # Entity suggestions from the text.

    def can_link_entities(self, request, article):
        opts = ArticleEntity._meta
        codename = get_permission_codename("add", opts)
        return self.has_change_permission(request, article) and (
            request.user.has_perm(f"{opts.app_label}.{codename}")
        )

    def render_change_form(
        self, request, context, add=False, change=False, form_url="", obj=None
    ):
        context["form_layout"] = self.layout(context)
        if obj is not None and obj.pk and self.can_link_entities(request, obj):
            opts = self.model._meta
            context["entity_suggestions"] = suggest_entities(obj)
            context["link_entities_url"] = reverse(
                f"admin:{opts.app_label}_{opts.model_name}_link_entities",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def layout(self, context):
        """The change page's fieldsets and inlines in ``form_layout`` order,
        as (fieldset, inline) pairs of which one is None."""
        fieldsets = list(context["adminform"])
        inlines = {
            type(formset.opts): formset
            for formset in context.get("inline_admin_formsets", [])
        }
        layout = []
        for part in self.form_layout:
            if isinstance(part, int) and part < len(fieldsets):
                layout.append((fieldsets[part], None))
            elif part in inlines:
                layout.append((None, inlines.pop(part)))
        placed = {part for part in self.form_layout if isinstance(part, int)}
        layout += [
            (fieldset, None)
            for index, fieldset in enumerate(fieldsets)
            if index not in placed
        ]
        return layout + [(None, formset) for formset in inlines.values()]

    @admin.display(description=_("length"))
    def body_counts(self, article):
        return counters.body_counts(article.body)

    # History: the article's own records (with diffs, from simple-history)
    # and those of its bylines, entities, updates and lead photos.

    def history_view(self, request, object_id, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "related_changes": related_changes(object_id),
        }
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        request.restored_record = Article.history.filter(
            id=object_id, history_id=version_id
        ).first()
        return super().history_form_view(request, object_id, version_id, extra_context)


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
