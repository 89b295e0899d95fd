import datetime
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Photo
from articles.photo_metadata import embedded_metadata
from tests.factories import make_photo
from tests.photo_files import tagged_jpeg, tagged_png, xmp_alt, xmp_packet, xmp_seq

FULL_XMP = xmp_packet(
    {
        "dc:creator": xmp_seq("Freddy Rodríguez"),
        "photoshop:Credit": "Freddy Rodríguez / Ejército del Perú",
        "dc:rights": xmp_alt(default="© 2025 Ejército del Perú"),
        "photoshop:Source": "Ejército del Perú",
        "dc:description": xmp_alt(
            ("en", "Soldiers parade in Lima."),
            default="Soldados desfilan en Lima.",
        ),
        "Iptc4xmpCore:AltTextAccessibility": xmp_alt(
            default="Soldados en formación con fusiles y boinas rojas"
        ),
        "xmpRights:UsageTerms": xmp_alt(default="Uso editorial"),
        "photoshop:DateCreated": "2025-12-09T10:42:00-05:00",
    }
)
FULL_VALUES = {
    "creator": "Freddy Rodríguez",
    "credit_line": "Freddy Rodríguez / Ejército del Perú",
    "copyright_notice": "© 2025 Ejército del Perú",
    "source": "Ejército del Perú",
    "caption": "Soldados desfilan en Lima.",
    "alt_text": "Soldados en formación con fusiles y boinas rojas",
    "license": "Uso editorial",
    "date_taken": datetime.date(2025, 12, 9),
}
IIM = [
    ((2, 80), "María Gómez"),
    ((2, 110), "María Gómez / Andina"),
    ((2, 115), "Andina"),
    ((2, 116), "© Andina"),
    ((2, 120), "Vista de Cusco al amanecer."),
    ((2, 55), "20240301"),
]


def read(data):
    return embedded_metadata(io.BytesIO(data))


def test_reads_every_field_from_xmp():
    assert read(tagged_jpeg(xmp=FULL_XMP)) == FULL_VALUES


def test_reads_xmp_from_a_png():
    assert read(tagged_png(FULL_XMP)) == FULL_VALUES


def test_reads_iptc_iim_from_the_app13_segment():
    assert read(tagged_jpeg(iim=IIM)) == {
        "creator": "María Gómez",
        "credit_line": "María Gómez / Andina",
        "source": "Andina",
        "copyright_notice": "© Andina",
        "caption": "Vista de Cusco al amanecer.",
        "date_taken": datetime.date(2024, 3, 1),
    }


def test_xmp_wins_over_iim_and_iim_fills_what_xmp_leaves_out():
    xmp = xmp_packet({"dc:creator": xmp_seq("Freddy Rodríguez")})

    values = read(tagged_jpeg(xmp=xmp, iim=IIM))

    assert values["creator"] == "Freddy Rodríguez"
    assert values["source"] == "Andina"


def test_broken_xmp_does_not_lose_the_iim():
    data = tagged_jpeg(xmp=b"<x:xmpmeta><not closed", iim=[((2, 115), "Andina")])

    assert read(data) == {"source": "Andina"}


def test_old_latin1_iim_text_is_read():
    data = tagged_jpeg(iim=[((2, 80), "José Pérez".encode("latin-1"))])

    assert read(data) == {"creator": "José Pérez"}


def test_several_creators_are_joined_and_x_default_is_preferred():
    xmp = xmp_packet(
        {
            "dc:creator": xmp_seq("Ana Ruiz", "Luis Soto"),
            "dc:description": xmp_alt(("en", "In English"), default="En español"),
            "Iptc4xmpCore:AltTextAccessibility": xmp_alt(("es", "Sin x-default")),
        }
    )

    assert read(tagged_jpeg(xmp=xmp)) == {
        "creator": "Ana Ruiz, Luis Soto",
        "caption": "En español",
        "alt_text": "Sin x-default",
    }


def test_overlong_values_are_cut_to_the_field_and_bad_dates_left_out():
    xmp = xmp_packet(
        {
            "photoshop:Credit": "x" * 400,
            "photoshop:DateCreated": "2025",
        }
    )

    assert read(tagged_jpeg(xmp=xmp)) == {"credit_line": "x" * 255}


@pytest.mark.parametrize(
    "data",
    [
        tagged_jpeg(),
        tagged_jpeg(xmp=b"<x:xmpmeta><not closed"),
        tagged_jpeg(xmp=b'<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>'),
        b"not an image at all",
    ],
    ids=["no metadata", "broken xmp", "xml with entities", "not an image"],
)
def test_files_without_readable_metadata_give_nothing(data):
    assert read(data) == {}


# Through the admin.


def upload(data, name="foto.jpg"):
    return SimpleUploadedFile(name, data, "image/jpeg")


