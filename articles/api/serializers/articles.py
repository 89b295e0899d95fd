"""Articles as read (list and detail) and as written by editors."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from articles.api.serializers.base import (
    HELP,
    IdField,
    PageUrlField,
    SlugField,
    SlugTextField,
    WriteSerializer,
    full_clean,
    raise_model_errors,
)
from articles.api.serializers.catalogue import PhotoSerializer, SectionRefSerializer
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


class BylineSerializer(serializers.Serializer):
    name = serializers.CharField(source="author.name", help_text=_("As printed."))
    slug = serializers.CharField(source="author.slug", help_text=HELP["slug"])
    role = serializers.ChoiceField(
        choices=Byline.Role.choices, help_text=HELP["byline_role"]
    )
    url = PageUrlField(source="author", help_text=_("The public author page."))


class ArticleEntitySerializer(serializers.Serializer):
    name = serializers.CharField(source="entity.name", help_text=HELP["name"])
    slug = serializers.CharField(source="entity.slug", help_text=HELP["slug"])
    kind = serializers.ChoiceField(
        source="entity.kind", choices=Entity.Kind.choices, help_text=HELP["kind"]
    )
    role = serializers.ChoiceField(
        choices=ArticleEntity.Role.choices, help_text=HELP["article_role"]
    )
    wikidata_id = serializers.CharField(
        source="entity.wikidata_id", help_text=HELP["wikidata_id"]
    )
    wikidata_uri = serializers.CharField(
        source="entity.wikidata_uri", help_text=HELP["wikidata_uri"]
    )
    url = PageUrlField(source="entity", help_text=_("The public entity page."))


def visible_related(article):
    """The related articles as this requester sees them: those the view
    prefetched as ``related_as_seen`` for a member of staff (what
    ``Article.objects.visible_to`` lets them read), otherwise the published
    ones that ``with_page_data()`` prefetches."""
    related = getattr(article, "related_as_seen", None)
    return article.related.all() if related is None else related


class VisibleArticleField(SlugField):
    """An article by slug, among those the writer may read: one they may not
    read answers exactly like one that does not exist."""

    def get_queryset(self):
        return Article.objects.visible_to(self.context["request"].user)


class ArticleUpdateSerializer(WriteSerializer):
    published_at = serializers.DateTimeField(
        required=False,
        help_text=_("When readers see it; now when left out."),
    )

    class Meta:
        model = ArticleUpdate
        fields = ["id", "kind", "note", "published_at"]
        read_only_fields = ["id"]
        extra_kwargs = {
            "id": {"help_text": _("Use it in updates/{id}/ to change it.")},
            "kind": {"help_text": HELP["update_kind"]},
        }

    def create(self, validated_data):
        return self.save_update(ArticleUpdate(**validated_data))

    def update(self, update, validated_data):
        for name, value in validated_data.items():
            setattr(update, name, value)
        return self.save_update(update)

    def save_update(self, update):
        full_clean(update)
        update.save()
        # The article as it is now, locked: its version moves on from the
        # latest one, not from the copy read with the update (the view wraps
        # the write in a transaction).
        article = Article.objects.select_for_update().get(pk=update.article_id)
        article.refresh_updated_at()
        update.article = article
        return update


class NewArticleUpdateSerializer(ArticleUpdateSerializer):
    article = SlugField(
        queryset=Article.objects.all(),
        write_only=True,
        help_text=_("Slug of the article it updates or corrects."),
    )

    class Meta(ArticleUpdateSerializer.Meta):
        fields = ["id", "article", "kind", "note", "published_at"]


class RelatedArticleSerializer(serializers.Serializer):
    slug = serializers.CharField(help_text=HELP["slug"])
    headline = serializers.CharField(help_text=HELP["headline"])
    url = PageUrlField(help_text=_("The public article page."))


class ArticleListSerializer(serializers.ModelSerializer):
    """The list's shape: everything but `body`."""

    url = PageUrlField(help_text=_("The public article page."))
    section = SectionRefSerializer(help_text=_("The section it belongs to."))
    photo = PhotoSerializer(
        source="lead_photo",
        allow_null=True,
        help_text=_("The lead photo with its credit and rights, or null."),
    )
    bylines = BylineSerializer(many=True, help_text=_("In the order printed."))
    byline_kind = serializers.ChoiceField(
        choices=Article.BylineKind.choices,
        help_text=_(
            "`authors` when bylines credit people, `desk` when only "
            "`byline_text` credits a desk or agency, `none` otherwise."
        ),
    )
    entities = ArticleEntitySerializer(
        source="entity_links", many=True, help_text=_("In editorial order.")
    )
    updates = serializers.SerializerMethodField(
        help_text=_(
            "Published updates and corrections, oldest first. Editors also "
            "see those scheduled for later, and reporters those of their own "
            "articles."
        )
    )
    related = serializers.SerializerMethodField(
        help_text=_("Related articles; published ones only, except for editors.")
    )
    modified_at = serializers.DateTimeField(
        help_text=_(
            "System time of the last save of any kind; use it to sync "
            "(`updated_since` and `ordering=modified_at`)."
        )
    )
    version = serializers.IntegerField(
        help_text=_(
            "Goes up on every save. Send the detail's ETag back in If-Match "
            "when you write."
        )
    )
    social_image = serializers.PrimaryKeyRelatedField(
        read_only=True,
        allow_null=True,
        help_text=_(
            "Id of the photo social cards show (see photos/{id}/), or null: "
            "then the lead photo is used."
        ),
    )

    class Meta:
        model = Article
        fields = [
            "id",
            "uuid",
            "slug",
            "url",
            "headline",
            "dek",
            "language",
            "section",
            "status",
            "published_at",
            "updated_at",
            "modified_at",
            "version",
            "photo",
            "bylines",
            "byline_text",
            "byline_kind",
            "entities",
            "updates",
            "related",
            "withdrawal_reason",
            "seo_title",
            "meta_description",
            "social_image",
        ]
        extra_kwargs = {
            "id": {"help_text": HELP["id"]},
            "headline": {"help_text": HELP["headline"]},
            "status": {"help_text": HELP["status"]},
        }

    @extend_schema_field(ArticleUpdateSerializer(many=True))
    def get_updates(self, article):
        if self.context.get("sees_unpublished") and getattr(
            article, "readers_own", True
        ):
            updates = article.updates.all()
        else:
            updates = article.published_updates()
        return ArticleUpdateSerializer(updates, many=True).data

    @extend_schema_field(RelatedArticleSerializer(many=True))
    def get_related(self, article):
        return RelatedArticleSerializer(
            visible_related(article), many=True, context=self.context
        ).data


