"""Answers whose JSON is partly or wholly rendered already (stored renders).

``StoredJSONResponse`` takes data in which ``Rendered`` stands for JSON text
made earlier by ``JSONRenderer`` (``render_json``). The JSON renderers write
that text as it is, byte for byte what rendering its data again would give;
any other renderer (the browsable API) or an indented answer gets the data
parsed back.
"""

import json
import re
import secrets

from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

# A stand-in the renderer writes as is (private-use characters, never
# escaped with ensure_ascii off; percent-encoded in links), with a token of
# the response's own so that no text of the data can be taken for one.
MARKER = "\ue000{token}:{number}\ue000"


def render_json(data):
    """JSON text as the API's JSON renderers write ``data``."""
    return JSONRenderer().render(data).decode()


class Rendered:
    """JSON text rendered by ``render_json``, to be written as it is."""

    __slots__ = ("text",)

    def __init__(self, text):
        self.text = text


def replaced(data, function):
    """``data`` with every ``Rendered`` in it replaced by ``function(it)``."""
    if isinstance(data, Rendered):
        return function(data)
    if isinstance(data, dict):
        return {key: replaced(value, function) for key, value in data.items()}
    if isinstance(data, list):
        return [replaced(value, function) for value in data]
    return data


class StoredJSONResponse(Response):
    @property
    def rendered_content(self):
        renderer = getattr(self, "accepted_renderer", None)
        stored = self.data
        if isinstance(renderer, JSONRenderer) and (
            renderer.get_indent(self.accepted_media_type, self.renderer_context) is None
        ):
            texts = []
            token = secrets.token_hex(8)

            def marker(rendered):
                texts.append(rendered.text.encode())
                return MARKER.format(token=token, number=len(texts) - 1)

            self.data = replaced(stored, marker)
            content = super().rendered_content
            self.data = stored
            found = re.compile(
                b'"' + MARKER.format(token=token, number=r"(\d+)").encode() + b'"'
            )
            return found.sub(lambda match: texts[int(match[1])], content)
        self.data = replaced(stored, lambda rendered: json.loads(rendered.text))
        return super().rendered_content
