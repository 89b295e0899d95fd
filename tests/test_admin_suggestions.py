import re

import pytest
from django.contrib.admin.models import LogEntry
from django.test import Client
from django.urls import reverse

from articles.models import ArticleEntity, Entity
from tests.editorial import change_url
from tests.factories import make_article, make_entity, user_with

pytestmark = pytest.mark.django_db


@pytest.fixture
def article():
    make_entity("peru", "Perú")
    make_entity("estados-unidos", "Estados Unidos", aliases="EE.UU.")
    make_entity("lima", "Lima", kind="place")
    make_entity("chile", "Chile")
    return make_article(
        headline="EE.UU. y Perú firman un acuerdo",
        body="<p>La firma fue en Lima.</p>",
    )


def article_entity(slug):
    return Entity.objects.get(slug=slug)


def link_url(article):
    return reverse("admin:articles_article_link_entities", args=[article.pk])


def suggestion_buttons(html):
    """The suggestions beside the entity list: each button submits a form of
    its own outside the article's form (forms cannot nest)."""
    return re.findall(
        r'<button type="submit" class="button" form="entity-suggestion-\d+">'
        r"Link ([^<]+)</button>",
        html,
    )


def linked_slugs(article):
    return list(article.entity_links.values_list("entity__slug", flat=True))


def test_change_page_lists_the_unlinked_entities_the_text_names(editor_client, article):
    ArticleEntity.objects.create(
        article=article, entity=article_entity("peru"), order=0
    )

    html = editor_client.get(change_url(article)).content.decode()

    assert "Entities the text names, not linked yet" in html
    assert suggestion_buttons(html) == ["Estados Unidos", "Lima"]
    assert html.count("named as") == 1
    assert "country · named as “EE.UU.”" in html
    assert f'action="{link_url(article)}"' in html
    assert "Link all 2" in html
    assert "<script>" not in html.split('id="entity-suggestions"')[1]


def test_one_click_links_the_entity_and_comes_back_with_a_message(
    editor_client, article
):
    lima = article_entity("lima")

    response = editor_client.post(link_url(article), {"entity": lima.pk}, follow=True)

    assert response.redirect_chain == [(change_url(article), 302)]
    assert linked_slugs(article) == ["lima"]
    link = article.entity_links.get()
    assert (link.role, link.order) == ("mentions", 0)
    html = response.content.decode()
    assert "Linked Lima as mentioned." in html
    assert suggestion_buttons(html) == ["Estados Unidos", "Perú"]
    entry = LogEntry.objects.get()
    assert entry.get_change_message() == "Linked Lima as mentioned."


def test_link_all_links_every_suggestion_in_text_order(editor_client, article):
    html = editor_client.get(change_url(article)).content.decode()
    ids = re.findall(r'name="entity" value="(\d+)"', html)

    response = editor_client.post(link_url(article), {"entity": ids[3:]}, follow=True)

    assert linked_slugs(article) == ["estados-unidos", "peru", "lima"]
    html = response.content.decode()
    assert "Linked Estados Unidos, Perú and Lima as mentioned." in html
    assert "Every entity the text names is linked." in html


def test_linking_twice_changes_nothing(editor_client, article):
    lima = article_entity("lima")
    editor_client.post(link_url(article), {"entity": lima.pk})

    response = editor_client.post(link_url(article), {"entity": lima.pk}, follow=True)

    assert linked_slugs(article) == ["lima"]
    assert "Already linked: nothing changed." in response.content.decode()


@pytest.mark.parametrize("value", ["", "abc", "999999", "²", "-1"])
def test_an_unknown_entity_is_refused_with_a_message(editor_client, article, value):
    response = editor_client.post(link_url(article), {"entity": value}, follow=True)

    assert response.status_code == 200
    assert linked_slugs(article) == []
    assert "That entity no longer exists." in response.content.decode()


def test_link_view_refuses_get(editor_client, article):
    assert editor_client.get(link_url(article)).status_code == 405
    assert linked_slugs(article) == []


def test_link_view_needs_the_csrf_token(superuser, article):
    client = Client(enforce_csrf_checks=True)
    client.force_login(superuser)
    lima = article_entity("lima")

    response = client.post(link_url(article), {"entity": lima.pk})

    assert response.status_code == 403
    assert linked_slugs(article) == []

    page = client.get(change_url(article)).content.decode()
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response = client.post(
        link_url(article), {"entity": lima.pk, "csrfmiddlewaretoken": token}
    )
    assert response.status_code == 302
    assert linked_slugs(article) == ["lima"]


def test_anonymous_visitors_are_sent_to_the_login_page(client, article):
    lima = article_entity("lima")

    response = client.post(link_url(article), {"entity": lima.pk})

    assert response.status_code == 302
    assert "/login/" in response["Location"]
    assert linked_slugs(article) == []


def staff_with(*codenames):
    # edit_any_article: the article is not theirs (a reporter may edit only
    # their own); what is tested here is the permission to link.
    return user_with("becario", *codenames, "edit_any_article", is_staff=True)


