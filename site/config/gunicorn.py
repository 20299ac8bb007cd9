"""gunicorn settings: `gunicorn -c site/config/gunicorn.py` from the checkout serves the site.

Everything a deployment tunes comes from the environment, so the same file serves one small
machine and a fleet behind a load balancer.
"""

import multiprocessing
import os
import sys
from pathlib import Path

# The Django project lives in site/, which is not a package. gunicorn's own `pythonpath` setting
# is applied too late for `--check-config`, so the path is set here, where every worker inherits it.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
# config/wsgi.py selects config.settings.production unless DJANGO_SETTINGS_MODULE says otherwise.
wsgi_app = "config.wsgi:application"

bind = os.environ.get("GUNICORN_BIND", f"127.0.0.1:{os.environ.get('PORT', '8000')}")
# Synchronous workers: page rendering is CPU-bound and the page cache answers most requests in
# well under a millisecond, so processes (gunicorn's 2 x cores + 1) beat threads.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Load Django once in the master and fork the workers from it: they share its memory, start in
# milliseconds, and a worker recycled under load doesn't stall while it imports Wagtail again
# (which, under a wrk run on two cores, pushed requests past wrk's 2-second timeout).
# Connections to the database and Redis are only opened per worker, on first use.
preload_app = True
# Recycle workers now and then so a slow leak can never take a machine down; the jitter keeps
# them from all restarting at once.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "20000"))
max_requests_jitter = max_requests // 10
# Heartbeat files on a RAM disk: a busy or slow disk must not make gunicorn kill healthy workers.
worker_tmp_dir = "/dev/shm" if os.path.isdir("/dev/shm") else None

accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
