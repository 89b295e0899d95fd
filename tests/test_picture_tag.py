"""Every photo a reader sees goes through ``{% picture %}``: sizes, and lazy
loading below the fold, eager with high priority for the lead photo."""

import pytest
from django.template import Context, Template, TemplateSyntaxError

from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db


def render(source, **context):
    return Template("{% load pictures %}" + source).render(Context(context))


def test_the_lead_photo_loads_first():
    html = render('{% picture photo "lead" %}', photo=make_photo(alt_text="Tropas"))
    assert 'fetchpriority="high"' in html and "loading=" not in html
    assert 'alt="Tropas"' in html and 'width="1200" height="800"' in html


def test_cards_and_figures_load_lazily_unless_eager():
    photo = make_photo(alt_text="Tropas")
    assert 'loading="lazy"' in render('{% picture photo "card" %}', photo=photo)
    assert 'loading="lazy"' in render('{% picture photo "inline" %}', photo=photo)
    eager = render('{% picture photo "card" eager=True %}', photo=photo)
    assert "loading=" not in eager


def test_no_image_no_markup_and_unknown_roles_are_refused():
    no_image = make_photo(with_image=False)
    assert render('{% picture photo "card" %}', photo=no_image) == ""
    with pytest.raises(TemplateSyntaxError):
        render('{% picture photo "banner" %}', photo=make_photo())


def test_the_article_page_shows_its_lead_photo_through_the_tag(client):
    photo = make_photo(alt_text="Soldados en Lima")
    article = make_article(lead_photo=photo)
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'src="{photo.image.url}" alt="Soldados en Lima"' in page
    assert 'fetchpriority="high"' in page
