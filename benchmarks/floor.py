"""The framework's floor: a bare Django view returning a fixed ~10 KB page.

Served only when ``BENCHMARK_FLOOR`` is on (``python -m benchmarks`` turns it
on for its own server), never in normal production. It goes through the same
middleware, server and settings as every page, and touches neither the
database nor the templates: what a request costs before our code runs.
"""

from django.http import HttpResponse

ROW = (
    "<p>Lorem ipsum dolor sit amet, consectetur adipiscing elit, sed do eiusmod.</p>\n"
)
PAGE = (
    '<!doctype html>\n<html lang="es"><head><meta charset="utf-8">'
    "<title>Floor</title></head><body>\n" + ROW * 128 + "</body></html>\n"
)


def floor(request):
    return HttpResponse(PAGE)
