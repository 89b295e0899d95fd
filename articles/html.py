"""The HTML of an article's body: what the editor can make is what is kept.

``BODY_EXTENSIONS`` is the one list: the admin's editor (django-prose-editor)
is configured from it, and the sanitiser's allowlist is derived from it by
django-prose-editor's own ``allowlist_from_extensions``. Every door that
stores article HTML (admin, API, importers) goes through ``Article.save()``,
which calls ``sanitise_body``.

Two blocks are the newsroom's own: a photo from the library,
``<figure data-photo="<uuid>"></figure>``, and an embed,
``<figure data-embed="youtube" data-url="…"></figure>``. Both are stored as
references and rendered for readers by ``articles.body``.
"""

import re
import uuid
from html import escape, unescape

import nh3
from django_prose_editor.config import allowlist_from_extensions, html_tags

from articles.embeds import PROVIDERS, provider_for

# House style: links open in the same tab and pass on neither the page
# nor its address (rel is set on every link, never taken from the input).
LINK_REL = "noopener noreferrer"
URL_SCHEMES = {"http", "https", "mailto"}

BODY_EXTENSIONS = {
    "Paragraph": True,
    "HardBreak": True,
    "Heading": {"levels": [2, 3, 4]},
    "Bold": True,
    "Italic": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Code": True,
    "Link": {
        "enableTarget": False,
        "protocols": sorted(URL_SCHEMES),
        "HTMLAttributes": {"rel": LINK_REL, "target": None},
    },
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HorizontalRule": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
    "NewsroomPhoto": True,
    "NewsroomEmbed": True,
}

# The newsroom's blocks, for django-prose-editor (settings.py names them
# with the static module that defines them in the editor).
NEWSROOM_EXTENSIONS = {
    "NewsroomPhoto": html_tags(["figure"], {"figure": ["data-photo"]}),
    "NewsroomEmbed": html_tags(
        ["figure"], {"figure": ["data-embed", "data-url", "data-title"]}
    ),
}

# Markup the editor reads as one of its own and the sanitiser rewrites the
# same way: <b> is bold, <i> is italic (Word and old articles write them).
ALIASES = {"b": "strong", "i": "em"}


def allowlist():
    """nh3's tags and attributes, from ``BODY_EXTENSIONS``."""
    config = allowlist_from_extensions(
        {
            name: value
            for name, value in BODY_EXTENSIONS.items()
            if name not in NEWSROOM_EXTENSIONS
        }
    )
    for name, processor in NEWSROOM_EXTENSIONS.items():
        processor(BODY_EXTENSIONS[name], config)
    attributes = {tag: set(names) for tag, names in config["attributes"].items()}
    # rel is the house style's, on every link (nh3's link_rel).
    attributes.get("a", set()).discard("rel")
    return set(config["tags"]) | set(ALIASES), attributes


ALLOWED_TAGS, ALLOWED_ATTRIBUTES = allowlist()


def keep_attribute(tag, name, value):
    """The newsroom blocks' attributes are references: a photo's UUID, a
    known provider and the address of its content."""
    if tag != "figure":
        return value
    if name == "data-photo":
        try:
            return str(uuid.UUID(value))
        except ValueError:
            return None
    if name == "data-embed":
        return value if value in PROVIDERS else None
    return value


FIGURE = re.compile(r"<figure([^>]*)>((?:(?!<figure[\s>]).)*?)</figure>", re.S)
ATTRIBUTE = re.compile(r'([\w-]+)="([^"]*)"')
# A paragraph that is only a link (or only an address): an embed, if it is
# a known provider's.
LONE_LINK = re.compile(
    r'<p>\s*(?:<a href="(?P<href>https?://[^"]+)"[^>]*>(?P<text>[^<]*)</a>'
    r"|(?P<bare>https?://[^\s<]+))\s*</p>"
)


def figure_attributes(attributes):
    return {name: unescape(value) for name, value in ATTRIBUTE.findall(attributes)}


def canonical_figure(match):
    """A photo or embed figure as the editor writes it: empty, its data in
    attributes. Any other figure is unwrapped (its content kept)."""
    attrs = figure_attributes(match.group(1))
    if photo := attrs.get("data-photo"):
        return f'<figure data-photo="{photo}"></figure>'
    name, url = attrs.get("data-embed"), attrs.get("data-url", "")
    if name and PROVIDERS[name].player_url(url):
        return embed_figure(name, url, attrs.get("data-title", ""))
    if name and url.startswith(("https://", "http://")):
        # Not that provider's content: it stays a link.
        href = attribute_value(url)
        text = escape(attrs.get("data-title") or url)
        return f'<p><a href="{href}" rel="{LINK_REL}">{text}</a></p>'
    return match.group(2)


