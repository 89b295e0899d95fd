"""The token endpoint: a username and password traded for the API token,
guarded by django-axes like the admin login (the lock-out is in settings)."""

from django.contrib.auth import authenticate
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import APIView

from articles.api.base import UNSUPPORTED, error
from articles.lockout import lockout_response


class LoginSerializer(serializers.Serializer):
    username = serializers.CharField(max_length=150, help_text=_("Your username."))
    password = serializers.CharField(
        max_length=4096,
        trim_whitespace=False,
        style={"input_type": "password"},
        help_text=_("Your password."),
    )


class TokenSerializer(serializers.Serializer):
    token = serializers.CharField(
        help_text=_("Send it as `Authorization: Token <token>`.")
    )


WRONG_LOGIN = OpenApiResponse(
    OpenApiTypes.OBJECT,
    description=(
        "A field is missing or malformed, or the username and password do "
        "not match an active account (which counts as a failed login)."
    ),
    examples=[
        OpenApiExample(
            "wrong password",
            value={
                "non_field_errors": [
                    "Unable to log in with the username and password given."
                ]
            },
        )
    ],
)
LOCKED_OUT = error(
    "Too many failed logins for this username from this address: locked for "
    "a while, even with the right password. Retry-After says for how long.",
    "Too many failed logins for this account from your address. "
    "Try again in 15 minutes.",
)


@extend_schema(
    summary="Get your API token",
    description=(
        "Trade a username and password for the token to send in "
        "`Authorization: Token <token>`; the same token every time until an "
        "administrator deletes it. After 10 failed logins for one username "
        "from one address, that username is locked out from that address for "
        "15 minutes (429), even with the right password, like the admin login."
    ),
    request=LoginSerializer,
    responses={
        200: OpenApiResponse(TokenSerializer, description="Your API token."),
        400: WRONG_LOGIN,
        415: UNSUPPORTED,
        429: LOCKED_OUT,
    },
    examples=[
        OpenApiExample(
            "login",
            request_only=True,
            value={"username": "editora", "password": "…"},
        )
    ],
)
class ObtainTokenView(APIView):
    authentication_classes = []
    permission_classes = [AllowAny]

    def post(self, request):
        serializer = LoginSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        # django-axes reads the client's address from Django's own request.
        django_request = request._request
        user = authenticate(django_request, **serializer.validated_data)
        if getattr(django_request, "axes_locked_out", False):
            return lockout_response(django_request)
        if user is None or not user.is_active:
            raise ValidationError(
                {
                    api_settings.NON_FIELD_ERRORS_KEY: [
                        _("Unable to log in with the username and password given.")
                    ]
                }
            )
        token, _created = Token.objects.get_or_create(user=user)
        return Response({"token": token.key})
