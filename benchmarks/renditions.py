"""Renditions: what they cost to make, what they weigh, and how good they look.

    .venv/bin/python -m benchmarks --scenario renditions [--output PATH]

Runs in-process on a throw-away SQLite test database and media folder:

1. **Upload**: a 24-megapixel photograph-like JPEG (6000 × 4000, drawn by
   ``articles.stand_in.photograph_like``: gradients, grain, fractal detail)
   posted through the photo admin's add form, as an editor would; the time
   until the redirect (the renditions are only enqueued).
2. **Making**: the background job (``make_renditions``) on that photo and on
   the seed story's 1200 × 675 stand-in: seconds per image, renditions made.
3. **Bytes** of the 16:9 crop of the 24-megapixel photo per format and width.
4. **Quality**: the 16:9 crop at 960 pixels (what a 375-pixel phone at 2×
   takes) encoded at a range of qualities per format, with its bytes and its
   PSNR against the same crop resized but not compressed (computed with
   Pillow's ImageChops/ImageStat; numpy is not installed).

How the shipped qualities were chosen: for each format, the lowest quality
in the grid whose PSNR reaches ``specs.TARGET_PSNR`` (39 dB) on this image;
``specs.QUALITY`` holds those values, and the report says whether they still
match. The target is a judgement, not a measurement: 39 dB is where JPEG
reaches quality 78, in the 75-80 range news sites commonly ship, and the
same PSNR is then asked of WebP and AVIF. PSNR on one synthetic image is a
coarse guide, not a perceptual metric (no SSIM or butteraugli here, and no
viewer was asked). AVIF's encoder speed (``specs.AVIF_SPEED``, 8) was chosen
from the speed rows: about three times faster than 6 for about a sixth more
bytes, which keeps a 24-megapixel photo's job in seconds.
"""

import io
import math
import os
import statistics
import tempfile
import time
from pathlib import Path

QUALITIES = {
    "jpeg": [60, 65, 70, 75, 78, 80, 85, 90],
    "webp": [55, 60, 65, 70, 72, 75, 80, 85],
    "avif": [35, 40, 45, 50, 55, 60, 65, 70],
}
UPLOADS = 3


def psnr(reference, other):
    from PIL import ImageChops, ImageStat

    difference = ImageChops.difference(reference, other.convert(reference.mode))
    mse = statistics.fmean(value**2 for value in ImageStat.Stat(difference).rms)
    return math.inf if mse == 0 else 10 * math.log10(255**2 / mse)


def setup_django(media_root):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    os.environ.setdefault("DEBUG", "1")
    os.environ["TASKS_BACKEND"] = "db"
    os.environ["MEDIA_ROOT"] = str(media_root)
    import django

    django.setup()
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.creation.create_test_db(verbosity=0)


def photo_jpeg(width=6000, height=4000):
    from articles.stand_in import photograph_like

    buffer = io.BytesIO()
    photograph_like(width, height).save(buffer, "JPEG", quality=92)
    return buffer.getvalue()


def upload_times(data):
    from django.contrib.auth.models import User
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    user = User.objects.create_superuser("bench", "", "bench")
    client = Client()
    client.force_login(user)
    times = []
    for number in range(UPLOADS):
        started = time.perf_counter()
        response = client.post(
            reverse("admin:articles_photo_add"),
            {
                "image": SimpleUploadedFile(f"foto-{number}.jpg", data),
                "alt_text": "Prueba",
                "creator": "Banco de pruebas",
                "supplier_category": "staff",
            },
        )
        times.append(time.perf_counter() - started)
        assert response.status_code == 302, response.content[:500]
    return times


def making_time(photo):
    from articles.pictures import making

    started = time.perf_counter()
    count = making.make_renditions(photo)
    return time.perf_counter() - started, count


def quality_rows(source):
    from articles.pictures import imaging
    from articles.pictures.specs import Spec

    reference = imaging.render(source, Spec("16x9", 960, "jpeg"), 0.5, 0.5)
    xmp = b""
    rows = []
    for image_format, qualities in QUALITIES.items():
        for quality in qualities:
            started = time.perf_counter()
            data = imaging.encode(reference, image_format, xmp, quality=quality)
            seconds = time.perf_counter() - started
            from PIL import Image

            decoded = Image.open(io.BytesIO(data))
            decoded.load()
            rows.append(
                (image_format, quality, len(data), psnr(reference, decoded), seconds)
            )
    return reference, rows


