"""The live-coverage scenario: readers on a live page while an editor posts
an entry every 10 s.

    .venv/bin/python -m benchmarks --scenario live [--sizes 1000] [--duration 30]

Per size, on one PostgreSQL database (``benchmarks.__main__`` prepares it)
and one ``make serve`` (gunicorn, DEBUG=0, Redis, page cache on):

1. A live coverage of ``ENTRIES`` published entries is added.
2. Readers: wrk at 16 connections, half on the live page and half on the
   endpoint its script polls (``entradas/?since=`` the newest entry the page
   showed), for ``--duration`` seconds, first with a quiet desk, then while
   an editor posts an entry every ``ENTRY_EVERY_SECONDS`` through the API.
   1,000 readers polling every 15 s are ~67 requests a second: the req/s
   column says how far above that the server stays.
3. Entry-to-visible: for each entry posted, the seconds from the API's 201
   to the entry in the polled endpoint's answer at the origin (the page
   cache must drop exactly those answers).
"""

import json
import threading
import time
import urllib.parse
import urllib.request
from statistics import median

from benchmarks.day import editor_token, lua_script, shell

LIVE_SLUG = "bench-en-vivo"
ENTRIES = 400
ENTRY_EVERY_SECONDS = 10
MAKE_LIVE = f"""
from datetime import timedelta
from django.utils import timezone
from articles.live.models import LiveCoverage, LiveEntry
from articles.models import Article, Section
now = timezone.now()
article, created = Article.objects.get_or_create(
    slug={LIVE_SLUG!r},
    defaults=dict(headline="Sesión en vivo (prueba de carga)", body="<p>Resumen.</p>",
                  section=Section.objects.get(slug="internacional"),
                  status="published", published_at=now - timedelta(hours=8)),
)
LiveCoverage.objects.get_or_create(article=article,
                                   defaults=dict(started_at=article.published_at))
if created:
    LiveEntry.objects.bulk_create([
        LiveEntry(article=article, body=f"<p>Entrada de prueba {{n}}.</p>",
                  status="published", published_at=now - timedelta(seconds=72 * n),
                  pinned=n == {ENTRIES - 1}, key_event=n % 40 == 0)
        for n in range({ENTRIES})
    ])
latest = LiveEntry.objects.visible_in(article).filter(pinned=False).newest_first()[0]
print(latest.published_at.isoformat())
"""


def get(url):
    request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.read().decode()


class Editor(threading.Thread):
    """Posts an entry every ENTRY_EVERY_SECONDS through the API, and times
    each one from the API's answer to its body in the polled endpoint."""

    def __init__(self, base, token, poll_url):
        super().__init__(daemon=True)
        self.base, self.token, self.poll_url = base, token, poll_url
        self.stopped = threading.Event()
        self.visible, self.errors = [], 0

    def post(self, body):
        request = urllib.request.Request(
            f"{self.base}/api/v1/articles/{LIVE_SLUG}/entries/",
            data=json.dumps({"body": body, "status": "published"}).encode(),
            method="POST",
            headers={
                "Authorization": f"Token {self.token}",
                "Content-Type": "application/json",
                "X-Forwarded-Proto": "https",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read())

    def run(self):
        number = 0
        while not self.stopped.is_set():
            number += 1
            body = f"<p>Entrada nueva {number} a las {time.time():.0f}.</p>"
            try:
                self.post(body)
                started = time.monotonic()
                while time.monotonic() - started < 10:
                    if body in get(self.poll_url).replace("\\u003C", "<"):
                        self.visible.append(time.monotonic() - started)
                        break
                    time.sleep(0.02)
                else:
                    self.visible.append(None)
            except OSError:
                self.errors += 1
            self.stopped.wait(ENTRY_EVERY_SECONDS)


def run(bench, size, database_url, args, redis_url):
    since = shell(database_url, MAKE_LIVE).splitlines()[-1]
    token = editor_token(database_url)
    page = f"/articulos/{LIVE_SLUG}/"
    poll = f"{page}entradas/?since={urllib.parse.quote(since)}"
    results = {}
    bench.flush_redis(redis_url)
    with bench.Server(database_url, args.port, True, redis_url) as server:
        script = lua_script([page, poll])
        bench.wrk(server.base + page, 1, {}, script=script)
        print(f"[{size}] readers, quiet desk", flush=True)
        results["quiet"] = bench.wrk(server.base + page, args.duration, {}, script)
        bench.show("live page + poll", results["quiet"])
        editor = Editor(server.base, token, server.base + poll)
        editor.start()
        print(f"[{size}] readers, an entry every {ENTRY_EVERY_SECONDS} s", flush=True)
        results["busy"] = bench.wrk(server.base + page, args.duration, {}, script)
        bench.show("live page + poll", results["busy"])
        editor.stopped.set()
        editor.join(timeout=30)
        results["visible"] = editor.visible
        results["editor_errors"] = editor.errors
        for name, path in {"live page": page, "poll endpoint": poll}.items():
            short = max(args.duration // 3, 2)
            results[name] = bench.wrk(server.base + path, short, {})
            bench.show(name, results[name])
        print(f"  entry-to-visible: {editor.visible}", flush=True)
    return results


def seconds(value):
    return "—" if value is None else f"{value:.2f} s"


def markdown(size, results, duration):
    lines = [
        f"### Live coverage, {size:,} articles, {ENTRIES} entries, "
        f"{duration} s per run",
        "",
        "| readers on | req/s | p50 | p99 | errors |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    rows = {
        "live page + poll, quiet desk": results["quiet"],
        f"live page + poll, an entry every {ENTRY_EVERY_SECONDS} s": results["busy"],
        "live page alone (cached)": results["live page"],
        "poll endpoint alone (cached)": results["poll endpoint"],
    }
    for name, figures in rows.items():
        lines.append(
            f"| {name} | {figures['rps']:.0f} | {figures['p50']:.1f} ms "
            f"| {figures['p99']:.1f} ms | {figures['errors']} |"
        )
    visible = [value for value in results["visible"] if value is not None]
    lines += [
        "",
        f"Entry-to-visible (API 201 → entry in the polled answer, origin), "
        f"{len(results['visible'])} entries: median "
        f"{seconds(median(visible) if visible else None)}, max "
        f"{seconds(max(visible) if visible else None)}"
        + (
            f", {len(results['visible']) - len(visible)} not seen within 10 s"
            if len(visible) != len(results["visible"])
            else ""
        )
        + f"; editor errors: {results['editor_errors']}.",
        "",
    ]
    return "\n".join(lines)
