"""Finding, or else making, the rows an imported item names: entities,
authors, the import section, and free slugs. Creation is safe against a
concurrent import making the same row: the unique constraint decides, and
the loser takes the winner's row."""

from functools import reduce
from operator import or_

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.models import Author, Entity, Section

from .base import ImportRefused

# Where new imports go when no section is chosen; editors move them.
IMPORT_SECTION = {"slug": "importadas", "name": "Importadas"}
# A place in the source may be a country here, and the other way round.
MATCHING_KINDS = {
    Entity.Kind.PLACE: [Entity.Kind.PLACE, Entity.Kind.COUNTRY],
    Entity.Kind.COUNTRY: [Entity.Kind.COUNTRY, Entity.Kind.PLACE],
}


# Names looked up per query: one query for a story's entities or authors
# (within MAX_ENTITIES), not one per name.
CHUNK = 100


def find_entity(wanted):
    """By Wikidata ID first, then by name or alias among entities of the same
    kind that have no other Wikidata ID."""
    return EntityIndex([wanted]).find(wanted)


class EntityIndex:
    """The entities that a story's names could match, read in a few
    queries; ``find`` applies the matching rule to them, and ``add`` makes
    an entity created meanwhile findable."""

    def __init__(self, wanted):
        self.by_wikidata, self.by_name = {}, {}
        ids = {entity.wikidata_id for entity in wanted if entity.wikidata_id}
        names = sorted({entity.name for entity in wanted})
        kinds = {kind for e in wanted for kind in MATCHING_KINDS.get(e.kind, [e.kind])}
        for chunk in chunks(sorted(ids)):
            self.read(Entity.objects.filter(wikidata_id__in=chunk).order_by("pk"))
        for chunk in chunks(names):
            condition = reduce(
                or_, (Q(name__iexact=n) | Q(aliases__icontains=n) for n in chunk)
            )
            self.read(Entity.objects.filter(condition, kind__in=kinds).order_by("pk"))

    def read(self, queryset):
        for entity in queryset:
            self.add(entity)

    def add(self, entity):
        self.by_wikidata.setdefault(entity.wikidata_id, entity)
        for key in {entity.name.casefold()} | {
            alias.casefold() for alias in entity.alias_list
        }:
            self.by_name.setdefault(key, {})[entity.pk] = entity

    def find(self, wanted):
        if wanted.wikidata_id and wanted.wikidata_id in self.by_wikidata:
            return self.by_wikidata[wanted.wikidata_id]
        kinds = MATCHING_KINDS.get(wanted.kind, [wanted.kind])
        named = self.by_name.get(wanted.name.casefold(), {})
        for pk in sorted(named):
            entity = named[pk]
            if entity.kind in kinds and entity.wikidata_id in ("", wanted.wikidata_id):
                return entity
        return None


class AuthorIndex:
    """The authors a byline names, by name in any case, read in one query."""

    def __init__(self, names):
        self.authors = {}
        for chunk in chunks(sorted(set(names))):
            condition = reduce(or_, (Q(name__iexact=name) for name in chunk))
            for author in Author.objects.filter(condition).order_by("-pk"):
                self.add(author)

    def add(self, author):
        # Read newest first, so the oldest of a name wins.
        self.authors[author.name.casefold()] = author

    def find(self, name):
        return self.authors.get(name.casefold())


def chunks(values):
    values = list(values)
    return [values[start : start + CHUNK] for start in range(0, len(values), CHUNK)]


def create_unique(model, find_again, name, **fields):
    """Create a row with a slug made free; if a concurrent import created the
    same row first, return that one."""
    for attempt in range(5):
        row = model(name=name, slug=unique_slug(model, name, attempt), **fields)
        row.full_clean(exclude=["slug"])
        row._change_reason = "import"
        try:
            with transaction.atomic():
                row.save()
            return row
        except IntegrityError:
            found = find_again()
            if found is not None:
                return found
    raise ImportRefused(_("could not save '%(name)s'") % {"name": name})


def unique_slug(model, text, attempt=0):
    """The slug of ``text``, numbered after those taken: one query however
    many share it."""
    field = model._meta.get_field("slug")
    base = slugify(text)[: field.max_length - 8].strip("-") or "importada"
    taken = set(
        model.objects.filter(slug__startswith=base).values_list("slug", flat=True)
    )
    slug, number = base, 1
    while slug in taken or number <= attempt:
        number += 1
        slug = f"{base}-{number}"
    return slug


def import_section():
    section, _created = Section.objects.get_or_create(
        slug=IMPORT_SECTION["slug"], defaults={"name": IMPORT_SECTION["name"]}
    )
    return section