def attribute_value(value):
    """Escaped as nh3 writes attribute values, so that a second save of
    the figure leaves it as it is."""
    return value.replace("&", "&amp;").replace('"', "&quot;").replace("\xa0", "&nbsp;")


def embed_figure(name, url, title=""):
    title_attr = f' data-title="{attribute_value(title)}"' if title else ""
    return (
        f'<figure data-embed="{name}" data-url="{attribute_value(url)}"'
        f"{title_attr}></figure>"
    )


def lone_link_to_embed(match):
    url = unescape(match.group("href") or match.group("bare"))
    provider = provider_for(url)
    if provider is None:
        return match.group(0)
    text = unescape(match.group("text") or "").strip()
    return embed_figure(provider.name, url, "" if text == url else text)


def sanitise_body(html):
    """Return ``html`` with only what the editor can make."""
    from articles.pasted import normalise_pasted

    html = normalise_pasted(html or "")
    html = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        attribute_filter=keep_attribute,
        clean_content_tags={"script", "style", "title", "head"},
        url_schemes=URL_SCHEMES,
        link_rel=LINK_REL,
    )
    for alias, tag in ALIASES.items():
        html = html.replace(f"<{alias}>", f"<{tag}>").replace(
            f"</{alias}>", f"</{tag}>"
        )
    previous = None
    while previous != html:
        previous, html = html, FIGURE.sub(canonical_figure, html)
    html = LONE_LINK.sub(lone_link_to_embed, html)
    return tidy_blocks(html.strip())


BLOCK_TAGS = "p|h[2-4]|ul|ol|li|blockquote|table|thead|tbody|tr|td|th|figure|hr"
# A line break or an empty paragraph between blocks: the editor keeps
# neither. Whitespace between blocks is kept as sent (importers' bodies
# have a line per paragraph); the editor writes none, to the same effect.
EMPTY = r"(?:<br>|<p>(?:\s|&nbsp;|<br>)*</p>)"
BETWEEN_BLOCKS = re.compile(rf"(?<=>)(\s*)(?:{EMPTY}\s*)+(?=</?(?:{BLOCK_TAGS})[\s>])")
LEADING_SPACE = re.compile(rf"^\s*(?:{EMPTY}\s*)+(?=<(?:{BLOCK_TAGS})[\s>])")
TRAILING_SPACE = re.compile(rf"(</(?:{BLOCK_TAGS})>)\s*(?:{EMPTY}\s*)+$")
# List items, table cells and quotes hold paragraphs in the editor.
BARE_CONTAINER = re.compile(
    r"<(li|td|th|blockquote)((?: [^>]*)?)>(?!\s*<(?:p|h[2-4]|ul|ol|figure|table)[\s>])"
    r"((?:(?!</?(?:li|td|th|blockquote|ul|ol|p|h[2-4]|table|figure)[\s>]).)+?)"
    r"(?=</\1>|<(?:ul|ol|p|h[2-4]|table|figure)[\s>])",
    re.S,
)


# As the editor writes them: a numbered list says its numbering, a cell
# spanning one column or row says nothing.
DEFAULT_SPAN = re.compile(r'(<t[dh](?: [^>]*?)?) (?:colspan|rowspan)="1"')


def wrap_in_paragraph(match):
    if not match[3].strip():
        return match[0]
    return f"<{match[1]}{match[2]}><p>{match[3]}</p>"


def tidy_blocks(html):
    html = BARE_CONTAINER.sub(wrap_in_paragraph, html)
    html = html.replace("<ol>", '<ol data-type="decimal">')
    for _ in range(2):
        html = DEFAULT_SPAN.sub(r"\1", html)
    html = BETWEEN_BLOCKS.sub(r"\1", html)
    html = LEADING_SPACE.sub("", html)
    return TRAILING_SPACE.sub(r"\1", html)


PHOTO_REFERENCE = re.compile(r'<figure data-photo="([0-9a-f-]{36})"></figure>')


def photo_references(html):
    """The UUIDs of the library photos a sanitised body shows, in order."""
    return list(dict.fromkeys(PHOTO_REFERENCE.findall(html or "")))
