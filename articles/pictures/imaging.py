"""Clean pixels out of an uploaded file, and renditions out of them.

A rendition carries the photo's rights (creator, credit line, copyright
notice, source, usage terms) as XMP and nothing else of the file: no EXIF
(GPS position, camera and lens serial numbers, owner's name), no IPTC IIM, no
comments. The original keeps all of it, and stays private.
"""

import io
import warnings
from xml.sax.saxutils import escape

from django.conf import settings
from PIL import Image, ImageCms, ImageOps, PngImagePlugin

from articles.pictures.specs import AVIF_SPEED, QUALITY, crop_box

XMP_TEMPLATE = (
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
    '<rdf:Description rdf:about=""'
    ' xmlns:dc="http://purl.org/dc/elements/1.1/"'
    ' xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/"'
    ' xmlns:xmpRights="http://ns.adobe.com/xap/1.0/rights/">'
    "{properties}</rdf:Description></rdf:RDF></x:xmpmeta>"
    '<?xpacket end="r"?>'
)
SRGB = ImageCms.createProfile("sRGB")
# The Photo fields written into every rendition.
RIGHTS_FIELDS = ("creator", "credit_line", "copyright_notice", "source", "license")


def rights_xmp(photo):
    """The photo's rights as an XMP packet, in the IPTC Photo Metadata names
    that ``articles.photo_metadata`` reads on upload."""
    properties = []
    if photo.creator:
        properties.append(seq("dc:creator", photo.creator))
    if photo.copyright_notice:
        properties.append(alt("dc:rights", photo.copyright_notice))
    if photo.credit_line:
        properties.append(simple("photoshop:Credit", photo.credit_line))
    if photo.source:
        properties.append(simple("photoshop:Source", photo.source))
    if photo.license:
        properties.append(alt("xmpRights:UsageTerms", photo.license))
    return XMP_TEMPLATE.format(properties="".join(properties)).encode()


def simple(name, value):
    return f"<{name}>{escape(value)}</{name}>"


def seq(name, value):
    return f"<{name}><rdf:Seq><rdf:li>{escape(value)}</rdf:li></rdf:Seq></{name}>"


def alt(name, value):
    item = f'<rdf:li xml:lang="x-default">{escape(value)}</rdf:li>'
    return f"<{name}><rdf:Alt>{item}</rdf:Alt></{name}>"


def open_source(file, needed=1920):
    """The uploaded image as RGB or RGBA pixels, upright, in sRGB, 8 bits per
    channel, first frame only, with no metadata left on it.

    ``needed``: the widest rendition, so a JPEG is decoded at the smallest
    scale (1/2, 1/4, 1/8) whose shorter side still fills it."""
    file.seek(0)
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        image = Image.open(file)
        width, height = image.size
        if width * height > settings.PHOTO_MAX_PIXELS:
            raise Image.DecompressionBombError(f"{width}x{height} pixels")
        if image.format == "JPEG":
            scale = needed / min(width, height)
            image.draft(image.mode, (round(width * scale), round(height * scale)))
        image.seek(0)  # an animation: its first frame
        image.load()
    image = ImageOps.exif_transpose(image)
    image = to_srgb(image)
    image = eight_bits(image)
    image = image.convert("RGBA") if has_transparency(image) else image.convert("RGB")
    image.info = {}
    return image


def to_srgb(image):
    """Pixels with an embedded colour profile (Adobe RGB, a printer's CMYK)
    converted to sRGB, the profile browsers assume without one."""
    profile = image.info.get("icc_profile")
    if not profile or image.mode not in ("RGB", "RGBA", "CMYK"):
        return image.convert("RGB") if image.mode == "CMYK" else image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        output = "RGBA" if image.mode == "RGBA" else "RGB"
        return ImageCms.profileToProfile(image, source, SRGB, outputMode=output)
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image.convert("RGB") if image.mode == "CMYK" else image


def eight_bits(image):
    """16-bit and 32-bit greyscale scaled down to 8 bits (Pillow's plain
    conversion clips them instead)."""
    if image.mode in ("I;16", "I;16B", "I;16L", "I"):
        top = 65535 if image.mode.startswith("I;16") else max(image.getextrema()[1], 1)
        return image.convert("I").point(lambda value: value * (255 / top)).convert("L")
    if image.mode == "F":
        return image.convert("L")
    return image


def has_transparency(image):
    if image.mode in ("RGBA", "LA", "PA"):
        return image.getchannel("A").getextrema()[0] < 255
    return image.mode in ("P", "L", "RGB") and "transparency" in image.info


def render(source, spec, focal_x, focal_y, size=None):
    """The crop of ``spec`` resized to its width (``size`` forces both)."""
    box = crop_box(source.size, spec.ratio, focal_x, focal_y)
    crop_width, crop_height = box[2] - box[0], box[3] - box[1]
    if size is None:
        size = (spec.width, max(1, round(crop_height * spec.width / crop_width)))
    image = source.resize(size, Image.Resampling.LANCZOS, box=box, reducing_gap=3.0)
    image.info = {}
    return image


def encode(image, image_format, xmp, quality=None):
    """Rendition bytes: only the pixels and the rights' XMP."""
    buffer = io.BytesIO()
    quality = quality if quality is not None else QUALITY.get(image_format)
    if image_format == "jpeg":
        if image.mode == "RGBA":
            image = flatten(image)
        image.save(
            buffer, "JPEG", quality=quality, optimize=True, progressive=True, xmp=xmp
        )
    elif image_format == "webp":
        image.save(buffer, "WEBP", quality=quality, method=4, xmp=xmp, exif=b"")
    elif image_format == "avif":
        image.save(buffer, "AVIF", quality=quality, speed=AVIF_SPEED, xmp=xmp, exif=b"")
    elif image_format == "png":
        info = PngImagePlugin.PngInfo()
        info.add_itxt("XML:com.adobe.xmp", xmp.decode())
        image.save(buffer, "PNG", optimize=False, compress_level=7, pnginfo=info)
    else:
        raise ValueError(image_format)
    return buffer.getvalue()


def flatten(image, background=(255, 255, 255)):
    flat = Image.new("RGB", image.size, background)
    flat.paste(image, mask=image.getchannel("A"))
    return flat
