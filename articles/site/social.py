"""The image that social cards (Open Graph, Twitter) and JSON-LD show."""


def social_image_url(photo, request):
    """The absolute address of ``photo``'s image as shared pages show it, or
    '' without an image file. Every social card and JSON-LD image asks here."""
    if photo is None or not photo.image:
        return ""
    return request.build_absolute_uri(photo.image.url)
