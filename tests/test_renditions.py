"""Renditions: made in the background from each uploaded photo, cropped
around the editor's focal point, carrying the rights and none of the camera's
EXIF, sent at every public door instead of the private original."""

import io
import json

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django_tasks_db.models import DBTaskResult
from PIL import Image

from articles.models import Photo, Rendition
from articles.pictures.specs import crop_box
from tests import photo_files
from tests.factories import make_article, make_photo

pytestmark = pytest.mark.django_db

RIGHTS = {
    "creator": "Freddy Rodríguez",
    "source": "Ejército del Perú",
    "credit_line": "Freddy Rodríguez / Ejército del Perú",
    "copyright_notice": "© 2025 Ejército del Perú",
    "license": "Solo uso editorial",
}


def upload(client, content, name="desfile.jpg", **fields):
    data = {
        "image": SimpleUploadedFile(name, content),
        "alt_text": "Soldados desfilan",
        "supplier_category": "handout",
        **RIGHTS,
        **fields,
    }
    return client.post(reverse("admin:articles_photo_add"), data)


def photo_from(content, name="foto.jpg", **fields):
    photo = Photo(alt_text="Una foto", **{**RIGHTS, **fields})
    photo.image.save(name, ContentFile(content), save=False)
    photo.save()
    return photo


def opened(rendition):
    with default_storage.open(rendition.file.name) as handle:
        data = handle.read()
    image = Image.open(io.BytesIO(data))
    image.load()
    return image, data


def change_page(client, photo):
    return client.get(reverse("admin:articles_photo_change", args=[photo.pk]))


# Through the admin


def test_upload_sets_the_focal_point_and_renditions_follow_in_background(
    editor_client, run_tasks
):
    response = upload(
        editor_client, photo_files.camera_jpeg(), focal_x="0.2", focal_y="0.3"
    )
    assert response.status_code == 302
    photo = Photo.objects.get()
    assert (photo.focal_x, photo.focal_y) == (0.2, 0.3)
    # The upload only enqueued the job: nothing is made yet.
    assert Rendition.objects.count() == 0
    assert (
        DBTaskResult.objects.filter(task_path="articles.tasks.make_renditions").count()
        == 1
    )
    page = change_page(editor_client, photo).content.decode()
    assert "Being prepared" in page
    assert 'class="focal-point" data-focal-x="0.2" data-focal-y="0.3"' in page
    assert "js/focal-point.js" in page

    assert run_tasks() == 1
    page = change_page(editor_client, photo).content.decode()
    assert "Being prepared" not in page
    for rendition in photo.current_renditions():
        assert rendition.url in page
    # 1600 × 900: 16:9, 4:3, 1:1 and the whole photo at each width up to the
    # crop's own, in AVIF, WebP and JPEG, and the Open Graph card.
    made = {(r.ratio, r.width, r.format) for r in photo.current_renditions()}
    assert ("16x9", 1600, "avif") in made and ("16x9", 1920, "avif") not in made
    assert ("1x1", 900, "jpeg") in made and ("og", 1200, "jpeg") in made
    assert len(made) == 4 * 3 * 3 + 3 * 3 + 3 * 2 + 1


def test_a_focal_point_outside_the_image_is_a_form_error(editor_client):
    response = upload(editor_client, photo_files.camera_jpeg(), focal_x="1.5")
    assert response.status_code == 200
    assert "focal_x" in response.context["adminform"].form.errors
    assert Photo.objects.count() == 0


def test_without_javascript_the_focal_point_is_two_number_fields(editor_client):
    page = editor_client.get(reverse("admin:articles_photo_add")).content.decode()
    assert 'type="number" name="focal_x" value="0.5"' in page
    assert 'type="number" name="focal_y" value="0.5"' in page


