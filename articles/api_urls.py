from django.urls import re_path
from rest_framework.routers import DefaultRouter

from articles import api

router = DefaultRouter()
router.include_format_suffixes = False  # the format is a query parameter
router.register("articles", api.ArticleViewSet, basename="article")
router.register("updates", api.ArticleUpdateViewSet, basename="update")
router.register("sections", api.SectionViewSet, basename="section")
router.register("authors", api.AuthorViewSet, basename="author")
router.register("entities", api.EntityViewSet, basename="entity")
router.register("photos", api.PhotoViewSet, basename="photo")

app_name = "api"
urlpatterns = [*router.urls, re_path(r"", api.not_found, name="not-found")]
