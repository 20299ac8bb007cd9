"""Settings shared by every environment. Environment-specific modules override these."""

import os
import tempfile
from datetime import timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF

CONFIG_DIR = Path(__file__).resolve().parent.parent
SITE_DIR = CONFIG_DIR.parent
BASE_DIR = SITE_DIR.parent

INSTALLED_APPS = [
    "home",
    "blog",
    "importer",
    "page_cache",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "axes",
    "csp",
    "django_tasks",
    "django_tasks_db",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Outside the session middleware, so stored pages keep the headers it adds (see its docstring).
    "page_cache.middleware.PageCacheMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Outside the page cache would be better for the header, but inside it a cached page keeps
    # the header it was stored with (the policy has no nonce, so every copy is the same).
    "csp.middleware.CSPMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes asks: it answers a locked-out sign-in with the page below.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [SITE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]


def database_from_url(url, **options):
    """The DATABASES entry for `url`; SQLite gets the settings that let a server keep serving
    while an import writes."""
    database = dj_database_url.parse(url, **options)
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database["OPTIONS"] = {
            # Write-ahead logging: readers never wait for a writer, and a commit costs no disk
            # flush (synchronous=NORMAL survives a crash of the app; only a power cut can lose
            # the last commits). IMMEDIATE transactions take the write lock up front, so a
            # writer waits its turn (up to `timeout` seconds) instead of failing with
            # "database is locked" halfway through.
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return database


# One URL selects the database everywhere: a SQLite file in the checkout unless told otherwise.
DATABASES = {
    "default": database_from_url(
        os.environ.get("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=int(os.environ.get("DB_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Sign-in throttling (django-axes): after AXES_FAILURE_LIMIT failed sign-ins from one address, or
# for one user name, further sign-ins from it or for it are refused for AXES_COOLOFF_TIME after
# the last try, whatever the password. A good sign-in clears the count.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["ip_address", "username"]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "wagtailadmin/login_locked_out.html"
AXES_CLIENT_IP_CALLABLE = "config.client_ip.client_ip"
# How many proxies in front of the app append to X-Forwarded-For (config/client_ip.py): none
# unless the environment says so, since a header anyone can send must not choose the address.
TRUSTED_PROXY_COUNT = int(os.environ.get("TRUSTED_PROXY_COUNT", "0"))

LANGUAGE_CODE = "en-ca"
# The clinic is in Edmonton: naive dates in imported posts are read in this zone.
TIME_ZONE = os.environ.get("TIME_ZONE", "America/Edmonton")
USE_I18N = True
USE_TZ = True

# Phone numbers written without a country code ("587-938-0458") are dialled in this region.
PHONE_REGION = os.environ.get("PHONE_REGION", "CA")

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [SITE_DIR / "static"]
STATIC_ROOT = BASE_DIR / "staticfiles"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The page editor posts one field per block value; long imported posts have many blocks.
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# Anonymous visitors get whole pages from the cache for this long, or until the next publish
# purges them (site/page_cache/). Off unless set: production turns it on.
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "0"))

# Content-Security-Policy (django-csp) on every response: scripts, styles, fonts and pictures from
# this site only (plus media storage's host), videos from the two players embeds make, no
# plugins, and forms that post only here. No 'unsafe-inline' or 'unsafe-eval': nothing the site
# serves needs them (JSON-LD is data, which a policy doesn't govern), so a script slipped into
# a page cannot run. Wagtail's admin still runs a few inline scripts of its own, so it is left
# out: this policy guards what visitors see (and the editors' user bar on those pages).
CONTENT_SECURITY_POLICY = {
    "EXCLUDE_URL_PREFIXES": ["/admin/"],
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": [SELF, "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [SELF],
    },
}

# The clinic's name, written once: the admin's title, the name a new site and its Booking settings
# start with (setup_site), and what pages show when Booking settings have none.
WAGTAIL_SITE_NAME = "Stone Massage"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# The admin loads nothing from other hosts either: no editor's email goes to Gravatar, and no
# editor's browser asks wagtail.org for release news.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_FORMAT_CONVERSIONS = {"bmp": "png", "gif": "gif"}

# Imported YouTube and Vimeo videos are turned into players without asking the provider first,
# so pages render the same offline, in tests, and when an oEmbed endpoint is slow.
WAGTAILEMBEDS_FINDERS = [
    {"class": "blog.embeds.VideoPlayerFinder"},
    {"class": "wagtail.embeds.finders.oembed"},
]

TAGGIT_CASE_INSENSITIVE = True

# Background work (django-tasks): queued in the database and run by `manage.py db_worker`, which
# `make run` starts beside the web server. Imports from the admin run there, and so do Wagtail's
# own tasks (reference index updates, deleting the files of deleted images). Production may put
# the queue on Redis instead (TASKS_REDIS_URL, config/settings/production.py).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# "Import posts" in the admin (importer/admin_import/). Uploads are unpacked here, each in a
# private folder of its own: outside MEDIA_ROOT, as nothing in them is meant to be served.
IMPORTER_UPLOAD_ROOT = Path(
    os.environ.get("IMPORTER_UPLOAD_ROOT", Path(tempfile.gettempdir()) / "clinic-blog-imports")
)
# Limits an upload must keep, checked while it is received and unpacked (an archive's own
# sizes can lie): the archive itself, everything unpacked, how many files, and how much bigger
# than its compressed bytes a file may grow (a "zip bomb" grows a thousandfold and more).
IMPORTER_UPLOAD_MAX_BYTES = int(os.environ.get("IMPORTER_UPLOAD_MAX_BYTES", 200 * 1024 * 1024))
IMPORTER_UNPACKED_MAX_BYTES = int(os.environ.get("IMPORTER_UNPACKED_MAX_BYTES", 1024 * 1024 * 1024))
IMPORTER_UNPACKED_MAX_FILES = int(os.environ.get("IMPORTER_UNPACKED_MAX_FILES", 20_000))
IMPORTER_MAX_COMPRESSION_RATIO = int(os.environ.get("IMPORTER_MAX_COMPRESSION_RATIO", 100))
# Tags an imported post keeps (the first ones its front matter lists); the rest are left out
# with a warning. A real post has a handful; thousands would hold the database for minutes.
IMPORTER_MAX_TAGS_PER_POST = int(os.environ.get("IMPORTER_MAX_TAGS_PER_POST", 30))

# What all the unpacked uploads waiting for their import (or being imported) may take together:
# an upload that would go past it is refused until previews are confirmed or cancelled.
IMPORTER_UPLOADS_WAITING_MAX_BYTES = int(
    os.environ.get("IMPORTER_UPLOADS_WAITING_MAX_BYTES", 3 * 1024 * 1024 * 1024)
)
# An unpacked upload is deleted when its import ends; one left behind (a preview never
# confirmed, a run whose worker died) is deleted this long after it was uploaded.
IMPORTER_UPLOAD_MAX_AGE = timedelta(
    hours=float(os.environ.get("IMPORTER_UPLOAD_MAX_AGE_HOURS", 24))
)
# A running import shows it is alive every few seconds; one silent for this long lost its worker
# (killed, or the machine restarted) and is marked failed, with the posts it had done.
IMPORTER_RUN_STALE_AFTER = timedelta(
    seconds=float(os.environ.get("IMPORTER_RUN_STALE_SECONDS", 120))
)
