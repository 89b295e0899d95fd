"""``load_demo`` adds a short, clearly fictional live coverage of the seed
story's subject, once."""

import pytest
from django.core.management import call_command

from articles.live.demo import DEMO_SLUG
from articles.live.models import LiveEntry
from articles.models import Article

pytestmark = pytest.mark.django_db


def test_load_demo_adds_the_demo_live_coverage_once(client):
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)
    article = Article.objects.get(slug=DEMO_SLUG)
    assert article.language == "es"
    assert "ficticios" in article.dek
    assert "imaginada" in article.body
    entries = LiveEntry.objects.filter(article=article)
    assert entries.count() == 5
    assert entries.filter(pinned=True).count() == 1
    assert entries.filter(key_event=True).count() == 1
    assert entries.filter(corrections__isnull=False).count() == 1
    assert entries.exclude(photo=None).count() == 1
    assert article.related.filter(slug="peru-aliado-extra-otan").exists()
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    text = page.content.decode()
    assert "Votación simulada" in text
    assert "fueron 14" in text
