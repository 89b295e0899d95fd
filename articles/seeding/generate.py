"""Realistic demo data in bulk: the catalogue, then articles in batches.

Everything comes from one ``random.Random(seed)``, so a seed gives the same
archive (headlines, bodies, dates, uuids, links) every time. The rows are
written without ``save()``, so this module fills what ``save()`` and the field
defaults would: sanitised body HTML (plain paragraphs, already what
``sanitise_body`` returns), ``version`` 1, a ``uuid``, the publication time of
published articles, ``updated_at`` from the latest update, a credit line
composed as ``Creator / Source``. History (django-simple-history) is not
written for demo rows.
"""

import html
import random
import uuid
from bisect import bisect
from datetime import timedelta
from itertools import accumulate, product

from django.utils.text import slugify

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

from . import text
from .bulk import next_ids, write_rows

TEN_YEARS = timedelta(days=3652)
PERU_SLUG = "peru"
PERU_SHARE = 0.15  # of articles: thousands at 100,000, a real entity page
STATUS_WEIGHTS = {
    Article.Status.PUBLISHED: 90,
    Article.Status.WITHDRAWN: 2,
    Article.Status.SCHEDULED: 2,
    Article.Status.DRAFT: 4,
    Article.Status.IN_REVIEW: 2,
}
BYLINE_COUNT_WEIGHTS = [25, 55, 15, 5]  # 0, 1, 2 or 3 bylines
UPDATE_SHARE = 0.08
PHOTO_SHARE = 0.75

ARTICLE_FIELDS = [
    "id", "uuid", "headline", "slug", "dek", "body", "language", "section_id",
    "lead_photo_id", "status", "published_at", "updated_at", "created_at",
    "modified_at", "byline_text", "version", "withdrawal_reason",
    "source_system", "source_id", "source_metadata", "seo_title",
    "meta_description",
]  # fmt: skip
BYLINE_FIELDS = ["article_id", "author_id", "role", "order"]
LINK_FIELDS = ["article_id", "entity_id", "role", "order"]
UPDATE_FIELDS = ["article_id", "kind", "note", "published_at", "created_at"]
PHOTO_FIELDS = [
    "id", "uuid", "image", "alt_text", "caption", "credit_line", "creator",
    "source", "supplier_category", "copyright_notice", "license", "date_taken",
    "place", "created_at", "modified_at",
]  # fmt: skip


class WeightedPicker:
    """Draws items by weight, fast enough for millions of draws."""

    def __init__(self, items, weights):
        self.items = list(items)
        self.cumulative = list(accumulate(weights))
        self.total = self.cumulative[-1]

    def pick(self, rng):
        return self.items[bisect(self.cumulative, rng.random() * self.total)]


def catalogue_specs(rng):
    """(kind, name, aliases) of ~500 entities of every kind."""
    people = rng.sample(list(product(text.FIRST_NAMES, text.SURNAMES)), 200)
    specs = [
        ("person", f"{first} {last}", f"{first[0]}. {last}") for first, last in people
    ]
    for kind, subject in product(text.ORGANISATION_KINDS, text.ORGANISATION_SUBJECTS):
        name = f"{kind} {subject}"
        acronym = "".join(word[0] for word in name.split() if word[0].isupper())
        specs.append(("organisation", name, acronym))
    specs += [("country", name, alias) for name, _code, alias in text.COUNTRIES]
    specs += [("place", city, f"Ciudad de {city}") for city in text.CITIES]
    specs += [
        ("event", f"{event} {year}", event)
        for event, year in product(text.EVENTS, range(2021, 2026))
    ]
    specs += [("topic", topic, "") for topic in text.TOPICS]
    return specs


