"""JPEGs that tests make and tag themselves: XMP through Pillow's ``xmp=``,
IPTC IIM in an APP13 segment built here byte by byte."""

import io
import struct
from xml.sax.saxutils import escape

from PIL import Image, PngImagePlugin

XMP_NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
}


def xmp_alt(*texts, default=None):
    """A language alternative: x-default first (when given), then the others
    as (lang, text) pairs."""
    items = []
    if default is not None:
        items.append(f'<rdf:li xml:lang="x-default">{escape(default)}</rdf:li>')
    for lang, text in texts:
        items.append(f'<rdf:li xml:lang="{lang}">{escape(text)}</rdf:li>')
    return f"<rdf:Alt>{''.join(items)}</rdf:Alt>"


def xmp_seq(*texts):
    items = "".join(f"<rdf:li>{escape(text)}</rdf:li>" for text in texts)
    return f"<rdf:Seq>{items}</rdf:Seq>"


def xmp_packet(properties):
    """``properties``: {"dc:creator": inner XML (or plain text)}."""
    namespaces = " ".join(
        f'xmlns:{prefix}="{uri}"' for prefix, uri in XMP_NAMESPACES.items()
    )
    body = "".join(f"<{name}>{value}</{name}>" for name, value in properties.items())
    return (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {namespaces}>{body}</rdf:Description>'
        '</rdf:RDF></x:xmpmeta><?xpacket end="w"?>'
    ).encode()


def iim_app13(datasets, utf8=True):
    """An APP13 segment holding an IPTC IIM block.

    ``datasets``: [((record, dataset), bytes or str)]; the Photoshop image
    resource 0x0404 that carries IIM, inside "Photoshop 3.0"."""
    fields = [((1, 90), b"\x1b%G")] if utf8 else []
    fields += [
        (key, value.encode() if isinstance(value, str) else value)
        for key, value in datasets
    ]
    iim = b"".join(
        b"\x1c" + bytes(key) + struct.pack(">H", len(value)) + value
        for key, value in fields
    )
    resource = b"8BIM" + struct.pack(">H", 0x0404) + b"\x00\x00"
    resource += struct.pack(">I", len(iim)) + iim + (b"\x00" * (len(iim) % 2))
    payload = b"Photoshop 3.0\x00" + resource
    return b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload


def tagged_jpeg(xmp=None, iim=None, size=(640, 480)):
    """JPEG bytes with an XMP packet (bytes) and/or IIM datasets."""
    buffer = io.BytesIO()
    options = {"xmp": xmp} if xmp is not None else {}
    Image.new("RGB", size, (60, 90, 120)).save(buffer, "JPEG", **options)
    data = buffer.getvalue()
    if iim is not None:
        # After SOI and the JFIF APP0 segment.
        app0_end = 4 + struct.unpack(">H", data[4:6])[0]
        data = data[:app0_end] + iim_app13(iim) + data[app0_end:]
    return data


def tagged_png(xmp):
    """PNG bytes with an XMP packet in its iTXt chunk."""
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp.decode())
    buffer = io.BytesIO()
    Image.new("RGB", (320, 240), (60, 90, 120)).save(buffer, "PNG", pnginfo=info)
    return buffer.getvalue()


# Odd files for renditions: what cameras, scanners and the web send.

SERIAL = "SN-4242-SECRETO"
OWNER = "Ana Propietaria"
GPS_LATITUDE = (12.0, 2.0, 30.0)


def camera_exif(orientation=1):
    """EXIF as a camera writes it: orientation, GPS position, the body's
    serial number and its owner's name."""
    exif = Image.Exif()
    exif[0x0112] = orientation
    exif[0x010F] = "Cámara"
    details = exif.get_ifd(0x8769)
    details[0xA431] = SERIAL  # BodySerialNumber
    details[0xA430] = OWNER  # CameraOwnerName
    gps = exif.get_ifd(0x8825)
    gps[1] = "S"
    gps[2] = GPS_LATITUDE
    gps[3] = "W"
    gps[4] = (77.0, 1.0, 0.0)
    return exif


def camera_jpeg(size=(1600, 900), orientation=1, xmp=None):
    """A photograph-like JPEG straight from a camera: EXIF with GPS and
    serial number (and optionally XMP)."""
    from articles.stand_in import photograph_like

    buffer = io.BytesIO()
    options = {"xmp": xmp} if xmp is not None else {}
    photograph_like(*size).save(
        buffer, "JPEG", quality=90, exif=camera_exif(orientation), **options
    )
    return buffer.getvalue()


def halves_jpeg(size=(1600, 800), left=(200, 30, 30), right=(30, 30, 200)):
    """Left half one colour, right half another: shows where a crop fell."""
    image = Image.new("RGB", size, right)
    image.paste(left, (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=95)
    return buffer.getvalue()


def cmyk_jpeg(size=(800, 600)):
    buffer = io.BytesIO()
    Image.new("CMYK", size, (0, 200, 200, 0)).save(buffer, "JPEG")
    return buffer.getvalue()


def sixteen_bit_png(size=(800, 600)):
    """A 16-bit greyscale PNG, its value at three quarters of the range."""
    buffer = io.BytesIO()
    Image.new("I;16", size, 49151).save(buffer, "PNG")
    return buffer.getvalue()


def transparent_png(size=(800, 600)):
    """A PNG whose left half is see-through."""
    image = Image.new("RGBA", size, (30, 120, 200, 255))
    image.paste((0, 0, 0, 0), (0, 0, size[0] // 2, size[1]))
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def animated_gif(size=(400, 300)):
    """Two frames: red first, then green."""
    frames = [Image.new("RGB", size, colour) for colour in [(220, 0, 0), (0, 220, 0)]]
    buffer = io.BytesIO()
    frames[0].save(
        buffer, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0
    )
    return buffer.getvalue()
