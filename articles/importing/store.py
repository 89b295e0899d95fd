"""Write an imported item to the database: one transaction per item.

The item is found again by its source (the ninjs ``uri``, or the fingerprint
of the text), so importing it twice updates one article and never makes two;
the unique constraint on (source_system, source_id) settles a race between
two imports of the same item, the loser reading the winner's article. An
item whose fields all match the article is left alone ("unchanged"), so that
re-importing an unchanged file never overwrites an editor's work.

What the source owns is rewritten on update: headline, dek, body, language,
times, bylines, the photo's credit. What the desk owns is kept: slug,
section, entities the desk linked, and the status (unless ``publish``, or the
source withdraws the item).
"""

import uuid
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.editorial import roles
from articles.html import sanitise_body
from articles.live.ninjs import restore as restore_live_coverage
from articles.models import (
    Article,
    ArticleEntity,
    Author,
    Byline,
    Entity,
    Photo,
)

from .base import ImportRefused
from .lookup import (
    AuthorIndex,
    EntityIndex,
    create_unique,
    find_entity,
    import_section,
    unique_slug,
)

PHOTO_FIELDS = [
    "caption",
    "credit_line",
    "creator",
    "source",
    "copyright_notice",
    "license",
    "alt_text",
]
ARTICLE_FIELDS = [
    "headline",
    "dek",
    "body",
    "language",
    "status",
    "published_at",
    "updated_at",
    "byline_text",
    "source_metadata",
]
AUTHOR_CATEGORY = {"ninjs": Author.Category.WIRE, "text": Author.Category.OTHER}


@dataclass
class Outcome:
    """What an import did, or would do on a dry run."""

    action: str  # "created", "updated" or "unchanged"
    headline: str
    slug: str
    status: str
    article_id: int | None
    changes: list[str] = field(default_factory=list)


def save_item(
    item,
    *,
    publish=False,
    dry_run=False,
    link_entities=False,
    section=None,
    user=None,
):
    """Create or update the article for ``item``. On a dry run everything is
    done and then rolled back, so the outcome says exactly what a real run
    would do and nothing is written. ``user``, from the admin, is held to the
    desk's rules (articles/editorial/roles.py); the command line is not."""
    try:
        with transaction.atomic():
            outcome = Upsert(item, publish, link_entities, section, user).run()
            if dry_run:
                transaction.set_rollback(True)
    except ValidationError as error:
        raise ImportRefused(validation_message(error)) from None
    if dry_run:
        outcome.article_id = None
    return outcome


def validation_message(error):
    if hasattr(error, "message_dict"):
        return "; ".join(
            f"{name}: {' '.join(messages)}"
            for name, messages in error.message_dict.items()
        )
    return " ".join(error.messages)


