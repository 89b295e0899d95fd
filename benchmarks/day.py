"""The newsroom-day scenario, and the cold figures against a bare Django page.

    .venv/bin/python -m benchmarks --scenario day [--sizes 10000] [--duration 10]

In one run, per size, on one PostgreSQL database (``benchmarks.__main__``
prepares it) and one ``make serve`` (gunicorn, DEBUG=0, Redis):

1. **Cold** (page cache off): the bare Django page (``/bench/bare/``: three
   middlewares, a fixed 10 KB string, same gunicorn and workers), the floor
   through all of MIDDLEWARE, the seed story's article page, home, section
   and entity pages, the API list of 20, and a crawler's walk through the
   archive (every published article read once, in order).
2. **Day** (page cache on, Varnish in front with the app purging by key):
   readers on a Zipf mix (articles ranked newest first, s = 1.1, plus home,
   section, entity pages and the API list) at 16 connections with wrk, first
   with a quiet desk, then with a busy one (an editor saves a draft twice a
   second and publishes a correction every 5 s through the API); then the
   time from a correction's API answer to its note on the page at the origin
   and through Varnish.
"""

import json
import os
import random
import shutil
import signal
import subprocess
import tempfile
import threading
import time
import urllib.request
from pathlib import Path
from statistics import median

ROOT = Path(__file__).resolve().parent.parent
VCL = ROOT / "deploy" / "varnish" / "newsroom.vcl"
ZIPF_S = 1.1
SAMPLES = 20000
DRAFT_SAVES_PER_SECOND = 2
CORRECTION_EVERY_SECONDS = 5
VISIBILITY_TRIALS = 5
MIX = {"home": 0.08, "section": 0.04, "entity": 0.04, "api list": 0.04}
SECTION = "/secciones/internacional/"
ENTITY = "/temas/peru/"
API_LIST = "/api/v1/articles/?page_size=20"
COLD_URLS = {
    "bare Django page": "/bench/bare/",
    "floor (all MIDDLEWARE)": "/bench/floor/",
    "article (seed story)": "/articulos/peru-aliado-extra-otan/",
    "home": "/",
    "section": SECTION,
    "entity (Perú)": ENTITY,
    "api list (20)": API_LIST,
    "api detail": "/api/v1/articles/peru-aliado-extra-otan/",
    "api ninjs": "/api/v1/articles/peru-aliado-extra-otan/?format=ninjs",
}
BARE = "bare Django page"


def shell(database_url, code):
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    result = subprocess.run(
        [str(ROOT / ".venv" / "bin" / "python"), "manage.py", "shell", "-c", code],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )  # fmt: skip
    return result.stdout.strip()


def article_paths(database_url):
    """Every published article's path, newest first."""
    code = (
        "from articles.models import Article\n"
        "import json\n"
        "print(json.dumps([a.get_absolute_url() for a in Article.objects"
        ".published().newest_first().only('slug')]))"
    )
    return json.loads(shell(database_url, code).splitlines()[-1])


def editor_token(database_url):
    code = (
        "from django.contrib.auth.models import Group, User\n"
        "from rest_framework.authtoken.models import Token\n"
        "user, _ = User.objects.get_or_create(username='bench-editor', "
        "defaults={'is_staff': True})\n"
        "user.groups.add(Group.objects.get(name='Editor'))\n"
        "print(Token.objects.get_or_create(user=user)[0].key)"
    )
    return shell(database_url, code).splitlines()[-1]


def lua_script(paths, walk=False):
    """A wrk script requesting ``paths`` at random (or in order, split
    between the threads, when ``walk``)."""
    listing = ",\n".join(json.dumps(path) for path in paths)
    if walk:
        choose = (
            "local threads = 0\n"
            "function setup(thread) thread:set('id', threads); "
            "threads = threads + 1 end\n"
            "function init(args) i = (id or 0) * math.floor(#paths / 2) end\n"
            "function request() i = i % #paths + 1; "
            "return wrk.format('GET', paths[i]) end\n"
        )
    else:
        choose = (
            "function init(args) math.randomseed(os.time() + (id or 0)) end\n"
            "function request() "
            "return wrk.format('GET', paths[math.random(#paths)]) end\n"
        )
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as handle:
        handle.write(f"paths = {{\n{listing}\n}}\n{choose}")
    return handle.name


def zipf_mix(paths, rng):
    """SAMPLES reader requests: a Zipf pick of the articles, and the lists."""
    weights = [1 / rank**ZIPF_S for rank in range(1, len(paths) + 1)]
    share = 1 - sum(MIX.values())
    picks = rng.choices(paths, weights=weights, k=int(SAMPLES * share))
    lists = {"home": "/", "section": SECTION, "entity": ENTITY, "api list": API_LIST}
    for name, part in MIX.items():
        picks += [lists[name]] * int(SAMPLES * part)
    rng.shuffle(picks)
    return picks


