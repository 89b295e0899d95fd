"""Settings for Newsroom.

One module for every environment: production differs from development only by
environment variables (DEBUG=0, SECRET_KEY, ALLOWED_HOSTS and DATABASE_URL).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured
from django.forms.widgets import Script
from django.utils.translation import gettext_lazy as _

from articles.embeds import FRAME_HOSTS
from newsroom.cache import redis_cache
from newsroom.task_backends import BACKENDS, rq_queues_setting, tasks_setting

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default):
    value = os.environ.get(name)
    if value is None:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


DEBUG = env_bool("DEBUG", True)

SECRET_KEY = os.environ.get("SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "SECRET_KEY is not set. With DEBUG off Newsroom refuses to start "
            "without a secret key: set SECRET_KEY in the environment."
        )
    SECRET_KEY = "development-only-key-never-used-with-debug-off-3f9a1c0e7b2d"

ALLOWED_HOSTS = env_list(
    "ALLOWED_HOSTS",
    ["localhost", "127.0.0.1", "[::1]", "testserver"] if DEBUG else [],
)
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "corsheaders",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework",
    "rest_framework.authtoken",
    "simple_history",
    "axes",
    "csp",
    "django_prose_editor",
    "django_tasks",
    "django_tasks_db",
    "articles",
    "articles.desk",
    "articles.live",
    "articles.renders",
]

# newsroom/middleware.py: stock middlewares that do no work for anonymous reads.
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "newsroom.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Reads after a write stay on the primary (newsroom/replicas.py).
    "newsroom.replicas.PrimaryAfterWriteMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "corsheaders.middleware.CorsMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    # The admin in the editor's own language (articles/desk/language.py).
    "articles.desk.language.DeskLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "newsroom.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.HistoryRequestMiddleware",
    # As django-axes asks, after the authentication middleware: turns a
    # locked-out login into its answer.
    "axes.middleware.AxesMiddleware",
    # Last, so that a page-cache hit passes every middleware above
    # (the CSP and security headers included).
    "articles.caching.PageCacheMiddleware",
]

ROOT_URLCONF = "newsroom.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "articles.site.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "newsroom.wsgi.application"

# --- Database connections ---
# Persistent connections, one per gunicorn sync worker, checked before reuse
# (CONN_HEALTH_CHECKS), rather than psycopg's pool: a sync worker serves one
# request at a time, so a pool per process would hold one connection anyway,
# and CONN_MAX_AGE works the same on SQLite. (The pool and CONN_MAX_AGE are
# exclusive; the pool pays off only with threaded workers.)
CONN_MAX_AGE = int(os.environ.get("CONN_MAX_AGE", "0" if DEBUG else "600"))
DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=CONN_MAX_AGE,
        conn_health_checks=True,
    )
}

# --- Read replicas ---
# DATABASE_REPLICA_URLS (comma-separated) adds the aliases replica1, replica2...
# and a router: reads to a replica, writes (and the reads that follow them) to
# the primary. See newsroom/replicas.py.
DATABASE_REPLICAS = []
for number, url in enumerate(env_list("DATABASE_REPLICA_URLS", []), start=1):
    DATABASE_REPLICAS.append(f"replica{number}")
    DATABASES[f"replica{number}"] = {
        **dj_database_url.parse(
            url, conn_max_age=CONN_MAX_AGE, conn_health_checks=True
        ),
        "TEST": {"MIRROR": "default"},
    }
if DATABASE_REPLICAS:
    DATABASE_ROUTERS = ["newsroom.replicas.ReplicaRouter"]
# Seconds a replica may lag: pages rendered that soon after a change are kept
# only that long by the page cache.
DATABASE_REPLICA_LAG = int(os.environ.get("DATABASE_REPLICA_LAG", "5"))

# Operations: an unreachable PostgreSQL fails a request within seconds (a 503,
# see newsroom/errors.py) instead of hanging it; `?connect_timeout=` in
# DATABASE_URL overrides. conn_health_checks above drops a persistent
# connection the server has closed, so the app recovers by itself.
# On SQLite a write waits up to 20 s for another worker's write to finish
# rather than failing at once: transactions take the write lock when they
# begin (IMMEDIATE), so two of them never deadlock upgrading a read lock.
for database in DATABASES.values():
    if database["ENGINE"] == "django.db.backends.postgresql":
        database.setdefault("OPTIONS", {}).setdefault("connect_timeout", 3)
    elif database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("OPTIONS", {}).setdefault("timeout", 20)
        database["OPTIONS"].setdefault("transaction_mode", "IMMEDIATE")

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Language and time: the desk writes in Spanish from Ecuador.
LANGUAGE_CODE = "es"
LANGUAGES = [("es", _("Spanish")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Guayaquil")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
FIXTURE_DIRS = [BASE_DIR / "fixtures"]
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Hashed, compressed names in production; plain files while developing,
    # so that neither runserver nor the tests need a collectstatic first.
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# --- Cache ---
# Redis when REDIS_URL is set (shared by every app server: page cache,
# throttle counts), this process's memory otherwise. The page cache itself is
# articles/caching.py; PAGE_CACHE=0 turns it off (e.g. to time uncached pages).
# --- Media storage ---
# Photos go to an S3-compatible bucket (AWS, MinIO, R2...) through
# django-storages when AWS_STORAGE_BUCKET_NAME is set, so that every app server
# sees the same files; otherwise to MEDIA_ROOT. Credentials are read by boto3
# from its usual places (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, a role).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
if AWS_STORAGE_BUCKET_NAME:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": AWS_STORAGE_BUCKET_NAME,
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            # A CDN or public bucket domain serves the files; plain URLs
            # (no signature) when the bucket is public-read.
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            "querystring_auth": env_bool("AWS_QUERYSTRING_AUTH", False),
            "file_overwrite": False,
            # Every name holds one content for good: renditions are named by
            # a hash of what they are made of, originals by a random token,
            # and nothing is overwritten (file_overwrite off).
            "object_parameters": {
                "CacheControl": "public, max-age=31536000, immutable"
            },
        },
    }

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "newsroom",
        "KEY_PREFIX": "newsroom",
        "OPTIONS": {"MAX_ENTRIES": 1000},
    }
}
# Throttle counts must be seen by every worker: in Redis when there is one,
# in the database (`manage.py createcachetable`) otherwise, never per process.
CACHES["throttles"] = {
    "BACKEND": "django.core.cache.backends.db.DatabaseCache",
    "LOCATION": "newsroom_cache",
    "KEY_PREFIX": "newsroom",
    # A count outlives its window (its key names the window): the database
    # cache's increment writes it again with this timeout.
    "TIMEOUT": 24 * 60 * 60,
}
if os.environ.get("REDIS_URL"):
    # Down, Redis answers like an empty cache and logs a warning
    # (newsroom/cache.py): pages render, throttles let requests through.
    CACHES["default"] = redis_cache(os.environ["REDIS_URL"], KEY_PREFIX="newsroom")
    CACHES["throttles"] = CACHES["default"]
# On by default with Redis (shared by all workers and servers, so a publish
# reaches them all) and in development; with DEBUG=0 and no Redis each worker
# would keep its own copies, stale after a publish elsewhere: off.
PAGE_CACHE = env_bool("PAGE_CACHE", bool(os.environ.get("REDIS_URL")) or DEBUG)
# Readers get an article's stored renders (articles/renders/) while they are
# fresh; off, every article is rendered live (the renders are still made).
STORED_RENDERS = env_bool("STORED_RENDERS", True)
PAGE_CACHE_TIMEOUT = int(os.environ.get("PAGE_CACHE_TIMEOUT", "300"))
# Shared caches (a CDN, Varnish) read the dependency keys of every public
# answer from this header and are purged by key (articles/purging.py):
# Surrogate-Key (Fastly, Varnish xkey: space-separated) or Cache-Tag
# (Cloudflare, Akamai: comma-separated).
SURROGATE_KEY_HEADER = os.environ.get("SURROGATE_KEY_HEADER", "Surrogate-Key")
# The purger: articles.purging.NoPurger (none), VarnishPurger (VARNISH_URLS,
# comma-separated), FastlyPurger or CloudflarePurger (tokens from the env).
PURGER = os.environ.get("PURGER", "articles.purging.NoPurger")
VARNISH_URLS = [
    url for url in os.environ.get("VARNISH_URLS", "").split(",") if url.strip()
]

# Behind a TLS-terminating proxy that sets X-Forwarded-Proto: https.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = not DEBUG
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = 0 if DEBUG else 60 * 60 * 24 * 365
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
X_FRAME_OPTIONS = "DENY"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# --- Hardening --------------------------------------------------------------
# Content Security Policy (django-csp 4). Kept as a dict of directives so that
# Django 6's SECURE_CSP can take it over as it is. Scripts and styles come only
# from our own static files: no inline script, no inline style, no plugin, no
# <base>, and no framing. Swagger UI (/api/docs/) needs no exception: its
# start-up script is served as a file of its own (newsroom/urls.py).
# The body's rich-text editor (articles/admin/writing.py): django-prose-editor
# with the newsroom's module, which adds the photo and embed blocks.
DJANGO_PROSE_EDITOR_PRESETS = {
    "newsroom": [
        Script("django_prose_editor/editor.js", type="module"),
        Script("js/body-editor.js", type="module"),
    ]
}

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        # NONCE: the rich-text editor's import map in the admin (JSON, no
        # code); an answer that renders no nonce has no nonce in its policy.
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        # Only the players of the providers an article may embed, loaded
        # when a reader asks for one (articles/embeds.py).
        "frame-src": FRAME_HOSTS,
        "object-src": [NONE],
        "base-uri": [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
    }
}

# Uploaded photos: a cap on the file and on the pixels it unpacks to (a
# decompression bomb is a small file that unpacks to gigabytes).
PHOTO_MAX_UPLOAD_BYTES = int(os.environ.get("PHOTO_MAX_UPLOAD_MB", "20")) * 1024 * 1024
PHOTO_MAX_PIXELS = 50_000_000

# Login lock-out (django-axes): after AXES_FAILURE_LIMIT failed logins an
# account is locked from that address for AXES_COOLOFF_TIME, even with the
# right password; in the admin and at the API's token endpoint.
AUTHENTICATION_BACKENDS = [
    "articles.lockout.LockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# The lock lasts AXES_COOLOFF_TIME from the last counted failure, as the
# message says; attempts while locked out do not prolong it.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_CALLABLE = "articles.lockout.lockout_response"
# The client's address is REMOTE_ADDR unless TRUSTED_PROXY_COUNT proxies in
# front of the app are declared; then it is the address the first of them
# wrote in X-Forwarded-For. A header with more hops than that (a client
# writing its own X-Forwarded-For) is not believed: REMOTE_ADDR counts.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))
AXES_IPWARE_PROXY_ORDER = "left-most"
if TRUSTED_PROXY_COUNT:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR", "REMOTE_ADDR")
    AXES_IPWARE_PROXY_COUNT = TRUSTED_PROXY_COUNT - 1
else:
    AXES_IPWARE_META_PRECEDENCE_ORDER = ("REMOTE_ADDR",)
    AXES_IPWARE_PROXY_COUNT = None
# --- end of hardening ----------------------------------------------------------

# The newsroom's own identity, used by feeds, JSON-LD and ninjs.
NEWSROOM_NAME = os.environ.get("NEWSROOM_NAME", "Newsroom")
NEWSROOM_URI_AUTHORITY = os.environ.get("NEWSROOM_URI_AUTHORITY", "newsroom.example")
NEWSROOM_COPYRIGHT_HOLDER = os.environ.get("NEWSROOM_COPYRIGHT_HOLDER", NEWSROOM_NAME)

# The article form: how often it autosaves its unsaved state and says the
# editor is still there, when an editor whose page went quiet stops counting
# as present, and the largest unsaved form kept (seconds, bytes).
DESK_AUTOSAVE_INTERVAL = float(os.environ.get("DESK_AUTOSAVE_INTERVAL", "5"))
DESK_HEARTBEAT_INTERVAL = float(os.environ.get("DESK_HEARTBEAT_INTERVAL", "10"))
DESK_PRESENCE_TIMEOUT = int(os.environ.get("DESK_PRESENCE_TIMEOUT", "35"))
# How often a live coverage page asks for new entries (15-30 s for readers).
LIVE_POLL_SECONDS = int(os.environ.get("LIVE_POLL_SECONDS", "20"))
DESK_AUTOSAVE_MAX_BYTES = 1024 * 1024

API_ANON_RATE = os.environ.get("API_ANON_RATE", "600/minute")

REST_FRAMEWORK = {
    # Token first: an anonymous write is answered 401 with WWW-Authenticate: Token.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "articles.api.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "articles.api.permissions.ModelPermissionsOrAnonReadOnly",
    ],
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "articles.api.pagination.KeysetPagination",
    "PAGE_SIZE": 20,
    "DEFAULT_SCHEMA_CLASS": "articles.api.schema.AutoSchema",
    "DEFAULT_THROTTLE_CLASSES": ["articles.api.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": API_ANON_RATE},
    # Who the anonymous throttle counts: REMOTE_ADDR, or what the trusted
    # proxies wrote in X-Forwarded-For, never what a client wrote there.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}

SPECTACULAR_SETTINGS = {
    "TITLE": "Newsroom API",
    "DESCRIPTION": """
