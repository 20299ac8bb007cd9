"""Import Markdown blog posts from a static site into the blog.

python manage.py import_posts content/blog --assets static --report import.json
"""

import argparse
import re
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importer.assets import STATIC_ROOTS
from importer.toolkit import ImportRequest, import_posts
from importer.types import MAX_POST_SIZE, ImporterError, PostResult

SIZE_UNITS = {"": 1, "B": 1, "KB": 1024, "K": 1024, "MB": 1024 * 1024, "M": 1024 * 1024}


def file_size(text: str) -> int:
    """A size as --max-size takes it: "2MB", "500KB", "300000"."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", text)
    unit = match.group(2).upper() if match else ""
    if not match or unit not in SIZE_UNITS:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size such as 2MB, 500KB or 300000.")
    return int(float(match.group(1)) * SIZE_UNITS[unit])


class Command(BaseCommand):
    help = (
        "Import Markdown posts (Eleventy, Jekyll, Hugo, Hexo, Gatsby, Zola, Astro) as blog "
        "pages. Each post is its own transaction: a post that fails is reported and the "
        "others still import. Re-running is safe: unchanged posts are left alone and pages "
        "an editor has changed are not overwritten without --force."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "sources",
            nargs="+",
            type=Path,
            metavar="SOURCE",
            help="A post file, or a folder searched recursively for .md, .markdown and .mdx files.",
        )
        parser.add_argument(
            "--assets",
            action="append",
            type=Path,
            default=[],
            metavar="DIR",
            help="A folder where site-absolute image paths such as /img/x.png are looked up "
            f"(also under its {', '.join(f'{root}/' for root in STATIC_ROOTS if root)} folders). "
            "Repeat for several folders. Paths relative to a post are looked up next to it.",
        )
        parser.add_argument(
            "--parent",
            default="",
            help="The blog index to import under, by page id or slug. Default: the only one.",
        )
        parser.add_argument(
            "--draft", action="store_true", help="Import every post as a draft, unpublished."
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Do everything except saving: report what would happen, change nothing.",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="Import over pages an editor changed since the last import. Their revision "
            "stays in the page history.",
        )
        parser.add_argument(
            "--report",
            type=Path,
            metavar="FILE.json",
            help="Write a JSON report: a summary and, per post, its status, page, repairs, "
            "warnings and error.",
        )
        parser.add_argument(
            "--old-url",
            default="",
            metavar="TEMPLATE",
            help="Where posts without a permalink lived on the old site, e.g. /blog/{slug}/ "
            "(also {year}, {month}, {day}); a redirect is made from there to the new page.",
        )
        parser.add_argument(
            "--booking-url",
            action="append",
            default=[],
            metavar="URL",
            help="A link to recognise as a booking link, besides the one in Booking settings. "
            "Repeatable.",
        )

        parser.add_argument(
            "--max-size",
            type=file_size,
            default=MAX_POST_SIZE,
            metavar="SIZE",
            help="The largest post file to import, in bytes or with KB or MB (default: 2MB). "
            "A larger file fails without being read; the others still import.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.interactive_progress = self.verbosity == 1 and sys.stdout.isatty()
        request = ImportRequest(
            sources=options["sources"],
            assets=options["assets"],
            parent=options["parent"],
            draft=options["draft"],
            dry_run=options["dry_run"],
            force=options["force"],
            old_url_template=options["old_url"],
            booking_urls=options["booking_url"],
            max_size=options["max_size"],
        )
        try:
            report = import_posts(request, progress=self.progress)
        except ImporterError as error:
            raise CommandError(error.describe()) from error
        if self.interactive_progress:
            self.stdout.write("")
        if options["report"]:
            report.write_json(options["report"])
        if self.verbosity >= 1:
            self.stdout.write(report.summary_table())
        if report.failed:
            raise CommandError(
                f"{len(report.failed)} of {len(report)} post(s) failed; the others were "
                "imported. See the summary above"
                + (f" or {options['report']}." if options["report"] else ".")
            )

    def progress(self, done: int, total: int, result: PostResult) -> None:
        if self.verbosity >= 2:
            line = f"[{done}/{total}] {result.status:<9} {result.source}"
            if result.error:
                line += f" ({result.error})"
            self.stdout.write(line)
        elif self.interactive_progress:
            filled = int(30 * done / total) if total else 30
            self.stdout.write(f"\r[{'#' * filled:<30}] {done}/{total}", ending="")
            self.stdout.flush()
