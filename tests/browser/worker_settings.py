"""The settings of the task worker a browser test starts beside its live server: the test
settings, on the live server's database (DATABASE_URL) and task queue, with its media and upload
folders (the test settings would make new ones for each process)."""

import os
from pathlib import Path

from config.settings.test import *  # noqa: F403

TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}
MEDIA_ROOT = Path(os.environ["WORKER_MEDIA_ROOT"])
IMPORTER_UPLOAD_ROOT = Path(os.environ["WORKER_UPLOAD_ROOT"])
