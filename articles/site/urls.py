from django.urls import path

from articles.caching import public_page
from articles.site import feeds, previews, views

app_name = "articles"


def feed_paths(prefix, rss, atom, name):
    return [
        path(f"{prefix}rss/", public_page(rss()), name=f"{name}_rss"),
        path(f"{prefix}atom/", public_page(atom()), name=f"{name}_atom"),
    ]


urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "articulos/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
    ),
    path(
        "vista-previa/<str:token>/",
        previews.ArticlePreviewView.as_view(),
        name="article_preview",
    ),
    path(
        "secciones/<slug:slug>/",
        views.SectionDetailView.as_view(),
        name="section_detail",
    ),
    path("temas/<slug:slug>/", views.EntityDetailView.as_view(), name="entity_detail"),
    path(
        "autores/<slug:slug>/", views.AuthorDetailView.as_view(), name="author_detail"
    ),
    path("buscar/", views.SearchView.as_view(), name="search"),
    path("correcciones/", views.CorrectionsView.as_view(), name="corrections"),
    *feed_paths("feeds/", feeds.LatestRssFeed, feeds.LatestAtomFeed, "feed"),
    *feed_paths(
        "secciones/<slug:slug>/",
        feeds.SectionRssFeed,
        feeds.SectionAtomFeed,
        "section_feed",
    ),
    *feed_paths(
        "temas/<slug:slug>/", feeds.EntityRssFeed, feeds.EntityAtomFeed, "entity_feed"
    ),
    *feed_paths(
        "autores/<slug:slug>/",
        feeds.AuthorRssFeed,
        feeds.AuthorAtomFeed,
        "author_feed",
    ),
]
