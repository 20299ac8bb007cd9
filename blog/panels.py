"""Admin panels of the post editor."""

from django.core.exceptions import ObjectDoesNotExist
from django.utils.functional import cached_property
from wagtail.admin.panels import Panel


class ImportRecordPanel(Panel):
    """Read-only: where an imported post came from, when it was imported, what the encoding
    repair changed and what the importer warned about. Hidden on posts written in the admin."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/panels/import_record.html"

        @cached_property
        def record(self):
            if self.instance is None or self.instance.pk is None:
                return None
            try:
                # The importer app adds this one-to-one (importer.models.ImportedPost).
                return self.instance.import_record
            except (AttributeError, ObjectDoesNotExist):
                return None

        def is_shown(self):
            return self.record is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["record"] = self.record
            return context


class DateAsWrittenPanel(Panel):
    """Read-only, under the date of a post whose date was written with a UTC offset (imported):
    the date field shows it in the site's time zone, the post shows its day where it was
    written, and this says which day and why."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "blog/panels/date_as_written.html"

        def is_shown(self):
            offset = getattr(self.instance, "date_utc_offset", None)
            return offset is not None and super().is_shown()

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            written = self.instance.date_as_written
            # As text: the template's date filter would move a datetime to the site's zone.
            context["written"] = written.strftime("%Y-%m-%d %H:%M UTC%z")
            context["day"] = written.date()
            return context
