"""The framework's floor: a bare Django view returning a fixed ~10 KB page.

Served only when ``BENCHMARK_FLOOR`` is on (``python -m benchmarks`` turns it
on for its own server), never in normal production. ``/bench/floor/`` goes
through the same middleware, server and settings as every page, and touches
neither the database nor the templates: what a request costs before our code
runs. ``/bench/bare/`` is the same view as a bare Django site serves it
(three middlewares, ``BARE_MIDDLEWARE``), by the same gunicorn worker
(``newsroom/wsgi.py`` sends it to ``bare_application``): the yardstick the
issue's ratios are measured against.
"""

from django.core.handlers.wsgi import WSGIHandler
from django.http import HttpResponse
from django.test.utils import override_settings

ROW = (
    "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>\n"
)
PAGE = (
    '<!doctype html>\n<html lang="es"><head><meta charset="utf-8">'
    "<title>Floor</title></head><body>\n" + ROW * 128 + "</body></html>\n"
)
BARE_PATH = "/bench/bare/"
BARE_MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]


def floor(request):
    return HttpResponse(PAGE)


def handler_with_middleware(middleware):
    """A WSGI handler of this project through ``middleware`` only."""

    class Handler(WSGIHandler):
        def load_middleware(self, is_async=False):
            with override_settings(MIDDLEWARE=middleware):
                super().load_middleware(is_async)

    return Handler()


def with_bare_page(application):
    """``application``, except that BARE_PATH goes to the bare handler."""
    bare = handler_with_middleware(BARE_MIDDLEWARE)

    def dispatch(environ, start_response):
        if environ.get("PATH_INFO") == BARE_PATH:
            return bare(environ, start_response)
        return application(environ, start_response)

    return dispatch