Articles, photos, bylines and entities of the Newsroom desk, as JSON and as
IPTC ninjs 3.1 or 2.1 (`GET /api/v1/articles/{slug}/?format=ninjs`).

**Who sees what.** Anonymous clients read published articles only (and
scheduled ones whose time has come); drafts, articles in review, future
scheduled and withdrawn articles answer 404 and never appear in lists.
Editors (the Editor group, permission `articles.edit_any_article`) may read
any article and list others with `status`; reporters (`articles.view_article`
or `articles.change_article` without it) read published articles and their own.

**Writes** need `Authorization: Token <key>` (or an admin session with its
CSRF token) and Django's model permissions: `add_article`, `change_article`,
`add_entity`, `change_entity`, `add_articleupdate`, `change_articleupdate`.
They are validated like the admin and run in one transaction. Send the ETag
you read in `If-Match`: a stale one answers 412 and nothing is saved.
Reporters change only their own drafts and articles in review, and cannot
publish, schedule or withdraw (`articles.publish_article`,
`articles.withdraw_article`): 403 or 400 naming `status`.

**Input is strict.** Unknown, empty or repeated (where not repeatable) query
parameters, unknown slugs, malformed dates and bad orderings answer 400 with
the parameter's name as the key. `page_size` goes from 1 to 100; beyond, 400.

