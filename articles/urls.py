from django.urls import path

from . import views

app_name = "articles"

urlpatterns = [
    path("", views.HomeView.as_view(), name="home"),
    path(
        "articulos/<slug:slug>/",
        views.ArticleDetailView.as_view(),
        name="article_detail",
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
]