def photo_form(image=None, **fields):
    data = {
        "alt_text": "",
        "caption": "",
        "credit_line": "",
        "creator": "",
        "source": "",
        "supplier_category": "wire",
        "copyright_notice": "",
        "license": "",
        "date_taken": "",
        "place": "",
        **fields,
    }
    if image is not None:
        data["image"] = image
    return data


def field_values(photo):
    return {field: getattr(photo, field) for field in FULL_VALUES}


def test_upload_fills_the_empty_fields_and_shows_them_to_the_editor(editor_client):
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        photo_form(upload(tagged_jpeg(xmp=FULL_XMP))),
        follow=True,
    )

    photo = Photo.objects.get()
    assert field_values(photo) == FULL_VALUES
    change_url = reverse("admin:articles_photo_change", args=[photo.pk])
    assert response.redirect_chain == [(change_url, 302)]
    html = response.content.decode()
    assert (
        "Filled from the metadata embedded in the image: alt text, caption, "
        "credit line, creator, source, copyright notice, licence or usage terms "
        "and date taken."
    ) in html
    form = response.context["adminform"].form
    assert form.initial["alt_text"] == FULL_VALUES["alt_text"]
    assert 'value="© 2025 Ejército del Perú"' in html


def test_save_and_add_another_still_opens_a_new_form(editor_client):
    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        {**photo_form(upload(tagged_jpeg(xmp=FULL_XMP))), "_addanother": "1"},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_photo_add")
    assert Photo.objects.get().creator == "Freddy Rodríguez"


def test_what_the_editor_typed_is_kept(editor_client):
    editor_client.post(
        reverse("admin:articles_photo_add"),
        photo_form(
            upload(tagged_jpeg(xmp=FULL_XMP)),
            alt_text="Desfile militar",
            creator="Otra Persona",
        ),
    )

    photo = Photo.objects.get()
    assert photo.alt_text == "Desfile militar"
    assert photo.creator == "Otra Persona"
    assert photo.source == "Ejército del Perú"


def test_the_editor_can_change_what_was_filled(editor_client):
    editor_client.post(
        reverse("admin:articles_photo_add"),
        photo_form(upload(tagged_jpeg(iim=IIM)), alt_text="Cusco"),
    )
    photo = Photo.objects.get()
    assert photo.creator == "María Gómez"

    response = editor_client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        photo_form(
            alt_text="Cusco al amanecer",
            caption="",
            creator="M. Gómez",
            credit_line="M. Gómez / Andina",
            source="Andina",
        ),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_photo_changelist")
    photo.refresh_from_db()
    # Emptied by the editor without a new file: stays empty.
    assert (photo.creator, photo.caption) == ("M. Gómez", "")


def test_an_image_with_its_own_alt_text_needs_none_typed(editor_client):
    xmp = xmp_packet({"Iptc4xmpCore:AltTextAccessibility": xmp_alt(default="Cusco")})

    response = editor_client.post(
        reverse("admin:articles_photo_add"), photo_form(upload(tagged_jpeg(xmp=xmp)))
    )

    assert response.status_code == 302
    assert Photo.objects.get().alt_text == "Cusco"


def test_an_image_without_alt_text_in_it_still_needs_one(editor_client):
    response = editor_client.post(
        reverse("admin:articles_photo_add"), photo_form(upload(tagged_jpeg(iim=IIM)))
    )

    assert response.status_code == 200
    assert "alt_text" in response.context["adminform"].form.errors
    assert Photo.objects.count() == 0


def test_broken_metadata_does_not_stop_the_upload(editor_client):
    data = tagged_jpeg(xmp=b"<x:xmpmeta><not closed")

    response = editor_client.post(
        reverse("admin:articles_photo_add"),
        photo_form(upload(data), alt_text="Una foto"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_photo_changelist")
    photo = Photo.objects.get()
    assert (photo.alt_text, photo.creator, photo.caption) == ("Una foto", "", "")


def test_a_new_file_on_an_existing_photo_fills_only_its_empty_fields(editor_client):
    photo = make_photo(caption="Pie propio", creator="", source="", credit_line="x")
    Photo.objects.filter(pk=photo.pk).update(credit_line="")

    editor_client.post(
        reverse("admin:articles_photo_change", args=[photo.pk]),
        photo_form(
            upload(tagged_jpeg(iim=IIM)),
            alt_text=photo.alt_text,
            caption=photo.caption,
            copyright_notice=photo.copyright_notice,
        ),
    )

    photo.refresh_from_db()
    assert photo.caption == "Pie propio"
    assert photo.copyright_notice == "© Ejército del Perú"
    assert (photo.creator, photo.source, photo.credit_line) == (
        "María Gómez",
        "Andina",
        "María Gómez / Andina",
    )
    assert photo.date_taken == datetime.date(2024, 3, 1)