def test_refused_files_enqueue_nothing(editor_client):
    bomb = Image.new("1", (9000, 9000))
    buffer = io.BytesIO()
    bomb.save(buffer, "PNG")
    response = upload(editor_client, buffer.getvalue(), name="bomba.png")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["image"]
    assert DBTaskResult.objects.count() == 0


def test_the_original_is_shown_to_the_desk_only(editor_client, client, run_tasks):
    photo = photo_from(photo_files.camera_jpeg())
    url = reverse("admin:articles_photo_original", args=[photo.pk])
    response = editor_client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("private, no-store")
    assert photo_files.SERIAL.encode() in b"".join(response.streaming_content)
    client.logout()
    assert client.get(url).status_code == 302  # to the login page


# Crops


def test_crops_follow_the_focal_point(run_tasks):
    left = photo_from(photo_files.halves_jpeg(), focal_x=0.1)
    right = photo_from(photo_files.halves_jpeg(), focal_x=0.9)
    run_tasks()
    red, _ = opened(left.rendition("1x1"))
    blue, _ = opened(right.rendition("1x1"))
    assert red.getpixel((10, 400))[0] > 150 and red.getpixel((10, 400))[2] < 80
    assert blue.getpixel((790, 400))[2] > 150 and blue.getpixel((790, 400))[0] < 80
    assert crop_box((1600, 800), "1x1", 0.1, 0.5) == (0, 0, 800, 800)
    assert crop_box((1600, 800), "1x1", 0.9, 0.5) == (800, 0, 1600, 800)
    assert crop_box((1600, 800), "1x1") == (400, 0, 1200, 800)


def test_open_graph_card_is_1200_by_630(run_tasks):
    photo = photo_from(photo_files.camera_jpeg(size=(2400, 1600)))
    run_tasks()
    social = photo.social_image()
    assert (social.width, social.height, social.format) == (1200, 630, "jpeg")
    assert photo.rendition_url("og") == social.url
    assert opened(social)[0].size == (1200, 630)


def test_widths_are_never_upscaled(run_tasks):
    photo = photo_from(photo_files.camera_jpeg(size=(500, 400)))
    run_tasks()
    widths = {(r.ratio, r.width) for r in photo.current_renditions()}
    assert widths == {
        ("16x9", 320),
        ("16x9", 500),
        ("4x3", 320),
        ("4x3", 500),
        ("1x1", 320),
        ("1x1", 400),
        ("full", 320),
        ("full", 500),
        ("og", 500),
    }


def test_a_changed_focal_point_never_shows_an_old_crop(
    client, run_tasks, django_capture_on_commit_callbacks
):
    photo = photo_from(photo_files.halves_jpeg())
    article = make_article(lead_photo=photo)
    run_tasks()
    old = {r.file.name for r in photo.current_renditions()}
    assert photo.rendition("16x9").url in client.get(article.get_absolute_url()).text

    photo.focal_x = 0.8
    photo.save()
    page = client.get(article.get_absolute_url()).text
    assert not any(name in page for name in old)
    assert "<picture>" not in page  # being prepared
    with django_capture_on_commit_callbacks(execute=True):
        run_tasks()
    page = client.get(article.get_absolute_url()).text
    new = {r.file.name for r in photo.current_renditions()}
    assert new and not new & old and photo.rendition("16x9").url in page
    # The old files and rows are gone.
    assert Rendition.objects.filter(file__in=old).count() == 0
    assert not any(default_storage.exists(name) for name in old)


def test_pages_show_the_renditions_once_they_are_ready(client, run_tasks):
    """The page cache keeps the page without a picture until the job marks
    the photo's pages stale."""
    photo = make_photo()
    article = make_article(lead_photo=photo)
    assert "<picture>" not in client.get(article.get_absolute_url()).text
    run_tasks()
    assert "<picture>" in client.get(article.get_absolute_url()).text


# Metadata


