"""``{% picture photo "lead" %}``: every photo a reader sees goes through here,
so the choice of file, size and loading is made in one place.

Roles: ``lead`` (the article's lead photo, above the fold: loaded eagerly with
high priority), ``card`` (a list's cards) and ``inline`` (a figure in the
body); both of the latter load lazily unless ``eager=True``.
"""

from django import template
from django.template.loader import render_to_string

register = template.Library()

ROLES = {"lead", "card", "inline"}


@register.simple_tag
def picture(photo, role, sizes="100vw", eager=False, css_class=""):
    if role not in ROLES:
        raise template.TemplateSyntaxError(f"Unknown picture role {role!r}")
    if photo is None or not photo.image:
        return ""
    return render_to_string(
        "articles/includes/_picture.html",
        {
            "photo": photo,
            "role": role,
            "sizes": sizes,
            "lazy": role != "lead" and not eager,
            "css_class": css_class,
        },
    )
