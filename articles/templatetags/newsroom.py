import json
from urllib.parse import quote

from django import template
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles import embeds
from articles.html import sanitise_body
from articles.site import social
from articles.site.body import render_body, render_fragment
from articles.site.structured_data import article_json_ld

register = template.Library()

# What must not appear raw inside a <script> element: "</script>" and
# "<!--" end or confuse it. JSON allows every character to be \u-escaped.
SCRIPT_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    ord("\u2028"): "\\u2028",
    ord("\u2029"): "\\u2029",
}


@register.filter
def json_ld(data):
    """``data`` as a JSON-LD script element that no string in it can break."""
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return format_html(
        '<script type="application/ld+json">{}</script>',
        mark_safe(text.translate(SCRIPT_ESCAPES)),  # noqa: S308 - escaped above
    )


@register.filter
def sanitised(html):
    """Article HTML as the sanitiser allows it, on the way out as on the way in:
    whatever reached the database by another road (a raw SQL fix, an old
    import) is cleaned again before a reader's browser sees it."""
    return mark_safe(sanitise_body(html))  # noqa: S308 - nh3 cleaned it


@register.simple_tag
def article_body(article):
    """The body with its photo and embed blocks (articles/site/body.py)."""
    return render_body(article)


@register.filter
def with_blocks(html, photos=None):
    """HTML of a live entry with its photo and embed blocks
    (articles/site/body.py); ``photos`` as loaded for the whole list."""
    return render_fragment(html, photos if isinstance(photos, dict) else None)


@register.filter
def has_embeds(html):
    """Whether the page needs the embeds' script."""
    return embeds.has_embeds(html)


@register.simple_tag(takes_context=True)
def article_structured_data(context, article):
    return json_ld(article_json_ld(article, context["request"]))


@register.simple_tag(takes_context=True)
def absolute_url(context, path):
    return context["request"].build_absolute_uri(path)


@register.simple_tag(takes_context=True)
def social_image_url(context, photo):
    return social.social_image_url(photo, context["request"])


@register.filter
def primary_language(tag):
    """'es' for 'es-EC': the ISO 639 code that news sitemaps expect."""
    return (tag or "").split("-")[0].lower()


@register.filter
def urlquote(value):
    return quote(str(value), safe="")


@register.filter
def og_locale(tag):
    """Open Graph writes locales as es_EC, not es-EC."""
    return (tag or "").replace("-", "_")
