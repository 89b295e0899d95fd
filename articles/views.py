from django.http import Http404
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Article, Author, Entity, Section


class HomeView(ListView):
    template_name = "articles/home.html"
    paginate_by = 20

    def get_queryset(self):
        return Article.objects.published().select_related("section", "lead_photo")


class ArticleDetailView(DetailView):
    template_name = "articles/article_detail.html"

    def get_queryset(self):
        return Article.objects.with_page_data()

    def get_object(self, queryset=None):
        article = super().get_object(queryset)
        if not (article.is_published() or article.is_withdrawn()):
            raise Http404
        return article


class ArticleListMixin:
    """Lists the published articles of one section, entity or author."""

    model = None
    template_name = "articles/article_list.html"
    paginate_by = 20

    def get_queryset(self):
        self.subject = get_object_or_404(self.model, slug=self.kwargs["slug"])
        return self.filter_articles(Article.objects.published()).select_related(
            "section", "lead_photo"
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(subject=self.subject, **kwargs)


class SectionDetailView(ArticleListMixin, ListView):
    model = Section

    def filter_articles(self, articles):
        return articles.filter(section=self.subject)


class EntityDetailView(ArticleListMixin, ListView):
    model = Entity

    def filter_articles(self, articles):
        return articles.about(self.subject)


class AuthorDetailView(ArticleListMixin, ListView):
    model = Author

    def filter_articles(self, articles):
        return articles.by(self.subject)