@pytest.mark.parametrize(
    "codenames",
    [["view_article"], ["view_article", "add_articleentity"], ["change_article"]],
)
def test_editors_who_may_not_link_see_no_buttons_and_are_refused(
    client, article, codenames
):
    client.force_login(staff_with(*codenames))
    lima = article_entity("lima")

    html = client.get(change_url(article)).content.decode()
    response = client.post(link_url(article), {"entity": lima.pk})

    assert 'id="entity-suggestions"' not in html
    assert response.status_code == 403
    assert linked_slugs(article) == []


def test_editor_with_change_and_link_permissions_can_link(client, article):
    client.force_login(staff_with("change_article", "add_articleentity"))
    lima = article_entity("lima")

    response = client.post(link_url(article), {"entity": lima.pk})

    assert response.status_code == 302
    assert linked_slugs(article) == ["lima"]


def test_unknown_article_redirects_to_the_admin_index_with_a_message(
    editor_client, article
):
    url = reverse("admin:articles_article_link_entities", args=[999999])

    response = editor_client.post(url, {"entity": "1"}, follow=True)

    assert response.status_code == 200
    assert "doesn’t exist" in response.content.decode()


def test_change_page_query_count_does_not_grow_with_suggestions(
    editor_client, article, django_assert_num_queries
):
    editor_client.get(change_url(article))  # content types cached
    # 17: one of them looks for the editor's autosaved form (restore offer),
    # one whether the article is a live coverage (the link to its live desk).
    with django_assert_num_queries(17):
        html = editor_client.get(change_url(article)).content.decode()
    assert len(suggestion_buttons(html)) == 3

    for number in range(20):
        make_entity(f"lugar-{number}", f"Lugar {number}")
    article.body += "".join(f"<p>Lugar {number}</p>" for number in range(20))
    article.save()

    with django_assert_num_queries(17):
        html = editor_client.get(change_url(article)).content.decode()
    assert len(suggestion_buttons(html)) == 23


@pytest.mark.django_db(transaction=True)
def test_an_alias_added_in_the_entity_admin_shows_up_on_the_article_page(
    editor_client, article
):
    """Outside a test transaction, so the matcher is cached between requests
    as on a server: the alias must still be seen at once."""
    chile = article_entity("chile")
    article.dek = "Santiago de Chile responde."
    article.save()
    html = editor_client.get(change_url(article)).content.decode()
    assert suggestion_buttons(html) == ["Estados Unidos", "Perú", "Chile", "Lima"]

    response = editor_client.post(
        reverse("admin:articles_entity_change", args=[chile.pk]),
        {"kind": "country", "name": "Chile", "slug": "chile", "aliases": "Perú"},
    )
    assert response.status_code == 302

    html = editor_client.get(change_url(article)).content.decode()
    # "Perú" is Perú's own name: it stays Perú's, Chile is still found.
    assert suggestion_buttons(html) == ["Estados Unidos", "Perú", "Chile", "Lima"]

    response = editor_client.post(
        reverse("admin:articles_entity_change", args=[chile.pk]),
        {"kind": "country", "name": "República de Chile", "slug": "chile"},
    )
    assert response.status_code == 302

    html = editor_client.get(change_url(article)).content.decode()
    assert suggestion_buttons(html) == ["Estados Unidos", "Perú", "Lima"]

    editor_client.post(
        reverse("admin:articles_entity_change", args=[chile.pk]),
        {
            "kind": "country",
            "name": "República de Chile",
            "slug": "chile",
            "aliases": "Santiago de Chile\nChile",
        },
    )

    html = editor_client.get(change_url(article)).content.decode()
    assert suggestion_buttons(html) == [
        "Estados Unidos",
        "Perú",
        "República de Chile",
        "Lima",
    ]


def test_seed_story_links_come_back_with_link_all(editor_client, seed_story):
    fixture_order = linked_slugs(seed_story)
    seed_story.entity_links.all().delete()
    html = editor_client.get(change_url(seed_story)).content.decode()
    assert len(suggestion_buttons(html)) == 39
    ids = re.findall(r'name="entity" value="(\d+)"', html)[39:]

    response = editor_client.post(link_url(seed_story), {"entity": ids}, follow=True)

    assert "Every entity the text names is linked." in response.content.decode()
    linked = linked_slugs(seed_story)
    assert sorted(linked) == sorted(set(fixture_order) - {"ecuador", "otan"})
    assert linked[:3] == ["donald-trump", "peru", "aliado-principal-extra-otan"]
    orders = list(seed_story.entity_links.values_list("order", flat=True))
    assert orders == list(range(39))


def test_seed_story_page_shows_nothing_to_link(editor_client, seed_story):
    html = editor_client.get(change_url(seed_story)).content.decode()

    assert suggestion_buttons(html) == []
    assert "Every entity the text names is linked." in html
