"""Media the app serves itself (local storage; a bucket serves its own).

Only renditions: their names are content-addressed, so they are cached for a
year as immutable. Everything else under MEDIA_ROOT, the originals above all
(they keep the camera's EXIF: GPS position, serial numbers), answers 404.
"""

import mimetypes
import posixpath

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.views.decorators.http import require_safe

from articles.pictures.making import PREFIX

IMMUTABLE = "public, max-age=31536000, immutable"


@require_safe
def media(request, path):
    name = posixpath.normpath(path).lstrip("/")
    if name != path or not name.startswith(f"{PREFIX}/") or ".." in name.split("/"):
        raise Http404("Not a rendition")
    try:
        file = default_storage.open(name, "rb")
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        raise Http404("No such rendition") from None
    response = FileResponse(
        file, content_type=mimetypes.guess_type(name)[0] or "application/octet-stream"
    )
    response["Cache-Control"] = IMMUTABLE
    response["X-Content-Type-Options"] = "nosniff"
    return response
