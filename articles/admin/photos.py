"""Photos in the admin, and the upload that fills empty fields from the file.

When an editor uploads an image, the credit, caption and alt text embedded in
it (``articles.photo_metadata``) fill the fields the editor left empty, before
validation, so that a file that brings its own alt text is accepted. After
saving, the editor lands on the photo's page with a message naming what was
filled, to check and change it.
"""

from django import forms
from django.contrib import admin, messages
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.text import get_text_list
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.admin.history import HistoryAdmin
from articles.editorial import roles
from articles.models import Photo
from articles.photo_metadata import embedded_metadata


class PhotoMetadataForm(forms.ModelForm):
    class Meta:
        widgets = {
            "focal_x": forms.NumberInput(attrs={"step": "0.001", "min": 0, "max": 1}),
            "focal_y": forms.NumberInput(attrs={"step": "0.001", "min": 0, "max": 1}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("focal_x", "focal_y"):
            if name in self.fields:  # left empty: the centre
                self.fields[name].required = False

    def clean_focal_x(self):
        return centre_if_empty(self.cleaned_data.get("focal_x"))

    def clean_focal_y(self):
        return centre_if_empty(self.cleaned_data.get("focal_y"))

    def clean(self):
        cleaned_data = super().clean()
        self.filled_from_file = []
        upload = cleaned_data.get("image")
        if "image" not in self.changed_data or not isinstance(upload, UploadedFile):
            return cleaned_data
        metadata = embedded_metadata(upload)
        for field in self.fields:  # in the order the editor sees them
            # A field missing from cleaned_data failed its own validation.
            if field in metadata and not cleaned_data.get(field, True):
                cleaned_data[field] = metadata[field]
                self.filled_from_file.append(field)
        return cleaned_data


def centre_if_empty(value):
    return 0.5 if value is None else value


@admin.register(Photo)
class PhotoAdmin(HistoryAdmin):
    form = PhotoMetadataForm
    list_display = ["thumbnail", "caption_preview", "credit_line", "supplier_category"]
    list_display_links = ["thumbnail", "caption_preview"]
    list_filter = ["supplier_category"]
    search_fields = ["caption", "credit_line", "creator", "source", "alt_text"]
    readonly_fields = [
        "preview",
        "renditions",
        "width",
        "height",
        "uuid",
        "created_at",
        "modified_at",
    ]
    fieldsets = [
        (None, {"fields": ["image", "preview", "alt_text", "caption"]}),
        (
            _("Focal point and renditions"),
            {
                "fields": ["focal_x", "focal_y", "renditions"],
                "description": _(
                    "Click on the preview where the photo's subject is: crops "
                    "for cards, squares and link previews keep it in frame."
                ),
            },
        ),
        (
            _("Credit and rights (IPTC)"),
            {
                "fields": [
                    "credit_line",
                    "creator",
                    "source",
                    "supplier_category",
                    "copyright_notice",
                    "license",
                ]
            },
        ),
        (_("When and where"), {"fields": ["date_taken", "place"]}),
        (
            _("System"),
            {
                "fields": ["width", "height", "uuid", "created_at", "modified_at"],
                "classes": ["collapse"],
            },
        ),
    ]

    class Media:
        # Sizes in a stylesheet, not in style attributes: the CSP allows no
        # inline styles.
        css = {"all": ["css/admin.css"]}
        js = ["js/focal-point.js"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("renditions")

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<int:object_id>/original/",
                self.admin_site.admin_view(self.original),
                name=f"{opts.app_label}_{opts.model_name}_original",
            ),
            *super().get_urls(),
        ]

    def original(self, request, object_id):
        """The original file, for the desk only: it keeps its EXIF."""
        photo = get_object_or_404(Photo, pk=object_id)
        if not self.has_view_permission(request, photo) or not photo.image:
            raise Http404
        response = FileResponse(photo.image.open("rb"))
        response["Cache-Control"] = "private, no-store"
        response["X-Content-Type-Options"] = "nosniff"
        return response

    def original_url(self, photo):
        opts = self.model._meta
        return reverse(
            f"admin:{opts.app_label}_{opts.model_name}_original",
            args=[photo.pk],
            current_app=self.admin_site.name,
        )

    @admin.display(description=_("image"))
    def thumbnail(self, photo):
        if not photo.image:
            return _("(credit only)")
        small = photo.rendition("1x1", 320)
        if small is None and photo.pk is None:
            return ""
        return format_html(
            '<img src="{}" alt="{}" class="photo-thumbnail">',
            small.url if small else self.original_url(photo),
            photo.alt_text,
        )

    @admin.display(description=_("preview"))
    def preview(self, photo):
        if not photo.image:
            return _("No image file: a credit-only record.")
        if photo.pk is None:
            return _("Shown once the photo is saved.")
        return format_html(
            '<span class="focal-point" data-focal-x="{}" data-focal-y="{}">'
            '<img src="{}" alt="{}" class="photo-preview">'
            '<span class="focal-point__marker" hidden></span></span>',
            photo.focal_x,
            photo.focal_y,
            self.original_url(photo),
            photo.alt_text,
        )

    @admin.display(description=_("renditions"))
    def renditions(self, photo):
        if not photo.image or photo.pk is None:
            return "-"
        made = photo.current_renditions()
        if not made:
            return format_html(
                '<p class="renditions-pending">{}</p>',
                _(
                    "Being prepared: the crops and sizes are made in the "
                    "background. Readers see the photo once they are ready."
                ),
            )
        return format_html(
            '<ul class="renditions">{}</ul>',
            format_html_join(
                "",
                '<li><a href="{}">{} {}×{} {}</a> · {} KB</li>',
                (
                    (r.url, r.ratio, r.width, r.height, r.format, round(r.bytes / 1024))
                    for r in made
                ),
            ),
        )

    @admin.display(description=_("caption"), ordering="caption")
    def caption_preview(self, photo):
        return str(photo)

    # A photo follows the rule of the articles that use it (editorial/roles.py).

    def has_change_permission(self, request, obj=None):
        if obj is None:
            return super().has_change_permission(request, obj)
        return roles.can_change_photo(request.user, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is None:
            return super().has_delete_permission(request, obj)
        return roles.can_change_photo(request.user, obj, action="delete")

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        filled = getattr(form, "filled_from_file", [])
        obj.filled_from_file = filled
        if filled:
            opts = obj._meta
            names = [str(opts.get_field(field).verbose_name) for field in filled]
            messages.info(
                request,
                gettext(
                    "Filled from the metadata embedded in the image: %(fields)s. "
                    "Check them and change them if needed."
                )
                % {"fields": get_text_list(names, gettext("and"))},
            )

    def response_add(self, request, obj, post_url_continue=None):
        response = super().response_add(request, obj, post_url_continue)
        return self.back_to_the_photo(request, obj, response)

    def response_change(self, request, obj):
        return self.back_to_the_photo(
            request, obj, super().response_change(request, obj)
        )

    def back_to_the_photo(self, request, obj, response):
        """After a plain "Save", show the editor what the file filled in
        rather than the list; other buttons and popups go where they go."""
        elsewhere = {"_popup", "_addanother", "_saveasnew"} & set(request.POST)
        filled = getattr(obj, "filled_from_file", None)
        if elsewhere or not filled or not isinstance(response, HttpResponseRedirect):
            return response
        opts = obj._meta
        return HttpResponseRedirect(
            reverse(
                f"admin:{opts.app_label}_{opts.model_name}_change",
                args=[obj.pk],
                current_app=self.admin_site.name,
            )
        )
