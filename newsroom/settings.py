"""Newsroom settings: one flat file, read from the environment.

With nothing set, the site runs in DEBUG on a SQLite file inside the project,
so ``make run`` works on a fresh clone. In production (``DJANGO_DEBUG`` off)
a missing secret key stops start-up with ``ImproperlyConfigured``.
"""

import datetime
import os
from pathlib import Path

import dj_database_url
from csp.constants import NONCE
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env_bool(name, default=False):
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# --- Django -----------------------------------------------------------------

DEBUG = env_bool("DJANGO_DEBUG", default=True)

SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off "
            "(generate one with: python -c 'import secrets; print(secrets.token_urlsafe(50))')."
        )
    SECRET_KEY = "local-development-only-not-secret"  # noqa: S105 (DEBUG only)

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]" if DEBUG else "")
if not DEBUG and not ALLOWED_HOSTS:
    raise ImproperlyConfigured("DJANGO_ALLOWED_HOSTS must be set when DJANGO_DEBUG is off.")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")
# A form refused for a stale token keeps an article's words and says how to get them back.
CSRF_FAILURE_VIEW = "articles.views.csrf_failure"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "taggit",
    "django_prose_editor",
    "csp",
    "safetext",
    "django_tasks",
    "django_tasks_db",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "ninja",  # serves the API docs page's Swagger UI from its own static files, not a CDN
    "audit",
    "images",
    "people",
    "articles",
    "accounts",
    "health",
    "archive",
    "insights",
    "api",
    "mirror",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Early, so redirects from the gates below (second factor, lifetime) carry the headers too.
    "accounts.headers.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Cached public pages for readers without a session, before the session/auth/CSRF work.
    "articles.replicas.ReplicaReadsMiddleware",
    "articles.caching.PublicPageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The desk speaks the editor's language (language cookie, else the browser's), whatever the site's URLs say.
    "accounts.middleware.DeskLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "accounts.headers.NullOriginMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.SessionLifetimeMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.AuditContextMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "accounts.middleware.SecondFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    # Innermost, so the 503 it answers for a database outage still passes every header middleware above.
    "health.middleware.DatabaseUnavailableMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Several requests write at once in the browser tests; wait rather than fail.
    DATABASES["default"].setdefault("OPTIONS", {})["timeout"] = 20
elif DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # A database host that does not answer fails the request in seconds (a 503), not at the worker timeout.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "connect_timeout", int(os.environ.get("DATABASE_CONNECT_TIMEOUT", "5"))
    )
# Read replicas: anonymous public reads go to one of these, everything else to the primary.
NEWSROOM_READ_REPLICAS = []
for _number, _url in enumerate(env_list("DATABASE_REPLICA_URLS"), start=1):
    _alias = f"replica_{_number}"
    DATABASES[_alias] = dj_database_url.parse(
        _url, conn_max_age=DATABASES["default"]["CONN_MAX_AGE"], conn_health_checks=True
    )
    # Tests treat a replica as the primary itself; nothing migrates it (it copies the primary).
    DATABASES[_alias]["TEST"] = {"MIRROR": "default"}
    NEWSROOM_READ_REPLICAS.append(_alias)
DATABASE_ROUTERS = ["articles.replicas.ReplicaRouter"]
# Seconds after a public change during which public reads still use the primary (replication lag).
NEWSROOM_REPLICA_MAX_LAG = float(os.environ.get("NEWSROOM_REPLICA_MAX_LAG", "10"))
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

_cache_url = os.environ.get("CACHE_URL", "")
if not DEBUG and not _cache_url:
    # Public pages are cached and invalidated through the cache; a per-process default would
    # leave other gunicorn workers serving a withdrawn story until their copy expires.
    raise ImproperlyConfigured(
        "CACHE_URL must be set when DJANGO_DEBUG is off: redis://host:6379/0 for a cache every worker "
        "shares, locmem:// only with a single worker process, or dummy:// for no cache."
    )
