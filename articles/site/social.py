"""The image that social cards (Open Graph, Twitter) and JSON-LD show."""


def social_image_url(photo, request):
    """The absolute address of ``photo``'s 1200×630 card rendition, or ''
    before it is made (the original is private). Every social card asks here."""
    if photo is None or not photo.image:
        return ""
    card = photo.social_image()
    return request.build_absolute_uri(card.url) if card else ""