class Seeder:
    def __init__(self, seed, now, articles):
        self.rng = random.Random(seed)
        # The catalogue is the same whatever the seed, so that runs with
        # different seeds add articles about the same people and places.
        self.catalogue_rng = random.Random("newsroom catalogue")
        self.now = now
        self.articles = articles

    # The catalogue: found by slug when it is already there (the seed story's
    # "Perú", or an earlier run), created otherwise.

    def build_catalogue(self):
        self.sections = self.ensure_sections()
        self.entities = self.ensure_entities()
        self.authors = self.ensure_authors()
        self.photos = self.create_photos(max(1, self.articles // 3))
        self.section_picker = WeightedPicker(self.sections, text.SECTION_WEIGHTS)
        # A long tail: a few entities in many articles, most in a few.
        ranked = list(self.entities)
        self.catalogue_rng.shuffle(ranked)
        self.entity_picker = WeightedPicker(
            ranked, [1 / (rank + 1) ** 0.8 for rank in range(len(ranked))]
        )
        self.peru = next(e for e in self.entities if e.slug == PERU_SLUG)
        self.status_picker = WeightedPicker(
            STATUS_WEIGHTS.keys(), STATUS_WEIGHTS.values()
        )
        self.by_kind = {}
        for entity in self.entities:
            self.by_kind.setdefault(entity.kind, []).append(entity)

    def ensure_sections(self):
        existing = {s.slug: s for s in Section.objects.all()}
        sections = []
        for name, slug in text.SECTIONS:
            section = existing.get(slug)
            if section is None:
                section = Section.objects.create(
                    name=name, slug=slug, description=f"Noticias de {name.lower()}."
                )
            sections.append(section)
        return sections

    def ensure_entities(self):
        specs = catalogue_specs(self.catalogue_rng)
        existing = {e.slug: e for e in Entity.objects.all()}
        codes = {name: code for name, code, _alias in text.COUNTRIES}
        new = [
            Entity(
                kind=kind,
                name=name,
                slug=slugify(name),
                aliases=alias,
                description=f"{name}, en la cobertura de la redacción.",
                country_code=codes.get(name, "") if kind == "country" else "",
            )
            for kind, name, alias in specs
            if slugify(name) not in existing
        ]
        Entity.objects.bulk_create(new)
        by_slug = {e.slug: e for e in Entity.objects.all()}
        return [by_slug[slugify(name)] for _kind, name, _alias in specs]

    def ensure_authors(self):
        rng = self.catalogue_rng
        names = rng.sample(list(product(text.FIRST_NAMES, text.SURNAMES)), 200)
        categories = [c.value for c in Author.Category]
        authors = [
            Author(
                name=f"{first} {last}",
                slug=slugify(f"{first} {last}"),
                title=rng.choice(["Redactora", "Redactor", "Corresponsal"]),
                affiliation="Newsroom",
                category=rng.choice(categories),
            )
            for first, last in names
        ]
        existing = set(Author.objects.values_list("slug", flat=True))
        Author.objects.bulk_create([a for a in authors if a.slug not in existing])
        slugs = {author.slug for author in authors}
        return list(Author.objects.filter(slug__in=slugs).order_by("slug"))

    def create_photos(self, count):
        rng, rows = self.rng, []
        ids = next_ids(Photo, count)
        for photo_id in ids:
            source, category = rng.choice(text.PHOTO_SOURCES)
            creator = f"{rng.choice(text.FIRST_NAMES)} {rng.choice(text.SURNAMES)}"
            city = rng.choice(text.CITIES)
            taken = self.now - TEN_YEARS * rng.random()
            rows.append(
                (
                    photo_id,
                    self.uuid(),
                    "",  # credit-only record, as wire copy often brings
                    "",
                    f"Vista de {city} durante la jornada.",
                    f"{creator} / {source}",
                    creator,
                    source,
                    category,
                    f"© {source}",
                    "",
                    taken.date(),
                    city,
                    taken,
                    taken,
                )
            )
        write_rows(Photo, PHOTO_FIELDS, rows)
        return list(ids)

    def uuid(self):
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    # Articles, with their bylines, entity links and updates.

    def write_batch(self, count):
        rng = self.rng
        articles, bylines, links, updates = [], [], [], []
        for article_id in next_ids(Article, count):
            entities = self.pick_entities()
            status = self.status_picker.pick(rng)
            published_at = self.publication_time(status)
            created_at = (published_at or self.now - TEN_YEARS * rng.random()) - (
                timedelta(minutes=rng.randint(5, 600))
            )
            article_updates = self.updates_for(article_id, status, published_at)
            updated_at = max((u[3] for u in article_updates), default=None)
            credits = self.bylines_for(article_id)
            headline = self.headline(entities)
            articles.append(
                (
                    article_id,
                    self.uuid(),
                    headline,
                    f"{slugify(headline)[:180]}-{article_id}",
                    self.sentence(entities),
                    self.body(entities),
                    "es",
                    self.section_picker.pick(rng).pk,
                    rng.choice(self.photos) if rng.random() < PHOTO_SHARE else None,
                    status,
                    published_at,
                    updated_at,
                    created_at,
                    max(filter(None, [created_at, published_at, updated_at])),
                    rng.choice(text.DESK_CREDITS)
                    if not credits and rng.random() < 0.6
                    else "",
                    1,
                    text.WITHDRAWAL_REASON
                    if status == Article.Status.WITHDRAWN
                    else "",
                    "",
                    "",
                    {},
                    "",
                    "",
                )
            )
            bylines += credits
            updates += article_updates
            links += [
                (
                    article_id,
                    entity.pk,
                    "about" if order == 0 else "mentions",
                    order,
                )
                for order, entity in enumerate(entities)
            ]
        write_rows(Article, ARTICLE_FIELDS, articles)
        write_rows(Byline, BYLINE_FIELDS, bylines)
        write_rows(ArticleEntity, LINK_FIELDS, links)
        write_rows(ArticleUpdate, UPDATE_FIELDS, updates)

    def pick_entities(self):
        """1 to 40 distinct entities, most articles near ten; Perú in 15%."""
        rng = self.rng
        wanted = min(40, 1 + int(rng.expovariate(1 / 9)))
        chosen = {self.peru: None} if rng.random() < PERU_SHARE else {}
        for _ in range(wanted * 3):
            if len(chosen) >= wanted:
                break
            entity = self.entity_picker.pick(rng)
            if entity is self.peru:
                continue
            chosen.setdefault(entity, None)
        return list(chosen)

    def publication_time(self, status):
        rng = self.rng
        if status == Article.Status.SCHEDULED:
            return self.now + timedelta(minutes=rng.randint(60, 60 * 24 * 30))
        if status in {Article.Status.PUBLISHED, Article.Status.WITHDRAWN}:
            return self.now - TEN_YEARS * rng.random() - timedelta(minutes=1)
        return None

    def bylines_for(self, article_id):
        rng = self.rng
        count = rng.choices(range(4), BYLINE_COUNT_WEIGHTS)[0]
        authors = rng.sample(self.authors, count)
        return [
            (article_id, author.pk, "reporter" if order else "author", order)
            for order, author in enumerate(authors)
        ]

    def updates_for(self, article_id, status, published_at):
        rng = self.rng
        if status != Article.Status.PUBLISHED or rng.random() >= UPDATE_SHARE:
            return []
        rows = []
        for _ in range(rng.randint(1, 2)):
            kind = rng.choice(list(text.UPDATE_NOTES))
            note = text.UPDATE_NOTES[kind].format(
                person=self.name("person"), place=self.name("place")
            )
            when = min(
                self.now, published_at + timedelta(minutes=rng.randint(10, 4320))
            )
            rows.append((article_id, kind, note, when, when))
        return rows

    # Text: Spanish sentences from templates, naming the article's entities.

    def name(self, kind, entities=()):
        named = [e for e in entities if e.kind == kind]
        return self.rng.choice(named or self.by_kind[kind]).name

    def headline(self, entities):
        rng = self.rng
        subject = self.name(rng.choice(["person", "organisation"]), entities)
        where = self.name(rng.choice(["place", "country"]), entities)
        return (
            f"{subject} {rng.choice(text.VERBS)} {rng.choice(text.OBJECTS)} en {where}"
        )

    def sentence(self, entities):
        rng = self.rng
        clause = rng.choice(text.CLAUSES).format(
            person=self.name("person", entities),
            place=self.name("place", entities),
            country=self.name("country", entities),
            topic=self.name("topic", entities).lower(),
            object=rng.choice(text.OBJECTS),
        )
        if rng.random() < 0.4:
            clause = f"{rng.choice(text.OPENERS)} {clause}"
        clause = clause[0].upper() + clause[1:]
        return f"{clause}{rng.choice(text.CLOSERS)}."

    def body(self, entities):
        """4 to 9 paragraphs of 2 to 4 sentences: about 300 words."""
        rng = self.rng
        paragraphs = (
            " ".join(self.sentence(entities) for _ in range(rng.randint(2, 4)))
            for _ in range(rng.randint(4, 9))
        )
        return "\n".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paragraphs)