def avif_speed_rows(reference):
    from PIL import Image

    rows = []
    for speed in (4, 6, 8, 10):
        buffer = io.BytesIO()
        started = time.perf_counter()
        reference.save(buffer, "AVIF", quality=50, speed=speed)
        seconds = time.perf_counter() - started
        decoded = Image.open(io.BytesIO(buffer.getvalue()))
        decoded.load()
        rows.append((speed, len(buffer.getvalue()), psnr(reference, decoded), seconds))
    return rows


def chosen(rows, target):
    best = {}
    for image_format, quality, _, value, _ in rows:
        if value >= target and image_format not in best:
            best[image_format] = quality
    return best


def run():
    from articles.models import Photo
    from articles.pictures import imaging, specs
    from articles.stand_in import stand_in_image

    lines = ["## Renditions", ""]
    data = photo_jpeg()
    uploads = upload_times(data)
    lines += [
        f"Upload of a 24-megapixel JPEG (6000 × 4000, {len(data) // 1024} KB) "
        f"through the photo admin, {UPLOADS} times: "
        + ", ".join(f"{seconds:.2f} s" for seconds in uploads)
        + f" (median {statistics.median(uploads):.2f} s).",
        "",
    ]
    big = Photo.objects.order_by("pk").first()
    seconds, count = making_time(big)
    stand_in = Photo(alt_text="Prueba", creator="Banco")
    from django.core.files.base import ContentFile

    stand_in.image.save("stand-in.png", ContentFile(stand_in_image("Pie", "Foto")))
    small_seconds, small_count = making_time(stand_in)
    lines += [
        "| image | renditions | seconds |",
        "| --- | ---: | ---: |",
        f"| 6000 × 4000 JPEG | {count} | {seconds:.1f} |",
        f"| 1200 × 675 PNG (seed stand-in) | {small_count} | {small_seconds:.1f} |",
        "",
        "Bytes of the 16:9 crop of the 24-megapixel photo:",
        "",
        "| width | AVIF | WebP | JPEG |",
        "| ---: | ---: | ---: | ---: |",
    ]
    made = {(r.width, r.format): r.bytes for r in big.renditions_of("16x9")}
    for width in specs.WIDTHS:
        cells = [
            f"{made.get((width, f), 0) / 1024:.0f} KB" for f in ("avif", "webp", "jpeg")
        ]
        lines.append(f"| {width} | " + " | ".join(cells) + " |")
    with big.image.open("rb") as file:
        source = imaging.open_source(file)
    reference, rows = quality_rows(source)
    lines += [
        "",
        "Quality of the 16:9 crop at 960 pixels (PSNR against the uncompressed "
        "resized crop):",
        "",
        "| format | quality | KB | PSNR dB | encode ms |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for image_format, quality, size, value, seconds in rows:
        lines.append(
            f"| {image_format} | {quality} | {size / 1024:.1f} | {value:.2f} | "
            f"{seconds * 1000:.0f} |"
        )
    picked = chosen(rows, specs.TARGET_PSNR)
    lines += [
        "",
        f"Lowest quality reaching {specs.TARGET_PSNR} dB: "
        + ", ".join(f"{f} {q}" for f, q in picked.items())
        + "; shipped (`specs.QUALITY`): "
        + ", ".join(f"{f} {q}" for f, q in specs.QUALITY.items())
        + (" (match)." if picked == specs.QUALITY else " (DIFFERENT: update specs)."),
        "",
        "AVIF encoder speed at quality 50, 960 pixels:",
        "",
        "| speed | KB | PSNR dB | encode ms |",
        "| ---: | ---: | ---: | ---: |",
    ]
    for speed, size, value, seconds in avif_speed_rows(reference):
        lines.append(
            f"| {speed} | {size / 1024:.1f} | {value:.2f} | {seconds * 1000:.0f} |"
        )
    return "\n".join(lines) + "\n"


def main(output):
    with tempfile.TemporaryDirectory() as media_root:
        setup_django(Path(media_root))
        started = time.monotonic()
        report = run()
        seconds = time.monotonic() - started
        report += f"\nWhole run: {seconds:.0f} s on {os.cpu_count()} cores.\n"
    Path(output).parent.mkdir(parents=True, exist_ok=True)
    Path(output).write_text(report)
    print(report)
