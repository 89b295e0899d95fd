"""The project's URLs: the app serves renditions itself (articles/site/media.py),
so the live server needs nothing more."""

from newsroom.urls import urlpatterns  # noqa: F401