class Varnish:
    """varnishd with the repository's VCL in front of ``backend_port``."""

    def __init__(self, backend_port, port):
        self.port = port
        self.url = f"http://127.0.0.1:{port}"
        self.workdir = tempfile.mkdtemp(prefix="varnish-bench-")
        Path(self.workdir).chmod(0o755)
        self.vcl = Path(self.workdir) / "newsroom.vcl"
        self.vcl.write_text(
            VCL.read_text().replace('.port = "8000"', f'.port = "{backend_port}"')
        )
        self.vcl.chmod(0o644)

    def __enter__(self):
        self.process = subprocess.Popen(
            ["varnishd", "-F", "-a", f"127.0.0.1:{self.port}", "-f", str(self.vcl),
             "-n", self.workdir, "-s", "malloc,256m"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        deadline = time.monotonic() + 30
        probe = urllib.request.Request(
            self.url + "/bench/bare/", headers={"X-Forwarded-Proto": "https"}
        )
        while time.monotonic() < deadline:
            try:
                urllib.request.urlopen(probe, timeout=2).read()
                return self
            except OSError:
                time.sleep(0.2)
        self.__exit__()
        raise SystemExit("varnishd did not answer")

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=20)
        shutil.rmtree(self.workdir, ignore_errors=True)


class Desk(threading.Thread):
    """An editor at work through the API: a draft saved twice a second and a
    correction every 5 s on one of the most read articles."""

    def __init__(self, base, token, draft, targets):
        super().__init__(daemon=True)
        self.base, self.token, self.draft, self.targets = base, token, draft, targets
        self.stopped = threading.Event()
        self.saves = self.corrections = self.errors = 0

    def call(self, method, path, data):
        request = urllib.request.Request(
            self.base + path,
            data=json.dumps(data).encode(),
            method=method,
            headers={
                "Authorization": f"Token {self.token}",
                "Content-Type": "application/json",
                "X-Forwarded-Proto": "https",
            },
        )
        with urllib.request.urlopen(request, timeout=30) as response:
            return json.loads(response.read() or b"{}")

    def run(self):
        next_correction = time.monotonic() + CORRECTION_EVERY_SECONDS
        number = 0
        while not self.stopped.is_set():
            number += 1
            try:
                self.call(
                    "PATCH",
                    f"/api/v1/articles/{self.draft}/",
                    {"dek": f"Borrador, versión {number}."},
                )
                self.saves += 1
                if time.monotonic() >= next_correction:
                    next_correction += CORRECTION_EVERY_SECONDS
                    correct(self.call, random.choice(self.targets), number)
                    self.corrections += 1
            except OSError:
                self.errors += 1
            self.stopped.wait(1 / DRAFT_SAVES_PER_SECOND)


def correct(call, slug, number):
    note = f"Corrección de prueba número {number} en {slug}."
    data = {"article": slug, "kind": "correction", "note": note}
    call("POST", "/api/v1/updates/", data)
    return note


def make_draft(desk_call):
    slug = f"borrador-de-la-mesa-{int(time.time())}"
    desk_call(
        "POST",
        "/api/v1/articles/",
        {
            "headline": "Borrador de la mesa",
            "slug": slug,
            "section": "internacional",
            "body": "<p>En preparación.</p>",
            "status": "draft",
        },
    )
    return slug


def visible_after(url, note, started, limit=10.0):
    """Seconds from ``started`` until ``url`` shows ``note`` (None: not
    within ``limit``)."""
    while time.monotonic() - started < limit:
        request = urllib.request.Request(url, headers={"X-Forwarded-Proto": "https"})
        with urllib.request.urlopen(request, timeout=10) as response:
            if note in response.read().decode():
                return time.monotonic() - started
        time.sleep(0.02)
    return None


def publish_to_visible(server, varnish, desk, slugs):
    """Per trial: (origin seconds, Varnish seconds) from the correction's
    API answer to its note on the article page."""
    results = []
    for trial, slug in enumerate(slugs[:VISIBILITY_TRIALS]):
        path = f"/articulos/{slug}/"
        for base in (server.base, varnish.url):  # both copies cached
            for _ in range(2):
                urllib.request.urlopen(
                    urllib.request.Request(
                        base + path, headers={"X-Forwarded-Proto": "https"}
                    ),
                    timeout=10,
                ).read()
        note = correct(desk.call, slug, 10_000 + trial)
        started = time.monotonic()
        times = {}

        def watch(name, url, note=note, started=started, times=times):
            times[name] = visible_after(url, note, started)

        watchers = [
            threading.Thread(target=watch, args=("origin", server.base + path)),
            threading.Thread(target=watch, args=("varnish", varnish.url + path)),
        ]
        for watcher in watchers:
            watcher.start()
        for watcher in watchers:
            watcher.join()
        results.append((times["origin"], times["varnish"]))
    return results


def run(bench, size, database_url, args, redis_url):
    """Every figure of the scenario for one size: {section: {name: figures}}."""
    paths = article_paths(database_url)
    slugs = [path.strip("/").split("/")[-1] for path in paths]
    token = editor_token(database_url)
    results = {"cold": {}, "day": {}, "visible": []}

    bench.flush_redis(redis_url)
    with bench.Server(database_url, args.port, False, redis_url) as server:
        print(f"[{size}] cold: page cache off", flush=True)
        for name, path in COLD_URLS.items():
            bench.wrk(server.base + path, 1, {})
            figures = bench.wrk(server.base + path, args.duration, {})
            results["cold"][name] = figures
        walk = lua_script(paths, walk=True)
        bench.wrk(server.base + "/", 1, {})
        results["cold"]["crawler walk"] = bench.wrk(
            server.base + "/", args.duration, {}, script=walk
        )
        os.unlink(walk)
        for name, figures in results["cold"].items():
            figures["ratio"] = figures["rps"] / results["cold"][BARE]["rps"]
            bench.show(name, figures)

    bench.flush_redis(redis_url)
    varnish_port = args.port + 1
    extra = {
        "PURGER": "articles.purging.VarnishPurger",
        "VARNISH_URLS": f"http://127.0.0.1:{varnish_port}/",
    }
    with (
        bench.Server(database_url, args.port, True, redis_url, extra) as server,
        Varnish(args.port, varnish_port) as varnish,
        bench.Worker(database_url, redis_url, extra),
    ):
        rng = random.Random(6)
        mix = lua_script(zipf_mix(paths, rng))
        desk = Desk(server.base, token, None, slugs[:50])
        desk.draft = make_draft(desk.call)
        bench.wrk(server.base + "/", args.duration, {}, script=mix)  # warm
        print(f"[{size}] day: quiet desk", flush=True)
        quiet = bench.wrk(server.base + "/", args.duration, {}, script=mix)
        print(f"[{size}] day: busy desk", flush=True)
        desk.start()
        busy = bench.wrk(server.base + "/", args.duration, {}, script=mix)
        desk.stopped.set()
        desk.join()
        os.unlink(mix)
        busy["ratio"] = busy["rps"] / quiet["rps"]
        quiet["ratio"] = 1.0
        busy["desk"] = (
            f"{desk.saves} draft saves, {desk.corrections} corrections, "
            f"{desk.errors} errors in {args.duration} s"
        )
        results["day"] = {"quiet desk": quiet, "busy desk": busy}
        for name, figures in results["day"].items():
            bench.show(f"readers, {name}", figures)
        print(f"  desk: {busy['desk']}", flush=True)
        results["visible"] = publish_to_visible(server, varnish, desk, slugs[5:])
        print(f"  publish-to-visible: {results['visible']}", flush=True)
    return results


def seconds(value):
    return "not within 10 s" if value is None else f"{value:.2f} s"


def markdown(size, results, duration):
    lines = [f"### {size:,} articles", ""]
    lines += [
        "Cold (page cache off; ratio = req/s ÷ the bare Django page's on the "
        f"same gunicorn; wrk, 16 connections, {duration} s each):",
        "",
        "| URL | req/s | p50 ms | p99 ms | ratio to bare |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, f in results["cold"].items():
        lines.append(
            f"| {name} | {f['rps']:.0f} | {f['p50']:.1f} | {f['p99']:.1f} "
            f"| {f['ratio']:.1%} |"
        )
    lines += [
        "",
        "Day (page cache on, Redis; readers on a Zipf mix at the origin, "
        "16 connections):",
        "",
        "| Desk | req/s | p50 ms | p99 ms | share of quiet |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name, f in results["day"].items():
        lines.append(
            f"| {name} | {f['rps']:.0f} | {f['p50']:.1f} | {f['p99']:.1f} "
            f"| {f['ratio']:.0%} |"
        )
    if "busy desk" in results["day"]:
        lines += ["", f"Busy desk: {results['day']['busy desk']['desk']}."]
    visible = results["visible"]
    if visible:
        origin = [o for o, _v in visible if o is not None]
        through = [v for _o, v in visible if v is not None]
        lines += [
            "",
            "Publish-to-visible (correction's API answer → note on the page), "
            f"{len(visible)} trials:",
            "",
            "| Where | median | worst |",
            "| --- | ---: | ---: |",
            f"| origin | {seconds(median(origin) if origin else None)} "
            f"| {seconds(max(origin) if len(origin) == len(visible) else None)} |",
            f"| through Varnish | {seconds(median(through) if through else None)} "
            f"| {seconds(max(through) if len(through) == len(visible) else None)} |",
        ]
    return "\n".join(lines) + "\n"
