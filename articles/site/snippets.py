"""Search snippets: ts_headline's on PostgreSQL, a plain one elsewhere.

Snippets are built from the stored HTML, so they are reduced to text and
escaped before the matched words are wrapped in <mark>.
"""

import html
import re

from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe

from articles.models.search import SNIPPET_START, SNIPPET_STOP, clean_search_query

SNIPPET_WORDS = 30


def plain_text(markup):
    return " ".join(html.unescape(strip_tags(markup or "")).split())


def snippet_html(article, query):
    """A short, safe HTML excerpt of ``article`` with the query's words marked."""
    marked = getattr(article, "search_snippet", None)
    if marked:
        text = plain_text(marked.replace("<", " <").replace(">", "> "))
        text = escape(text)
        text = text.replace(SNIPPET_START, "<mark>").replace(SNIPPET_STOP, "</mark>")
        return mark_safe(text)  # noqa: S308 - escaped above, only <mark> added
    return python_snippet(plain_text(f"{article.dek} {article.body}"), query)


def python_snippet(text, query):
    query = clean_search_query(query)
    words = [word.strip('"-') for word in query.split()]
    words = [re.escape(word) for word in words if word]
    if not text:
        return ""
    if not words:
        return escape(" ".join(text.split()[:SNIPPET_WORDS]))
    pattern = re.compile("|".join(words), re.IGNORECASE)
    match = pattern.search(text)
    start = 0
    if match:
        start = max(0, text.rfind(" ", 0, max(0, match.start() - 80)) + 1)
    excerpt = " ".join(text[start:].split()[:SNIPPET_WORDS])
    parts = []
    position = 0
    for found in pattern.finditer(excerpt):
        parts.append(escape(excerpt[position : found.start()]))
        parts.append(f"<mark>{escape(found.group(0))}</mark>")
        position = found.end()
    parts.append(escape(excerpt[position:]))
    prefix = "… " if start else ""
    return mark_safe(prefix + "".join(parts) + " …")  # noqa: S308 - escaped
