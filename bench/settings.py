"""The benchmark's settings: production's, on a scratch database, plus one trivial view.

bench/run.py sets the environment production reads (SECRET_KEY, DATABASE_URL...) before use.
"""

import os

from config.settings.production import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
STATIC_ROOT = os.environ["BENCH_STATIC_ROOT"]
MEDIA_ROOT = os.environ["BENCH_MEDIA_ROOT"]
# Requests reach gunicorn over plain HTTP with the X-Forwarded-Proto header a TLS proxy adds, so
# production's HTTPS redirect stays on. Errors still reach stderr; warnings would drown the output.
LOGGING = {"version": 1, "disable_existing_loggers": False}
# Wagtail's own background work (reference index updates, file deletions) done at once, as it
# was before the site had a task queue: queued, the plain loop would leave it to a worker the
# bench does not run, and look faster than the work it does.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
