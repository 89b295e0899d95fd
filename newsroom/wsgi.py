import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

application = get_wsgi_application()

from django.conf import settings  # noqa: E402

if settings.BENCHMARK_FLOOR:
    from benchmarks.floor import with_bare_page

    application = with_bare_page(application)
