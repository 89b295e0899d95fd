"""``--link-entities``: the import links the entities in the database that the
story's text names (``articles.suggestions``, from the h7suggest branch)."""

from io import StringIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.utils import translation

from articles.models import Article, ArticleEntity
from tests.factories import SEED_SOURCE
from tests.test_suggestions import SEED_LINKED_NOT_SUGGESTED

IMPORT_URL = "/admin/articles/article/import/"


def run(*args):
    out = StringIO()
    with translation.override("en"):
        call_command("import_article", *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def imported():
    return Article.objects.get(source_system="text")


def test_seed_text_imported_with_link_entities_links_what_it_names(seed_story):
    fixture_links = set(seed_story.entity_links.values_list("entity__slug", flat=True))

    run(SEED_SOURCE, "--link-entities")

    linked = list(imported().entity_links.values_list("entity__slug", flat=True))
    assert set(linked) == fixture_links - SEED_LINKED_NOT_SUGGESTED
    assert len(linked) == 39
    assert linked[:2] == ["donald-trump", "peru"]  # in the order the text names them


def test_without_the_flag_nothing_is_linked(seed_story):
    run(SEED_SOURCE)

    assert imported().entity_links.count() == 0


def test_link_entities_on_a_dry_run_lists_them_and_writes_nothing(seed_story):
    links = ArticleEntity.objects.count()

    output = run(SEED_SOURCE, "--link-entities", "--dry-run")

    assert "  linked suggested entity: Donald Trump" in output.splitlines()
    assert "  linked suggested entity: Perú" in output.splitlines()
    assert Article.objects.count() == 1
    assert ArticleEntity.objects.count() == links


def test_reimport_with_link_entities_links_what_is_new_only(seed_story):
    run(SEED_SOURCE, "--link-entities")

    assert run(SEED_SOURCE, "--link-entities").startswith("unchanged")
    assert imported().entity_links.count() == 39


def test_the_admin_import_page_links_entities_when_asked(admin_client, seed_story):
    admin_client.post(
        IMPORT_URL,
        {
            "files": [SimpleUploadedFile("seed.txt", SEED_SOURCE.read_bytes())],
            "link_entities": "on",
        },
    )

    assert imported().entity_links.count() == 39