**Pages** are cut by an opaque `cursor` on a unique key (ordering field, then
id): follow `next`. To sync, walk `?updated_since=<time>&ordering=modified_at`:
no article is missed, unchanged articles come once, and an article saved during
the walk comes again, later, in its new `version`.

**Limits.** Anonymous clients get """
    + API_ANON_RATE
    + """ requests, then 429 with
`Retry-After`. Read endpoints allow CORS from the origins in
`CORS_ALLOWED_ORIGINS`.
""",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Machines authenticate with a token; the admin's session also works on
    # the API (with CSRF) but is not offered to API clients.
    "AUTHENTICATION_WHITELIST": ["articles.api.authentication.TokenAuthentication"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "articles.api.schema.describe_query_parameters",
    ],
    # Swagger UI served from our own static files, never from a CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "ArticleStatusEnum": "articles.editorial.workflow.ArticleStatus",
        "EntityKindEnum": "articles.models.entity.EntityKind",
        "EntityRoleEnum": "articles.models.article_entity.EntityRole",
        "BylineRoleEnum": "articles.models.author.BylineRole",
        "UpdateKindEnum": "articles.models.update.UpdateKind",
    },
}

# CORS for the read-only API: origins come from the environment.
CORS_ALLOWED_ORIGINS = env_list("CORS_ALLOWED_ORIGINS", [])
CORS_ALLOW_ALL_ORIGINS = env_bool("CORS_ALLOW_ALL_ORIGINS", False)
CORS_URLS_REGEX = r"^/api/.*$"
CORS_ALLOW_METHODS = ["GET", "HEAD", "OPTIONS"]
CORS_ALLOW_HEADERS = [
    "accept",
    "authorization",
    "if-none-match",
    "user-agent",
    "x-requested-with",
]
CORS_EXPOSE_HEADERS = ["ETag", "Retry-After"]

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "INFO")},
    # django-axes logs every login at INFO; lock-outs come at WARNING. The
    # worker says at INFO each time it finds the queue empty: only its
    # warnings (a job that failed) are worth a line.
    "loggers": {
        "axes": {"level": "WARNING"},
        "django_tasks_db": {"level": "WARNING"},
    },
}

# Background jobs (newsroom/queue.py): the database by default, TASKS_BACKEND=rq
# for Redis through RQ. A job taken by a worker longer ago than the lease is
# given to another one (its worker died).
TASKS = tasks_setting()
TASK_LEASE_SECONDS = int(os.environ.get("TASK_LEASE_SECONDS", 600))
if TASKS["default"]["BACKEND"] == BACKENDS["rq"]:
    INSTALLED_APPS.insert(INSTALLED_APPS.index("articles"), "django_rq")
    RQ_QUEUES = rq_queues_setting()

# Benchmarking (python -m benchmarks): BENCHMARK_FLOOR=1 serves the framework's
# floor at /bench/floor/, a fixed page with no database work. Never in production.
BENCHMARK_FLOOR = env_bool("BENCHMARK_FLOOR", False)
