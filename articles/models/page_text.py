"""What an article's page says about it beyond the story: the title and
description search engines and social cards show, with their fallbacks, and
the length of the story for the desk's counters."""

import html
import math
import re

# Search results cut titles at about 60-70 characters and descriptions at
# about 155-160; social cards show about the same.
SEO_TITLE_MAX_LENGTH = 70
META_DESCRIPTION_MAX_LENGTH = 160
# Google's Article structured data takes headlines of at most 110 characters.
HEADLINE_GOOGLE_MAX_LENGTH = 110
# Words a reader reads in a minute: 200, the low end of the usual 200-230,
# as Spanish runs longer than English.
WORDS_PER_MINUTE = 200

TAG = re.compile(r"<[^>]*>")
WORD = re.compile(r"\w")


def count_words(markup):
    """The words of an HTML body: tags count as spaces, entities as their
    characters, and a token needs a letter or digit (a dash is no word).
    ``static/js/counters.js`` counts the same way."""
    text = html.unescape(TAG.sub(" ", markup or ""))
    return sum(1 for token in text.split() if WORD.search(token))


def reading_minutes_for(words):
    """Whole minutes, rounded up; a story of any length takes at least one."""
    return math.ceil(words / WORDS_PER_MINUTE) if words else 0


class ArticlePageText:
    """Mixed into ``Article``."""

    def seo_title_or_headline(self):
        return self.seo_title.strip() or self.headline

    def meta_description_or_dek(self):
        return self.meta_description.strip() or self.dek

    def social_photo(self):
        """The photo social cards show: the social image, else the lead photo;
        None when neither has an image file."""
        for photo in (self.social_image, self.lead_photo):
            if photo is not None and photo.image:
                return photo
        return None

    def word_count(self):
        return count_words(self.body)

    def reading_minutes(self):
        return reading_minutes_for(self.word_count())
