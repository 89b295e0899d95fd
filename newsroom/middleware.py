"""Middlewares that do no work for a request that does not need them.

An anonymous page read is most of the traffic: it has no session, no user,
no messages and writes nothing to the history. These replace the stock
middlewares in ``MIDDLEWARE`` and behave exactly like them otherwise
(``python -m benchmarks.middleware`` measures what each one costs).

- ``CSPMiddleware``: the policy is the same for every answer that neither
  used a nonce nor changed it with a decorator, so it is built once per
  settings, not twice per response.
- ``MessageMiddleware``: the message storage (a cookie signer, the session)
  is made when something reads or adds a message, not for every request.
- ``HistoryRequestMiddleware``: a safe request without a session writes no
  history, so it does not need to be the history's request.

Sessions (read only when ``request.session`` or ``request.user`` is used),
authentication (a lazy ``request.user``), django-axes (one attribute check
on the response) and CORS (a regular expression on the path, only for
``/api/``) already do nothing else on an anonymous read.
"""

from functools import lru_cache

from csp.middleware import CheckableLazyObject, PolicyParts
from csp.middleware import CSPMiddleware as StockCSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.contrib.messages.middleware import (
    MessageMiddleware as StockMessageMiddleware,
)
from django.contrib.messages.storage import default_storage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import SimpleLazyObject, empty
from simple_history.middleware import _context_manager

SAFE_METHODS = {"GET", "HEAD", "OPTIONS"}
# What a view may set on its response to change the policy (django-csp).
CSP_CHANGES = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt",
    "_csp_exempt_ro",
)


@lru_cache(maxsize=2)
def default_policy(report_only):
    return build_policy(report_only=report_only, **PolicyParts().__dict__)


@receiver(setting_changed)
def forget_policy(setting, **kwargs):
    if setting.startswith("CONTENT_SECURITY_POLICY"):
        default_policy.cache_clear()


class CSPMiddleware(StockCSPMiddleware):
    def process_response(self, request, response):
        nonce_used = getattr(request, "_csp_nonce", None) is not None
        if nonce_used or any(hasattr(response, name) for name in CSP_CHANGES):
            return super().process_response(request, response)
        if settings.DEBUG and response.status_code in (404, 500):
            return response  # as django-csp leaves the debug pages
        for header, setting, report_only in (
            ("Content-Security-Policy", "CONTENT_SECURITY_POLICY", False),
            (
                "Content-Security-Policy-Report-Only",
                "CONTENT_SECURITY_POLICY_REPORT_ONLY",
                True,
            ),
        ):
            policy = default_policy(report_only)
            if not policy or header in response:
                continue
            prefixes = (getattr(settings, setting, None) or {}).get(
                "EXCLUDE_URL_PREFIXES"
            ) or ()
            if not request.path_info.startswith(tuple(prefixes)):
                response[header] = policy
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


class MessageMiddleware(StockMessageMiddleware):
    def process_request(self, request):
        request._messages = SimpleLazyObject(lambda: default_storage(request))

    def process_response(self, request, response):
        messages = getattr(request, "_messages", None)
        if isinstance(messages, SimpleLazyObject) and messages._wrapped is empty:
            return response  # never read nor written
        return super().process_response(request, response)


def HistoryRequestMiddleware(get_response):
    """simple-history's middleware, for requests that may write."""

    def middleware(request):
        if (
            request.method in SAFE_METHODS
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
        ):
            return get_response(request)
        with _context_manager(request):
            return get_response(request)

    return middleware
