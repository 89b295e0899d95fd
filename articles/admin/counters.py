"""Counters under the headline, dek and SEO fields (characters, with the
limits that matter) and under the body (words and reading time).

The numbers are rendered here for the value the form opens with, so they show
without JavaScript; ``static/js/counters.js`` keeps them up to date as the
editor types.
"""

from django import forms
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from articles.models.page_text import (
    HEADLINE_GOOGLE_MAX_LENGTH,
    META_DESCRIPTION_MAX_LENGTH,
    SEO_TITLE_MAX_LENGTH,
    WORDS_PER_MINUTE,
    count_words,
    reading_minutes_for,
)

# Per field: the length past which search results or cards cut it, the
# length past which it is too long, and what the editor is told.
LIMITS = {
    "headline": (
        SEO_TITLE_MAX_LENGTH,
        HEADLINE_GOOGLE_MAX_LENGTH,
        _(
            "Search results show about 60–70 characters (unless an SEO title is "
            "given); Google's article data takes at most 110."
        ),
    ),
    "dek": (
        155,
        200,
        _(
            "Without a meta description, it is the description: search results "
            "show about 155 characters, social cards about 200."
        ),
    ),
    "seo_title": (
        60,
        SEO_TITLE_MAX_LENGTH,
        _("Social cards show about 60 characters, search results about 70."),
    ),
    "meta_description": (
        155,
        META_DESCRIPTION_MAX_LENGTH,
        _("Search results show about 155 characters."),
    ),
}


def counter_class(length, long, over):
    if length > over:
        return "counter counter--over"
    if length > long:
        return "counter counter--long"
    return "counter"


def character_counter(name, value):
    long, over, limits = LIMITS[name]
    length = len(value or "")
    return format_html(
        '<p class="{}" data-counter="characters" data-counter-for="{}" '
        'data-long="{}" data-over="{}">'
        '<span class="counter__count">{}</span> {} '
        '<span class="counter__limits">{}</span></p>',
        counter_class(length, long, over),
        name,
        long,
        over,
        length,
        _("characters"),
        limits,
    )


def body_counts(body):
    words = count_words(body)
    return format_html(
        '<p class="counter" data-counter="words" data-counter-for="body" '
        'data-words-per-minute="{}">'
        '<span class="counter__words">{}</span> {} · '
        '<span class="counter__minutes">{}</span> {} '
        '<span class="counter__limits">{}</span></p>',
        WORDS_PER_MINUTE,
        words,
        ngettext("word", "words", words),
        reading_minutes_for(words),
        _("min of reading"),
        _("(at %(rate)s words a minute)") % {"rate": WORDS_PER_MINUTE},
    )


class CountedMixin:
    """A widget followed by its character counter."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = super().render(name, value, attrs, renderer)
        field = name.rsplit("-", 1)[-1]
        return format_html("{}{}", widget, character_counter(field, value))


class CountedTextInput(CountedMixin, forms.TextInput):
    pass


class CountedTextarea(CountedMixin, forms.Textarea):
    pass