class Upsert:
    def __init__(self, item, publish, link_entities, section, user):
        self.item = item
        self.user = user
        self.publish = publish and not item.withheld
        self.link_entities = link_entities
        self.section = section
        self.changes = []

    def run(self):
        article = self.find()
        self.created = article is None
        if self.created:
            article = self.create()
            if article is None:
                # Another import of the same item won the race: update the
                # article it made, now committed and locked for us.
                self.created, self.changes = False, []
                article = self.find()
        if not self.created:
            if self.user is not None and not roles.can_edit(self.user, article):
                raise ImportRefused(
                    _(
                        "this item was imported before, as '%(headline)s', and "
                        "you may not change that article"
                    )
                    % {"headline": article.headline}
                )
            self.update(article)
        changed = self.created or bool(self.changes)
        restore_live_coverage(article, self.item.metadata)
        if self.link_entities:
            changed = self.link_suggested(article) or changed
        if changed and not self.created:
            # Bylines or links alone changed: the version (and so every ETag)
            # moves all the same.
            article.imported_at = timezone.now()
            article.save(update_fields=["imported_at", "modified_at"])
        return Outcome(
            action=(
                "created" if self.created else "updated" if changed else "unchanged"
            ),
            headline=article.headline,
            slug=article.slug,
            status=article.status,
            article_id=article.pk,
            changes=self.changes,
        )

    # Finding and creating the article

    def find(self):
        articles = Article.objects.select_for_update()
        article = articles.filter(
            source_system=self.item.source_system, source_id=self.item.source_id
        ).first()
        if article is None and self.item.uuid:
            # Our own export coming back: the same article, by its uuid.
            article = articles.filter(uuid=self.item.uuid).first()
        return article

    def create(self):
        """The new article with its photo, bylines and entities, in a
        savepoint: None if the same item was created meanwhile."""
        for attempt in range(5):
            self.changes = []
            try:
                with transaction.atomic():
                    return self.create_once(attempt)
            except IntegrityError:
                if self.find() is not None:
                    return None
                # Otherwise a slug was taken meanwhile: try the next one.
        raise ImportRefused(_("no free slug for this headline"))

    def create_once(self, attempt):
        article = Article(
            source_system=self.item.source_system,
            source_id=self.item.source_id,
            section=self.section or import_section(),
            slug=unique_slug(Article, self.item.slug or self.item.headline, attempt),
            imported_at=timezone.now(),
            created_by=self.user,
        )
        if self.item.uuid and not Article.objects.filter(uuid=self.item.uuid):
            article.uuid = uuid.UUID(self.item.uuid)
        self.set_fields(article)
        article.full_clean(exclude=["slug", "uuid"], validate_constraints=False)
        article._change_reason = "import"
        article.save()
        self.write_bylines(article)
        self.write_entities(article)
        return article

    def update(self, article):
        before = {name: getattr(article, name) for name in ARTICLE_FIELDS}
        photo_before = article.lead_photo_id
        self.set_fields(article)
        changed = [
            name for name in ARTICLE_FIELDS if getattr(article, name) != before[name]
        ]
        if changed or article.lead_photo_id != photo_before:
            article.imported_at = timezone.now()
            article.full_clean()
            article._change_reason = "import"
            article.save()
            for name in changed:
                self.changes.append(
                    field_change(article, name, before[name], getattr(article, name))
                )
        self.write_bylines(article)
        self.write_entities(article)

    # Fields

    def set_fields(self, article):
        item = self.item
        article.headline = item.headline
        article.dek = item.dek
        article.body = sanitise_body(item.body)
        article.language = item.language
        article.byline_text = "" if item.authors else item.byline_text
        if self.created or article.source_system:
            # (An article written here, coming back from our own export,
            # has no source to describe.)
            article.source_metadata = item.metadata
        published_at = item.published_at or article.published_at
        updated_at = item.updated_at or article.updated_at
        if item.withdrawn:
            if self.user is not None and not roles.can_withdraw(self.user):
                raise ImportRefused(
                    _("the item is canceled, and only an editor can withdraw")
                )
            article.withdraw(
                article.withdrawal_reason
                or _("The agency that sent this story has canceled it."),
                commit=False,
            )
        elif self.publish:
            embargo = item.embargoed_until
            if embargo and embargo > timezone.now():
                published_at = embargo
                article.schedule(embargo, commit=False)
            else:
                # The source's time stays the publication time (set below).
                article.publish(commit=False)
        elif self.created:
            article.status = Article.Status.DRAFT
        if self.user is not None and not roles.can_publish(self.user):
            # Only those who may publish set the publication time.
            published_at = article.published_at
        if updated_at and published_at and updated_at < published_at:
            updated_at = None
        article.published_at = published_at
        article.updated_at = updated_at
        if self.item.photo is not None:
            photo = self.write_photo(article)
            if photo is not None and article.lead_photo_id != photo.pk:
                if not self.created:
                    self.changes.append(_("lead photo"))
                article.lead_photo = photo

    def write_photo(self, article):
        """The lead photo's credit from the source. A photo that other
        articles also use is not edited under them: a new one is made."""
        # What the source leaves empty it does not know: not cleared here.
        wanted = {
            name: getattr(self.item.photo, name)
            for name in PHOTO_FIELDS
            if getattr(self.item.photo, name)
        }
        photo = article.lead_photo if article.pk else None
        if not wanted:
            return photo
        if photo is None and self.item.photo.uuid:
            photo = Photo.objects.filter(uuid=self.item.photo.uuid).first()
        if photo is not None:
            if all(getattr(photo, name) == value for name, value in wanted.items()):
                return photo
            if photo.used_by().exclude(pk=article.pk).exists():
                photo = None
        if photo is None:
            photo = Photo(supplier_category=self.photo_supplier())
            if self.item.photo.uuid and not Photo.objects.filter(
                uuid=self.item.photo.uuid
            ):
                photo.uuid = uuid.UUID(self.item.photo.uuid)
        elif not self.created:
            self.changes.append(_("photo credit and caption"))
        for name, value in wanted.items():
            setattr(photo, name, value)
        photo.full_clean()
        photo._change_reason = "import"
        photo.save()
        return photo

    def photo_supplier(self):
        if self.item.source_system == "ninjs":
            return Photo.SupplierCategory.WIRE
        return Photo.SupplierCategory.OTHER

    # Bylines and entities

    def write_bylines(self, article):
        known = AuthorIndex(self.item.authors)
        authors = [self.author(name, known) for name in self.item.authors]
        current = [byline.author_id for byline in article.bylines.all()]
        if [author.pk for author in authors] == current:
            return
        if not self.created:
            self.changes.append(
                _("bylines: %(names)s") % {"names": ", ".join(self.item.authors) or "-"}
            )
        article.write_links(
            "bylines", [Byline(author=author) for author in authors], replace=True
        )

    def author(self, name, known):
        found = known.find(name)
        if found:
            return found
        author = create_unique(
            Author,
            lambda: Author.objects.filter(name__iexact=name).order_by("pk").first(),
            name=name,
            category=AUTHOR_CATEGORY[self.item.source_system],
        )
        self.changes.append(_("new author: %(name)s") % {"name": name})
        known.add(author)
        return author

    def write_entities(self, article):
        links = {link.entity_id: link for link in article.entity_links.all()}
        new = []
        known = EntityIndex(self.item.entities)
        for wanted in self.item.entities:
            entity = self.entity(wanted, known)
            link = links.get(entity.pk)
            if link is None:
                links[entity.pk] = link = ArticleEntity(entity=entity, role=wanted.role)
                new.append(link)
                self.changes.append(
                    _("linked entity: %(name)s") % {"name": entity.name}
                )
            elif link.role != wanted.role:
                link.role = wanted.role
                if link.pk is not None:  # a new link is saved with its role below
                    link.save(update_fields=["role"])
                self.changes.append(_("entity role: %(name)s") % {"name": entity.name})
        article.write_links("entity_links", new)

    def entity(self, wanted, known):
        found = known.find(wanted)
        if found is not None:
            return found
        entity = create_unique(
            Entity,
            lambda: find_entity(wanted),
            name=wanted.name,
            kind=wanted.kind,
            wikidata_id=wanted.wikidata_id,
            country_code=wanted.country_code,
        )
        self.changes.append(
            _("new entity: %(name)s (%(kind)s)")
            % {"name": entity.name, "kind": entity.get_kind_display()}
        )
        known.add(entity)
        return entity

    def link_suggested(self, article):
        from articles.suggestions import link_suggested_entities

        linked = link_suggested_entities(article)
        for entity in linked:
            self.changes.append(
                _("linked suggested entity: %(name)s") % {"name": entity}
            )
        return bool(linked)


def field_change(article, name, old, new):
    label = Article._meta.get_field(name).verbose_name
    if name == "status":
        return _("%(field)s: %(old)s → %(new)s") % {
            "field": label,
            "old": Article.Status(old).label,
            "new": article.get_status_display(),
        }
    return str(label)
