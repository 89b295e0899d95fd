"""What a locked-out login gets back (django-axes' AXES_LOCKOUT_CALLABLE).

429 with Retry-After at both doors: JSON for the API's token endpoint, a page
in the admin's look for the admin login.
"""

import math

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib import admin
from django.http import JsonResponse
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

LOCKED_OUT = 429


def retry_after_seconds():
    return math.ceil(settings.AXES_COOLOFF_TIME.total_seconds())


def lockout_message():
    minutes = math.ceil(retry_after_seconds() / 60)
    return _(
        "Too many failed logins for this account from your address. "
        "Try again in %(minutes)s minutes."
    ) % {"minutes": minutes}


def lockout_response(request, original_response=None, credentials=None):
    if request.path.startswith("/api/"):
        response = JsonResponse({"detail": lockout_message()}, status=LOCKED_OUT)
    else:
        response = TemplateResponse(
            request,
            "admin/locked_out.html",
            {
                **admin.site.each_context(request),
                "title": _("Login locked"),
                "message": lockout_message(),
            },
            status=LOCKED_OUT,
        ).render()
    response["Retry-After"] = str(retry_after_seconds())
    return response


class LockoutBackend(AxesStandaloneBackend):
    """django-axes' check, for logins that come with a request (the admin, the
    token endpoint: every door on the web passes it). Code on the server that
    authenticates without one (the shell, the test client's login()) is let
    through to the next backend instead of failing."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)
