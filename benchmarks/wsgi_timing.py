"""Milliseconds per request through the WSGI application, in process (no
server, no network between client and app), as gunicorn calls it:

    DATABASE_URL=... REDIS_URL=... DEBUG=0 PAGE_CACHE=0 BENCHMARK_FLOOR=1 \\
    SECRET_KEY=... ALLOWED_HOSTS=127.0.0.1 \\
        .venv/bin/python -m benchmarks.wsgi_timing 1000 /bench/bare/ /articulos/SLUG/

Each path is requested 20 times to warm up, then timed over N requests.
"""

import io
import os
import sys
import time


def environ(path):
    path, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "HTTP_X_FORWARDED_PROTO": "https",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
    }


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")
    from newsroom.wsgi import application

    status = {}

    def start_response(line, headers, exc_info=None):
        status["line"] = line

    def call(path):
        return b"".join(application(environ(path), start_response))

    requests = int(sys.argv[1])
    for path in sys.argv[2:]:
        size = len(call(path))
        for _ in range(20):
            call(path)
        started = time.perf_counter()
        for _ in range(requests):
            call(path)
        elapsed = (time.perf_counter() - started) / requests * 1000
        print(f"{path}: {status['line']}, {size} bytes, {elapsed:.3f} ms")


if __name__ == "__main__":
    main()
