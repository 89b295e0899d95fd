"""Login protection (django-axes): ten failed logins lock one account from one
address, at the admin login and at the API's token endpoint, even for the
right password; a forged X-Forwarded-For does not get around it; the lock
lifts when the cool-off has passed. Time is frozen and moved by hand."""

from datetime import datetime, timedelta

import pytest
from django.conf import settings
from django.contrib.auth.models import User
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

PASSWORD = "correct horse battery staple"
LIMIT = 10
START = datetime(2026, 3, 1, 9, 0, tzinfo=datetime.now().astimezone().tzinfo)


class Clock:
    def __init__(self, now):
        self.now = now

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(monkeypatch):
    """One frozen time for Django and for django-axes' own imports of now()."""
    frozen = Clock(START)
    for target in (
        "django.utils.timezone.now",
        "axes.attempts.now",
        "axes.handlers.proxy.now",
    ):
        monkeypatch.setattr(target, frozen)
    return frozen


@pytest.fixture(autouse=True)
def fast_hashing(settings):
    """Each login hashes a password: a fast hasher keeps 150 logins quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def staff(db):
    return User.objects.create_user(
        "editora", password=PASSWORD, is_staff=True, is_superuser=True
    )


def admin_login(client, password, username="editora", **headers):
    return client.post(
        "/admin/login/?next=/admin/",
        {"username": username, "password": password, "next": "/admin/"},
        **headers,
    )


def token_login(api, password, username="editora", **headers):
    return api.post(
        "/api/v1/auth/token/",
        {"username": username, "password": password},
        format="json",
        **headers,
    )


def test_limit_is_at_most_ten():
    assert settings.AXES_FAILURE_LIMIT <= LIMIT


def test_server_side_logins_without_a_request_still_work(client, staff, clock):
    """The test client's login() and the shell authenticate without a request:
    no door from the web, so no lock-out to check."""
    assert client.login(username="editora", password=PASSWORD) is True
    assert client.login(username="editora", password="wrong") is False


def test_admin_login_works_with_the_right_password(client, staff, clock):
    response = admin_login(client, PASSWORD)

    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_admin_locks_the_account_after_ten_failures_even_for_the_right_password(
    client, staff, clock
):
    answers = [admin_login(client, "wrong").status_code for _ in range(LIMIT - 1)]
    assert answers == [200] * (LIMIT - 1)  # the form with its error

    tenth = admin_login(client, "wrong")
    right = admin_login(client, PASSWORD)

    assert tenth.status_code == 429
    assert right.status_code == 429
    assert int(right["Retry-After"]) == 15 * 60
    assert "Demasiados intentos" in right.content.decode()
    assert "_auth_user_id" not in client.session


def test_admin_lock_is_per_account_and_address(client, staff, clock):
    User.objects.create_user("otra", password=PASSWORD, is_staff=True)
    for _ in range(LIMIT):
        admin_login(client, "wrong")

    other_account = admin_login(client, PASSWORD, username="otra")
    other_address = admin_login(client, PASSWORD, REMOTE_ADDR="198.51.100.9")

    assert other_account.status_code == 302
    assert other_address.status_code == 302


def test_admin_lock_lifts_after_the_cool_off(client, staff, clock):
    for _ in range(LIMIT):
        admin_login(client, "wrong")
    clock.advance(minutes=14)
    assert admin_login(client, PASSWORD).status_code == 429

    clock.advance(minutes=1, seconds=1)
    response = admin_login(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_forged_x_forwarded_for_does_not_get_around_the_lock(
    client, staff, clock, settings, trusted_proxies
):
    """Without a declared proxy the header is ignored; with one proxy only the
    address it wrote counts, and a chain longer than that is not believed."""
    if trusted_proxies:
        settings.AXES_IPWARE_META_PRECEDENCE_ORDER = (
            "HTTP_X_FORWARDED_FOR",
            "REMOTE_ADDR",
        )
        settings.AXES_IPWARE_PROXY_COUNT = trusted_proxies - 1
    answers = [
        admin_login(
            client,
            "wrong",
            # Each attempt claims another address before the real one.
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}, 192.0.2.50",
        ).status_code
        for attempt in range(LIMIT + 2)
    ]

    assert answers == [200] * (LIMIT - 1) + [429] * 3


def test_one_trusted_proxy_tells_clients_apart(client, staff, clock, settings):
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    settings.AXES_IPWARE_PROXY_COUNT = 0
    for _ in range(LIMIT):
        admin_login(client, "wrong", HTTP_X_FORWARDED_FOR="192.0.2.50")

    locked = admin_login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.50")
    elsewhere = admin_login(client, PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.51")

    assert locked.status_code == 429
    assert elsewhere.status_code == 302


def test_token_endpoint_gives_the_token_for_the_right_password(staff, clock):
    response = token_login(APIClient(), PASSWORD)

    assert response.status_code == 200
    assert response.json() == {"token": Token.objects.get(user=staff).key}


def test_token_endpoint_refuses_a_wrong_password_with_400(staff, clock):
    response = token_login(APIClient(), "wrong")

    assert response.status_code == 400
    assert list(response.json()) == ["non_field_errors"]
    assert not Token.objects.exists()


def test_token_endpoint_locks_after_ten_failures_even_for_the_right_password(
    staff, clock
):
    api = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    answers = [token_login(api, "wrong").status_code for _ in range(LIMIT)]
    right = token_login(api, PASSWORD)
    forged = token_login(api, PASSWORD, HTTP_X_FORWARDED_FOR="203.0.113.99")

    assert answers == [400] * (LIMIT - 1) + [429]
    assert right.status_code == 429
    assert right["Content-Type"] == "application/json"
    assert right.json()["detail"].startswith("Too many failed logins")
    assert int(right["Retry-After"]) == 15 * 60
    assert forged.status_code == 429
    assert not Token.objects.exists()


def test_token_endpoint_lock_lifts_after_the_cool_off(staff, clock):
    api = APIClient()
    for _ in range(LIMIT):
        token_login(api, "wrong")
    clock.advance(minutes=15, seconds=1)

    response = token_login(api, PASSWORD)

    assert response.status_code == 200


def test_failures_at_either_door_count_together(client, staff, clock):
    """One account, one address: the admin and the API share the count."""
    api = APIClient()
    for _ in range(LIMIT // 2):
        admin_login(client, "wrong")
    for _ in range(LIMIT - LIMIT // 2):
        token_login(api, "wrong")

    assert admin_login(client, PASSWORD).status_code == 429


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"username": "editora"},
        {"username": "", "password": ""},
        {"username": "a" * 10_000, "password": "x"},
        {"username": "edi\x00tora", "password": "x"},
        {"username": ["editora"], "password": {"a": 1}},
    ],
)
def test_token_endpoint_answers_bad_input_with_400(staff, clock, payload):
    response = APIClient().post("/api/v1/auth/token/", payload, format="json")

    assert response.status_code == 400


def test_token_endpoint_takes_only_post(staff, clock):
    assert APIClient().get("/api/v1/auth/token/").status_code == 405


@pytest.mark.parametrize("trusted_proxies", [0, 1])
def test_forged_x_forwarded_for_does_not_get_around_the_api_throttle(
    db, settings, monkeypatch, trusted_proxies
):
    from rest_framework.throttling import AnonRateThrottle

    settings.REST_FRAMEWORK = {
        **settings.REST_FRAMEWORK,
        "NUM_PROXIES": trusted_proxies,
    }
    monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/minute"})
    api = APIClient()
    statuses = [
        api.get(
            "/api/v1/sections/",
            # Each request claims another address before the real one.
            HTTP_X_FORWARDED_FOR=f"203.0.113.{attempt}, 192.0.2.50",
        ).status_code
        for attempt in range(5)
    ]

    assert statuses == [200, 200, 200, 429, 429]
