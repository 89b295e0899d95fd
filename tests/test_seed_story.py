from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from articles.models import Article, ArticleEntity, Entity, Photo, Section

SEED_FILE = (
    Path(__file__).resolve().parent.parent
    / "fixtures/source/peru-aliado-extra-otan.txt"
)

# Every entity the story names, with its kind, written out from the story
# itself rather than from the fixture, so that a missing link fails here.
NAMED_ENTITIES = {
    "Donald Trump": "person",
    "José Jerí": "person",
    "Daniel Noboa": "person",
    "Perú": "country",
    "Estados Unidos": "country",
    "Colombia": "country",
    "Brasil": "country",
    "Argentina": "country",
    "Ecuador": "country",
    "Australia": "country",
    "Bahréin": "country",
    "Egipto": "country",
    "Israel": "country",
    "Japón": "country",
    "Jordania": "country",
    "Kenia": "country",
    "Kuwait": "country",
    "Marruecos": "country",
    "Nueva Zelanda": "country",
    "Pakistán": "country",
    "Filipinas": "country",
    "Catar": "country",
    "Corea del Sur": "country",
    "Tailandia": "country",
    "Túnez": "country",
    "OTAN": "organisation",
    "FBI": "organisation",
    "Congreso de Estados Unidos": "organisation",
    "Congreso de la República del Perú": "organisation",
    "Ejército del Perú": "organisation",
    "Lima": "place",
    "Quito": "place",
    "Mar Caribe": "place",
    "Océano Pacífico": "place",
    "América del Sur": "place",
    "América Latina": "place",
    "Aniversario de la Batalla de Ayacucho": "event",
    "Aliado principal extra-OTAN": "topic",
    "Lucha antinarcóticos": "topic",
}


class ParagraphText(HTMLParser):
    def __init__(self):
        super().__init__()
        self.paragraphs = []
        self._inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "p":
            self._inside = True
            self.paragraphs.append("")

    def handle_endtag(self, tag):
        if tag == "p":
            self._inside = False

    def handle_data(self, data):
        if self._inside:
            self.paragraphs[-1] += data


def seed_lines():
    return SEED_FILE.read_text(encoding="utf-8").split("\n")


def seed_body_paragraphs():
    lines = seed_lines()
    start = lines.index("Compartir:") + 1
    return [line for line in lines[start:] if line.strip() and line != "Compartir:"]


def test_seed_loads_on_an_empty_database_as_a_published_article(seed_story):
    lines = seed_lines()
    assert Article.objects.count() == 1
    assert seed_story.headline == lines[0]
    assert seed_story.dek == lines[1]
    assert seed_story.language == "es"
    assert seed_story.section.slug == "internacional"
    assert seed_story.status == Article.Status.PUBLISHED
    assert seed_story.is_published() is True
    assert Article.objects.published().get() == seed_story


def test_seed_body_equals_the_seed_text_paragraph_by_paragraph(seed_story):
    parser = ParagraphText()
    parser.feed(seed_story.body)
    expected = seed_body_paragraphs()
    assert len(expected) == 10
    assert parser.paragraphs == expected


def test_seed_photo_keeps_caption_and_credit_as_printed(seed_story):
    lines = seed_lines()
    photo = seed_story.lead_photo
    assert photo.caption == lines[3]
    assert photo.credit_line == lines[5] == "Freddy Rodríguez / Ejército del Perú"
    assert photo.creator == "Freddy Rodríguez"
    assert photo.source == "Ejército del Perú"
    assert photo.supplier_category == Photo.SupplierCategory.HANDOUT
    assert photo.alt_text.startswith("Imagen de sustitución")


def test_seed_stand_in_image_is_drawn_into_media_root(seed_story):
    photo = seed_story.lead_photo
    assert default_storage.exists(photo.image.name)
    with default_storage.open(photo.image.name) as handle:
        image = Image.open(handle)
        assert image.size == (photo.width, photo.height) == (1200, 675)


def test_seed_has_no_byline_and_no_update_as_in_the_source(seed_story):
    assert seed_story.bylines.count() == 0
    assert seed_story.byline_text == ""
    assert seed_story.byline_kind == Article.BylineKind.NONE
    assert seed_story.byline_names == ""
    assert seed_story.updates.count() == 0
    assert seed_story.updated_at is None


def test_every_entity_the_story_names_is_linked_with_its_kind(seed_story):
    linked = {entity.name: entity.kind for entity in seed_story.entities.all()}
    missing = {name for name in NAMED_ENTITIES if name not in linked}
    assert missing == set()
    wrong_kind = {
        name: linked[name]
        for name, kind in NAMED_ENTITIES.items()
        if linked[name] != kind
    }
    assert wrong_kind == {}


@pytest.mark.parametrize(
    ("slug", "wikidata_id", "country_code"),
    [
        ("peru", "Q419", "PE"),
        ("estados-unidos", "Q30", "US"),
        ("ecuador", "Q736", "EC"),
        ("corea-del-sur", "Q884", "KR"),
        ("donald-trump", "Q22686", ""),
        ("otan", "Q7184", ""),
        ("lima", "Q2868", ""),
    ],
)
def test_seed_entities_carry_wikidata_ids_and_country_codes(
    seed_story, slug, wikidata_id, country_code
):
    entity = Entity.objects.get(slug=slug)
    assert entity.wikidata_id == wikidata_id
    assert entity.country_code == country_code


def test_seed_places_sit_inside_their_countries(seed_story):
    assert Entity.objects.get(slug="lima").parent.slug == "peru"
    assert Entity.objects.get(slug="quito").parent.slug == "ecuador"


def test_seed_main_subjects_come_first(seed_story):
    about = list(
        seed_story.entity_links.filter(role=ArticleEntity.Role.ABOUT).values_list(
            "entity__slug", flat=True
        )
    )
    assert about == [
        "peru",
        "estados-unidos",
        "aliado-principal-extra-otan",
        "donald-trump",
    ]


def test_loading_the_demo_twice_leaves_one_copy(seed_story):
    counts = (Article.objects.count(), Entity.objects.count(), Photo.objects.count())
    call_command("load_demo", verbosity=0)
    assert (
        (
            Article.objects.count(),
            Entity.objects.count(),
            Photo.objects.count(),
        )
        == counts
        == (1, 41, 1)
    )
    assert Section.objects.count() == 1


def test_loading_the_demo_again_keeps_an_editors_changes(seed_story):
    seed_story.dek = "Un sumario corregido por la mesa."
    seed_story.save()
    call_command("load_demo", verbosity=0)
    seed_story.refresh_from_db()
    assert seed_story.dek == "Un sumario corregido por la mesa."