if _cache_url.startswith(("redis://", "rediss://")):
    CACHES = {
        "default": {
            # A Redis that is down or slow reads as a cache miss (pages render uncached) instead of an error.
            "BACKEND": "health.cache.ResilientRedisCache",
            "LOCATION": _cache_url,
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": float(os.environ.get("CACHE_CONNECT_TIMEOUT", "0.25")),
                "socket_timeout": float(os.environ.get("CACHE_TIMEOUT", "0.5")),
            },
        }
    }
elif _cache_url.startswith("dummy://"):
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
elif _cache_url and not _cache_url.startswith("locmem://"):
    raise ImproperlyConfigured(
        f"CACHE_URL must start with redis://, rediss://, locmem:// or dummy://, not {_cache_url!r}."
    )
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "newsroom"}}

# Django's password check behind django-axes' lockout: a locked-out login is refused unchecked.
AUTHENTICATION_BACKENDS = ["accounts.lockout.LockoutBackend"]
# Where a login without a (safe) ``next`` lands: the desk, never /accounts/profile/.
LOGIN_URL = "admin:login"
LOGIN_REDIRECT_URL = "admin:index"

# Sessions: an idle session ends after SESSION_COOKIE_AGE (the expiry moves on with every
# request), and any session ends NEWSROOM_SESSION_MAX_AGE after its login however busy it is.
SESSION_COOKIE_AGE = int(os.environ.get("NEWSROOM_SESSION_IDLE_SECONDS", str(12 * 3600)))
SESSION_SAVE_EVERY_REQUEST = True
NEWSROOM_SESSION_MAX_AGE = int(os.environ.get("NEWSROOM_SESSION_MAX_AGE_SECONDS", str(7 * 24 * 3600)))

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
# The interface languages; the admin's own words come from Django's catalogues, ours from locale/.
LANGUAGES = [("en-gb", "English"), ("ru", "Русский"), ("ar", "العربية")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("DJANGO_TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = os.environ.get("MEDIA_URL", "/media/")
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Media on S3-compatible object storage (AWS S3, MinIO, Ceph, Scaleway…) when a bucket is named;
# the local filesystem (MEDIA_ROOT) otherwise. Renditions get plain public URLs (optionally on
# MEDIA_S3_CUSTOM_DOMAIN, a CDN host), originals signed short-lived ones: see images/storage.py.
MEDIA_S3_BUCKET = os.environ.get("MEDIA_S3_BUCKET", "")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "images.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "location": os.environ.get("MEDIA_S3_PREFIX", ""),
            "endpoint_url": os.environ.get("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("MEDIA_S3_REGION") or None,
            # Empty: boto3's own chain (instance role, AWS_* variables, ~/.aws).
            "access_key": os.environ.get("MEDIA_S3_ACCESS_KEY_ID") or None,
            "secret_key": os.environ.get("MEDIA_S3_SECRET_ACCESS_KEY") or None,
            "custom_domain": os.environ.get("MEDIA_S3_CUSTOM_DOMAIN") or None,
            "addressing_style": os.environ.get("MEDIA_S3_ADDRESSING_STYLE") or None,
            "signature_version": "s3v4",
            "default_acl": None,  # access comes from the bucket policy, never per-object ACLs
            "file_overwrite": False,
            "querystring_expire": 3600,
            # Names are random and never rewritten: a copy may be kept for a year.
            "object_parameters": {"CacheControl": "public, max-age=31536000, immutable"},
        },
    }

# Uploads: photos from the field can be large, but nothing beyond this is an image we want.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

EMAIL_BACKEND = os.environ.get("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = int(os.environ.get("EMAIL_PORT", "25"))
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS")
EMAIL_USE_SSL = env_bool("EMAIL_USE_SSL")
# Workflow e-mail is sent by the task worker, never inside a request; a stuck server still must not hold it.
EMAIL_TIMEOUT = int(os.environ.get("EMAIL_TIMEOUT", "10"))
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "newsroom@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: strict by default in production, relaxed for local HTTP.
NEWSROOM_BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if NEWSROOM_BEHIND_PROXY else None
SECURE_SSL_REDIRECT = env_bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
# Load balancers probe the health check over plain HTTP; a redirect would read as "down".
SECURE_REDIRECT_EXEMPT = [r"^healthz(/live)?/?$"]
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0" if DEBUG else "31536000"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
# Public pages; the desk (every /admin/ page, the preview included) sends no-referrer instead,
# see accounts/headers.py.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("DJANGO_LOG_LEVEL", "INFO")},
}

# --- Third-party ------------------------------------------------------------

# Background work (workflow e-mail, image renditions) is queued in the database and run by
# `python manage.py db_worker`, a process beside the web server. TASKS_BACKEND=immediate runs
# each task inside the request instead (no worker needed; a slow mail server then slows the desk).
_tasks_backend = os.environ.get("TASKS_BACKEND", "database")
if _tasks_backend not in {"database", "immediate"}:
    raise ImproperlyConfigured(f"TASKS_BACKEND must be database or immediate, not {_tasks_backend!r}.")
TASKS = {
    "default": {
        "BACKEND": (
            "django_tasks_db.DatabaseBackend"
            if _tasks_backend == "database"
            else "django_tasks.backends.immediate.ImmediateBackend"
        ),
    }
}

TAGGIT_CASE_INSENSITIVE = True

# How often an open article form sends its words to the server (articles/autosave.py).
NEWSROOM_AUTOSAVE_SECONDS = int(os.environ.get("NEWSROOM_AUTOSAVE_SECONDS", "30"))

# The public site loads nothing from anywhere but itself. The desk (/admin/) gets
# NEWSROOM_ADMIN_CSP instead (accounts/headers.py).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "style-src": ["'self'"],
        "script-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    },
}

