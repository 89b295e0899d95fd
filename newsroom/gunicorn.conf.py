"""Gunicorn settings for `make serve` (read with ``gunicorn -c``).

Everything can be overridden from the environment: PORT and BIND, and
WEB_CONCURRENCY for the number of workers; any other gunicorn option through
GUNICORN_CMD_ARGS (e.g. "--worker-class gthread --threads 4").
"""

import multiprocessing
import os

bind = os.environ.get("BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")

# Sync workers, one request at a time each: the work is CPU-bound Python plus
# short queries, so 2 x cores + 1 keeps the cores busy while some workers wait
# on PostgreSQL or Redis. Each worker keeps one persistent database connection
# (CONN_MAX_AGE), so PostgreSQL sees at most `workers` connections per server.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "sync"

# Behind a TLS proxy on the same host: trust its X-Forwarded-* headers. Django
# itself reads X-Forwarded-Proto (SECURE_PROXY_SSL_HEADER).
forwarded_allow_ips = os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1,::1")

# A stuck request is killed after 30 s; workers are recycled now and then so
# that a slow leak never takes a server down.
timeout = 30
# The longest request line gunicorn takes (its maximum); the API's schema
# documents the 414 beyond it.
limit_request_line = 8190
graceful_timeout = 30
# The longest request line gunicorn takes (its maximum); the API's schema
# documents the 414 beyond it.
limit_request_line = 8190
max_requests = 10000
max_requests_jitter = 1000

# GUNICORN_ACCESS_LOG="" turns the access log off (e.g. under a benchmark).
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("LOG_LEVEL", "info").lower()
