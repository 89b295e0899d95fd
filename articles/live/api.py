"""A live coverage's entries in the API: ``/api/v1/articles/<slug>/entries/``,
a filterable list like the articles' (keyset pages, ``updated_since``), and
writes under the same rules: model permissions, the role table
(``articles/live/roles.py``), ``full_clean`` and ``If-Match``."""

from django.db import transaction
from django.shortcuts import get_object_or_404
from django.utils.http import parse_etags
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from articles.api.base import (
    DETAIL_ERRORS,
    ID_IN_PATH,
    IF_MATCH,
    NOT_FOUND,
    PRECONDITION_FAILED,
    WRITE_ERRORS,
    ApiViewMixin,
    PreconditionFailed,
)
from articles.api.filters import DateTimeFilter
from articles.api.permissions import ModelPermissionsOrAnonReadOnly
from articles.api.serializers.base import (
    PageUrlField,
    SlugField,
    WriteSerializer,
    full_clean,
)
from articles.cache_keys import depends_on
from articles.editorial import roles
from articles.etags import matches_current, versioned_etag
from articles.live import roles as live_roles
from articles.live.models import LiveEntry, LiveEntryCorrection, live_key
from articles.models import Article, Author, Photo


def entry_etag(entry):
    return versioned_etag(entry, "json", [entry.modified_at.isoformat()])


class LiveEntryCorrectionSerializer(WriteSerializer):
    class Meta:
        model = LiveEntryCorrection
        fields = ["id", "note", "published_at"]
        read_only_fields = ["id"]
        extra_kwargs = {
            "id": {"help_text": _("The correction's number.")},
            "published_at": {"help_text": _("When readers see it; now when left out.")},
        }


class LiveEntrySerializer(WriteSerializer):
    url = PageUrlField(help_text=_("The entry on the live page."))
    author = SlugField(
        queryset=Author.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The author's slug: the byline readers see."),
    )
    photo = serializers.PrimaryKeyRelatedField(
        queryset=Photo.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("The id of a photo shown under the entry, or null."),
    )
    corrections = serializers.SerializerMethodField(
        help_text=_("Its published corrections, oldest first (all, for the desk).")
    )

    class Meta:
        model = LiveEntry
        fields = [
            "id",
            "uuid",
            "url",
            "title",
            "body",
            "author",
            "photo",
            "pinned",
            "key_event",
            "status",
            "published_at",
            "withdrawal_reason",
            "corrections",
            "version",
            "created_at",
            "modified_at",
        ]
        read_only_fields = ["id", "uuid", "version", "created_at", "modified_at"]
        extra_kwargs = {
            "id": {"help_text": _("Use it in entries/{id}/ to change the entry.")},
            "uuid": {"help_text": _("Permanent ID (the ninjs uri, JSON-LD @id).")},
            "title": {"help_text": _("Optional title, e.g. 'The vote begins'.")},
            "status": {
                "help_text": _(
                    "draft, published or withdrawn; only editors publish and withdraw."
                )
            },
            "withdrawal_reason": {
                "help_text": _("Why it was withdrawn (desk only); required then.")
            },
            "version": {"help_text": _("Goes up on every save (If-Match).")},
            "created_at": {"help_text": _("When it was first saved.")},
            "modified_at": {"help_text": _("The last save (updated_since).")},
        }

    def get_corrections(self, entry) -> list[dict]:
        visible = (
            entry.corrections.all()
            if self.context.get("sees_unpublished")
            else entry.published_corrections()
        )
        return LiveEntryCorrectionSerializer(visible, many=True).data

    def to_representation(self, entry):
        data = super().to_representation(entry)
        if not self.context.get("sees_unpublished"):
            data.pop("withdrawal_reason")
        return data

    def validate(self, attrs):
        user = self.context["request"].user
        stored = self.instance.status if self.instance else None
        wanted = attrs.get("status", stored or LiveEntry.Status.DRAFT)
        errors = live_roles.check_entry_status(user, wanted, stored)
        if errors:
            raise ValidationError(errors)
        return attrs

    def create(self, validated_data):
        return self.save_entry(LiveEntry(**validated_data))

    def update(self, entry, validated_data):
        for name, value in validated_data.items():
            setattr(entry, name, value)
        return self.save_entry(entry)

    def save_entry(self, entry):
        full_clean(entry, exclude=["article"])
        entry.save()
        return entry


class LiveEntryFilter(filters.FilterSet):
    updated_since = DateTimeFilter(
        field_name="modified_at",
        lookup_expr="gte",
        help_text=_(
            "Entries changed in any way at or after this ISO 8601 time "
            "(`modified_at`); with `ordering=modified_at` for syncing."
        ),
    )
    published_after = DateTimeFilter(
        field_name="published_at",
        lookup_expr="gte",
        help_text=_("Entries published at or after this ISO 8601 time."),
    )
    pinned = filters.BooleanFilter(help_text=_("Pinned entries only (or not)."))
    key_event = filters.BooleanFilter(help_text=_("Key events only (or not)."))
    status = filters.ChoiceFilter(
        choices=LiveEntry.Status.choices,
        method="filter_status",
        help_text=_("The desk only: entries in this state."),
    )
    ordering = filters.ChoiceFilter(
        choices=[
            (prefix + name, prefix + name)
            for name in ("published_at", "modified_at")
            for prefix in ("", "-")
        ],
        method="filter_ordering",
        help_text=_("Default `-published_at`; `modified_at` for syncing."),
    )

    class Meta:
        model = LiveEntry
        fields = []

    def filter_ordering(self, queryset, name, value):
        """The keyset pagination orders the list."""
        return queryset

    def filter_status(self, queryset, name, value):
        if not roles.sees_unpublished(self.request.user):
            raise ValidationError(
                {"status": [_("Only the desk may filter by status.")]}
            )
        return queryset.filter(status=value)