def test_every_rendition_carries_the_rights_and_none_of_the_exif(run_tasks):
    photo = photo_from(photo_files.camera_jpeg())
    run_tasks()
    renditions = photo.current_renditions()
    assert {r.format for r in renditions} == {"avif", "webp", "jpeg"}
    for rendition in renditions:
        image, data = opened(rendition)
        assert rendition.bytes == len(data)
        xmp = image.getxmp()["xmpmeta"]["RDF"]["Description"]
        assert xmp["creator"]["Seq"]["li"] == "Freddy Rodríguez"
        assert xmp["rights"]["Alt"]["li"]["text"] == "© 2025 Ejército del Perú"
        assert xmp["Credit"] == "Freddy Rodríguez / Ejército del Perú"
        assert xmp["Source"] == "Ejército del Perú"
        assert xmp["UsageTerms"]["Alt"]["li"]["text"] == "Solo uso editorial"
        exif = image.getexif()
        assert not exif.get_ifd(0x8825) and not exif.get_ifd(0x8769), rendition
        assert photo_files.SERIAL.encode() not in data
        assert photo_files.OWNER.encode() not in data
    with photo.image.open("rb") as original:
        exif = Image.open(original).getexif()
        assert exif.get_ifd(0x8825)[2] == photo_files.GPS_LATITUDE
        assert exif.get_ifd(0x8769)[0xA431] == photo_files.SERIAL


def test_new_rights_are_written_into_new_renditions(run_tasks):
    photo = photo_from(photo_files.camera_jpeg())
    run_tasks()
    before = photo.rendition_key
    photo.copyright_notice = "© 2026 Otro titular"
    photo.save()
    assert photo.rendition_key != before
    run_tasks()
    image, _ = opened(photo.rendition("16x9"))
    rights = image.getxmp()["xmpmeta"]["RDF"]["Description"]["rights"]
    assert rights["Alt"]["li"]["text"] == "© 2026 Otro titular"


# Privacy: no public door links the original, and it is never served


