"""Importing stories: wire copy as plain text and IPTC ninjs.

``import_file`` is the one door: the ``import_article`` command and the
admin's Import page both call it.
"""

from articles.ninjs.read import read_ninjs

from .base import MAX_BYTES, ImportRefused, Item, decode
from .store import Outcome, save_item
from .text import read_text

__all__ = [
    "MAX_BYTES",
    "ImportRefused",
    "Item",
    "Outcome",
    "import_file",
    "read_item",
]


def read_item(name, data):
    """The story in a file's bytes: ninjs when it is JSON (by its name or its
    first character), the plain-text layout otherwise."""
    text = decode(data)
    if name.lower().endswith(".json") or text.lstrip().startswith(("{", "[")):
        return read_ninjs(text)
    return read_text(text)


def import_file(name, data, **options):
    """Read and save one file; ``ImportRefused`` when it cannot be read or
    saved, and then nothing is written. Options as for ``save_item``."""
    return save_item(read_item(name, data), **options)
