"""Properties of the import readers, over input hypothesis makes up: any text,
bytes or JSON gives an item or a clean ``ImportRefused``, never a crash; a
story written in either layout reads back as written."""

import json
import string

import pytest
from django.utils.html import escape
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from articles.html import sanitise_body
from articles.importing import ImportRefused, Item, import_file, read_item
from articles.importing.base import DESK_CREDITS
from articles.models import Article

# Words as wire copy has them: letters (accents too), digits, punctuation.
WORD = st.text(
    alphabet=string.ascii_letters + string.digits + "áéíóúñÁÉÍÓÚÑü.,;¿?¡!\"'()-",
    min_size=1,
    max_size=12,
)


def line_of(words, max_words=12):
    return st.lists(words, min_size=1, max_size=max_words).map(" ".join)


# A line that is not a label, a photo mark or a date.
PLAIN_LINE = line_of(WORD).filter(
    lambda line: ":" not in line and not line.lower().lstrip("-–— ").startswith("foto")
)
# Words that are part of how a byline is written ("Por X y Y", "By X and Y"),
# not of a name: a name made of them does not read back as itself.
BYLINE_WORDS = {"por", "by", "y", "e", "and"}
NAME = (
    st.lists(
        st.text(alphabet=string.ascii_letters + "áéíóú", min_size=2, max_size=10)
        .map(str.capitalize)
        .filter(lambda word: word.casefold() not in BYLINE_WORDS),
        min_size=2,
        max_size=3,
    )
    .map(" ".join)
    .filter(lambda name: name.casefold() not in DESK_CREDITS)
)


def reads_or_refuses(name, data):
    try:
        item = read_item(name, data)
    except ImportRefused as refusal:
        assert str(refusal)
        return None
    assert isinstance(item, Item)
    assert item.headline
    return item


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_any_text_reads_or_is_refused(text):
    reads_or_refuses("nota.txt", text.encode("utf-8", "surrogatepass"))


@settings(max_examples=200, deadline=None)
@given(st.binary())
def test_any_bytes_read_or_are_refused(data):
    reads_or_refuses("nota.txt", data)
    reads_or_refuses("item.json", data)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.text(max_size=12), children, max_size=5)
    ),
    max_leaves=30,
)
NINJS_KEYS = st.sampled_from(
    [
        "uri",
        "headlines",
        "descriptions",
        "bodies",
        "by",
        "language",
        "firstCreated",
        "versioncreated",
        "pubStatus",
        "people",
        "places",
        "subjects",
        "associations",
        "type",
        "embargoedUntil",
    ]
)


@settings(max_examples=150, deadline=None)
@given(st.dictionaries(NINJS_KEYS, JSON, max_size=8) | JSON)
def test_any_json_reads_or_is_refused(document):
    reads_or_refuses("item.json", json.dumps(document).encode())


@settings(max_examples=200, deadline=None)
@given(
    headline=PLAIN_LINE,
    dek=PLAIN_LINE,
    caption=st.none() | PLAIN_LINE,
    authors=st.lists(NAME, max_size=3, unique_by=str.casefold),
    paragraphs=st.lists(PLAIN_LINE, max_size=6),
    blank=st.sampled_from(["\n", "\n\n", "\r\n", "\n \n"]),
)
def test_a_story_in_the_text_layout_reads_back_as_written(
    headline, dek, caption, authors, paragraphs, blank
):
    lines = [headline, dek]
    if caption is not None:
        lines += [caption, "- Foto", "Ana Foto / Agencia"]
    lines += [f"Autor: {', '.join(authors)}", "Actualizada:", "Compartir:"]
    lines += paragraphs + ["Compartir:"]

    item = read_item("nota.txt", blank.join(lines).encode())

    assert (item.headline, item.dek) == (headline, dek)
    assert item.authors == authors
    assert item.body == "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    if caption is None:
        assert item.photo is None
    else:
        assert (item.photo.caption, item.photo.credit_line) == (
            caption,
            "Ana Foto / Agencia",
        )


@pytest.mark.django_db
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(
    headline=PLAIN_LINE,
    dek=PLAIN_LINE,
    authors=st.lists(NAME, max_size=3, unique_by=str.casefold),
    paragraphs=st.lists(PLAIN_LINE, min_size=1, max_size=4),
    version=st.sampled_from(["3.1", "2.1"]),
)
def test_a_generated_ninjs_item_is_saved_as_written(
    headline, dek, authors, paragraphs, version
):
    names = ["uri", "headlines", "descriptions", "bodies", "contentType", "by"]
    key = {name: name.lower() if version == "2.1" else name for name in names}
    document = {
        key["uri"]: f"urn:test:{abs(hash((headline, dek, tuple(paragraphs))))}",
        key["headlines"]: [{"role": "main", "value": headline}],
        key["descriptions"]: [{"role": "summary", "value": dek}],
        key["bodies"]: [
            {key["contentType"]: "text/plain", "value": "\n".join(paragraphs)}
        ],
        key["by"]: " and ".join(authors),
    }

    outcome = import_file("item.json", json.dumps(document).encode())

    article = Article.objects.get(pk=outcome.article_id)
    assert (article.headline, article.dek) == (headline, dek)
    assert article.body == sanitise_body(
        "\n".join(f"<p>{escape(p)}</p>" for p in paragraphs)
    )
    assert [byline.author.name for byline in article.bylines.all()] == authors
