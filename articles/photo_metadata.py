"""The IPTC metadata a photographer or agency embedded in an image file.

Cameras, photo desks and agencies write the credit into the file twice over:
as XMP (the current IPTC Photo Metadata standard) and as the older IPTC IIM
block in a JPEG's APP13 segment. ``embedded_metadata`` reads both with Pillow
(XMP first, IIM where XMP says nothing) and returns them by ``Photo`` field,
so that an upload can fill the fields the editor left empty.
"""

import datetime
import logging

from PIL import Image, IptcImagePlugin

from articles.models import Photo

logger = logging.getLogger(__name__)

# Photo field: XMP property (by local name, as Pillow's getxmp() gives it).
XMP_PROPERTIES = {
    "creator": "creator",  # dc:creator
    "credit_line": "Credit",  # photoshop:Credit
    "copyright_notice": "rights",  # dc:rights
    "source": "Source",  # photoshop:Source
    "caption": "description",  # dc:description
    "alt_text": "AltTextAccessibility",  # Iptc4xmpCore:AltTextAccessibility
    "license": "UsageTerms",  # xmpRights:UsageTerms
    "date_taken": "DateCreated",  # photoshop:DateCreated
}
# Photo field: IPTC IIM (record, dataset).
IIM_DATASETS = {
    "creator": (2, 80),  # By-line
    "credit_line": (2, 110),  # Credit
    "source": (2, 115),  # Source
    "copyright_notice": (2, 116),  # Copyright Notice
    "caption": (2, 120),  # Caption/Abstract
    "date_taken": (2, 55),  # Date Created, CCYYMMDD
}
FIELDS = list(XMP_PROPERTIES)


def embedded_metadata(file):
    """{Photo field: value} from the image file's XMP and IPTC IIM, leaving
    out what the file does not say. Never raises: a broken metadata block (or
    file) only means nothing is filled from it."""
    position = file.tell() if hasattr(file, "tell") else None
    values = {}
    try:
        file.seek(0)
        with Image.open(file) as image:
            for reader in (iim_values, xmp_values):  # XMP wins: read it last
                values.update(read_safely(reader, image))
    except Exception:  # a convenience: a file Pillow cannot open is the
        # image field's to refuse, not ours
        logger.warning("Could not open %s for its metadata", file, exc_info=True)
    finally:
        if position is not None:
            file.seek(position)
    return {field: value for field, value in clean(values).items() if value}


def read_safely(reader, image):
    try:
        return reader(image)
    except Exception:  # one bad block must not lose the other, or the upload
        logger.warning("Unreadable metadata in %s", image, exc_info=True)
        return {}


def xmp_values(image):
    descriptions = image.getxmp().get("xmpmeta", {}).get("RDF", {}).get("Description")
    if isinstance(descriptions, dict):
        descriptions = [descriptions]
    merged = {}
    for description in descriptions or []:
        merged.update(description)
    values = {}
    for field, name in XMP_PROPERTIES.items():
        if name in merged:
            values[field] = xmp_text(merged[name])
    return values


def xmp_text(value):
    """Text of an XMP property: a plain value, the x-default (else the first)
    of a language alternative, or the items of a list joined by commas."""
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return ""
    if "Alt" in value:
        items = as_list(value["Alt"].get("li") if value["Alt"] else None)
        for item in items:
            if isinstance(item, dict) and item.get("lang") == "x-default":
                return item_text(item)
        return item_text(items[0]) if items else ""
    for kind in ("Seq", "Bag"):
        if kind in value:
            items = as_list(value[kind].get("li") if value[kind] else None)
            return ", ".join(filter(None, (item_text(item) for item in items)))
    return value.get("text", "")


def as_list(value):
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def item_text(item):
    if isinstance(item, dict):
        return str(item.get("text", ""))
    return str(item)


def iim_values(image):
    info = IptcImagePlugin.getiptcinfo(image) or {}
    values = {}
    for field, dataset in IIM_DATASETS.items():
        raw = info.get(dataset)
        if raw is None:
            continue
        parts = raw if isinstance(raw, list) else [raw]
        values[field] = ", ".join(decode_iim(part) for part in parts)
    return values


def decode_iim(raw):
    """IIM text is UTF-8 in anything recent; older files are Latin-1."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


def clean(values):
    """Trimmed, cut to the field's length; a date only if it is one."""
    cleaned = {}
    for field, value in values.items():
        value = " ".join(str(value).split()) if field != "caption" else value.strip()
        if field == "date_taken":
            cleaned[field] = parse_date(value)
            continue
        max_length = Photo._meta.get_field(field).max_length
        cleaned[field] = value[:max_length] if max_length else value
    return cleaned


def parse_date(value):
    """XMP dates are ISO 8601 ("2025-12-09", "2025-12-09T10:42:00-05:00"),
    IIM dates CCYYMMDD; a year or a month alone is not a date taken."""
    for text, pattern in ((value[:10], "%Y-%m-%d"), (value[:8], "%Y%m%d")):
        try:
            return datetime.datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None
