"""Finding, or else making, the rows an imported item names: entities,
authors, the import section, and free slugs. Creation is safe against a
concurrent import making the same row: the unique constraint decides, and
the loser takes the winner's row."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from articles.models import Entity, Section

from .base import ImportRefused

# Where new imports go when no section is chosen; editors move them.
IMPORT_SECTION = {"slug": "importadas", "name": "Importadas"}
# A place in the source may be a country here, and the other way round.
MATCHING_KINDS = {
    Entity.Kind.PLACE: [Entity.Kind.PLACE, Entity.Kind.COUNTRY],
    Entity.Kind.COUNTRY: [Entity.Kind.COUNTRY, Entity.Kind.PLACE],
}


def find_entity(wanted):
    """By Wikidata ID first, then by name or alias among entities of the same
    kind that have no other Wikidata ID."""
    if wanted.wikidata_id:
        found = Entity.objects.filter(wikidata_id=wanted.wikidata_id).first()
        if found:
            return found
    name = wanted.name.casefold()
    candidates = Entity.objects.filter(
        Q(name__iexact=wanted.name) | Q(aliases__icontains=wanted.name),
        kind__in=MATCHING_KINDS.get(wanted.kind, [wanted.kind]),
    ).order_by("pk")
    for entity in candidates:
        if entity.wikidata_id and entity.wikidata_id != wanted.wikidata_id:
            continue
        if entity.name.casefold() == name or name in {
            alias.casefold() for alias in entity.alias_list
        }:
            return entity
    return None


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
    field = model._meta.get_field("slug")
    base = slugify(text)[: field.max_length - 8].strip("-") or "importada"
    slug, number = base, 1
    while model.objects.filter(slug=slug).exists() or number <= attempt:
        number += 1
        slug = f"{base}-{number}"
    return slug


def import_section():
    section, _created = Section.objects.get_or_create(
        slug=IMPORT_SECTION["slug"], defaults={"name": IMPORT_SECTION["name"]}
    )
    return section
