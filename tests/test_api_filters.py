from datetime import timedelta

import pytest
from django.utils import timezone

from articles.models import Article, ArticleEntity, ArticleUpdate, Byline, Entity
from tests.editorial import slugs
from tests.factories import SEED, make_article, make_author, make_entity, make_section


def about(article, *entities):
    for order, entity in enumerate(entities):
        ArticleEntity.objects.create(article=article, entity=entity, order=order)
    return article


@pytest.fixture
def desk(db):
    """Three published articles with known entities, sections and dates."""
    peru = make_entity(slug="peru", name="Perú", wikidata_id="Q419")
    usa = make_entity(slug="estados-unidos", wikidata_id="Q30")
    trump = make_entity(
        slug="donald-trump", kind=Entity.Kind.PERSON, wikidata_id="Q22686"
    )
    mundo, economia = make_section("mundo"), make_section("economia")
    base = timezone.now() - timedelta(days=10)
    about(
        make_article(
            slug="peru-y-eeuu",
            section=mundo,
            headline="B Perú y EE. UU.",
            published_at=base,
        ),
        peru,
        usa,
    )
    about(
        make_article(
            slug="solo-peru",
            section=economia,
            headline="C Perú solo",
            published_at=base + timedelta(days=2),
            language="en",
        ),
        peru,
    )
    about(
        make_article(
            slug="trump",
            section=mundo,
            headline="A Trump",
            published_at=base + timedelta(days=4),
        ),
        trump,
        usa,
    )
    return base


def test_seed_story_is_found_by_entity_slug_and_by_wikidata_id(seed_story, anon):
    assert slugs(anon.get("/api/v1/articles/?entity=peru")) == [SEED]
    assert slugs(anon.get("/api/v1/articles/?entity=Q419")) == [SEED]
    assert slugs(anon.get("/api/v1/articles/?entity=Q419&entity=otan")) == [SEED]


def test_entity_filter_finds_articles_about_it(desk, anon):
    assert slugs(anon.get("/api/v1/articles/?entity=peru")) == [
        "solo-peru",
        "peru-y-eeuu",
    ]
    assert slugs(anon.get("/api/v1/articles/?entity=Q30")) == ["trump", "peru-y-eeuu"]


def test_repeated_entity_means_all_of_them(desk, anon):
    both = anon.get("/api/v1/articles/?entity=peru&entity=Q30")
    assert slugs(both) == ["peru-y-eeuu"]
    none = anon.get("/api/v1/articles/?entity=peru&entity=donald-trump")
    assert slugs(none) == []


def test_entity_kind_filter(desk, anon):
    people = anon.get("/api/v1/articles/?entity_kind=person")
    assert slugs(people) == ["trump"]
    countries = anon.get("/api/v1/articles/?entity_kind=country")
    assert slugs(countries) == ["trump", "solo-peru", "peru-y-eeuu"]


def test_section_language_and_author_filters(desk, anon):
    author = make_author(slug="ana-perez")
    for slug in ("trump", "solo-peru"):
        Byline.objects.create(article=Article.objects.get(slug=slug), author=author)

    assert slugs(anon.get("/api/v1/articles/?section=mundo")) == [
        "trump",
        "peru-y-eeuu",
    ]
    assert slugs(anon.get("/api/v1/articles/?language=en")) == ["solo-peru"]
    assert slugs(anon.get("/api/v1/articles/?author=ana-perez")) == [
        "trump",
        "solo-peru",
    ]


def test_published_after_and_before_bound_the_publication_time(desk, anon):
    after = (desk + timedelta(days=1)).isoformat()
    before = (desk + timedelta(days=3)).isoformat()

    response = anon.get(
        "/api/v1/articles/",
        {"published_after": after, "published_before": before},
    )

    assert slugs(response) == ["solo-peru"]
    exact = anon.get("/api/v1/articles/", {"published_after": desk.isoformat()})
    assert slugs(exact) == ["trump", "solo-peru", "peru-y-eeuu"]


def test_a_date_without_offset_is_read_in_the_desk_time_zone(desk, anon):
    local = timezone.localtime(desk + timedelta(days=4)).replace(tzinfo=None)

    response = anon.get("/api/v1/articles/", {"published_after": local.isoformat()})

    assert slugs(response) == ["trump"]


def test_updated_since_compares_the_last_save(desk, anon):
    since = timezone.now()
    article = Article.objects.get(slug="peru-y-eeuu")
    article.dek = "Cambio menor, sin nota de actualización"
    article.save()

    response = anon.get("/api/v1/articles/", {"updated_since": since.isoformat()})

    assert slugs(response) == ["peru-y-eeuu"]


def test_q_searches_headline_dek_and_body(desk, anon):
    assert slugs(anon.get("/api/v1/articles/?q=Trump")) == ["trump"]
    assert slugs(anon.get("/api/v1/articles/?q=Perú&ordering=headline")) == [
        "peru-y-eeuu",
        "solo-peru",
    ]


@pytest.mark.parametrize(
    ("ordering", "expected"),
    [
        ("headline", ["trump", "peru-y-eeuu", "solo-peru"]),
        ("-headline", ["solo-peru", "peru-y-eeuu", "trump"]),
        ("published_at", ["peru-y-eeuu", "solo-peru", "trump"]),
        ("-published_at", ["trump", "solo-peru", "peru-y-eeuu"]),
    ],
)
def test_ordering_either_way(desk, anon, ordering, expected):
    assert slugs(anon.get(f"/api/v1/articles/?ordering={ordering}")) == expected


