"""The admin speaks each editor's language.

Spanish by default (``LANGUAGE_CODE``), or what the browser asks through
Django's ``LocaleMiddleware``; a ``DeskProfile.language`` wins over both in
the admin. It is read once, at sign-in, into the session (and kept there at
once when the editor chooses it on the *Admin language* page,
``articles/desk/admin.py``), so that admin pages cost no query for it; the
public site keeps following the reader (and the article's own language on its
page).
"""

from django.conf import settings
from django.urls import reverse
from django.utils import translation

SESSION_KEY = "desk_language"


def remember_language(sender, request, user, **kwargs):
    """On sign-in (``user_logged_in``): keep the user's admin language."""
    from articles.desk.models import DeskProfile

    if request is None or not hasattr(request, "session"):
        return
    language = (
        DeskProfile.objects.filter(user=user).values_list("language", flat=True).first()
    )
    if language:
        request.session[SESSION_KEY] = language
    else:
        request.session.pop(SESSION_KEY, None)


class DeskLanguageMiddleware:
    """After ``LocaleMiddleware``: in the admin, the signed-in editor's own
    language. Public pages never touch the session here."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.languages = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request):
        if request.path_info.startswith(reverse("admin:index")):
            language = request.session.get(SESSION_KEY)
            if language in self.languages:
                translation.activate(language)
                request.LANGUAGE_CODE = language
        return self.get_response(request)
