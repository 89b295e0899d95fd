"""What each middleware costs an anonymous GET, in this process (no server,
no network): the floor view (a fixed ~10 KB page) through no middleware,
through the whole of ``MIDDLEWARE``, and through ``MIDDLEWARE`` without each
one more at a time (in MIDDLEWARE's order, so each one's dependencies
come before it).

    DEBUG=0 .venv/bin/python -m benchmarks.middleware [--requests 20000]

Prints µs per request; also used by ``python -m benchmarks``.
"""

import argparse
import io
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
os.environ.setdefault("BENCHMARK_FLOOR", "1")
os.environ.setdefault("SECRET_KEY", "benchmark-only-secret-key-0123456789abcdefghij")
os.environ.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")

PATH = "/bench/floor/"
# What newsroom/middleware.py replaces, to measure the stack as it was.
STOCK = {
    "newsroom.middleware.CSPMiddleware": "csp.middleware.CSPMiddleware",
    "newsroom.middleware.MessageMiddleware": (
        "django.contrib.messages.middleware.MessageMiddleware"
    ),
    "newsroom.middleware.HistoryRequestMiddleware": (
        "simple_history.middleware.HistoryRequestMiddleware"
    ),
}


def environ():
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": PATH,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1",
        "HTTP_ACCEPT_LANGUAGE": "es",
        "HTTP_X_FORWARDED_PROTO": "https",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def handler_with(middleware):
    from benchmarks.floor import handler_with_middleware

    return handler_with_middleware(middleware)


def per_request_us(handler, requests):
    def start_response(status, headers):
        assert status.startswith("200"), status

    for _ in range(200):  # warm up
        b"".join(handler(environ(), start_response))
    rounds = []
    # The best of five rounds: the machine is shared, noise only adds time.
    for _ in range(5):
        started = time.perf_counter()
        for _ in range(requests // 5):
            b"".join(handler(environ(), start_response))
        rounds.append((time.perf_counter() - started) / (requests // 5) * 1e6)
    return min(rounds)


def measure(requests):
    """{label: µs per request}: none, the bare three, all, and what each
    middleware adds to those before it."""
    import django
    from django.conf import settings

    from benchmarks.floor import BARE_MIDDLEWARE

    django.setup()
    full = list(settings.MIDDLEWARE)
    results = {"no middleware": per_request_us(handler_with([]), requests)}
    results["bare (3 middlewares)"] = per_request_us(
        handler_with(BARE_MIDDLEWARE), requests
    )
    before = results["no middleware"]
    for count, name in enumerate(full, start=1):
        now = per_request_us(handler_with(full[:count]), requests)
        results[f"+ {name.rsplit('.', 1)[-1]}"] = now - before
        before = now
    results["all of MIDDLEWARE"] = before
    stock = [STOCK.get(name, name) for name in full]
    results["all, stock middlewares"] = per_request_us(handler_with(stock), requests)
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    args = parser.parse_args()
    for name, value in measure(args.requests).items():
        print(f"{name:<45} {value:8.1f} µs")


if __name__ == "__main__":
    main()
