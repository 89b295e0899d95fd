"""Stored renders against live rendering and the bare Django page.

    .venv/bin/python -m benchmarks --scenario renders [--sizes 5000] [--duration 6]

Per size, on one PostgreSQL database (``benchmarks.__main__`` prepares it;
migrated here, since ``--reuse`` may hand over one made before the renders'
migration): every published article is rendered and stored
(``manage.py rerender --all --now``, timed), then one ``make serve``
(gunicorn, DEBUG=0, Redis, page cache off) is loaded with wrk, cold, twice:
with stored renders on and with ``STORED_RENDERS=0`` (live rendering), each
with its own bare Django page in the same server, so that the ratios compare
like with like on a shared machine. Last, readers on the newsroom-day Zipf
mix with the page cache on and stored renders on, a worker beside the
server, with a quiet desk and then a busy one (an editor saving a draft
twice a second and publishing a correction every 5 s through the API).
"""

import os
import random
import time

from benchmarks import day

URLS = {
    "bare Django page": "/bench/bare/",
    "article (seed story)": "/articulos/peru-aliado-extra-otan/",
    "home": "/",
    "section": day.SECTION,
    "entity (Perú)": day.ENTITY,
    "api list (20)": day.API_LIST,
    "api detail": "/api/v1/articles/peru-aliado-extra-otan/",
    "api ninjs": "/api/v1/articles/peru-aliado-extra-otan/?format=ninjs",
}
MODES = {"stored": {"STORED_RENDERS": "1"}, "live": {"STORED_RENDERS": "0"}}


def render_all(bench, database_url, redis_url, newest=None):
    """Store every published article's renders (or the ``newest`` and the
    seed story's); seconds it took."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "0",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnop",
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
    }
    # The pages name hashed static files, as the server's do.
    bench.run(
        [bench.PYTHON, "manage.py", "collectstatic", "--no-input", "-v0"], env=env
    )
    started = time.monotonic()
    command = [bench.PYTHON, "manage.py", "rerender", "--all", "--now"]
    if newest:
        command += ["--newest", str(newest)]
    bench.run(command, env=env)
    if newest:
        code = (
            "from articles.models import Article\n"
            "from articles.renders.jobs import render_and_store\n"
            f"print(render_and_store(Article.objects.get(slug={bench.SEED_STORY!r}).pk))"
        )
        bench.run([bench.PYTHON, "manage.py", "shell", "-c", code], env=env)
    return time.monotonic() - started


def run(bench, size, database_url, args, redis_url):
    bench.manage(database_url, "migrate", "--no-input", "--verbosity", "0")
    paths = day.article_paths(database_url)
    bench.flush_redis(redis_url)
    results = {"size": size, "articles": len(paths), "cold": {}}
    newest = args.render_newest
    results["rendered"] = min(newest or len(paths), len(paths))
    results["render seconds"] = render_all(bench, database_url, redis_url, newest)
    print(
        f"[{size}] stored {results['rendered']} articles "
        f"in {results['render seconds']:.0f} s"
    )
    walk = day.lua_script(paths[: results["rendered"]], walk=True)
    for mode, extra in MODES.items():
        figures = {}
        with bench.Server(database_url, args.port, False, redis_url, extra) as server:
            print(f"[{size}] cold, {mode} renders", flush=True)
            for name, path in URLS.items():
                bench.wrk(server.base + path, 1, {})
                figures[name] = bench.wrk(server.base + path, args.duration, {})
            figures["crawler walk"] = bench.wrk(
                server.base + "/", args.duration, {}, script=walk
            )
        for name, value in figures.items():
            value["ratio"] = value["rps"] / figures[day.BARE]["rps"]
            bench.show(f"{mode}: {name}", value)
        results["cold"][mode] = figures
    os.unlink(walk)
    mix = day.lua_script(day.zipf_mix(paths, random.Random(6)))
    token = day.editor_token(database_url)
    slugs = [path.strip("/").split("/")[-1] for path in paths[:50]]
    with (
        bench.Server(database_url, args.port, True, redis_url) as server,
        bench.Worker(database_url, redis_url),
    ):
        print(f"[{size}] readers, page cache on, stored renders on", flush=True)
        desk = day.Desk(server.base, token, None, slugs)
        desk.draft = day.make_draft(desk.call)
        bench.wrk(server.base + "/", args.duration, {}, script=mix)  # warm
        results["readers"] = bench.wrk(server.base + "/", args.duration, {}, script=mix)
        bench.show("readers, quiet desk", results["readers"])
        desk.start()
        busy = bench.wrk(server.base + "/", args.duration, {}, script=mix)
        desk.stopped.set()
        desk.join()
        busy["ratio"] = busy["rps"] / results["readers"]["rps"]
        busy["desk"] = (
            f"{desk.saves} draft saves, {desk.corrections} corrections, "
            f"{desk.errors} errors in {args.duration} s"
        )
        results["busy readers"] = busy
        bench.show("readers, busy desk", busy)
        print(f"  desk: {busy['desk']}", flush=True)
    os.unlink(mix)
    return results


def markdown(size, results, duration):
    stored, live = results["cold"]["stored"], results["cold"]["live"]
    lines = [
        f"### {size:,} articles",
        "",
        f"Published articles: {results['articles']:,}; rendered and stored by "
        "`manage.py rerender --all --now"
        + (" --newest N`" if results["rendered"] < results["articles"] else "`")
        + f": {results['rendered']:,} (the newest; the crawler walks those) in "
        f"{results['render seconds']:.0f} s (one process).",
        "",
        "Cold (page cache off; wrk, 16 connections, "
        f"{duration} s each; ratio = req/s ÷ the bare Django page's in the same "
        "server):",
        "",
        "| URL | stored req/s | p50 ms | p99 ms | ratio | live req/s | p99 ms "
        "| ratio |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for name, s in stored.items():
        v = live[name]
        lines.append(
            f"| {name} | {s['rps']:.0f} | {s['p50']:.1f} | {s['p99']:.1f} "
            f"| {s['ratio']:.1%} | {v['rps']:.0f} | {v['p99']:.1f} | {v['ratio']:.1%} |"
        )
    readers, busy = results["readers"], results["busy readers"]
    lines += [
        "",
        "Readers on the newsroom-day Zipf mix, page cache on, stored renders on, "
        "a worker beside the server:",
        "",
        "| desk | req/s | p50 ms | p99 ms | share of quiet |",
        "| --- | ---: | ---: | ---: | ---: |",
        f"| quiet | {readers['rps']:.0f} | {readers['p50']:.1f} "
        f"| {readers['p99']:.1f} | 100% |",
        f"| busy ({busy['desk']}) | {busy['rps']:.0f} | {busy['p50']:.1f} "
        f"| {busy['p99']:.1f} | {busy['ratio']:.0%} |",
    ]
    return "\n".join(lines) + "\n"
