import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _
from PIL import Image

WIKIDATA_ID_PATTERN = r"^Q[1-9][0-9]*$"
COUNTRY_CODE_PATTERN = r"^[A-Z]{2}$"
# A practical subset of BCP 47: language, optional script, optional region.
LANGUAGE_TAG_PATTERN = r"^[a-z]{2,3}(-[A-Z][a-z]{3})?(-([A-Z]{2}|[0-9]{3}))?$"

validate_wikidata_id = RegexValidator(
    WIKIDATA_ID_PATTERN,
    _("A Wikidata ID is a Q followed by digits, e.g. Q419 for Peru."),
    code="invalid_wikidata_id",
)
validate_country_code = RegexValidator(
    COUNTRY_CODE_PATTERN,
    _("Use the two capital letters of ISO 3166-1 alpha-2, e.g. PE."),
    code="invalid_country_code",
)
validate_language_tag = RegexValidator(
    LANGUAGE_TAG_PATTERN,
    _("Use a BCP 47 language tag such as es, en or es-EC."),
    code="invalid_language_tag",
)


def validate_photo_file(image):
    """A new upload must be a real raster image (Pillow verifies it), no larger
    than PHOTO_MAX_UPLOAD_BYTES, and must not unpack to more than
    PHOTO_MAX_PIXELS (a decompression bomb is a small file that unpacks to
    gigabytes). SVG is no raster image: Pillow refuses it. Files already
    stored were checked when they came in."""
    if getattr(image, "_committed", True):
        return
    limit = settings.PHOTO_MAX_UPLOAD_BYTES
    if image.size > limit:
        raise ValidationError(
            _("The file is larger than %(limit)s MB."),
            code="photo_too_large",
            params={"limit": limit // (1024 * 1024)},
        )
    try:
        image.seek(0)
        with warnings.catch_warnings():
            # Counted below against our own, lower limit.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(image) as picture:
                width, height = picture.size
                if width * height > settings.PHOTO_MAX_PIXELS:
                    raise too_many_pixels(width, height)
                picture.verify()
    except ValidationError:
        raise
    except Exception:
        # Pillow raises many kinds of errors on a file that is no image, a
        # broken one or a bomb too big even to measure (DecompressionBombError):
        # each means the same to the editor.
        raise ValidationError(
            _("Upload a photo in JPEG, PNG, GIF or WebP: this file is not one."),
            code="photo_not_an_image",
        ) from None
    finally:
        image.seek(0)


def too_many_pixels(width, height):
    return ValidationError(
        _(
            "The image is %(width)s × %(height)s pixels; the largest allowed "
            "has %(limit)s million pixels."
        ),
        code="photo_too_many_pixels",
        params={
            "width": width,
            "height": height,
            "limit": settings.PHOTO_MAX_PIXELS // 1_000_000,
        },
    )