def test_no_public_door_links_the_original(client, anon, seed_pictures):
    photo = seed_pictures.lead_photo
    original = photo.image.url
    pages = [
        seed_pictures.get_absolute_url(),
        "/",
        "/feeds/rss/",
        "/feeds/atom/",
        f"/api/v1/articles/{seed_pictures.slug}/",
        f"/api/v1/articles/{seed_pictures.slug}/?format=ninjs",
        f"/api/v1/articles/{seed_pictures.slug}/?format=ninjs&ninjs_version=2.1",
        f"/api/v1/photos/{photo.pk}/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert original not in body and photo.image.name not in body, url
        assert "/media/renditions/" in body, url


def test_media_serves_renditions_as_immutable_and_refuses_originals(client, run_tasks):
    photo = photo_from(photo_files.camera_jpeg())
    run_tasks()
    rendition = photo.rendition("16x9")
    response = client.get(rendition.url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    assert response["Content-Type"] == "image/jpeg"
    assert photo.image.name.startswith("originals/")
    assert client.get(photo.image.url).status_code == 404
    assert client.get("/media/renditions/../" + photo.image.name).status_code == 404
    assert client.get("/media/renditions/aa/missing.jpg").status_code == 404


def test_original_names_are_random_and_say_nothing_of_the_upload():
    first = photo_from(photo_files.camera_jpeg(), name="soldados-lima.jpg")
    second = photo_from(photo_files.camera_jpeg(), name="soldados-lima.jpg")
    assert "soldados" not in first.image.name
    assert first.image.name != second.image.name
    assert len(first.image.name) > len("originals/") + 30


def test_the_api_lists_the_renditions(anon, seed_pictures):
    photo = seed_pictures.lead_photo
    data = anon.get(f"/api/v1/photos/{photo.pk}/").json()
    assert data["url"].endswith("/full-1200.jpg")
    assert len(data["renditions"]) == photo.renditions.count()
    assert {
        "ratio": "og",
        "width": 1200,
        "height": 630,
        "format": "jpeg",
        "content_type": "image/jpeg",
    }.items() <= data["renditions"][-1].items()
    assert data["renditions"][-1]["href"].startswith("http://testserver/media/")


# Odd files


def test_cmyk_becomes_rgb(run_tasks):
    photo = photo_from(photo_files.cmyk_jpeg())
    run_tasks()
    image, _ = opened(photo.rendition("full"))
    assert image.mode == "RGB"
    red, green, blue = image.getpixel((10, 10))
    assert red > 200 and green < 120 and blue < 120  # magenta + yellow


def test_sixteen_bit_is_scaled_not_clipped(run_tasks):
    photo = photo_from(photo_files.sixteen_bit_png(), name="x.png")
    run_tasks()
    image, _ = opened(photo.rendition("full"))
    assert 180 < image.getpixel((10, 10))[0] < 200  # 3/4 of 255, not 255


def test_transparency_is_kept_in_every_format(run_tasks):
    photo = photo_from(photo_files.transparent_png(), name="x.png")
    run_tasks()
    assert {r.format for r in photo.current_renditions()} == {"avif", "webp", "png"}
    for rendition in photo.current_renditions():
        image, _ = opened(rendition)
        assert image.mode == "RGBA", rendition
        assert image.getpixel((2, 2))[3] < 10, rendition
        assert image.getpixel((image.width - 3, 2))[3] > 245, rendition


def test_exif_orientation_is_applied(run_tasks):
    """A camera held upright stores 1600 × 900 with "rotate 90°"."""
    photo = photo_from(photo_files.camera_jpeg(orientation=6))
    run_tasks()
    image, _ = opened(photo.rendition("full"))
    assert image.size == (900, 1600)
    assert not image.getexif().get(0x0112)


def test_animated_gif_gives_its_first_frame(run_tasks):
    photo = photo_from(photo_files.animated_gif(), name="x.gif")
    run_tasks()
    image, _ = opened(photo.rendition("full"))
    red, green, _ = image.getpixel((50, 50))
    assert red > 180 and green < 60


def test_renditions_job_twice_makes_them_once(run_tasks):
    from articles.tasks import make_renditions

    photo = photo_from(photo_files.camera_jpeg())
    make_renditions.enqueue(photo.pk, photo.rendition_key)
    assert run_tasks() == 2
    assert photo.renditions.count() == len(photo.current_renditions()) == 52


def test_seed_story_photo_gets_renditions_from_load_demo(seed_story, run_tasks):
    photo = seed_story.lead_photo
    assert photo.rendition_key and not photo.renditions_ready()
    run_tasks()
    assert photo.renditions_ready()
    assert json.loads(json.dumps(photo.social_image().width)) == 1200


def test_the_lead_image_a_phone_picks_weighs_at_most_100_kb(seed_pictures):
    """375 CSS pixels at 2× under the lead's sizes (100vw below 48rem): the
    browser takes the narrowest AVIF at least 750 pixels wide."""
    photo = seed_pictures.lead_photo
    chosen = [r for r in photo.renditions_of("16x9", "avif") if r.width >= 750][0]
    assert chosen.width == 960
    assert chosen.bytes <= 100 * 1024
    for image_format in ("webp", "jpeg"):
        fallback = photo.renditions_of("16x9", image_format)
        assert [r for r in fallback if r.width >= 750][0].bytes <= 100 * 1024


def test_photos_from_before_renditions_get_them_from_a_command(run_tasks):
    photo = photo_from(photo_files.camera_jpeg())
    Photo.objects.filter(pk=photo.pk).update(rendition_key="")
    DBTaskResult.objects.all().delete()
    out = io.StringIO()
    call_command("prepare_renditions", stdout=out)
    assert out.getvalue().strip() == "Enqueued renditions for 1 photo(s)."
    assert run_tasks() == 1
    photo.refresh_from_db()
    assert photo.renditions_ready() is True
    assert photo.history.count() == 1  # no version of its own
