"""The demo live coverage that ``load_demo`` adds: short, clearly fictional,
tied to the seed story's subject (a session of the Peruvian Congress on the
designation), in Spanish, with a pinned entry, a key event, a corrected
entry and an entry with the seed story's photo."""

from datetime import UTC, datetime, timedelta

from django.db import transaction

from articles.live.models import LiveCoverage, LiveEntry, LiveEntryCorrection
from articles.models import Article, ArticleEntity, Author, Entity

DEMO_SLUG = "en-vivo-demo-congreso-aliado-extra-otan"
SEED_SLUG = "peru-aliado-extra-otan"
STARTED = datetime(2025, 12, 13, 15, 0, tzinfo=UTC)
NOTICE = (
    "Cobertura de demostración: la sesión, los votos y las declaraciones "
    "de esta página son ficticios."
)

ENTRIES = [
    # minutes after the start, title, body, flags
    (
        0,
        "Así seguimos la sesión (demostración)",
        "<p>Esta es una cobertura en vivo <strong>ficticia</strong>, escrita "
        "para mostrar cómo funciona la página. Ninguna declaración ni cifra es "
        "real.</p>",
        {"pinned": True},
    ),
    (
        10,
        "",
        "<p>Se abre la sesión ficticia del pleno del Congreso de la República "
        "sobre la designación de Perú como aliado extra-OTAN.</p>",
        {},
    ),
    (
        45,
        "",
        "<p>Un congresista ficticio pide que se lea el texto de la designación "
        "antes del debate. Según el recuento de la mesa, 40 parlamentarios "
        "piden la palabra.</p>",
        {"correction": "Una versión anterior decía 40 parlamentarios; fueron 14."},
    ),
    (
        70,
        "",
        "<p>Imagen de archivo del desfile por el aniversario de la Batalla de "
        "Ayacucho, citado en el debate (foto del artículo original).</p>",
        {"photo": True},
    ),
    (
        120,
        "Votación simulada: aprobada la moción",
        "<p>En esta demostración, el pleno aprueba una moción de saludo a la "
        "designación. El resultado es inventado.</p>",
        {"key_event": True},
    ),
]


def load_live_demo():
    """Add the demo live coverage once; None when the seed story is missing
    or the demo is already there (editors' changes survive)."""
    seed = Article.objects.filter(slug=SEED_SLUG).first()
    if seed is None or Article.objects.filter(slug=DEMO_SLUG).exists():
        return None
    with transaction.atomic():
        author, _created = Author.objects.get_or_create(
            slug="equipo-demo-en-vivo",
            defaults={
                "name": "Equipo de demostración",
                "bio": "Autor ficticio de la cobertura de demostración.",
            },
        )
        article = Article.objects.create(
            slug=DEMO_SLUG,
            headline=(
                "En vivo (demostración): el Congreso debate la designación de "
                "Perú como aliado extra-OTAN"
            ),
            dek=NOTICE,
            body=(
                "<p>Una sesión imaginada del pleno, para mostrar la cobertura en "
                "vivo. El contexto real está en el artículo sobre la designación "
                "de Perú como aliado principal no miembro de la OTAN.</p>"
            ),
            language="es",
            section=seed.section,
            status=Article.Status.PUBLISHED,
            published_at=STARTED,
            byline_text="Equipo de demostración",
        )
        article.related.add(seed)
        for position, slug in enumerate(["congreso-del-peru", "otan", "peru"]):
            entity = Entity.objects.filter(slug=slug).first()
            if entity:
                ArticleEntity.objects.create(
                    article=article,
                    entity=entity,
                    role=ArticleEntity.Role.ABOUT
                    if position == 0
                    else ArticleEntity.Role.MENTIONS,
                    order=position,
                )
        LiveCoverage.objects.create(
            article=article,
            started_at=STARTED,
            state=LiveCoverage.State.ENDED,
            ended_at=STARTED + timedelta(hours=2, minutes=15),
        )
        for minutes, title, body, flags in ENTRIES:
            entry = LiveEntry.objects.create(
                article=article,
                title=title,
                body=body,
                author=author,
                status=LiveEntry.Status.PUBLISHED,
                published_at=STARTED + timedelta(minutes=minutes),
                pinned=flags.get("pinned", False),
                key_event=flags.get("key_event", False),
                photo=seed.lead_photo if flags.get("photo") else None,
            )
            if "correction" in flags:
                LiveEntryCorrection.objects.create(
                    entry=entry,
                    note=flags["correction"],
                    published_at=entry.published_at + timedelta(minutes=5),
                )
                entry.body = entry.body.replace(
                    "40 parlamentarios", "14 parlamentarios"
                )
                entry.save()
    return article
