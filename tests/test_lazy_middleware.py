"""The middlewares do no work an anonymous read does not need
(newsroom/middleware.py), and the same work as the stock ones otherwise."""

from csp.utils import build_policy
from django.contrib.messages.storage.fallback import FallbackStorage
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.editorial import desk_login


def counting_storage(monkeypatch):
    """The paths of the requests that made a message storage."""
    made = []
    init = FallbackStorage.__init__

    def counted(self, request, *args, **kwargs):
        made.append(request.path)
        init(self, request, *args, **kwargs)

    monkeypatch.setattr(FallbackStorage, "__init__", counted)
    return made


def test_an_anonymous_read_makes_no_message_storage(client, monkeypatch, db):
    made = counting_storage(monkeypatch)
    factories.make_article(slug="cumbre")

    assert client.get("/").status_code == 200
    assert client.get("/articulos/cumbre/").status_code == 200

    assert made == []


def test_the_desk_still_gets_its_messages(monkeypatch, superuser):
    made = counting_storage(monkeypatch)
    staff = desk_login(Client(), superuser)
    section = factories.make_section("mundo")

    response = staff.post(
        reverse("admin:articles_section_change", args=[section.pk]),
        {"name": "Mundo entero", "slug": "mundo", "description": ""},
        follow=True,
    )

    assert made
    assert "was changed successfully" in response.content.decode()


def test_the_policy_is_the_one_django_csp_builds(client, db):
    response = client.get("/")

    assert response["Content-Security-Policy"] == build_policy()
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_a_policy_changed_by_settings_is_rebuilt(client, db, settings):
    policy = {**settings.CONTENT_SECURITY_POLICY}
    policy["DIRECTIVES"] = {**policy["DIRECTIVES"], "img-src": ["'self'", "cdn.test"]}
    settings.CONTENT_SECURITY_POLICY = policy

    assert "img-src 'self' cdn.test" in client.get("/")["Content-Security-Policy"]
