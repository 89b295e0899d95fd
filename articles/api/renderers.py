from rest_framework.renderers import JSONRenderer

from articles.ninjs.vocabulary import MEDIA_TYPE


class NinjsRenderer(JSONRenderer):
    """IPTC ninjs: ``?format=ninjs`` or ``Accept: application/vnd.iptc.ninjs+json``.

    The view builds the document (``articles.ninjs.export``); this only names the
    format and media type and writes the JSON.
    """

    media_type = MEDIA_TYPE
    format = "ninjs"
