"""Where an imported page came from, so re-runs are safe and editors can see its origin."""

from django.db import models


class ImportedPost(models.Model):
    """The import record of one BlogPage: its source file, what was imported, and when.

    ``content_hash`` tells whether the file changed since; ``revision`` is the revision the
    import created, so a later revision means an editor has worked on the page since.
    """

    page = models.OneToOneField(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="import_record"
    )
    source_path = models.CharField(max_length=1024, unique=True)
    content_hash = models.CharField(max_length=64)
    revision = models.ForeignKey(
        "wagtailcore.Revision", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField()
    repairs = models.JSONField(default=list, blank=True)
    warnings = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = "imported post"

    def __str__(self):
        return self.source_path

    @property
    def edited_since_import(self) -> bool:
        return self.page.latest_revision_id != self.revision_id


# The admin's import runs belong to this app (their permission is importer.run_import).
from importer.admin_import.models import ImportRun, ImportRunPost  # noqa: E402, F401
