"""Embeds: a known provider's link on a line of its own becomes a block;
readers get a placeholder with a link, and the player only on request."""

import pytest
from django.conf import settings
from lxml import html as lxml_html

from articles.embeds import FRAME_HOSTS, PROVIDERS, provider_for
from articles.html import sanitise_body
from tests.factories import make_article

LINKS = {
    "youtube": (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
    ),
    "vimeo": ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
    "x": (
        "https://x.com/elcomercio/status/1790000000000000000",
        "https://platform.twitter.com/embed/Tweet.html?id=1790000000000000000",
    ),
    "instagram": (
        "https://www.instagram.com/p/C7abcDEF123/",
        "https://www.instagram.com/p/C7abcDEF123/embed/",
    ),
    "tiktok": (
        "https://www.tiktok.com/@andina/video/7350000000000000000",
        "https://www.tiktok.com/embed/v2/7350000000000000000",
    ),
    "datawrapper": (
        "https://datawrapper.dwcdn.net/AbC12/3/",
        "https://datawrapper.dwcdn.net/AbC12/",
    ),
    "flourish": (
        "https://public.flourish.studio/visualisation/17000000/",
        "https://flo.uri.sh/visualisation/17000000/embed",
    ),
    "spotify": (
        "https://open.spotify.com/episode/4rOoJ6Egrf8K2IrywzwOMk",
        "https://open.spotify.com/embed/episode/4rOoJ6Egrf8K2IrywzwOMk",
    ),
    "applepodcasts": (
        "https://podcasts.apple.com/pe/podcast/el-podcast/id1500000000",
        "https://embed.podcasts.apple.com/pe/podcast/el-podcast/id1500000000",
    ),
}


def test_every_provider_has_a_sample():
    assert set(LINKS) == set(PROVIDERS)


@pytest.mark.parametrize("name", sorted(LINKS))
def test_a_link_on_its_own_line_becomes_an_embed(name):
    url, player = LINKS[name]
    assert PROVIDERS[name].player_url(url) == player
    for typed in (f"<p>{url}</p>", f'<p><a href="{url}">{url}</a></p>'):
        body = sanitise_body(typed)
        assert body == f'<figure data-embed="{name}" data-url="{url}"></figure>', typed


def test_a_link_inside_a_sentence_stays_a_link():
    url = LINKS["youtube"][0]
    body = f'<p>Mira <a href="{url}">el vídeo</a> del desfile.</p>'
    assert "figure" not in sanitise_body(body)


@pytest.mark.parametrize(
    "url",
    [
        "https://example.org/video/1",
        "https://www.youtube.com/channel/UCabc",
        "https://youtube.com.evil.example/watch?v=dQw4w9WgXcQ",
        "http://vimeo.com/user/abc",
    ],
)
def test_unknown_providers_stay_links(url):
    assert provider_for(url) is None
    body = sanitise_body(f'<p><a href="{url}">{url}</a></p>')
    assert body == f'<p><a href="{url}" rel="noopener noreferrer">{url}</a></p>'


def test_the_link_text_becomes_the_placeholders_title():
    url = LINKS["vimeo"][0]
    body = sanitise_body(f'<p><a href="{url}">El desfile en vídeo</a></p>')
    assert body == (
        f'<figure data-embed="vimeo" data-url="{url}" '
        'data-title="El desfile en vídeo"></figure>'
    )


def test_readers_get_a_placeholder_with_a_link_and_no_frame(client, db):
    url, player = LINKS["youtube"]
    article = make_article("con-video", body=f"<p>Antes.</p><p>{url}</p>")

    response = client.get(article.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="es")

    tree = lxml_html.fromstring(response.content)
    [figure] = tree.xpath("//div[@class='article__body']/figure")
    assert figure.get("class") == "embed embed--youtube"
    assert figure.get("data-player") == player
    assert tree.xpath("//iframe") == []
    assert figure.xpath(".//a/@href") == [url]
    assert figure.xpath(".//p[@class='embed__title']/text()") == ["Un vídeo en YouTube"]
    # The button that loads the player is shown by the script only.
    assert figure.xpath(".//button/@hidden") == [""]
    assert "/static/js/embeds.js" in tree.xpath("//script/@src")
    # No provider is named in any address the page loads.
    loaded = tree.xpath("//script/@src | //img/@src | //link/@href | //iframe/@src")
    assert [src for src in loaded if "youtube" in src] == []


def test_the_csp_frames_only_the_providers_players(client, db):
    article = make_article("sin-video")
    policy = client.get(article.get_absolute_url())["Content-Security-Policy"]
    [frame_src] = [d for d in policy.split("; ") if d.startswith("frame-src")]
    assert frame_src.split()[1:] == FRAME_HOSTS
    assert (
        sorted({f"https://{p.frame_host}" for p in PROVIDERS.values()}) == FRAME_HOSTS
    )
    for name, (_, player) in LINKS.items():
        assert any(player.startswith(host + "/") for host in FRAME_HOSTS), name
    assert "unsafe-inline" not in policy
    assert settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["frame-src"] == FRAME_HOSTS