class ArticleSerializer(ArticleListSerializer):
    body = serializers.CharField(help_text=_("Sanitised HTML."))

    class Meta(ArticleListSerializer.Meta):
        fields = [*ArticleListSerializer.Meta.fields, "body"]


class BylineWriteSerializer(serializers.Serializer):
    author = SlugField(queryset=Author.objects.all(), help_text=_("Author's slug."))
    role = serializers.ChoiceField(
        choices=Byline.Role.choices,
        default=Byline.Role.AUTHOR,
        help_text=HELP["byline_role"],
    )


class ArticleEntityWriteSerializer(serializers.Serializer):
    entity = SlugField(queryset=Entity.objects.all(), help_text=_("Entity's slug."))
    role = serializers.ChoiceField(
        choices=ArticleEntity.Role.choices,
        default=ArticleEntity.Role.MENTIONS,
        help_text=HELP["article_role"],
    )


class ArticleWriteSerializer(WriteSerializer):
    """What editors send. Lists given replace the article's lists, in order;
    lists left out stay as they are."""

    slug = SlugTextField(max_length=200, help_text=Article.slug.field.help_text)
    section = SlugField(queryset=Section.objects.all(), help_text=_("Section slug."))
    lead_photo = IdField(
        queryset=Photo.objects.all(),
        required=False,
        allow_null=True,
        help_text=_("Id of the lead photo (see photos/{id}/), or null."),
    )
    social_image = IdField(
        queryset=Photo.objects.all(),
        required=False,
        allow_null=True,
        help_text=_(
            "Id of the photo social cards show (see photos/{id}/), or null "
            "for the lead photo."
        ),
    )
    related = VisibleArticleField(
        many=True,
        required=False,
        help_text=_(
            "Slugs of related articles, among those you may read; related "
            "articles you may not read stay as they are."
        ),
    )
    bylines = BylineWriteSerializer(
        many=True,
        required=False,
        help_text=_("Replaces the bylines, in this order; left out, they stay."),
    )
    entities = ArticleEntityWriteSerializer(
        many=True,
        required=False,
        help_text=_("Replaces the entities, in this order; left out, they stay."),
    )

    class Meta:
        model = Article
        fields = [
            "headline",
            "slug",
            "dek",
            "body",
            "language",
            "section",
            "lead_photo",
            "status",
            "published_at",
            "byline_text",
            "withdrawal_reason",
            "seo_title",
            "meta_description",
            "social_image",
            "related",
            "bylines",
            "entities",
        ]
        validators = []
        extra_kwargs = {
            "headline": {"help_text": HELP["headline"]},
            "status": {"help_text": HELP["status"]},
        }

    def validate(self, attrs):
        """The desk's rules (articles/editorial/roles.py), as in the admin."""
        article = self.instance or Article()
        try:
            roles.check_change(
                self.context["request"].user,
                status=attrs.get("status", article.status),
                published_at=attrs.get("published_at", article.published_at),
                stored=self.instance,
            )
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.message_dict) from None
        return attrs

    def create(self, validated_data):
        return self.save_article(Article(), validated_data)

    def update(self, article, validated_data):
        return self.save_article(article, validated_data)

    def save_article(self, article, validated_data):
        bylines = validated_data.pop("bylines", None)
        entity_links = validated_data.pop("entities", None)
        related = validated_data.pop("related", None)
        for name, value in validated_data.items():
            setattr(article, name, value)
        full_clean(article)
        article.save()
        if bylines is not None:
            self.save_links(article, "bylines", [Byline(**data) for data in bylines])
        if entity_links is not None:
            self.save_links(
                article,
                "entities",
                [ArticleEntity(**data) for data in entity_links],
            )
        if related is not None:
            article.related.set(
                related + article.hidden_related(self.context["request"].user)
            )
        return article

    def save_links(self, article, name, links):
        """Replace the bylines or entity links (``name`` as in the payload);
        each is validated by the model, and a fault is a 400 naming the list
        and the position."""

        def validate(link, position):
            try:
                link.full_clean()
            except DjangoValidationError as error:
                raise_model_errors(error, position, name, len(links))

        related = "entity_links" if name == "entities" else name
        article.write_links(related, links, replace=True, validate=validate)
