"""Every photo a reader sees goes through ``{% picture %}``: a ``<picture>``
with AVIF and WebP sources and a JPEG fallback, sizes, lazy loading below the
fold, eager with high priority for the lead photo; never the original."""

import pytest
from django.template import Context, Template, TemplateSyntaxError
from lxml import html as lxml_html

from articles.models import Photo
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load pictures %}" + source).render(Context(context))


@pytest.fixture
def photo(run_tasks):
    photo = make_photo(alt_text="Tropas")
    run_tasks()
    return photo


def test_the_lead_photo_loads_first(photo):
    html = render('{% picture photo "lead" %}', photo=photo)
    assert 'fetchpriority="high"' in html and "loading=" not in html
    # The widest 16:9 crop of a 1200 × 800 photo is 1200 × 675.
    assert 'alt="Tropas" width="1200" height="675"' in html


def test_cards_and_figures_load_lazily_unless_eager(photo):
    assert 'loading="lazy"' in render('{% picture photo "card" %}', photo=photo)
    assert 'loading="lazy"' in render('{% picture photo "inline" %}', photo=photo)
    eager = render('{% picture photo "card" eager=True %}', photo=photo)
    assert "loading=" not in eager


def test_picture_offers_avif_and_webp_with_a_jpeg_fallback(photo):
    tree = lxml_html.fragment_fromstring(
        render('{% picture photo "card" sizes="50vw" %}', photo=photo)
    )
    assert tree.tag == "picture"
    types = [source.get("type") for source in tree.findall(".//source")]
    assert types == ["image/avif", "image/webp"]
    widths = [320, 640, 960, 1200]
    for source, extension in zip(
        tree.findall(".//source"), ["avif", "webp"], strict=True
    ):
        assert source.get("sizes") == "50vw"
        candidates = [item.split() for item in source.get("srcset").split(", ")]
        assert [int(width[:-1]) for _, width in candidates] == widths
        assert all(url.endswith(f".{extension}") for url, _ in candidates)
    img = tree.find(".//img")
    assert img.get("src").endswith("/16x9-960.jpg")
    assert img.get("srcset").count(".jpg") == 4 and img.get("sizes") == "50vw"


def test_inline_figures_show_the_whole_photo(photo):
    img = lxml_html.fragment_fromstring(
        render('{% picture photo "inline" %}', photo=photo)
    ).find(".//img")
    assert (img.get("width"), img.get("height")) == ("1200", "800")
    assert "/full-" in img.get("src")


def test_no_image_no_markup_and_unknown_roles_are_refused(photo):
    no_image = make_photo(with_image=False)
    assert render('{% picture photo "card" %}', photo=no_image) == ""
    with pytest.raises(TemplateSyntaxError):
        render('{% picture photo "banner" %}', photo=photo)


def test_nothing_is_shown_while_the_renditions_are_being_prepared():
    """The original is private: until the job has run there is no picture."""
    waiting = make_photo()
    assert render('{% picture photo "lead" %}', photo=waiting) == ""


def test_the_article_page_shows_its_lead_photo_through_the_tag(client, photo):
    article = make_article(lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    lead = photo.rendition("16x9", 960)
    assert f'<img src="{lead.url}" srcset="' in page
    assert 'alt="Tropas" width="1200" height="675" fetchpriority="high"' in page
    assert photo.image.url not in page


def test_a_photo_not_prefetched_costs_one_query(django_assert_num_queries, run_tasks):
    make_photo()
    run_tasks()
    alone = Photo.objects.get()
    with django_assert_num_queries(1):
        assert "<picture>" in render('{% picture photo "inline" %}', photo=alone)
