"""Production: every secret, host and service comes from the environment, never from this file.

Required: SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL. Optional: CSRF_TRUSTED_ORIGINS, REDIS_URL (a
cache shared by every worker and machine), TASKS_REDIS_URL (the task queue on Redis, for RQ
workers), AWS_STORAGE_BUCKET_NAME and friends (media on S3-compatible object storage). The
README's Production section lists them all.
"""

import copy
import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import (
    BASE_DIR,
    CONTENT_SECURITY_POLICY,
    INSTALLED_APPS,
    MIDDLEWARE,
    STORAGES,
    database_from_url,
)


def _required(name):
    value = os.environ.get(name)
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable for production.")
    return value


def _list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def _flag(name, default):
    return os.environ.get(name, default).strip().lower() in ("1", "true", "yes", "on")


DEBUG = False
SECRET_KEY = _required("SECRET_KEY")
ALLOWED_HOSTS = _list("ALLOWED_HOSTS")
CSRF_TRUSTED_ORIGINS = _list("CSRF_TRUSTED_ORIGINS")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "")

# Production never falls back to the SQLite file in the checkout: a forgotten DATABASE_URL must
# fail at start-up, not quietly serve an empty site. Persistent connections with health checks
# save a connection set-up per request behind gunicorn.
DATABASES = {
    "default": database_from_url(
        _required("DATABASE_URL"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}

# The cache holds the full-page cache and Wagtail's own lookups. It must be shared by every
# gunicorn worker, or a publish would purge only the worker that handled it: Redis when
# REDIS_URL is set (needed once there is more than one machine), else files on this machine.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache.SharedClientRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "clinic-blog"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": os.environ.get("CACHE_DIR", str(BASE_DIR / ".cache")),
            "OPTIONS": {"MAX_ENTRIES": 20_000},
        }
    }
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "3600"))

# Background tasks: the database queue and `manage.py db_worker` (base settings) on one machine;
# with TASKS_REDIS_URL, a queue on Redis that RQ workers on any machine take tasks from
# (`manage.py rqworker --job-class django_tasks_rq.Job default`). Its own Redis database, not
# the cache's: a cache may drop keys when it is full, and a queue must never.
TASKS_REDIS_URL = os.environ.get("TASKS_REDIS_URL", "")
if TASKS_REDIS_URL:
    INSTALLED_APPS = [*INSTALLED_APPS, "django_rq", "django_tasks_rq"]
    TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["default"]}}
    # RQ stops a job after DEFAULT_TIMEOUT seconds (three minutes unless set); importing a big
    # blog takes longer.
    RQ_QUEUES = {
        "default": {
            "URL": TASKS_REDIS_URL,
            "DEFAULT_TIMEOUT": int(os.environ.get("TASKS_TIMEOUT_SECONDS", "21600")),
        }
    }

# Static files are served by the app itself through whitenoise (right after SecurityMiddleware,
# as whitenoise asks), compressed and with content-hashed names so browsers and CDNs can keep
# them forever. `manage.py collectstatic` must run at deploy time.
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1,
    "whitenoise.middleware.WhiteNoiseMiddleware",
)
# HTML is compressed on the way out, outside the page cache, so a hit is compressed too (the test
# asserts a post shrinks to under half) and the cache keeps one plain copy for every visitor.
# Compressing a page that holds a secret next to text an attacker chooses can leak the secret
# (BREACH): public pages hold no secret (the page cache never stores a page with a CSRF token or
# a cookie), the admin's CSRF tokens are masked afresh in every response, and Django's
# GZipMiddleware pads every response with random bytes, which is the published mitigation.
MIDDLEWARE.insert(
    MIDDLEWARE.index("page_cache.middleware.PageCacheMiddleware"),
    "django.middleware.gzip.GZipMiddleware",
)
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Media (uploaded and imported images, documents) on S3-compatible object storage when a bucket
# is named, so every machine sees the same files. Credentials are read by boto3 from
# AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (or an instance role), never from here.
if os.environ.get("AWS_STORAGE_BUCKET_NAME"):
    STORAGES["default"] = {
        # django-storages' S3Storage, setting each file's type and disposition (config/storage.py).
        "BACKEND": "config.storage.MediaStorage",
        "OPTIONS": {
            "bucket_name": os.environ["AWS_STORAGE_BUCKET_NAME"],
            "endpoint_url": os.environ.get("AWS_S3_ENDPOINT_URL") or None,
            "region_name": os.environ.get("AWS_S3_REGION_NAME") or None,
            "custom_domain": os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None,
            # Wagtail names renditions after their source; never let one upload replace another.
            "file_overwrite": False,
            # Media is public: plain URLs can be cached by browsers, the CDN and the page cache.
            "querystring_auth": _flag("AWS_QUERYSTRING_AUTH", "false"),
        },
    }
    # Pictures then come from the storage's host: the policy lets pages show them.
    _bucket = os.environ["AWS_STORAGE_BUCKET_NAME"]
    _media_origin = (
        f"https://{os.environ['AWS_S3_CUSTOM_DOMAIN']}"
        if os.environ.get("AWS_S3_CUSTOM_DOMAIN")
        else os.environ.get("AWS_S3_ENDPOINT_URL") or f"https://{_bucket}.s3.amazonaws.com"
    )
    CONTENT_SECURITY_POLICY = copy.deepcopy(CONTENT_SECURITY_POLICY)
    CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"].append(_media_origin.rstrip("/"))

# Which requests came over HTTPS. gunicorn already trusts X-Forwarded-Proto from a proxy on this
# machine (its forwarded_allow_ips), which is all a one-machine deployment needs. A proxy on
# another machine names the header it sets in SECURE_PROXY_SSL_HEADER (e.g. X-Forwarded-Proto):
# trusting it is only safe when the app can be reached through that proxy alone, which replaces
# the header, or anyone could claim HTTPS; so it is never trusted unless set.
_proxy_ssl_header = os.environ.get("SECURE_PROXY_SSL_HEADER", "").strip()
SECURE_PROXY_SSL_HEADER = (
    ("HTTP_" + _proxy_ssl_header.upper().replace("-", "_"), "https") if _proxy_ssl_header else None
)
SECURE_SSL_REDIRECT = _flag("SECURE_SSL_REDIRECT", "true")
SECURE_HSTS_SECONDS = int(os.environ.get("SECURE_HSTS_SECONDS", "31536000"))
# Both reach beyond this site and are slow to undo (browsers keep them for SECURE_HSTS_SECONDS,
# the preload list for months): on only when the owner of the whole domain says so.
SECURE_HSTS_INCLUDE_SUBDOMAINS = _flag("SECURE_HSTS_INCLUDE_SUBDOMAINS", "false")
SECURE_HSTS_PRELOAD = _flag("SECURE_HSTS_PRELOAD", "false")
# check --deploy warns whenever either is off; off is the deliberate default here.
SILENCED_SYSTEM_CHECKS = [
    *([] if SECURE_HSTS_INCLUDE_SUBDOMAINS else ["security.W005"]),
    *([] if SECURE_HSTS_PRELOAD else ["security.W021"]),
]
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

# gunicorn collects stderr; errors must reach it rather than Django's default email-only path.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
