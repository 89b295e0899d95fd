from django.urls import path

from articles.caching import public_page
from articles.live import feeds, views

app_name = "live"

urlpatterns = [
    path("articulos/<slug:slug>/entradas/", views.live_entries, name="entries"),
    path(
        "articulos/<slug:slug>/rss/",
        public_page(feeds.LiveEntriesRssFeed()),
        name="entries_rss",
    ),
    path(
        "articulos/<slug:slug>/atom/",
        public_page(feeds.LiveEntriesAtomFeed()),
        name="entries_atom",
    ),
]
