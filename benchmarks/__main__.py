"""Load-test the production server at 1,000 and 100,000 articles, in one run.

    .venv/bin/python -m benchmarks [--scenario urls|day|renditions|live|renders]
        [--sizes 1000 100000]
        [--duration 6] [--db-prefix newsroom_bench] [--port 8104] [--redis-db 4]
        [--output test-artifacts/benchmark-results.md] [--reuse]

``--scenario live`` runs the live-coverage scenario (benchmarks/live.py:
readers on a live page and its poll while an entry is posted every 10 s,
and each entry's time to visible). ``--scenario day`` runs the newsroom-day
scenario instead (benchmarks/day.py:
cold pages against a bare Django page, readers with a quiet and a busy desk,
publish-to-visible at the origin and through Varnish).

``--scenario renditions`` times photo uploads and renditions, and measures
their bytes and quality (benchmarks/renditions.py; in-process, no server).

For each size it (re)creates the PostgreSQL database ``<prefix>_1k`` /
``<prefix>_100k`` (migrate, ``load_demo`` for the seed story, ``seed_demo
--seed 6``, VACUUM ANALYZE; ``--reuse`` keeps a database that already holds
more than that number of articles), starts ``make serve`` (gunicorn, DEBUG=0) with
the page cache off, then on, and loads every URL with wrk at 16 connections:
first the floor (a bare view returning a fixed ~10 KB page, served because
``BENCHMARK_FLOOR=1``), then the pages, the API and a feed, then conditional
GETs answered 304. It prints req/s, p50, p99 and req/s as a share of the floor
measured on the same server, and writes the tables as markdown to ``--output``.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
SEED = 6
CONNECTIONS = 16
FLOOR = "floor"
SEED_STORY = "peru-aliado-extra-otan"

# name -> path; the floor first, so that every other URL has its ratio.
URLS = {
    FLOOR: "/bench/floor/",
    "home": "/",
    "article": f"/articulos/{SEED_STORY}/",
    "section": "/secciones/internacional/",
    "entity (Perú)": "/temas/peru/",
    "search": "/buscar/?q=Quispe",
    "feed (rss)": "/feeds/rss/",
    "api list (20)": "/api/v1/articles/?section=internacional&language=es&page_size=20",
    "api detail": f"/api/v1/articles/{SEED_STORY}/",
    "api ninjs": f"/api/v1/articles/{SEED_STORY}/?format=ninjs",
}
# Conditional GETs: the same URL again with the ETag it answered (304).
CONDITIONAL = ["article", "api detail"]
HEADERS = {"X-Forwarded-Proto": "https"}  # as the TLS proxy in front sends


def label(size):
    return f"{size // 1000}k" if size % 1000 == 0 else str(size)


def run(command, **kwargs):
    return subprocess.run(command, check=True, cwd=ROOT, **kwargs)


def manage(database_url, *args):
    env = {**os.environ, "DATABASE_URL": database_url, "DEBUG": "1"}
    run([PYTHON, "manage.py", *args], env=env)


def article_count(database):
    result = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-At", database, "-c",
         "SELECT count(*) FROM articles_article"],
        capture_output=True, text=True,
    )  # fmt: skip
    return int(result.stdout) if result.returncode == 0 else None


def prepare_database(database, size, reuse):
    """A database with the seed story plus ``size`` demo articles."""
    url = f"postgres://root@127.0.0.1/{database}"
    # The demo's articles (seed story, live coverage) and the desk's drafts of
    # earlier runs come on top of the seeded ones.
    count = (article_count(database) or 0) if reuse else 0
    if count > size:
        print(f"[{database}] reusing {count} articles", flush=True)
        return url
    print(f"[{database}] creating with {size} articles", flush=True)
    subprocess.run(["dropdb", "-h", "127.0.0.1", "--if-exists", database], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", database], check=True)
    manage(url, "migrate", "--no-input", "--verbosity", "0")
    manage(url, "load_demo", "--verbosity", "0")
    started = time.monotonic()
    manage(url, "seed_demo", "--articles", str(size), "--seed", str(SEED))
    print(f"[{database}] seeded in {time.monotonic() - started:.0f} s", flush=True)
    subprocess.run(
        ["psql", "-h", "127.0.0.1", "-q", database, "-c", "VACUUM ANALYZE"], check=True
    )
    return url


class Server:
    """``make serve`` on 127.0.0.1:port, stopped with its process group."""

    def __init__(self, database_url, port, page_cache, redis_url, extra=None):
        self.base = f"http://127.0.0.1:{port}"
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "PORT": str(port),
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnop",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "BENCHMARK_FLOOR": "1",
            "PAGE_CACHE": "1" if page_cache else "0",
            "REDIS_URL": redis_url,
            # Measure the work, not the rate limit or the access log.
            "API_ANON_RATE": "1000000000/minute",
            "GUNICORN_ACCESS_LOG": "",
            "LOG_LEVEL": "WARNING",
            **(extra or {}),
        }
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            ["make", "--no-print-directory", "serve"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit("make serve stopped before answering")
            try:
                if fetch(self.base + URLS[FLOOR])[0] == 200:
                    return self
            except OSError:
                pass
            time.sleep(0.5)
        raise SystemExit("make serve did not answer in 120 s")

    def __exit__(self, *exc):
        stop(self.process)


def stop(process):
    """Stop a process started in a session of its own, and its children."""
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()


class Worker:
    """``manage.py work`` (the task queue's worker) beside the server: purges
    run there."""

    def __init__(self, database_url, redis_url, extra=None):
        self.env = {
            **os.environ,
            "DATABASE_URL": database_url,
            "DEBUG": "0",
            "SECRET_KEY": "benchmark-only-secret-key-0123456789abcdefghijklmnop",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "REDIS_URL": redis_url,
            "LOG_LEVEL": "WARNING",
            **(extra or {}),
        }
        self.process = None

    def __enter__(self):
        self.process = subprocess.Popen(
            [PYTHON, "manage.py", "work"],
            cwd=ROOT,
            env=self.env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
        )
        return self

    def __exit__(self, *exc):
        stop(self.process)


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url, headers=None):
    """(status, headers) of one GET, with the proxy's headers."""
    request = urllib.request.Request(url, headers={**HEADERS, **(headers or {})})
    try:
        with OPENER.open(request, timeout=30) as response:
            response.read()
            return response.status, response.headers
    except urllib.error.HTTPError as error:
        return error.code, error.headers


def wrk(url, duration, headers, script=None):
    command = ["wrk", "-t2", f"-c{CONNECTIONS}", f"-d{duration}s", "--latency"]
    if script:
        command += ["-s", script]
    for name, value in {**HEADERS, **headers}.items():
        command += ["-H", f"{name}: {value}"]
    output = subprocess.run(
        [*command, url], capture_output=True, text=True, check=True
    ).stdout
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    return {
        "rps": float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1)),
        "p50": latency_ms(re.search(r"^\s+50%\s+(\S+)", output, re.M).group(1)),
        "p99": latency_ms(re.search(r"^\s+99%\s+(\S+)", output, re.M).group(1)),
        "errors": int(errors.group(1)) if errors else 0,
    }


