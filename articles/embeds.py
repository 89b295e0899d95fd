"""Embeds: a link to a known provider on a line of its own becomes a block.

Each provider says which links are its content, how its player is addressed
and which host that player is framed from: the CSP's ``frame-src`` is this
list of hosts and nothing else (``FRAME_HOSTS``). Readers first get a
placeholder; the player loads only when they ask for it (``static/js/embeds.js``).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Provider:
    name: str
    label: str
    kind: object  # what readers are told it is: "A video on %(provider)s"
    hosts: tuple
    pattern: str  # matched against the path (and query, for YouTube)
    player: str  # {0}, {1}... are the pattern's groups
    frame_host: str

    def title(self):
        return str(self.kind) % {"provider": self.label}

    def player_url(self, url):
        parts = urlsplit(url)
        host = (parts.hostname or "").lower()
        if host not in self.hosts:
            return None
        target = parts.path
        if self.name == "youtube" and parts.path == "/watch":
            target = "/watch/" + (parse_qs(parts.query).get("v") or [""])[0]
        match = re.fullmatch(self.pattern, target)
        if not match:
            return None
        return self.player.format(*match.groups())


PROVIDERS = {
    provider.name: provider
    for provider in (
        Provider(
            "youtube",
            "YouTube",
            _("A video on %(provider)s"),
            ("youtube.com", "www.youtube.com", "m.youtube.com", "youtu.be"),
            r"/(?:watch/|shorts/|embed/)?([\w-]{11})/?",
            "https://www.youtube-nocookie.com/embed/{0}",
            "www.youtube-nocookie.com",
        ),
        Provider(
            "vimeo",
            "Vimeo",
            _("A video on %(provider)s"),
            ("vimeo.com", "www.vimeo.com", "player.vimeo.com"),
            r"/(?:video/)?(\d+)/?",
            "https://player.vimeo.com/video/{0}",
            "player.vimeo.com",
        ),
        Provider(
            "x",
            "X",
            _("A post on %(provider)s"),
            ("x.com", "www.x.com", "twitter.com", "www.twitter.com"),
            r"/\w+/status/(\d+)/?",
            "https://platform.twitter.com/embed/Tweet.html?id={0}",
            "platform.twitter.com",
        ),
        Provider(
            "instagram",
            "Instagram",
            _("A post on %(provider)s"),
            ("instagram.com", "www.instagram.com"),
            r"/(p|reel)/([\w-]+)/?",
            "https://www.instagram.com/{0}/{1}/embed/",
            "www.instagram.com",
        ),
        Provider(
            "tiktok",
            "TikTok",
            _("A video on %(provider)s"),
            ("tiktok.com", "www.tiktok.com"),
            r"/@[\w.-]+/video/(\d+)/?",
            "https://www.tiktok.com/embed/v2/{0}",
            "www.tiktok.com",
        ),
        Provider(
            "datawrapper",
            "Datawrapper",
            _("A chart on %(provider)s"),
            ("datawrapper.dwcdn.net", "www.datawrapper.de"),
            r"/(?:_/)?(\w{5})/(?:\d+/)?",
            "https://datawrapper.dwcdn.net/{0}/",
            "datawrapper.dwcdn.net",
        ),
        Provider(
            "flourish",
            "Flourish",
            _("A chart on %(provider)s"),
            ("public.flourish.studio", "flo.uri.sh"),
            r"/(visualisation|story)/(\d+)/?(?:embed)?",
            "https://flo.uri.sh/{0}/{1}/embed",
            "flo.uri.sh",
        ),
        Provider(
            "spotify",
            "Spotify",
            _("A podcast on %(provider)s"),
            ("open.spotify.com",),
            r"/(episode|show|track|album|playlist)/(\w+)/?",
            "https://open.spotify.com/embed/{0}/{1}",
            "open.spotify.com",
        ),
        Provider(
            "applepodcasts",
            "Apple Podcasts",
            _("A podcast on %(provider)s"),
            ("podcasts.apple.com",),
            r"/(\w\w/podcast/[\w%.-]+/id\d+)/?",
            "https://embed.podcasts.apple.com/{0}",
            "embed.podcasts.apple.com",
        ),
    )
}

FRAME_HOSTS = sorted({f"https://{p.frame_host}" for p in PROVIDERS.values()})


def provider_for(url):
    """The provider whose content ``url`` is, or None (it stays a link)."""
    for provider in PROVIDERS.values():
        if provider.player_url(url):
            return provider
    return None


def player_url(name, url):
    provider = PROVIDERS.get(name)
    return provider.player_url(url) if provider else None


def has_embeds(html):
    """Whether a body has an embed block: its page needs the embeds' script."""
    return "<figure data-embed=" in (html or "")
