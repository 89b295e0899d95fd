"""A live entry's body has the article body's editor and blocks: photos from
the library (shown as the Photo says now) and click-to-load embeds."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from articles.live.models import LiveEntry
from tests.factories import make_photo
from tests.live import add_entry, make_live

pytestmark = pytest.mark.django_db


@pytest.fixture
def photo(run_tasks):
    made = make_photo(alt_text="El hemiciclo", credit_line="Congreso del Perú")
    run_tasks()
    return made


def test_an_entry_shows_its_photo_block_with_the_photos_current_credit(
    client, photo, run_tasks
):
    live = make_live()
    add_entry(live, f'<p>Así votaron.</p><figure data-photo="{photo.uuid}"></figure>')
    photo.credit_line = "Archivo del Congreso"
    photo.save()
    run_tasks()  # the renditions carry the new credit too

    page = client.get(live.get_absolute_url()).content.decode()

    assert "<picture" in page
    assert any(rendition.url in page for rendition in photo.current_renditions())
    assert "Archivo del Congreso" in page
    assert "Congreso del Perú" not in page


def test_an_entry_shows_an_embed_as_a_placeholder_and_the_page_loads_its_script(
    client,
):
    live = make_live()
    url = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    add_entry(live, f'<figure data-embed="youtube" data-url="{url}"></figure>')

    page = client.get(live.get_absolute_url()).content.decode()

    assert 'class="embed' in page
    assert f'href="{url}"' in page
    assert "<iframe" not in page
    assert "js/embeds" in page


def test_an_entry_refers_only_to_photos_in_the_library():
    live = make_live()
    entry = LiveEntry(
        article=live,
        body='<p>Foto:</p><figure data-photo="00000000-0000-4000-8000-000000000000">'
        "</figure>",
    )

    with pytest.raises(ValidationError) as error:
        entry.full_clean()

    assert "body" in error.value.message_dict


def test_the_entry_form_edits_the_body_in_the_article_editor(editor_admin):
    live = make_live()
    entry = add_entry(live)

    page = editor_admin.get(
        reverse("admin:live_liveentry_change", args=[entry.pk])
    ).content.decode()

    assert "data-django-prose-editor" in page
    assert "data-photo-search" in page


def test_entries_with_photos_load_them_in_one_query(client, run_tasks):
    live = make_live()
    photos = [make_photo(alt_text=f"Foto {n}") for n in range(5)]
    run_tasks()

    def page_queries():
        with CaptureQueriesContext(connection) as queries:
            page = client.get(live.get_absolute_url()).content.decode()
        return page, len(queries)

    page_queries()  # the section menu cached
    add_entry(live, f'<figure data-photo="{photos[0].uuid}"></figure>')
    _, with_one = page_queries()
    for photo in photos[1:]:
        add_entry(live, f'<figure data-photo="{photo.uuid}"></figure>')
    page, with_five = page_queries()

    assert with_five == with_one
    assert page.count("<picture") == 5