def latency_ms(value):
    number, unit = re.fullmatch(r"([\d.]+)(us|ms|s)", value).groups()
    return float(number) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit]


def show(name, figures):
    print(
        f"  {name:<24} {figures['rps']:>8.0f} req/s  p50 {figures['p50']:>6.1f} ms"
        f"  p99 {figures['p99']:>6.1f} ms  {figures.get('ratio', 0):>6.1%}"
        + (f"  ERRORS {figures['errors']}" if figures["errors"] else ""),
        flush=True,
    )


def load_all(server, duration):
    """Every URL, then the conditional GETs, under load; {name: figures}."""
    results = {}
    targets = [(name, path, {}, 200) for name, path in URLS.items()]
    for name in CONDITIONAL:
        _status, headers = fetch(server.base + URLS[name])
        etag = {"If-None-Match": headers["ETag"]}
        targets.append((f"{name} (304)", URLS[name], etag, 304))
    for name, path, headers, expected in targets:
        status, _headers = fetch(server.base + path, headers)
        if status != expected:
            raise SystemExit(f"{name}: {path} answered {status}, not {expected}")
        wrk(server.base + path, 1, headers)  # warm every worker
        results[name] = figures = wrk(server.base + path, duration, headers)
        figures["ratio"] = figures["rps"] / results[FLOOR]["rps"]
        print(
            f"  {name:<20} {figures['rps']:>8.0f} req/s  p50 {figures['p50']:>6.1f} ms"
            f"  p99 {figures['p99']:>6.1f} ms  {figures['ratio']:>6.1%} of floor"
            + (f"  ERRORS {figures['errors']}" if figures["errors"] else ""),
            flush=True,
        )
    return results


def flush_redis(redis_url):
    db = redis_url.rsplit("/", 1)[-1]
    subprocess.run(["redis-cli", "-n", db, "FLUSHDB"], check=True, capture_output=True)


