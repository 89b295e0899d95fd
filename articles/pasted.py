"""What Word, Google Docs and web pages put on the clipboard, made plain.

The sanitiser keeps tags, not styles: a Google Docs bold is a ``<span
style="font-weight:700">`` inside a ``<b style="font-weight:normal">`` that
wraps the whole paste, and a Word list is paragraphs with ``mso-list``
styles and a typed bullet. This turns those into ``<strong>``, ``<em>`` and
lists before ``sanitise_body`` cleans the rest, so that text pasted through
the API or an importer ends as it does in the editor.
"""

import re

from lxml import etree
from lxml import html as lxml_html

MARKERS = ("style=", "docs-internal-guid", "mso-", "Mso")
# Word's own "mso-bidi-font-weight:bold" is not the text's weight.
BOLD = re.compile(r"(?:^|;)\s*font-weight\s*:\s*(bold|[6-9]00)", re.I)
NOT_BOLD = re.compile(r"(?:^|;)\s*font-weight\s*:\s*(normal|[1-4]00)", re.I)
ITALIC = re.compile(r"(?:^|;)\s*font-style\s*:\s*italic", re.I)
WORD_LIST = re.compile(r"mso-list\s*:\s*\w+\s+level(\d)", re.I)
NUMBERED = re.compile(r"^\s*(\d+|[a-z]|[ivx]+)[.)]\s*$", re.I)
# Word's typed bullets, inside <![if !supportLists]>...<![endif]>
WORD_BULLET = re.compile(
    r"<!(?:--)?\[if !supportLists\]>(.*?)<!\[endif\](?:--)?>", re.S | re.I
)
HEADING = re.compile(r"<(/?)h([156])(?=[\s>])", re.I)
HEADING_LEVEL = {"1": "2", "5": "4", "6": "4"}


def normalise_pasted(html):
    html = HEADING.sub(lambda m: f"<{m.group(1)}h{HEADING_LEVEL[m.group(2)]}", html)
    if not any(marker in html for marker in MARKERS):
        return html
    html = WORD_BULLET.sub(word_bullet, html)
    try:
        root = lxml_html.fragment_fromstring(html, create_parent="div")
    except (etree.ParserError, ValueError):
        return html
    for element in list(root.iter("b", "strong")):
        if NOT_BOLD.search(element.get("style", "")) or element.get(
            "id", ""
        ).startswith("docs-internal-guid"):
            element.drop_tag()
    for span in list(root.iter("span")):
        style = span.get("style", "")
        for pattern, tag in ((ITALIC, "em"), (BOLD, "strong")):
            if pattern.search(style):
                wrap_children(span, tag)
    word_lists(root)
    return (
        "".join(lxml_html.tostring(child, encoding="unicode") for child in root)
        if len(root)
        else (root.text or "")
    )


def word_bullet(match):
    marker = re.sub(r"<[^>]+>|&nbsp;|\s", "", match.group(1))
    kind = "ol" if NUMBERED.match(marker) else "ul"
    return f'<span data-word-list="{kind}"></span>'


def wrap_children(element, tag):
    inner = lxml_html.Element(tag)
    inner.text, element.text = element.text, None
    for child in list(element):
        inner.append(child)
    element.append(inner)


def word_lists(root):
    """Runs of Word list paragraphs become one list (first level only:
    deeper levels are items of it)."""
    current = None
    for paragraph in list(root.iter("p")):
        marker = paragraph.find(".//span[@data-word-list]")
        if not WORD_LIST.search(paragraph.get("style", "")) or marker is None:
            current = None
            continue
        kind = marker.get("data-word-list")
        marker.drop_tree()
        previous = paragraph.getprevious()
        if current is None or previous is not current or current.tag != kind:
            current = lxml_html.Element(kind)
            paragraph.addprevious(current)
        paragraph.tag = "li"
        for name in list(paragraph.attrib):
            del paragraph.attrib[name]
        current.append(paragraph)
