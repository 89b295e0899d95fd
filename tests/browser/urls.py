"""The project's URLs plus uploaded media, which the live server does not
serve by itself (the project serves media only when DEBUG is on)."""

from django.conf import settings
from django.urls import re_path
from django.views.static import serve

from newsroom.urls import urlpatterns as project_urlpatterns


def media(request, path):
    # MEDIA_ROOT is read per request: each test has its own.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


urlpatterns = [re_path(r"^media/(?P<path>.*)$", media), *project_urlpatterns]