def markdown(all_results, sizes, duration):
    lines = [
        f"wrk, {CONNECTIONS} connections, {duration} s per URL, `make serve` "
        "(gunicorn, DEBUG=0), PostgreSQL, Redis. Ratio = req/s ÷ the floor's "
        "req/s on the same server.",
        "",
    ]
    for mode in ("uncached", "cached"):
        lines += [f"### {mode.capitalize()}", ""]
        header = "| URL |"
        rule = "| --- |"
        for size in sizes:
            header += f" {label(size)} req/s | p50 ms | p99 ms | ratio |"
            rule += " ---: | ---: | ---: | ---: |"
        if len(sizes) > 1:
            header += f" p50 {label(sizes[0])}→{label(sizes[-1])} |"
            rule += " ---: |"
        lines += [header, rule]
        for name in all_results[(mode, sizes[0])]:
            row = f"| {name} |"
            for size in sizes:
                f = all_results[(mode, size)][name]
                row += f" {f['rps']:.0f} | {f['p50']:.1f} | {f['p99']:.1f} |"
                row += f" {f['ratio']:.1%} |"
            if len(sizes) > 1:
                first = all_results[(mode, sizes[0])][name]["p50"]
                last = all_results[(mode, sizes[-1])][name]["p50"]
                row += f" {last / first - 1:+.0%} |"
            lines.append(row)
        lines.append("")
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--scenario",
        choices=["urls", "day", "renditions", "live", "renders"],
        default="urls",
    )
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 100000])
    parser.add_argument("--duration", type=int, default=6, help="seconds per URL")
    parser.add_argument("--db-prefix", default="newsroom_bench")
    parser.add_argument("--port", type=int, default=8104)
    parser.add_argument("--redis-db", type=int, default=4)
    parser.add_argument("--output", default="test-artifacts/benchmark-results.md")
    parser.add_argument(
        "--reuse", action="store_true", help="keep databases that are already seeded"
    )
    parser.add_argument(
        "--render-newest",
        type=int,
        default=None,
        help="renders scenario: store the renders of the N newest articles (and "
        "the seed story) only, and walk those",
    )
    args = parser.parse_args()
    # A stopped run still stops its server (the context managers unwind).
    signal.signal(signal.SIGTERM, lambda *args: sys.exit("stopped"))
    if args.scenario == "renditions":
        from benchmarks import renditions

        default = parser.get_default("output")
        output = (
            "test-artifacts/renditions.md" if args.output == default else args.output
        )
        return renditions.main(output)
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (apt-get install -y wrk)")
    redis_url = f"redis://127.0.0.1:6379/{args.redis_db}"
    started = time.monotonic()
    if args.scenario in SERVER_SCENARIOS:
        return server_scenario(args, redis_url, started)
    all_results, loads = {}, []
    for size in args.sizes:
        database = f"{args.db_prefix}_{label(size)}"
        url = prepare_database(database, size, args.reuse)
        for mode in ("uncached", "cached"):
            load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
            loads.append(f"{label(size)} {mode}: {load}")
            print(f"[{label(size)} articles, {mode}] load average {load}", flush=True)
            flush_redis(redis_url)
            with Server(url, args.port, mode == "cached", redis_url) as server:
                all_results[(mode, size)] = load_all(server, args.duration)
    report = markdown(all_results, args.sizes, args.duration)
    report += "\nLoad average (1/5/15 min) as each part started: " + "; ".join(loads)
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text(report + "\n")
    print()
    print(report)
    print(f"Whole run: {time.monotonic() - started:.0f} s; tables in {args.output}")


def server_scenario(args, redis_url, started):
    """The scenarios that run `make serve` against one database per size
    (benchmarks/day.py, live.py, renders.py)."""
    import importlib

    module_name, page_cache = SERVER_SCENARIOS[args.scenario]
    scenario = importlib.import_module(f"benchmarks.{module_name}")
    if args.scenario == "day" and not shutil.which("varnishd"):
        raise SystemExit("varnishd is not installed (apt-get install varnish)")
    bench = sys.modules[__name__]
    report = [
        "wrk, 16 connections, `make serve` (gunicorn, DEBUG=0), PostgreSQL, "
        f"Redis{page_cache}; {os.cpu_count()} cores shared with other work.",
        "",
    ]
    for size in args.sizes:
        database = f"{args.db_prefix}_{label(size)}"
        url = prepare_database(database, size, args.reuse)
        load = " / ".join(f"{value:.1f}" for value in os.getloadavg())
        results = scenario.run(bench, size, url, args, redis_url)
        report.append(scenario.markdown(size, results, args.duration))
        report.append(f"Load average (1/5/15 min) at the start: {load}\n")
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    Path(args.output).write_text("\n".join(report))
    print("\n".join(report))
    print(f"Whole run: {time.monotonic() - started:.0f} s; tables in {args.output}")


# --scenario: (module of benchmarks/, what the server's caching is).
SERVER_SCENARIOS = {
    "day": ("day", ""),
    "live": ("live", ", page cache on"),
    "renders": ("renders", ""),
}


if __name__ == "__main__":
    sys.exit(main())
