from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .entity import Entity


class EntityRole(models.TextChoices):
    ABOUT = "about", _("main subject")
    MENTIONS = "mentions", _("mentioned")


class ArticleEntityManager(models.Manager):
    def get_by_natural_key(self, article_slug, entity_slug):
        return self.get(article__slug=article_slug, entity__slug=entity_slug)


class ArticleEntity(models.Model):
    """Links an article to an entity it is about or mentions, in order."""

    Role = EntityRole

    article = models.ForeignKey(
        "articles.Article", on_delete=models.CASCADE, related_name="entity_links"
    )
    entity = models.ForeignKey(
        Entity,
        verbose_name=_("entity"),
        on_delete=models.PROTECT,
        related_name="article_links",
    )
    role = models.CharField(
        _("role"), max_length=20, choices=Role, default=Role.MENTIONS
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    history = HistoricalRecords()

    objects = ArticleEntityManager()

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("entity of the article")
        verbose_name_plural = _("entities of the article")
        constraints = [
            models.UniqueConstraint(
                fields=["article", "entity"],
                name="article_entity_unique",
                violation_error_message=_("This entity is already linked."),
            ),
            models.UniqueConstraint(
                fields=["article", "order"],
                name="article_entity_unique_order",
                violation_error_message=_("Two entities cannot share a position."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=[choice.value for choice in EntityRole]),
                name="article_entity_valid_role",
            ),
        ]
        indexes = [
            models.Index(fields=["entity", "article"], name="article_entity_idx"),
        ]

    def __str__(self):
        return f"{self.entity} ({self.get_role_display()})"

    def public_keys(self):
        """The article's answers, and the entity's list it puts it on."""
        keys = self.article.public_keys()
        return keys | {f"list:entity:{self.entity_id}"} if keys else keys

    def natural_key(self):
        return self.article.natural_key() + self.entity.natural_key()

    natural_key.dependencies = ["articles.article", "articles.entity"]
