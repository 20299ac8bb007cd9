"""What the admin keeps of each import: the upload, its options, its preview and its report.

Loaded with the importer's models (importer/models.py imports them), so they belong to the
``importer`` app and its permission is ``importer.run_import``.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.db import models
from django.db.models import Case, Q, Value, When


class ImportRun(models.Model):
    """One import from the admin, from its upload to its report."""

    class Status(models.TextChoices):
        PREVIEWING = "previewing", "Preparing the preview"
        PREVIEWED = "previewed", "Ready to import"
        QUEUED = "queued", "Waiting for the worker"
        RUNNING = "running", "Importing"
        FINISHED = "finished", "Finished"
        FAILED = "failed", "Failed"
        CANCELLED = "cancelled", "Cancelled"
        STOPPED = "stopped", "Stopped"

    ACTIVE = (Status.QUEUED, Status.RUNNING)
    """The statuses of a run that writes, or is about to: one at a time."""

    parent = models.ForeignKey(
        "blog.BlogIndexPage", on_delete=models.CASCADE, related_name="+", verbose_name="blog"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    """Who confirmed the preview: the run's revisions and log entries are theirs."""
    confirmed_at = models.DateTimeField(null=True, blank=True)
    stop_requested = models.BooleanField(default=False)
    """Someone asked a running import to stop: the worker stops after the post it is on."""
    from_command = models.BooleanField(default=False)
    """A run of ``manage.py import_posts``, listed so that it holds the one-import lock."""
    upload_name = models.CharField(max_length=255)
    folder = models.CharField(max_length=1024, blank=True)
    """The upload's private folder; empty once it is deleted."""
    source = models.CharField(max_length=1024, blank=True)
    """The folder inside it that is imported (the site's root or the posts folder)."""
    options = models.JSONField(default=dict, blank=True)
    """The command's options, as the upload form set them (see runner.request_for)."""
    notes = models.JSONField(default=list, blank=True)
    """What unpacking left out (links, Mac metadata), for the preview."""
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.PREVIEWING)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    """When the worker last said the preview or run was alive (see tasks.heartbeat)."""
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    analysis = models.JSONField(default=dict, blank=True)
    """What ``import_posts --analyze`` reports about the upload."""
    preview_summary = models.JSONField(default=dict, blank=True)
    summary = models.JSONField(default=dict, blank=True)
    """The run's counts, as the JSON report's summary."""
    error = models.TextField(blank=True)
    """Why the preview or the run as a whole stopped."""

    class Meta:
        ordering = ["-created_at", "-pk"]
        default_permissions = ()
        permissions = [("run_import", "Can import posts from the admin")]
        constraints = [
            # Two runs at once would interleave their pages and redirects, and runs into two
            # blogs may still share posts (ImportedPost's source path is unique site-wide): the
            # database refuses a second, whichever request or worker asks. The index's one
            # value is the same for every active run.
            models.UniqueConstraint(
                Case(When(status__in=["queued", "running"], then=Value(1))),
                condition=Q(status__in=["queued", "running"]),
                name="one_active_import",
            )
        ]

    def __str__(self):
        return f"{self.upload_name} into {self.parent_id}"

    @property
    def files_root(self) -> str:
        """What paths in the run's rows and analysis are relative to: the folder that holds the
        imported one, so they read as in the upload (``old-site/src/blog/post.md``)."""
        return str(Path(self.source).parent) if self.source else ""

    @property
    def active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def in_progress(self) -> bool:
        return self.status in (self.Status.PREVIEWING, self.Status.QUEUED, self.Status.RUNNING)


class ImportRunPost(models.Model):
    """One row of a preview's or a run's report: what happened, or would happen, to a file."""

    run = models.ForeignKey(ImportRun, on_delete=models.CASCADE, related_name="posts")
    dry_run = models.BooleanField()
    """A row of the preview (nothing saved), or of the run."""
    position = models.PositiveIntegerField()
    source = models.CharField(max_length=1024)
    """The file's path inside the upload."""
    status = models.CharField(max_length=16)
    title = models.CharField(max_length=255, blank=True)
    page_id = models.IntegerField(null=True, blank=True)
    """Not a foreign key: the row stays as it was reported if the page is deleted later."""
    url = models.CharField(max_length=1024, blank=True)
    coverage = models.FloatField(null=True, blank=True)
    row = models.JSONField(default=dict)
    """The whole report row, as ``import_posts --report`` writes it."""
    after = models.JSONField(default=dict, blank=True)
    """The page the preview built, to show beside the old post (see runner.PageCapture)."""
    before = models.TextField(blank=True, default="")
    """The old post as it showed, cleaned, or why it is not shown: built by the preview's
    worker (compare.before_of), so that the web request only reads it."""

    class Meta:
        ordering = ["position"]
        default_permissions = ()
        constraints = [
            models.UniqueConstraint(
                fields=["run", "dry_run", "position"], name="one_row_per_position"
            )
        ]

    def __str__(self):
        return self.source
