from django.utils.translation import gettext_lazy as _
from rest_framework import authentication
from rest_framework.exceptions import AuthenticationFailed


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, refusing (401) an Authorization header it
    cannot read instead of quietly treating the client as anonymous."""

    def authenticate(self, request):
        header = authentication.get_authorization_header(request)
        if header and not header.startswith(self.keyword.encode() + b" "):
            raise AuthenticationFailed(
                _("Send the token as: Authorization: Token <key>.")
            )
        return super().authenticate(request)

    def authenticate_credentials(self, key):
        # Keys are 40 hexadecimal digits: anything else is refused before the
        # database sees it (PostgreSQL cannot compare text holding NUL bytes).
        if len(key) > 40 or not key.isascii() or not key.isalnum():
            raise AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(key)
