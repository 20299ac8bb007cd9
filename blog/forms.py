"""Admin forms of the post editor."""

from wagtail.admin.forms import WagtailAdminPageForm


class BlogPageForm(WagtailAdminPageForm):
    def clean(self):
        cleaned_data = super().clean()
        if date_was_changed(self.initial.get("date"), cleaned_data.get("date")):
            # The editor chose the date in the site's time zone, which is how the admin shows
            # it; the offset an imported date was written in no longer says where its day is.
            self.instance.date_utc_offset = None
        return cleaned_data


def date_was_changed(before, after) -> bool:
    """Whether the editor changed the date. The admin's date picker has no seconds, so a date
    with seconds comes back without them though the editor never touched it."""
    if before is None or after is None:
        return before is not after
    return before.replace(second=0, microsecond=0) != after.replace(second=0, microsecond=0)