# The desk: scripts only from the site itself or carrying this response's nonce (the rich-text
# editor's import map); inline style attributes stay allowed, inline scripts do not.
NEWSROOM_ADMIN_CSP = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "style-src": ["'self'", "'unsafe-inline'"],
    "script-src": ["'self'", NONCE],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
}

# Login throttling (django-axes), kept in the database so every worker sees the same count.
# Counted per login name: ten wrong passwords lock that account for the cool-off wherever they
# come from, and other people behind the same address (a newsroom, a mobile carrier's NAT) can
# still log in. One address guessing at many accounts is stopped by the wider per-address limit
# below (accounts/lockout.py). A locked login gets the same answer as a wrong password.
AXES_HANDLER = "accounts.lockout.FailClosedDatabaseHandler"
AXES_LOCKOUT_PARAMETERS = ["username"]
AXES_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_FAILURE_LIMIT", "10"))
AXES_COOLOFF_TIME = datetime.timedelta(minutes=int(os.environ.get("NEWSROOM_LOGIN_COOLOFF_MINUTES", "30")))
AXES_LOCKOUT_CALLABLE = "accounts.lockout.lockout_response"
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ADMIN = False
AXES_VERBOSE = False
# axes.W006 asks for ip_address among the lockout parameters; an address-wide lock would shut out a
# whole newsroom behind one NAT, so the address is limited separately (see above).
SILENCED_SYSTEM_CHECKS = ["axes.W006"]
# Failures one client address may make across all login names within the cool-off.
NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT = int(os.environ.get("NEWSROOM_LOGIN_ADDRESS_FAILURE_LIMIT", "100"))

# The second factor secures nothing if its secret is on every superuser's screen.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True
OTP_TOTP_ISSUER = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")

# --- Project ----------------------------------------------------------------

