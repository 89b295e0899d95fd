from django.db import models
from django.utils.translation import gettext_lazy as _

from articles.pictures.specs import CONTENT_TYPES, RATIOS, SOCIAL


class RenditionQuerySet(models.QuerySet):
    def current(self):
        """Renditions of each photo's file and focal point as they are now:
        rows of an earlier key wait only for the job to delete them."""
        return self.filter(key=models.F("photo__rendition_key"))


class Rendition(models.Model):
    """One crop, width and format of a photo, made in the background.

    Its file's name is content-addressed (``key``: source file, focal point
    and spec version), so it never changes and is cached for a year."""

    class Format(models.TextChoices):
        AVIF = "avif", "AVIF"
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"
        PNG = "png", "PNG"

    RATIO_CHOICES = [(name, name) for name in [*RATIOS, SOCIAL]]

    photo = models.ForeignKey(
        "articles.Photo",
        on_delete=models.CASCADE,
        related_name="renditions",
        verbose_name=_("photo"),
    )
    key = models.CharField(_("key"), max_length=32, db_index=True)
    ratio = models.CharField(_("aspect ratio"), max_length=8, choices=RATIO_CHOICES)
    width = models.PositiveIntegerField(_("width"))
    height = models.PositiveIntegerField(_("height"))
    format = models.CharField(_("format"), max_length=4, choices=Format)
    file = models.FileField(_("file"), max_length=200)
    bytes = models.PositiveIntegerField(_("bytes"))

    objects = RenditionQuerySet.as_manager()

    class Meta:
        ordering = ["ratio", "width", "format"]
        verbose_name = _("rendition")
        verbose_name_plural = _("renditions")
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "key", "ratio", "width", "format"],
                name="rendition_once_per_spec",
            ),
        ]

    def __str__(self):
        return f"{self.ratio} {self.width}×{self.height} {self.format}"

    @property
    def content_type(self):
        return CONTENT_TYPES[self.format]

    @property
    def url(self):
        return self.file.url
