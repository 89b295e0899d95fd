from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from articles.caching import public_page
from articles.site.media import media
from articles.site.sitemaps import news_sitemap, sitemaps
from articles.site.views import robots_txt
from newsroom.health import healthz

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/v1/", include("articles.api.urls")),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    path(
        "api/docs/",
        # Split: Swagger UI's start-up script comes from ?script, a file of its
        # own, so the page runs under the CSP without any inline script.
        SpectacularSwaggerSplitView.as_view(
            url_name="api-schema", template_name="api/swagger_ui.html"
        ),
        name="api-docs",
    ),
    path(
        "sitemap.xml",
        public_page(sitemap, query_parameters=["p"], keys=["sitemap", "catalogue"]),
        {"sitemaps": sitemaps},
        name="sitemap",
    ),
    path("sitemap-news.xml", news_sitemap, name="sitemap_news"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("healthz", healthz, name="healthz"),
    path("", include("articles.live.urls")),
    path("", include("articles.site.urls")),
]

# The benchmark's floor (see benchmarks/floor.py), only when BENCHMARK_FLOOR is on.
if settings.BENCHMARK_FLOOR:
    from benchmarks.floor import floor

    urlpatterns.insert(0, path("bench/floor/", floor, name="bench_floor"))
    urlpatterns.insert(0, path("bench/bare/", floor, name="bench_bare"))

# Operations: a lost database answers 503, other faults 500 (JSON on the API).
handler500 = "newsroom.errors.server_error"

# Renditions from local storage (articles/site/media.py); never the originals.
if settings.MEDIA_URL.startswith("/"):
    urlpatterns.insert(
        0, re_path(rf"^{settings.MEDIA_URL.strip('/')}/(?P<path>.+)$", media)
    )