ENTRY_CHANGE = {
    "description": (
        "Needs live.change_liveentry: reporters change their own drafts, "
        "editors any entry. Send If-Match."
    ),
    "parameters": [IF_MATCH],
    "responses": {
        200: LiveEntrySerializer,
        404: NOT_FOUND,
        412: PRECONDITION_FAILED,
        **WRITE_ERRORS,
    },
}


@extend_schema_view(
    list=extend_schema(
        summary="A live coverage's entries",
        description=(
            "Published entries, newest first (`ordering=modified_at` with "
            "`updated_since` to sync). Drafts and withdrawn entries only for "
            "the desk."
        ),
        responses={200: LiveEntrySerializer(many=True), **DETAIL_ERRORS},
    ),
    retrieve=extend_schema(
        summary="One entry",
        responses={200: LiveEntrySerializer, **DETAIL_ERRORS},
    ),
    create=extend_schema(
        summary="Post an entry",
        description="Needs live.add_liveentry; publishing needs an editor.",
        responses={201: LiveEntrySerializer, 404: NOT_FOUND, **WRITE_ERRORS},
    ),
    update=extend_schema(summary="Replace an entry", **ENTRY_CHANGE),
    partial_update=extend_schema(
        summary="Change some fields of an entry", **ENTRY_CHANGE
    ),
)
class LiveEntryViewSet(
    ApiViewMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = LiveEntrySerializer
    permission_classes = [ModelPermissionsOrAnonReadOnly]
    filterset_class = LiveEntryFilter
    lookup_value_regex = ID_IN_PATH
    orderings = {"published_at": "published_at", "modified_at": "modified_at"}
    default_ordering = "-published_at"
    ordering_is_public = True
    page_cached_actions = {"list", "retrieve"}
    queryset = LiveEntry.objects.none()

    def sees_unpublished(self):
        user = self.request.user
        return roles.sees_unpublished(user) and user.has_perm("live.view_liveentry")

    def get_article(self):
        if not hasattr(self, "_article"):
            user = self.request.user
            articles = (
                Article.objects.visible_to(user)
                if roles.sees_unpublished(user)
                else Article.objects.published()
            )
            article = get_object_or_404(
                articles.select_related("live_coverage"), slug=self.kwargs["slug"]
            )
            if not hasattr(article, "live_coverage"):
                raise NotFound(_("This article is not a live coverage."))
            self._article = article
        return self._article

    def get_queryset(self):
        article = self.get_article()
        depends_on(live_key(article.pk))
        if self.sees_unpublished():
            entries = LiveEntry.objects.filter(article=article).visible_to(
                self.request.user
            )
        else:
            entries = LiveEntry.objects.visible_in(article)
        return entries.select_related("author", "article").prefetch_related(
            "corrections"
        )

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "sees_unpublished": self.sees_unpublished(),
        }

    def retrieve(self, request, *args, **kwargs):
        entry = self.get_object()
        response = Response(self.get_serializer(entry).data)
        response["ETag"] = entry_etag(entry)
        return response

    def perform_create(self, serializer):
        article = self.get_article()
        self.save_atomically(serializer, article=article, created_by=self.request.user)

    def create(self, request, *args, **kwargs):
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        self.perform_create(serializer)
        response = Response(serializer.data, status=status.HTTP_201_CREATED)
        response["ETag"] = entry_etag(serializer.instance)
        return response

    def update(self, request, *args, partial=False, **kwargs):
        entry = self.get_object()
        if not live_roles.can_edit_entry(request.user, entry):
            raise PermissionDenied(
                _(
                    "You may not change this entry: reporters change their own "
                    "drafts; editors change any entry."
                )
            )
        with transaction.atomic():
            entry = LiveEntry.objects.select_for_update().get(pk=entry.pk)
            header = request.headers.get("If-Match")
            if header is not None and not matches_current(parse_etags(header), entry):
                raise PreconditionFailed(
                    _(
                        "The entry has changed since this ETag (it is now "
                        "version %(version)s): fetch it again."
                    )
                    % {"version": entry.version}
                )
            serializer = self.get_serializer(entry, data=request.data, partial=partial)
            serializer.is_valid(raise_exception=True)
            entry = self.save_atomically(serializer)
        response = Response(self.get_serializer(entry).data)
        response["ETag"] = entry_etag(entry)
        return response

    @extend_schema(
        summary="Correct an entry",
        request=LiveEntryCorrectionSerializer,
        responses={201: LiveEntryCorrectionSerializer, 404: NOT_FOUND, **WRITE_ERRORS},
    )
    @action(detail=True, methods=["post"])
    def corrections(self, request, *args, **kwargs):
        """Correct an entry (editors): readers see the note and its time."""
        entry = self.get_object()
        if not live_roles.can_correct(request.user):
            raise PermissionDenied(_("Only an editor can correct an entry."))
        serializer = LiveEntryCorrectionSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        correction = LiveEntryCorrection(
            entry=entry, created_by=request.user, **serializer.validated_data
        )
        full_clean(correction, exclude=["entry"])
        correction.save()
        return Response(
            LiveEntryCorrectionSerializer(correction).data,
            status=status.HTTP_201_CREATED,
        )