def test_updated_at_ordering_puts_never_updated_articles_last(desk, anon):
    for slug, days in (("solo-peru", 5), ("peru-y-eeuu", 6)):
        article = Article.objects.get(slug=slug)
        ArticleUpdate.objects.create(
            article=article, note="Nota", published_at=desk + timedelta(days=days)
        )
        article.refresh_updated_at()

    ascending = anon.get("/api/v1/articles/?ordering=updated_at")
    descending = anon.get("/api/v1/articles/?ordering=-updated_at")

    assert slugs(ascending) == ["solo-peru", "peru-y-eeuu", "trump"]
    assert slugs(descending) == ["peru-y-eeuu", "solo-peru", "trump"]


@pytest.mark.parametrize(
    ("query", "parameter"),
    [
        ("section=no-existe", "section"),
        ("section=%00", "section"),
        ("author=nadie", "author"),
        ("entity=atlantida", "entity"),
        ("entity=Q999999999", "entity"),
        ("entity=Q0", "entity"),
        ("entity=peru&entity=a&entity=b&entity=c&entity=d&entity=e", "entity"),
        ("entity=%00", "entity"),
        ("entity_kind=planet", "entity_kind"),
        ("language=Spanish", "language"),
        ("published_after=ayer", "published_after"),
        ("published_after=2025-02-30T10:00:00Z", "published_after"),
        ("published_before=9999-12-31T23:59:59-12:00", "published_before"),
        ("updated_since=0001-01-01T00:00:00%2B05:00", "updated_since"),
        ("updated_since=not-a-date", "updated_since"),
        ("ordering=random", "ordering"),
        ("ordering=modified", "ordering"),
        ("page_size=1000", "page_size"),
        ("page_size=0", "page_size"),
        ("page_size=diez", "page_size"),
        ("page_size=" + "9" * 5000, "page_size"),
        ("page_size=%EF%BC%95", "page_size"),
        ("cursor=bm9wZQ", "cursor"),
        ("q=" + "x" * 201, "q"),
        ("q=%00", "q"),
        ("format=xml", "format"),
        ("colour=blue", "colour"),
        ("utm_source=feed", "utm_source"),
    ],
)
def test_invalid_parameters_answer_400_naming_the_parameter(
    desk, anon, query, parameter
):
    response = anon.get(f"/api/v1/articles/?{query}")

    assert response.status_code == 400
    assert list(response.json()) == [parameter]


def test_unknown_parameters_on_a_detail_answer_400(desk, anon):
    response = anon.get("/api/v1/articles/trump/?section=mundo")

    assert response.status_code == 400
    assert list(response.json()) == ["section"]


def test_bad_ninjs_version_answers_400(desk, anon):
    response = anon.get("/api/v1/articles/trump/?format=ninjs&ninjs_version=9")

    assert response.status_code == 400
    assert list(response.json()) == ["ninjs_version"]


def test_bad_ninjs_version_answers_400_in_json_too(desk, anon, run_tasks):
    run_tasks()  # the stored render is made: it must not skip the check
    response = anon.get("/api/v1/articles/trump/?ninjs_version=%C3%A9K")

    assert response.status_code == 400
    assert list(response.json()) == ["ninjs_version"]


def test_page_size_up_to_100_is_accepted(desk, anon):
    response = anon.get("/api/v1/articles/?page_size=100")

    assert response.status_code == 200
    assert len(slugs(response)) == 3


def test_filters_combine(desk, anon):
    start = desk - timedelta(days=1)
    response = anon.get(
        "/api/v1/articles/",
        {
            "entity": "Q30",
            "section": "mundo",
            "published_after": start.isoformat(),
            "ordering": "published_at",
        },
    )

    assert slugs(response) == ["peru-y-eeuu", "trump"]


@pytest.mark.parametrize(
    "parameter, hidden",
    [("author", "autor-oculto"), ("entity", "tema-oculto"), ("entity", "Q1234")],
)
def test_names_only_on_unpublished_articles_filter_like_unknown_ones(
    db, anon, reader, editor, parameter, hidden
):
    """A 200 for a hidden slug against a 400 for a missing one would tell the
    public that the name exists."""
    draft = make_article(slug="borrador", status=Article.Status.DRAFT)
    Byline.objects.create(
        article=draft, author=make_author(slug="autor-oculto"), order=0
    )
    about(draft, make_entity(slug="tema-oculto", wikidata_id="Q1234"))
    make_article(slug="publicada")
    message = {
        "author": "Select a valid choice. That choice is not one of the available "
        "choices.",
        "entity": f"No entity has the slug or Wikidata ID '{hidden}'.",
    }[parameter]

    for client in (anon, reader):
        response = client.get(
            f"/api/v1/articles/?{parameter}={hidden}", HTTP_ACCEPT_LANGUAGE="en"
        )
        assert response.status_code == 400
        assert response.json() == {parameter: [message]}
    drafts = editor.get(f"/api/v1/articles/?{parameter}={hidden}&status=draft")
    assert slugs(drafts) == ["borrador"]
