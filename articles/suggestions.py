"""Entity suggestions: the entities an article's text names that it does not
link yet.

The text (headline, dek, lead photo caption, body without its HTML) is cut
into words, each word folded (no accents, no case: "Perú" is "peru") and
Spanish abbreviations written with points joined ("EE.UU." and "EE. UU." are
"eeuu"). Every entity name and alias goes through the same folding into a
word trie; reading the text once, at each word the trie gives the longest name
that starts there ("Congreso de Perú" before "Perú"). Only whole words match,
so "Perú" is not found in "peruanos".

Building the trie for 10,000 entities takes a fraction of a second, so it is
built once per process and reused until the entity table changes. Each call
reads the table's fingerprint, so a change made by any process is seen by
all: from the database, the row count, highest id and highest history id
(every save and delete through the ORM writes a history row); from the shared
cache, a version that every committed save or delete of an entity bumps (it
catches what the database figures can miss: a transaction that commits after
a later one, ``loaddata``). ``QuerySet.update()`` does neither: call
``forget_matcher()`` after one.
"""

import functools
import gc
import re
import threading
import unicodedata
from dataclasses import dataclass, field
from html.parser import HTMLParser

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Max
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from articles.models import Article, ArticleEntity, Entity

# Upper-case letters, with the accented ones of Spanish and its neighbours.
_UPPER = "A-ZÀ-ÖØ-Þ"
# Abbreviations written with points, joined into one word so that "EE.UU.",
# "EE. UU." and "EEUU" are the same: Spanish plurals, of doubled letters
# ("EE. UU.", "FF.AA."), or single letters without spaces ("U.S.A."). Not
# "UE. A partir…" nor "EE.UU. Y…": a sentence after an abbreviation is not
# part of it.
_ABBREVIATION = re.compile(
    rf"(?<!\w)(?:"
    rf"(?:([{_UPPER}])\1\.\s?)+([{_UPPER}])\2\.?"
    rf"|[{_UPPER}](?:\.[{_UPPER}])+\.?"
    rf")(?!\w)"
)
_WORD = re.compile(r"\w+")
_NOT_WORD = re.compile(r"[\W_]+")

_BLOCK_TAGS = {
    "blockquote",
    "br",
    "div",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "li",
    "ol",
    "p",
    "table",
    "td",
    "th",
    "tr",
    "ul",
}


@functools.lru_cache(maxsize=200_000)
def fold(word):
    """A word as the matcher compares it: no accents, no case, no points.

    Cached: the same few thousand words make up most texts and names."""
    decomposed = unicodedata.normalize("NFKD", word)
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return _NOT_WORD.sub("", bare.casefold())


def join_abbreviation(match):
    return _NOT_WORD.sub("", match.group())


def words(text):
    """The folded words of ``text``, in order."""
    if "." in text:
        text = _ABBREVIATION.sub(join_abbreviation, text)
    folded = map(fold, _WORD.findall(text))
    return [word for word in folded if word]


