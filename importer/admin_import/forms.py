"""The upload form: the old site, the blog to import into, and the command's options."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from blog.models import BlogIndexPage
from importer.admin_import.archive_limits import describe
from importer.admin_import.uploads import ARCHIVE_SUFFIXES


class UploadForm(forms.Form):
    archive = forms.FileField(
        label="Old site",
        help_text="A .zip or .tar.gz of the old site's repository (as GitHub's “Download ZIP” "
        "gives it), or of its posts folder.",
    )
    parent = forms.ModelChoiceField(
        queryset=BlogIndexPage.objects.order_by("path"),
        label="Import into",
        empty_label=None,
        help_text="The blog the posts become pages of.",
    )
    draft = forms.BooleanField(
        required=False,
        label="Import every post as a draft",
        help_text="Nothing is published: each page waits for an editor to publish it.",
    )
    drafts = forms.ChoiceField(
        choices=[
            ("import", "Import them as drafts: unpublished pages, for editors to finish"),
            ("leave_out", "Leave them out"),
        ],
        initial="import",
        required=False,
        widget=forms.RadioSelect,
        label="Posts marked as drafts on the old site",
        help_text="Posts whose front matter says draft: true (and those in the drafts folder, "
        "when it is included below).",
    )
    include_drafts = forms.BooleanField(
        required=False,
        label="Include the old site's drafts folder (_drafts)",
        help_text="Its posts are treated as drafts, as chosen above. Without this, the drafts "
        "folder is left out.",
    )
    force = forms.BooleanField(
        required=False,
        label="Import over pages an editor has changed since they were imported",
        help_text="Their revision stays in the page history. Without this, those posts are "
        "reported as conflicts and left alone.",
    )
    old_url = forms.CharField(
        required=False,
        max_length=255,
        label="Old address pattern",
        help_text="Where posts without a permalink lived on the old site, e.g. /blog/{slug}/ "
        "or /{year}/{month}/{day}/{name}.html; each old address then redirects to its new page. "
        "Leave empty if the posts give their own.",
    )
    booking_urls = forms.CharField(
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        label="Other booking links",
        help_text="Links to recognise as booking links besides the one in Booking settings, "
        "one per line.",
    )

    def __init__(self, *args, too_big: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.too_big = too_big
        # Its bytes were refused as they arrived: the error below says so, not "required".
        self.fields["archive"].required = not too_big
        limit = describe(settings.IMPORTER_UPLOAD_MAX_BYTES)
        self.fields["archive"].help_text += f" At most {limit}."

    def clean_archive(self):
        if self.too_big:
            raise ValidationError(
                f"The file is larger than the {describe(settings.IMPORTER_UPLOAD_MAX_BYTES)} an "
                "upload may have (IMPORTER_UPLOAD_MAX_BYTES). Leave out what the import doesn't "
                "need (node_modules, built pages, videos) and upload it again."
            )
        archive = self.cleaned_data["archive"]
        if not archive.name.lower().endswith(ARCHIVE_SUFFIXES):
            raise ValidationError("Upload a .zip or .tar.gz file.")
        return archive

    def clean_booking_urls(self) -> list[str]:
        urls = [line.strip() for line in self.cleaned_data["booking_urls"].splitlines()]
        urls = [url for url in urls if url]
        check = URLValidator(schemes=["http", "https"])
        for url in urls:
            try:
                check(url)
            except ValidationError as error:
                raise ValidationError(f"{url} is not an http:// or https:// address.") from error
        return urls

    def options(self) -> dict:
        """The command's options, as the run keeps them (see runner.request_for)."""
        data = self.cleaned_data
        return {
            "draft": data["draft"],
            "include_drafts": data["include_drafts"],
            "leave_out_drafts": data["drafts"] == "leave_out",
            "force": data["force"],
            "old_url": data["old_url"].strip(),
            "booking_urls": data["booking_urls"],
        }
