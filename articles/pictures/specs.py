"""Which renditions a photo gets, and where its crops fall.

Every crop is centred on the focal point the editor set (the centre by
default) and slides inwards at the edges, so the subject stays in frame on a
card, a square and a link preview. Widths are never upscaled: a crop narrower
than a width gets no rendition of that width.

The qualities were chosen with ``python -m benchmarks --scenario renditions``
(benchmarks/renditions.py, figures in docs/benchmarks.md): for each format,
the lowest quality in the benchmark's grid whose PSNR against the resized,
uncompressed 960-pixel crop of the project's photograph-like test image
reaches ``TARGET_PSNR``. The target itself is a judgement: 39 dB is where
JPEG lands at quality 78, in the 75-80 range news sites commonly ship, and
WebP and AVIF are then asked for the same PSNR.
"""

import hashlib
from dataclasses import dataclass

# Bump when the renditions' pixels would change for the same file and focal
# point (new widths, qualities, resampling): every photo gets new names.
SPEC_VERSION = "1"
WIDTHS = (320, 640, 960, 1280, 1920)
# name: (width, height) of the aspect ratio; None keeps the photo's own.
RATIOS = {"16x9": (16, 9), "4x3": (4, 3), "1x1": (1, 1), "full": None}
# What each role of ``{% picture %}`` shows.
ROLE_RATIOS = {"lead": "16x9", "card": "16x9", "inline": "full"}
# The Open Graph / Twitter card image: one JPEG (or PNG) of this size.
SOCIAL = "og"
SOCIAL_SIZE = (1200, 630)
# Sent first to browsers that take them; the fallback is JPEG, or PNG for
# photos with transparency.
MODERN_FORMATS = ("avif", "webp")
CONTENT_TYPES = {
    "avif": "image/avif",
    "webp": "image/webp",
    "jpeg": "image/jpeg",
    "png": "image/png",
}
EXTENSIONS = {"avif": "avif", "webp": "webp", "jpeg": "jpg", "png": "png"}
TARGET_PSNR = 39.0
QUALITY = {"avif": 55, "webp": 80, "jpeg": 78}
# libavif's speed (0 slowest .. 10 fastest): in the benchmark 8 encodes about
# three times faster than 6 for about a sixth more bytes.
AVIF_SPEED = 8


@dataclass(frozen=True)
class Spec:
    ratio: str
    width: int
    format: str

    @property
    def name(self):
        return f"{self.ratio}-{self.width}.{EXTENSIONS[self.format]}"


def fallback_format(has_alpha):
    return "png" if has_alpha else "jpeg"


def ratio_value(ratio, source_size):
    if ratio == SOCIAL:
        return SOCIAL_SIZE[0] / SOCIAL_SIZE[1]
    shape = RATIOS[ratio]
    if shape is None:
        return source_size[0] / source_size[1]
    return shape[0] / shape[1]


def crop_box(source_size, ratio, focal_x=0.5, focal_y=0.5):
    """The largest box of ``ratio`` inside the source, centred on the focal
    point (fractions of width and height) as far as the edges allow."""
    width, height = source_size
    target = ratio_value(ratio, source_size)
    if width / height > target:
        crop_width, crop_height = max(1, round(height * target)), height
    else:
        crop_width, crop_height = width, max(1, round(width / target))
    left = clamp(round(focal_x * width - crop_width / 2), 0, width - crop_width)
    top = clamp(round(focal_y * height - crop_height / 2), 0, height - crop_height)
    return (left, top, left + crop_width, top + crop_height)


def clamp(value, low, high):
    return max(low, min(high, value))


def widths_for(crop_width):
    """The standard widths a crop this wide can fill, and the crop's own width
    on top when it falls between two of them (a 1200-pixel crop is not sent
    at 960 at most)."""
    widths = [width for width in WIDTHS if width <= crop_width]
    if crop_width < WIDTHS[-1] and crop_width not in widths:
        widths.append(crop_width)
    return widths


def specs_for(source_size, has_alpha):
    """Every rendition of a source of this size, the social card last."""
    fallback = fallback_format(has_alpha)
    specs = []
    for ratio in RATIOS:
        left, top, right, bottom = crop_box(source_size, ratio)
        for width in widths_for(right - left):
            for image_format in (*MODERN_FORMATS, fallback):
                specs.append(Spec(ratio, width, image_format))
    left, _, right, _ = crop_box(source_size, SOCIAL)
    specs.append(Spec(SOCIAL, min(SOCIAL_SIZE[0], right - left), fallback))
    return specs


def rendition_key(source, focal_x, focal_y, rights=b""):
    """The content address of a photo's renditions: the source file's bytes,
    the focal point, the rights written into them (``rights``, the XMP) and
    the spec version. Any change gives new names, so a changed photo never
    shows an old crop, or an old credit, from any cache."""
    digest = hashlib.sha256()
    for chunk in iter(lambda: source.read(1 << 20), b""):
        digest.update(chunk)
    digest.update(f"|{focal_x:.4f}|{focal_y:.4f}|{SPEC_VERSION}|".encode())
    digest.update(rights)
    return digest.hexdigest()[:32]
