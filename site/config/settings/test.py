"""The test suite: fast hashing, throwaway media, the database from DATABASE_URL."""

import tempfile
from pathlib import Path

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = "test-only-not-secret"
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="clinic-blog-test-media-"))
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Tests that exercise the full-page cache turn it on themselves; the rest see fresh pages.
PAGE_CACHE_SECONDS = 0
# Background tasks (Wagtail's, and imports from the admin) run at once, inside the call that
# queues them; the browser test that drives a real worker puts them back on the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
IMPORTER_UPLOAD_ROOT = Path(tempfile.mkdtemp(prefix="clinic-blog-test-imports-"))
