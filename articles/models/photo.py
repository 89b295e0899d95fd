import logging
import secrets
import uuid
from pathlib import PurePosixPath

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.pictures.imaging import RIGHTS_FIELDS, rights_xmp
from articles.pictures.specs import SOCIAL, rendition_key
from articles.validators import validate_photo_file

logger = logging.getLogger(__name__)

# Where originals are stored. Nothing under it is ever served to the public:
# the app's media view answers only renditions (articles/site/media.py), and
# each original has a random name that no public page, feed or API links.
ORIGINALS = "originals"


def original_name(photo, filename):
    """A random name that says nothing of the upload's name, under a prefix of
    its own: the original keeps its EXIF (GPS, serials), so it must not be
    found by guessing."""
    suffix = PurePosixPath(filename).suffix.lower()[:8]
    return f"{ORIGINALS}/{secrets.token_urlsafe(24)}{suffix}"


def fraction_validators():
    return [MinValueValidator(0.0), MaxValueValidator(1.0)]


class PhotoQuerySet(models.QuerySet):
    def get_by_natural_key(self, uuid):
        return self.get(uuid=uuid)

    def with_published_articles(self):
        """The lead photos, body photos and social images of published
        articles: the only ones the public may know of."""
        from .article import Article

        published = Article.objects.published()
        return self.filter(
            Exists(published.filter(lead_photo=OuterRef("pk")))
            | Exists(published.filter(social_image=OuterRef("pk")))
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
        upload_to=original_name,
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
    focal_x = models.FloatField(
        _("focal point, across"),
        default=0.5,
        db_default=0.5,
        validators=fraction_validators(),
        help_text=_(
            "Click on the image to set it: 0 is the left edge, 1 the right. "
            "Crops keep this point in frame."
        ),
    )
    focal_y = models.FloatField(
        _("focal point, down"),
        default=0.5,
        db_default=0.5,
        validators=fraction_validators(),
        help_text=_("0 is the top edge, 1 the bottom."),
    )
    rendition_key = models.CharField(
        _("renditions key"),
        max_length=32,
        blank=True,
        default="",
        db_default="",
        editable=False,
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
            models.CheckConstraint(
                condition=Q(focal_x__gte=0, focal_x__lte=1)
                & Q(focal_y__gte=0, focal_y__lte=1),
                name="photo_focal_point_inside",
                violation_error_message=_(
                    "The focal point lies inside the image (0 to 1)."
                ),
            ),
        ]

    def __str__(self):
        label = self.caption or self.alt_text or self.credit_line
        return (label[:80] if label else _("Photo %(pk)s") % {"pk": self.pk}) or ""

    def save(self, *args, **kwargs):
        if not self.credit_line:
            self.credit_line = self.composed_credit_line()
        new_key = self.refresh_rendition_key()
        if new_key and kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "rendition_key"}
        super().save(*args, **kwargs)
        self._rendered_from = self.rendition_source()
        if new_key:
            self.enqueue_renditions()

    @classmethod
    def from_db(cls, db, field_names, values):
        photo = super().from_db(db, field_names, values)
        photo._rendered_from = photo.rendition_source()
        return photo

    def clean(self):
        if self.image and not self.alt_text.strip():
            raise ValidationError(
                {"alt_text": _("Describe the image for readers who cannot see it.")}
            )

    def natural_key(self):
        return (str(self.uuid),)

    def composed_credit_line(self):
        return " / ".join(part for part in [self.creator, self.source] if part)

    def used_by(self):
        """The articles that show it: as lead photo, social image or in the
        body."""
        from .article import Article

        return Article.objects.filter(
            Q(lead_photo=self) | Q(social_image=self) | Q(inline_photos=self)
        ).distinct()

    @property
    def public_key(self):
        """Recorded by every public answer that shows it (articles.cache_keys)."""
        return f"photo:{self.pk}"

    def public_keys(self):
        return {self.public_key}

    # Renditions (articles/pictures/): made in the background after a change
    # of file or focal point, and only they are ever shown to readers.

    def rendition_source(self):
        """What the renditions are made of: file, focal point and rights."""
        return (
            self.image.name if self.image else "",
            self.focal_x,
            self.focal_y,
            *(getattr(self, field) for field in RIGHTS_FIELDS),
        )

    def refresh_rendition_key(self):
        """A new key when the file, the focal point or the rights changed (or
        none was ever set): True then, so that the renditions are made again."""
        if not self.image:
            self.rendition_key = ""
            return False
        before = getattr(self, "_rendered_from", None)
        if self.rendition_key and before == self.rendition_source():
            return False
        committed = self.image._committed
        try:
            self.image.open("rb")
        except (OSError, ValueError):  # the stored file is gone: nothing to render
            logger.warning("No file for photo %s: %s", self.pk, self.image.name)
            self.rendition_key = ""
            return False
        try:
            key = rendition_key(
                self.image, self.focal_x, self.focal_y, rights_xmp(self)
            )
        finally:
            # An upload is saved to storage after this: leave it open.
            self.image.close() if committed else self.image.seek(0)
        if key == self.rendition_key:
            return False
        self.rendition_key = key
        return True

    def prepare_renditions(self):
        """Key and enqueue the renditions of a photo stored without them (a
        fixture loaded raw, a photo from before renditions), without a
        history version of its own."""
        if self.image and self.refresh_rendition_key():
            Photo.objects.filter(pk=self.pk).update(rendition_key=self.rendition_key)
            self._rendered_from = self.rendition_source()
            self.enqueue_renditions()

    def enqueue_renditions(self):
        """Make the renditions once this change is committed: the job is
        written in the change's own transaction (the database backend; the
        RQ backend hands it over on commit), so it exists exactly when the
        change does."""
        from articles.tasks import make_renditions

        make_renditions.enqueue(self.pk, self.rendition_key)

    def current_renditions(self):
        """Renditions of the file and focal point as they are now, narrowest
        first (from the prefetched ones when a list loaded them)."""
        if not self.rendition_key:
            return []
        return [
            rendition
            for rendition in self.renditions.all()
            if rendition.key == self.rendition_key
        ]

    def renditions_ready(self):
        return bool(self.current_renditions())

    def renditions_of(self, ratio, image_format=None):
        return sorted(
            (
                rendition
                for rendition in self.current_renditions()
                if rendition.ratio == ratio and image_format in (None, rendition.format)
            ),
            key=lambda rendition: rendition.width,
        )

    def fallback_renditions(self, ratio):
        """The JPEG (PNG for transparency) renditions of ``ratio``."""
        return [
            rendition
            for rendition in self.renditions_of(ratio)
            if rendition.format in ("jpeg", "png")
        ]

    def rendition(self, ratio, width=None):
        """The fallback-format rendition of ``ratio`` closest to ``width``
        from below (the widest without one), or None until they are made."""
        candidates = self.fallback_renditions(ratio)
        if not candidates:
            return None
        if width is None:
            return candidates[-1]
        fitting = [rendition for rendition in candidates if rendition.width <= width]
        return fitting[-1] if fitting else candidates[0]

    def social_image(self):
        """The 1200×630 Open Graph / Twitter card rendition, or None."""
        return self.rendition(SOCIAL)

    def rendition_url(self, ratio, width=None):
        """URL of ``rendition(ratio, width)``: ``photo.rendition_url("og")``
        for a link preview; "" until the renditions are made."""
        rendition = self.rendition(ratio, width)
        return rendition.url if rendition else ""
