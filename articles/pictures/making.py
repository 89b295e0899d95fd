"""Make and store a photo's renditions (the ``make_renditions`` job).

Names are content-addressed: ``renditions/<key[:2]>/<key>/<ratio>-<width>.<ext>``
where the key hashes the source file, the focal point and the spec version.
A name never points at other pixels, so the files are served as immutable,
and a job that runs twice finds its files already there.
"""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction

from articles.pictures import imaging
from articles.pictures.specs import SOCIAL, SOCIAL_SIZE, WIDTHS, specs_for

logger = logging.getLogger(__name__)

PREFIX = "renditions"


def file_name(key, spec):
    return f"{PREFIX}/{key[:2]}/{key}/{spec.name}"


def make_renditions(photo):
    """Every rendition of ``photo``'s current file and focal point, stored and
    recorded; the renditions of its earlier keys are deleted. Returns how many
    it made."""
    from articles.models import Rendition

    key = photo.rendition_key
    with photo.image.open("rb") as file:
        source = imaging.open_source(file, needed=max(WIDTHS))
    has_alpha = source.mode == "RGBA"
    xmp = imaging.rights_xmp(photo)
    rows = []
    for spec in specs_for(source.size, has_alpha):
        size = None
        if spec.ratio == SOCIAL and spec.width == SOCIAL_SIZE[0]:
            size = SOCIAL_SIZE
        image = imaging.render(source, spec, photo.focal_x, photo.focal_y, size)
        name = store(file_name(key, spec), imaging.encode(image, spec.format, xmp))
        rows.append(
            Rendition(
                photo=photo,
                key=key,
                ratio=spec.ratio,
                width=image.width,
                height=image.height,
                format=spec.format,
                file=name,
                bytes=default_storage.size(name),
            )
        )
    with transaction.atomic():
        stale = list(photo.renditions.exclude(key=key))
        Rendition.objects.filter(pk__in=[row.pk for row in stale]).delete()
        Rendition.objects.bulk_create(rows, ignore_conflicts=True)
    transaction.on_commit(lambda: delete_files(stale))
    return len(rows)


def store(name, content):
    """Save under exactly ``name``: a file already there holds the same bytes
    (the name is their address)."""
    if default_storage.exists(name):
        return name
    saved = default_storage.save(name, ContentFile(content))
    if saved != name:  # a concurrent job won the race: keep one copy
        default_storage.delete(saved)
    return name


def delete_files(renditions):
    """Files of deleted renditions, unless another row still uses the same
    name (two photos with the same file and focal point share them)."""
    from articles.models import Rendition

    names = {rendition.file.name for rendition in renditions}
    used = set(Rendition.objects.filter(file__in=names).values_list("file", flat=True))
    for name in names - used:
        try:
            default_storage.delete(name)
        except OSError:
            logger.warning("Could not delete the rendition %s", name, exc_info=True)
