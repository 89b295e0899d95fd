"""What a reader or a client gets when something breaks on our side.

``server_error`` is ``handler500``: Django calls it for any exception that no
view or middleware handled, wherever it was raised, so this is the one place
that turns a lost database into a 503. A database that is down, restarting or
dropped the connection (``OperationalError``, ``InterfaceError``) answers 503
with ``Retry-After`` and a short message, never a traceback, and Django logs
the exception as usual. Everything else stays a 500: a bug is not disguised as
an outage. The API answers in JSON like the rest of the API."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 5


def server_error(request):
    exception = sys.exc_info()[1]
    api = request.path.startswith("/api/")
    if isinstance(exception, OperationalError | InterfaceError):
        message = _("The database is not answering. Try again in a few seconds.")
        if api:
            response = JsonResponse({"detail": message}, status=503)
        else:
            response = HttpResponse(
                message, status=503, content_type="text/plain; charset=utf-8"
            )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        add_never_cache_headers(response)
        return response
    if api:
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)