class _TextExtractor(HTMLParser):
    """Body HTML to text, one block per paragraph, list item, heading etc.,
    so that a name is never pieced together across two paragraphs."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = [[]]

    def handle_starttag(self, tag, attrs):
        if tag in _BLOCK_TAGS:
            self.blocks.append([])

    def handle_endtag(self, tag):
        if tag in _BLOCK_TAGS:
            self.blocks.append([])

    def handle_data(self, data):
        self.blocks[-1].append(data)


def html_blocks(html):
    parser = _TextExtractor()
    parser.feed(html or "")
    parser.close()
    blocks = ("".join(parts).strip() for parts in parser.blocks)
    return [block for block in blocks if block]


def article_texts(article):
    """The article's text in reading order: headline, dek, the lead photo's
    caption, then each block of the body."""
    texts = [article.headline, article.dek]
    if article.lead_photo_id and article.lead_photo:
        texts.append(article.lead_photo.caption)
    texts.extend(html_blocks(article.body))
    return [text for text in texts if text]


# The trie key under which a node keeps the entities whose name or alias ends
# there: ([ids it is the name of], [ids it is an alias of], {id: as written}).
_END = None


@dataclass
class Matcher:
    """A word trie of every entity name and alias."""

    trie: dict = field(default_factory=dict)
    phrases: int = 0

    @classmethod
    def build(cls, rows):
        """``rows``: (entity id, name, aliases) for every entity.

        A phrase shared by several entities goes to the ones whose name it is;
        if none (or several) have it as their name, to all of them, and the
        editor chooses.
        """
        matcher = cls()
        # Tens of thousands of small dicts, none of them garbage: without the
        # collector running meanwhile the build takes about half the time.
        collecting = gc.isenabled()
        gc.disable()
        try:
            for pk, name, aliases in rows:
                matcher.add(name, pk, is_name=True)
                for alias in aliases.splitlines():
                    matcher.add(alias, pk, is_name=False)
        finally:
            if collecting:
                gc.enable()
        return matcher

    def add(self, phrase, pk, is_name):
        phrase_words = words(phrase)
        if not phrase_words:
            return
        node = self.trie
        for word in phrase_words:
            node = node.setdefault(word, {})
        names, aliases, spelled = node.setdefault(_END, ([], [], {}))
        if not spelled:
            self.phrases += 1
        target = names if is_name else aliases
        if pk not in target:
            target.append(pk)
            spelled[pk] = phrase.strip()

    def find(self, text_words):
        """(entity id, its name or alias as written) for each name found in
        ``text_words``, leftmost-longest, in order."""
        found = []
        start, count = 0, len(text_words)
        while start < count:
            node, end, hit = self.trie, start, None
            while end < count:
                node = node.get(text_words[end])
                if node is None:
                    break
                end += 1
                if _END in node:
                    hit = (end, node[_END])
            if hit is None:
                start += 1
                continue
            start, (names, aliases, spelled) = hit
            pks = names if len(names) == 1 else names + aliases
            found.extend((pk, spelled[pk]) for pk in pks)
        return found


# The matcher in use in this process: {"entry": (fingerprint, matcher)}.
_cache = {}
_lock = threading.Lock()
ENTITY_VERSION_KEY = "articles:suggestions:entity-version"


def entity_table_fingerprint():
    """Cheap to read, and changes whenever an entity is added, deleted or
    saved through the ORM."""
    table = Entity.objects.order_by().aggregate(count=Count("pk"), last=Max("pk"))
    history = Entity.history.order_by().aggregate(last=Max("history_id"))
    version = cache.get(ENTITY_VERSION_KEY)
    return (table["count"], table["last"], history["last"], version)


@receiver(post_save, sender=Entity, dispatch_uid="suggestions_entity_saved")
@receiver(post_delete, sender=Entity, dispatch_uid="suggestions_entity_deleted")
def entity_table_changed(**kwargs):
    """Bump the shared version once the change is committed, when every
    process can read it."""
    transaction.on_commit(bump_entity_version)


def bump_entity_version():
    cache.add(ENTITY_VERSION_KEY, 0, timeout=None)
    try:
        cache.incr(ENTITY_VERSION_KEY)
    except ValueError:  # evicted meanwhile: a fresh value is a change too
        cache.set(ENTITY_VERSION_KEY, 1, timeout=None)


def get_matcher():
    """The matcher for the entity table as it is now, built at most once per
    change of the table in each process.

    One built inside a transaction is kept only once the transaction commits:
    rolled back, the rows it read never existed, and on SQLite the next rows
    may reuse their ids (and so the fingerprint).
    """
    fingerprint = entity_table_fingerprint()
    cached = _cache.get("entry")
    if cached and cached[0] == fingerprint:
        return cached[1]
    with _lock:  # one build at a time: threads that waited reuse it
        cached = _cache.get("entry")
        if cached and cached[0] == fingerprint:
            return cached[1]
        rows = Entity.objects.order_by().values_list("pk", "name", "aliases")
        matcher = Matcher.build(rows.iterator(chunk_size=2000))
    entry = (fingerprint, matcher)
    if connection.in_atomic_block:
        transaction.on_commit(lambda: _cache.update(entry=entry))
    else:
        _cache["entry"] = entry
    return matcher


def forget_matcher():
    """Rebuild on next use (after changes that write no history, such as
    ``QuerySet.update()``)."""
    _cache.pop("entry", None)


def named_entities(article):
    """{entity id: the name or alias the text first names it by}, in the
    order the article's text first names each entity."""
    matcher = get_matcher()
    named = {}
    for text in article_texts(article):
        for pk, phrase in matcher.find(words(text)):
            named.setdefault(pk, phrase)
    return named


def suggest_entities(article):
    """Entities the article's text names that it does not link yet, in the
    order the text first names them; each with ``named_as``, the name or
    alias that was found ("EE.UU." for Estados Unidos)."""
    named = named_entities(article)
    if article.pk:
        linked = article.entity_links.order_by().values_list("entity_id", flat=True)
        for pk in linked:
            named.pop(pk, None)
    if not named:
        return []
    by_pk = Entity.objects.in_bulk(named)
    suggested = []
    for pk, phrase in named.items():
        if pk in by_pk:
            by_pk[pk].named_as = phrase
            suggested.append(by_pk[pk])
    return suggested


def link_entities(article, entities, role=ArticleEntity.Role.MENTIONS):
    """Link ``entities`` to the article after its last linked entity, skipping
    those already linked; returns the ones it linked.

    The article row is locked meanwhile, so two editors linking at once get
    distinct positions; the article is saved so that its version (and ETag)
    moves.
    """
    with transaction.atomic():
        locked = Article.objects.select_for_update().filter(pk=article.pk)
        article.version = locked.values_list("version", flat=True).get()
        links = article.entity_links.order_by()
        linked = set(links.values_list("entity_id", flat=True))
        added = []
        for entity in entities:
            if entity.pk not in linked:
                linked.add(entity.pk)
                added.append(entity)
        article.write_links(
            "entity_links",
            [ArticleEntity(entity=entity, role=role) for entity in added],
        )
        if added:
            article.save(update_fields=["modified_at"])
    return added


def link_suggested_entities(article):
    """Link every suggested entity as mentioned; returns what it linked."""
    return link_entities(article, suggest_entities(article))
