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
