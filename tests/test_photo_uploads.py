"""Uploaded photos: only real raster images, under a size cap, never SVG, and
decompression bombs refused with a form error. Every file is made here."""

import io
import struct
import zlib

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.models import Photo

ADD = reverse("admin:articles_photo_add")


def image_bytes(size=(40, 30), mode="RGB", file_format="PNG"):
    buffer = io.BytesIO()
    Image.new(mode, size).save(buffer, format=file_format)
    return buffer.getvalue()


def png_claiming(width, height):
    """A tiny PNG whose header claims width × height pixels: Pillow refuses it
    on opening, before a byte of pixels is unpacked."""

    def chunk(kind, data):
        crc = zlib.crc32(kind + data) & 0xFFFFFFFF
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
    b'onload="alert(1)"><script>alert(1)</script></svg>'
)


def upload(editor_client, name, content, content_type="image/png"):
    return editor_client.post(
        ADD,
        {
            "image": SimpleUploadedFile(name, content, content_type),
            "alt_text": "Soldados desfilan",
            "caption": "Soldados desfilan en Lima",
            "supplier_category": "staff",
        },
    )


def image_errors(response):
    assert response.status_code == 200
    return list(response.context["adminform"].form.errors.get("image", []))


@pytest.mark.parametrize(
    ("name", "file_format"), [("a.png", "PNG"), ("a.jpg", "JPEG"), ("a.webp", "WEBP")]
)
def test_real_images_upload(editor_client, name, file_format):
    response = upload(editor_client, name, image_bytes(file_format=file_format))

    assert response.status_code == 302
    assert (Photo.objects.get().width, Photo.objects.get().height) == (40, 30)


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("dibujo.svg", SVG, "image/svg+xml"),
        ("dibujo.png", SVG, "image/png"),  # an SVG in a PNG's name
        ("texto.png", b"not an image at all", "image/png"),
        ("roto.png", image_bytes()[:60], "image/png"),  # cut short
        ("script.jpg", b"\xff\xd8\xff<script>alert(1)</script>", "image/jpeg"),
        ("pagina.html", b"<html><body>hola</body></html>", "text/html"),
    ],
)
def test_anything_but_a_real_image_is_a_form_error(
    editor_client, name, content, content_type
):
    response = upload(editor_client, name, content, content_type)

    assert image_errors(response) != []
    assert Photo.objects.count() == 0


def test_a_header_claiming_a_giant_image_is_a_form_error(editor_client):
    """Past Pillow's own bomb limit (twice 89 million pixels) it refuses to
    open the file at all."""
    response = upload(editor_client, "bomba.png", png_claiming(100_000, 100_000))

    assert image_errors(response) == [
        "Upload a valid image. The file you uploaded was either not an image or "
        "a corrupted image."
    ]
    assert Photo.objects.count() == 0


@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize(
    "side",
    [
        12_000,  # 144 million pixels: Pillow only warns
        8_000,  # 64 million: under Pillow's limits, over ours (50 million)
    ],
)
def test_decompression_bombs_are_a_form_error(editor_client, side):
    """A real PNG of one colour: a few kilobytes that unpack to ~100 MB."""
    bomb = image_bytes(size=(side, side), mode="1")
    assert len(bomb) < 20_000

    errors = image_errors(upload(editor_client, "bomba.png", bomb))

    assert errors == [
        f"The image is {side} × {side} pixels; the largest allowed has "
        "50 million pixels."
    ]
    assert Photo.objects.count() == 0


def test_files_over_the_size_cap_are_a_form_error(editor_client, settings):
    settings.PHOTO_MAX_UPLOAD_BYTES = 1024 * 1024
    big = image_bytes(size=(1000, 1000), mode="RGB", file_format="BMP")
    assert len(big) > 1024 * 1024

    errors = image_errors(upload(editor_client, "grande.bmp", big, "image/bmp"))

    assert errors == ["The file is larger than 1 MB."]
    assert Photo.objects.count() == 0