# Who must use a second factor at the desk: "staff-editors" (editors and superusers),
# "everyone" (every desk account) or "off". Anyone who enrolled is asked for a code anyway.
NEWSROOM_2FA_REQUIRED = os.environ.get("NEWSROOM_2FA_REQUIRED", "off" if DEBUG else "staff-editors")
if NEWSROOM_2FA_REQUIRED not in {"staff-editors", "everyone", "off"}:
    raise ImproperlyConfigured(
        f"NEWSROOM_2FA_REQUIRED must be staff-editors, everyone or off, not {NEWSROOM_2FA_REQUIRED!r}."
    )

NEWSROOM_SITE_NAME = os.environ.get("NEWSROOM_SITE_NAME", "Newsroom")
# Absolute base for canonical links, feeds and sitemaps, e.g. https://news.example.org
NEWSROOM_BASE_URL = os.environ.get("NEWSROOM_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
# Largest image upload accepted, in bytes, and largest pixel count Pillow may decode.
NEWSROOM_MAX_IMAGE_BYTES = int(os.environ.get("NEWSROOM_MAX_IMAGE_BYTES", str(10 * 1024 * 1024)))
NEWSROOM_MAX_IMAGE_PIXELS = int(os.environ.get("NEWSROOM_MAX_IMAGE_PIXELS", str(40_000_000)))
# Fernet keys for identities stored encrypted (people/encryption.py), comma-separated: the first
# encrypts, all decrypt. To rotate, put a new key first, then run `manage.py rotate_field_keys`.
NEWSROOM_FIELD_KEYS = env_list("NEWSROOM_FIELD_KEYS")
if not NEWSROOM_FIELD_KEYS:
    if not DEBUG:
        raise ImproperlyConfigured(
            "NEWSROOM_FIELD_KEYS must be set when DJANGO_DEBUG is off: confidential identities are stored "
            "encrypted with it (generate a key with: python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())', and keep it out of the database backups)."
        )
    # A fixed, published key so a local database stays readable between runs: it protects nothing.
    NEWSROOM_FIELD_KEYS = ["ZGV2ZWxvcG1lbnQtb25seS1ub3QtYS1zZWNyZXQtISE="]
# Workflow e-mail says only that an article needs attention, with a desk link: a watched mailbox
# learns no headline and no name. Turn headlines on only where mailboxes are safe.
NEWSROOM_MAIL_HEADLINES = env_bool("NEWSROOM_MAIL_HEADLINES", default=False)
# Delivery attempts per notification before it is marked failed (the waits between them double).
NEWSROOM_MAIL_ATTEMPTS = int(os.environ.get("NEWSROOM_MAIL_ATTEMPTS", "5"))
NEWSROOM_MAIL_RETRY_SECONDS = int(os.environ.get("NEWSROOM_MAIL_RETRY_SECONDS", "60"))
# /healthz reports the queue as degraded when its oldest waiting task is older than this.
NEWSROOM_QUEUE_MAX_AGE = int(os.environ.get("NEWSROOM_QUEUE_MAX_AGE", "300"))
# How long a database outage page asks clients and proxies to wait before retrying.
NEWSROOM_RETRY_AFTER = int(os.environ.get("NEWSROOM_RETRY_AFTER", "30"))
# CDN purge hook: a dotted path to a callable(urls, keys) run after each public change commits
# (e.g. "articles.cdn.http_purge"); empty for no CDN. See docs/deployment.md.
NEWSROOM_CDN_PURGE = os.environ.get("NEWSROOM_CDN_PURGE", "")
# Where http_purge sends its PURGE requests (the CDN or Varnish); default NEWSROOM_BASE_URL.
NEWSROOM_CDN_PURGE_ENDPOINT = os.environ.get("NEWSROOM_CDN_PURGE_ENDPOINT", "")
NEWSROOM_CDN_PURGE_TIMEOUT = float(os.environ.get("NEWSROOM_CDN_PURGE_TIMEOUT", "2"))
