"""What the admin's import pages show of runs and rows: labels, dates, links, policies."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import mark_safe

from blog.models import BlogPage
from importer.admin_import.models import ImportRun, ImportRunPost
from importer.admin_import.states import state_of
from importer.admin_import.wording import readable
from importer.run.outline import DRAFT_LEFT_OUT

# A preview says what would happen; the run, what did.
PREVIEW_LABELS = {
    "created": "new",
    "updated": "updated",
    "unchanged": "unchanged",
    "conflict": "conflict",
    "skipped": "skipped",
    "failed": "fails",
}
STATUS_CLASSES = {
    "created": "w-status--primary",
    "updated": "w-status--primary",
    "conflict": "import-posts__status import-posts__status--warning",
    "failed": "import-posts__status import-posts__status--critical",
}

PAGE_STATUSES = ("created", "updated", "unchanged", "conflict")
OPTION_LABELS = {
    "draft": "as drafts",
    "include_drafts": "drafts folder too",
    "leave_out_drafts": "drafts left out",
    "force": "over editors' changes",
}


@dataclass(frozen=True, slots=True)
class PostRow:
    """One row of a preview's or run's table."""

    post: ImportRunPost
    label: str
    classname: str
    day: dt.date | None
    edit_url: str

    @property
    def coverage(self) -> str:
        return "" if self.post.coverage is None else f"{self.post.coverage:.0%}"

    @property
    def built(self) -> str:
        """How the page compares with the old site's built page, when the upload held a build."""
        verified = self.post.row.get("verified")
        if not verified:
            return ""
        if verified.get("built_path") is None:
            return "no built page"
        return f"{verified['words_in']:.0%} of its built page"

    @property
    def repairs(self) -> int:
        return len(self.post.row.get("repairs", []))

    @property
    def warnings(self) -> list[str]:
        return [readable(warning) for warning in self.post.row.get("warnings", [])]

    @property
    def error(self) -> str:
        return readable(self.post.row.get("error", ""))

    @property
    def new_page(self) -> bool:
        return self.post.status == "created" and not self.post.dry_run

    @property
    def draft(self) -> bool:
        """The post's page is (or would be) a draft: unpublished, with no public address."""
        if self.left_out_draft:
            return True
        return self.post.status in PAGE_STATUSES and self.post.row.get("live") is False

    @property
    def left_out_draft(self) -> bool:
        return self.post.status == "skipped" and self.post.row.get("error") == DRAFT_LEFT_OUT

    @property
    def public_link(self) -> bool:
        """Whether the row links to the page's public address: a live page the run wrote or
        found."""
        return not self.post.dry_run and not self.draft and bool(self.new_page or self.edit_url)


def post_rows(
    run: ImportRun, *, dry_run: bool, user=None
) -> tuple[list[PostRow], list[tuple[ImportRunPost, str]]]:
    """The rows of the run (or its preview) that are posts, and the files left out with why;
    a row links to its page's editor when `user` may edit the page."""
    posts = list(run.posts.filter(dry_run=dry_run))
    pages = BlogPage.objects.in_bulk([post.page_id for post in posts if post.page_id])
    rows = []
    left_out = []
    for post in posts:
        if post.status == "skipped" and post.row.get("error") != DRAFT_LEFT_OUT:
            left_out.append((post, readable(post.row.get("error", ""))))
            continue
        page = pages.get(post.page_id)
        label = PREVIEW_LABELS[post.status] if dry_run else post.status
        if post.status == "skipped":
            label = "left out"
        rows.append(
            PostRow(
                post=post,
                label=label,
                classname=STATUS_CLASSES.get(post.status, ""),
                day=day_of(post, page),
                edit_url=edit_url(page, user),
            )
        )
    return rows, left_out


def edit_url(page: BlogPage | None, user) -> str:
    """The page's editor, when `user` (None: anyone) may edit it: a Migrator who may not would
    be sent back to the dashboard."""
    if page is None:
        return ""
    if user is not None and not page.permissions_for_user(user).can_edit():
        return ""
    return reverse("wagtailadmin_pages:edit", args=[page.pk])


def breakable_path(path: str) -> str:
    """`path` as HTML that wraps only after its slashes, never inside a name."""
    parts = (
        f'<span class="import-posts__segment">{escape(part)}</span>' for part in path.split("/")
    )
    return mark_safe("/<wbr>".join(parts))


def day_of(post: ImportRunPost, page: BlogPage | None) -> dt.date | None:
    if post.after.get("date"):
        return dt.datetime.fromisoformat(post.after["date"]).date()
    return page.publication_day if page else None


def option_labels(options: dict) -> list[str]:
    labels = [label for key, label in OPTION_LABELS.items() if options.get(key)]
    if options.get("old_url"):
        labels.append(f"old addresses {options['old_url']}")
    labels += [f"booking link {url}" for url in options.get("booking_urls", [])]
    return labels


def run_rows(runs) -> list[dict]:
    """The past runs table: who, when, what, with which options, and what came of it."""
    return [
        {
            "run": run,
            "options": ", ".join(option_labels(run.options)) or "none",
            "summary": summary_text(run.summary or run.preview_summary),
            "state": state_of(run),
        }
        for run in runs
    ]


def summary_text(summary: dict) -> str:
    counts = [
        f"{summary[status]} {status}"
        for status in ("created", "updated", "unchanged", "conflict", "failed")
        if summary.get(status)
    ]
    return ", ".join(counts)


def frame_policy() -> str:
    """The Content-Security-Policy of the preview's framed pages: the site's own pictures,
    styles and video players, and nothing that runs or submits."""
    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    policy = {
        "default-src": ["'none'"],
        "style-src": ["'self'"],
        "img-src": list(directives.get("img-src", ["'self'"])),
        "frame-src": list(directives.get("frame-src", [])) or ["'none'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
        "frame-ancestors": ["'self'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def summary_items(summary: dict, *, dry_run: bool) -> list[tuple[str, int]]:
    """The summary's counts with the table's words for them."""
    items = [("Files found", summary.get("found", 0))]
    for status in ("created", "updated", "unchanged", "conflict", "skipped", "failed"):
        label = PREVIEW_LABELS[status] if dry_run else status
        items.append((label.capitalize(), summary.get(status, 0)))
    return items


def analysis_facts(analysis: dict) -> list[tuple[str, str]]:
    """What ``--analyze`` found, in a few lines: the site, its posts, images, damage, dates."""
    if not analysis:
        return []
    sites = analysis.get("sites", [])
    generator = ", ".join(site["generator"].capitalize() for site in sites) or "none detected"
    images = analysis.get("images", {})
    dates = analysis.get("dates", {})
    facts = [
        ("Generator", generator),
        ("Posts found", f"{analysis.get('posts', 0)} (drafts: {analysis.get('drafts', 0)})"),
        ("Posts folders", ", ".join(analysis.get("posts_by_folder", {})) or "—"),
        ("Files left out", str(len(analysis.get("left_out", [])))),
        (
            "Images",
            f"{images.get('referenced', 0)} referenced, {images.get('found', 0)} found, "
            f"{len(images.get('missing', []))} missing, {images.get('external', 0)} on other sites",
        ),
        ("Posts with encoding damage", str(len(analysis.get("encoding_damage", [])))),
    ]
    if dates:
        facts.append(("Dates", f"{dates['first'][:10]} to {dates['last'][:10]}"))
    if analysis.get("slug_collisions"):
        slugs = ", ".join(row["slug"] for row in analysis["slug_collisions"])
        facts.append(("Slugs used twice", slugs))
    return facts
