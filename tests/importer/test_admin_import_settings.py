"""Background tasks: the database queue by default, RQ on Redis when production is told so; and
the documented limits of uploads."""

import json
import shutil
import socket
import subprocess
import sys
import time

import pytest

from config.settings import base
from tests.test_production_settings import ROOT, production_env

READ_TASKS = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps({'TASKS': s.TASKS, 'RQ_QUEUES': getattr(s, 'RQ_QUEUES', None), "
    "'INSTALLED_APPS': s.INSTALLED_APPS}))"
)


def production_settings(**env):
    result = subprocess.run(
        [sys.executable, "-c", READ_TASKS],
        cwd=ROOT,
        env={**production_env(**env), "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_tasks_go_to_the_database_queue_by_default():
    assert base.TASKS["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert {"django_tasks", "django_tasks_db"} <= set(base.INSTALLED_APPS)
    found = production_settings(TASKS_REDIS_URL=None)
    assert found["TASKS"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert found["RQ_QUEUES"] is None


def test_production_puts_the_queue_on_redis_when_told_to():
    found = production_settings(TASKS_REDIS_URL="redis://queue.internal:6379/1")
    assert found["TASKS"]["default"]["BACKEND"] == "django_tasks_rq.RQBackend"
    assert found["RQ_QUEUES"]["default"]["URL"] == "redis://queue.internal:6379/1"
    # RQ's own default would stop an import after three minutes.
    assert found["RQ_QUEUES"]["default"]["DEFAULT_TIMEOUT"] == 6 * 3600
    assert {"django_rq", "django_tasks_rq"} <= set(found["INSTALLED_APPS"])


def test_check_deploy_passes_with_the_rq_queue():
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production_env(TASKS_REDIS_URL="redis://queue.internal:6379/1"),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(not shutil.which("redis-server"), reason="needs redis-server")
def test_an_import_is_queued_on_redis_for_an_rq_worker(tmp_path):
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    server = subprocess.Popen(
        ["redis-server", "--port", str(port), "--save", "", "--dir", str(tmp_path)],
        stdout=subprocess.DEVNULL,
    )
    try:
        script = (
            "import django; django.setup(); import django_rq; "
            "from importer.admin_import.tasks import run_import; "
            "result = run_import.enqueue(42); queue = django_rq.get_queue('default'); "
            "job = queue.fetch_job(result.id); print(queue.count, job.func_name, job.args)"
        )
        env = {
            **production_env(TASKS_REDIS_URL=f"redis://127.0.0.1:{port}/0"),
            "PYTHONPATH": f"{ROOT}:{ROOT / 'site'}",
        }
        for _ in range(50):  # until the server answers
            with socket.socket() as client:
                if client.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        result = subprocess.run(
            [sys.executable, "-c", script],
            cwd=ROOT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        server.terminate()
        server.wait(timeout=10)
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["1", "importer.admin_import.tasks.run_import", "(42,)"]


def test_upload_limits_have_their_documented_defaults():
    assert base.IMPORTER_UPLOAD_MAX_BYTES == 200 * 1024 * 1024
    assert base.IMPORTER_UNPACKED_MAX_BYTES == 1024 * 1024 * 1024
    assert base.IMPORTER_UNPACKED_MAX_FILES == 20_000
    assert base.IMPORTER_MAX_COMPRESSION_RATIO == 100
    assert base.IMPORTER_UPLOAD_MAX_AGE.total_seconds() == 24 * 3600
    assert base.IMPORTER_RUN_STALE_AFTER.total_seconds() == 120
    assert base.IMPORTER_UPLOAD_ROOT.name == "clinic-blog-imports"
    assert base.MEDIA_ROOT not in [base.IMPORTER_UPLOAD_ROOT, *base.IMPORTER_UPLOAD_ROOT.parents]
