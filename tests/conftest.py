import pytest
from django.core.management import call_command


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Keep uploaded and generated files out of the project's media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def seed_story(db):
    """The seed story as `make run` loads it: a published article with its
    photo, no byline and every entity it names."""
    from articles.models import Article

    call_command("load_demo", verbosity=0)
    return Article.objects.get(slug="peru-aliado-extra-otan")
