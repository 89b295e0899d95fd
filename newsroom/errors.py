"""What a reader or a client gets when something breaks on our side.

``server_error`` is ``handler500``: Django calls it for any exception that no
view or middleware handled, wherever it was raised, so this is the one place
that says what a database error means to the client:

- an **outage** (the server is down, restarting, out of resources or dropped
  the connection; on SQLite the file cannot be opened, read or written)
  answers 503 with ``Retry-After`` and a short message;
- a **conflict** (a lock wait or deadlock that timed out, a serialisation
  failure: another write held the rows) answers 409, to be tried again;
- everything else stays a 500: a bug is not disguised as an outage.

Never a traceback; Django logs the exception as usual. The API answers in JSON
like the rest of the API."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django.views import defaults

RETRY_AFTER_SECONDS = 5

# PostgreSQL SQLSTATEs: classes 08 (connection), 53 (insufficient resources),
# 57 (operator intervention: shutdown, cancelled), 58 (system, I/O).
OUTAGE_SQLSTATE_CLASSES = {"08", "53", "57", "58"}
# Serialisation failure, deadlock, lock not available.
CONFLICT_SQLSTATES = {"40001", "40P01", "55P03"}
# SQLite primary result codes: IOERR, FULL, CANTOPEN; BUSY, LOCKED.
SQLITE_OUTAGES = {10, 13, 14}
SQLITE_CONFLICTS = {5, 6}
OUTAGE, CONFLICT = "outage", "conflict"


def database_trouble(exception):
    """OUTAGE, CONFLICT or None (not the database's fault) for ``exception``."""
    if isinstance(exception, InterfaceError):
        return OUTAGE
    if not isinstance(exception, OperationalError):
        return None
    cause = exception.__cause__
    sqlite_code = getattr(cause, "sqlite_errorcode", None)
    if sqlite_code is not None:
        code = sqlite_code & 0xFF
        if code in SQLITE_CONFLICTS:
            return CONFLICT
        return OUTAGE if code in SQLITE_OUTAGES else None
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate is None:  # no answer from the server at all
        return OUTAGE
    if sqlstate in CONFLICT_SQLSTATES:
        return CONFLICT
    return OUTAGE if sqlstate[:2] in OUTAGE_SQLSTATE_CLASSES else None


def answer(request, message, status):
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": message}, status=status)
    else:
        response = HttpResponse(
            message, status=status, content_type="text/plain; charset=utf-8"
        )
    add_never_cache_headers(response)
    return response


def server_error(request):
    trouble = database_trouble(sys.exc_info()[1])
    if trouble == OUTAGE:
        message = _("The database is not answering. Try again in a few seconds.")
        response = answer(request, message, 503)
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    if trouble == CONFLICT:
        message = _(
            "Someone else was saving the same data at that moment and nothing "
            "was saved. Try again."
        )
        return answer(request, message, 409)
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": _("A server error occurred.")}, status=500)
    return defaults.server_error(request)
