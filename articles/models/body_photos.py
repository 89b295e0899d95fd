"""The library photos an article's body shows (``<figure data-photo>``).

The body refers to each by UUID; ``inline_photos`` keeps the references
queryable (filled on save), so that the page cache, ninjs, JSON-LD, feeds and
the photo rights know which photos an article shows.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from articles.html import photo_references, sanitise_body

from .photo import Photo


def check_photo_references(html):
    """A ``body`` error when ``html`` shows a photo that is not in the library
    (a live entry's body is checked the same way)."""
    references = photo_references(sanitise_body(html))
    found = {
        str(uuid)
        for uuid in Photo.objects.filter(uuid__in=references).values_list(
            "uuid", flat=True
        )
    }
    if missing := [ref for ref in references if ref not in found]:
        raise ValidationError(
            {
                "body": _(
                    "The body shows a photo that is not in the library: %(uuid)s."
                )
                % {"uuid": missing[0]}
            }
        )


class BodyPhotos:
    """Mixed into ``Article``."""

    def check_body_photos(self):
        check_photo_references(self.body)

    def save_inline_photos(self):
        """The photos the body's figures refer to, kept queryable: the page
        cache, ninjs and JSON-LD ask which photos an article shows."""
        references = photo_references(self.body)
        current = {
            str(uuid) for uuid in self.inline_photos.values_list("uuid", flat=True)
        }
        if current != set(references):
            self.inline_photos.set(Photo.objects.filter(uuid__in=references))

    def body_photos(self, html=None):
        """The photos the body's figures show, in their order (of ``html``
        if given: a preview of unsaved work). No query for a body without
        figures; none either when ``inline_photos`` was prefetched."""
        references = photo_references(self.body if html is None else html)
        if not references:
            return []
        prefetched = getattr(self, "_prefetched_objects_cache", {})
        if html is None and "inline_photos" in prefetched:
            photos = prefetched["inline_photos"]
        elif (
            html is None and self.__dict__.get("_body_photos", (None,))[0] == self.body
        ):
            photos = self._body_photos[1]
        else:
            photos = list(Photo.objects.filter(uuid__in=references))
            if html is None:
                self._body_photos = (self.body, photos)
        by_uuid = {str(photo.uuid): photo for photo in photos}
        return [by_uuid[ref] for ref in references if ref in by_uuid]
