from django.urls import path, re_path
from rest_framework.routers import DefaultRouter

from articles.api import articles, catalogue
from articles.api.base import not_found
from articles.api.tokens import ObtainTokenView
from articles.live.api import LiveEntryViewSet

router = DefaultRouter()
router.include_format_suffixes = False  # the format is a query parameter
router.register("articles", articles.ArticleViewSet, basename="article")
router.register("updates", articles.ArticleUpdateViewSet, basename="update")
router.register("sections", catalogue.SectionViewSet, basename="section")
router.register("authors", catalogue.AuthorViewSet, basename="author")
router.register("entities", catalogue.EntityViewSet, basename="entity")
router.register("photos", catalogue.PhotoViewSet, basename="photo")

app_name = "api"
urlpatterns = [
    path("auth/token/", ObtainTokenView.as_view(), name="token"),
    path(
        "articles/<slug:slug>/entries/",
        LiveEntryViewSet.as_view({"get": "list", "post": "create"}),
        name="entry-list",
    ),
    path(
        "articles/<slug:slug>/entries/<int:pk>/",
        LiveEntryViewSet.as_view(
            {"get": "retrieve", "put": "update", "patch": "partial_update"}
        ),
        name="entry-detail",
    ),
    path(
        "articles/<slug:slug>/entries/<int:pk>/corrections/",
        LiveEntryViewSet.as_view({"post": "corrections"}),
        name="entry-corrections",
    ),
    *router.urls,
    re_path(r"", not_found, name="not-found"),
]
