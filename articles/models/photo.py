import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.validators import validate_photo_file


class PhotoQuerySet(models.QuerySet):
    def get_by_natural_key(self, uuid):
        return self.get(uuid=uuid)

    def with_published_articles(self):
        """The lead and body photos of published articles: the only ones the
        public may know of."""
        from .article import Article

        published = Article.objects.published()
        return self.filter(
            Exists(published.filter(lead_photo=OuterRef("pk")))
            | Exists(published.filter(inline_photos=OuterRef("pk")))
        )


class Photo(models.Model):
    """A photo and its rights, named after the IPTC Photo Metadata fields.

    The image file is optional: wire copy often brings only the credit.
    """

    class SupplierCategory(models.TextChoices):
        STAFF = "staff", _("staff")
        WIRE = "wire", _("wire agency")
        FREELANCE = "freelance", _("freelance")
        STOCK = "stock", _("stock")
        HANDOUT = "handout", _("handout")
        OTHER = "other", _("other")

    uuid = models.UUIDField(
        _("permanent ID"), default=uuid.uuid4, unique=True, editable=False
    )
    image = models.ImageField(
        _("image"),
        upload_to="photos/%Y/%m/",
        blank=True,
        width_field="width",
        height_field="height",
        validators=[validate_photo_file],
    )
    width = models.PositiveIntegerField(
        _("width"), null=True, blank=True, editable=False
    )
    height = models.PositiveIntegerField(
        _("height"), null=True, blank=True, editable=False
    )
    alt_text = models.CharField(
        _("alt text"),
        max_length=300,
        blank=True,
        help_text=_(
            "What the photo shows, for readers who cannot see it. "
            "Required when there is an image."
        ),
    )
    caption = models.TextField(
        _("caption"),
        blank=True,
        help_text=_("IPTC Description. Shown under the photo."),
    )
    credit_line = models.CharField(
        _("credit line"),
        max_length=255,
        blank=True,
        help_text=_(
            "Exactly as printed, e.g. 'Freddy Rodríguez / Ejército del Perú'. "
            "Left blank, it is composed as 'Creator / Source'."
        ),
    )
    creator = models.CharField(
        _("creator"), max_length=200, blank=True, help_text=_("The photographer.")
    )
    source = models.CharField(
        _("source"),
        max_length=200,
        blank=True,
        help_text=_("The agency or institution, e.g. 'Ejército del Perú'."),
    )
    supplier_category = models.CharField(
        _("supplier category"),
        max_length=20,
        choices=SupplierCategory,
        default=SupplierCategory.OTHER,
    )
    copyright_notice = models.CharField(
        _("copyright notice"), max_length=255, blank=True
    )
    license = models.CharField(
        _("licence or usage terms"),
        max_length=500,
        blank=True,
        help_text=_("IPTC Web Statement of Rights or usage terms."),
    )
    date_taken = models.DateField(_("date taken"), null=True, blank=True)
    place = models.CharField(
        _("place"), max_length=200, blank=True, help_text=_("IPTC Location Shown.")
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    modified_at = models.DateTimeField(_("modified"), auto_now=True)
    history = HistoricalRecords()

    objects = PhotoQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=Q(image="") | ~Q(alt_text=""),
                name="photo_image_needs_alt_text",
                violation_error_message=_("A photo with an image needs alt text."),
            ),
        ]

    def __str__(self):
        label = self.caption or self.alt_text or self.credit_line
        return (label[:80] if label else _("Photo %(pk)s") % {"pk": self.pk}) or ""

    def save(self, *args, **kwargs):
        if not self.credit_line:
            self.credit_line = self.composed_credit_line()
        super().save(*args, **kwargs)

    def clean(self):
        if self.image and not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": _("Describe the image for readers who cannot see it.")}
            )

    def natural_key(self):
        return (str(self.uuid),)

    def composed_credit_line(self):
        return " / ".join(part for part in [self.creator, self.source] if part)

    @property
    def public_key(self):
        """Recorded by every public answer that shows it (articles.cache_keys)."""
        return f"photo:{self.pk}"

    def public_keys(self):
        return {self.public_key}
