"""Import Markdown blog posts from a static site into the blog.

python manage.py import_posts content/blog --assets static --report import.json
"""

import argparse
import json
import re
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import partial
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from importer.admin_import.runs import Refused, command_run, save_summary
from importer.common import MAX_POST_SIZE, ImporterError, ImportRequest, PostResult
from importer.generators import STATIC_ROOTS
from importer.run import ImportReport, analyze, import_posts, summary_text
from importer.run.toolkit import find_user
from importer.write import find_blog_index

SIZE_UNITS = {"": 1, "B": 1, "KB": 1024, "K": 1024, "MB": 1024 * 1024, "M": 1024 * 1024}


def file_size(text: str) -> int:
    """A size as --max-size takes it: "2MB", "500KB", "300000"."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([A-Za-z]*)\s*", text)
    unit = match.group(2).upper() if match else ""
    if not match or unit not in SIZE_UNITS:
        raise argparse.ArgumentTypeError(f"'{text}' is not a size such as 2MB, 500KB or 300000.")
    return int(float(match.group(1)) * SIZE_UNITS[unit])


# The command's arguments, in the order --help lists them: (name, add_argument's keywords).
ARGUMENTS: list[tuple[str, dict[str, Any]]] = [
    (
        "sources",
        {
            "nargs": "+",
            "type": Path,
            "metavar": "SOURCE",
            "help": "An old site's root folder (its generator, posts and image folders are found "
            "from its config), a post file, or a folder searched recursively for .md, .markdown "
            "and .mdx files.",
        },
    ),
    (
        "--assets",
        {
            "action": "append",
            "type": Path,
            "default": [],
            "metavar": "DIR",
            "help": "A folder where site-absolute image paths such as /img/x.png are looked up "
            f"(also under its {', '.join(f'{root}/' for root in STATIC_ROOTS if root)} folders). "
            "Repeat for several folders. Paths relative to a post are looked up next to it.",
        },
    ),
    (
        "--analyze",
        {
            "action": "store_true",
            "help": "Write nothing: say what the import would do (the generator found, the posts "
            "and the files left out with why, front matter keys and the fields they fill, "
            "template tags, images found and missing, encoding damage, dates, tags, authors, "
            "slugs that collide, posts that would fail). With --report, also as JSON.",
        },
    ),
    (
        "--include-drafts",
        {
            "action": "store_true",
            "help": "Also import the posts in an old site's drafts folder (_drafts), as drafts.",
        },
    ),
    (
        "--leave-out-drafts",
        {
            "action": "store_true",
            "help": "Leave out the posts marked as drafts (draft: true in their front matter, "
            "or in a drafts folder with --include-drafts) instead of importing them as "
            "unpublished pages; each is reported as skipped.",
        },
    ),
    (
        "--parent",
        {
            "default": "",
            "help": "The blog index to import under, by page id or slug. Default: the only one.",
        },
    ),
    ("--draft", {"action": "store_true", "help": "Import every post as a draft, unpublished."}),
    (
        "--user",
        {
            "default": "",
            "metavar": "USERNAME",
            "help": "The user the import's page revisions and log entries are attributed to, "
            "and who owns the pages it creates (as if they had saved them in the admin).",
        },
    ),
    (
        "--dry-run",
        {
            "action": "store_true",
            "help": "Do everything except saving: report what would happen, change nothing.",
        },
    ),
    (
        "--force",
        {
            "action": "store_true",
            "help": "Import over pages an editor changed since the last import. Their revision "
            "stays in the page history.",
        },
    ),
    (
        "--report",
        {
            "type": Path,
            "metavar": "FILE.json",
            "help": "Write a JSON report: a summary and, per post, its status, page, repairs, "
            "warnings and error.",
        },
    ),
    (
        "--old-url",
        {
            "default": "",
            "metavar": "TEMPLATE",
            "help": "Where posts without a permalink lived on the old site, e.g. /blog/{slug}/ or "
            "/{year}/{month}/{day}/{name}.html: {slug} is the post's slug, {name} its file name "
            "less extension and date (case kept), {path} its path under SOURCE less extension, "
            "{year}, {month} and {day} its date. A redirect is made from there to the new "
            "page, and links to it become links to the page.",
        },
    ),
    (
        "--verify-against",
        {
            "type": Path,
            "metavar": "BUILT_DIR",
            "help": "The old site's build output (_site, public, build). Each post takes its "
            "old address from where its built page is (matched by title and date; an "
            "explicit --old-url still wins, the built address then redirects too), and its "
            "new page is checked against the built one: words both ways, pictures, links and "
            "heading ids, under 'verified' in the report. The summary names the posts with "
            "less than 99%% of their built words, posts with no built page and built posts "
            "with no file.",
        },
    ),
    (
        "--old-origin",
        {
            "default": "",
            "metavar": "URL",
            "help": "The old site's scheme and host, e.g. https://old.example: links to its pages "
            "that were not imported go there instead of nowhere (each is reported).",
        },
    ),
    (
        "--booking-url",
        {
            "dest": "booking_urls",
            "action": "append",
            "default": [],
            "metavar": "URL",
            "help": "A link to recognise as a booking link, besides the one in Booking settings. "
            "Repeatable.",
        },
    ),
    (
        "--fetch-images",
        {
            "action": "store_true",
            "help": "Download images hosted on other sites (http and https only, up to 10 MB each, "
            "checked to be pictures) into the image library. Without it they stay links, with a "
            "warning.",
        },
    ),
    (
        "--max-size",
        {
            "type": file_size,
            "default": MAX_POST_SIZE,
            "metavar": "SIZE",
            "help": "The largest post file to import, in bytes or with KB or MB (default: 2MB). "
            "A larger file fails without being read; the others still import.",
        },
    ),
]


class Command(BaseCommand):
    help = (
        "Import Markdown posts (Eleventy, Jekyll, Hugo, Hexo, Gatsby, Zola, Astro) as blog "
        "pages. Each post is its own transaction: a post that fails is reported and the "
        "others still import. Re-running is safe: unchanged posts are left alone and pages "
        "an editor has changed are not overwritten without --force."
    )

    def add_arguments(self, parser):
        for name, keywords in ARGUMENTS:
            parser.add_argument(name, **keywords)

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        if options["analyze"]:
            return self.analyze(options)
        self.interactive_progress = self.verbosity == 1 and sys.stdout.isatty()
        request = ImportRequest.of(options)
        try:
            with self.one_at_a_time(request) as listed:
                report = import_posts(request, progress=self.progress)
                listed(report)
        except ImporterError as error:
            saved = " Dry run: nothing was saved." if request.dry_run else ""
            raise CommandError(error.describe() + saved) from error
        except Refused as refusal:
            raise CommandError(str(refusal)) from refusal
        if self.interactive_progress:
            self.stdout.write("")
        if options["report"]:
            report.write_json(options["report"])
        if self.verbosity >= 1:
            self.stdout.write(report.summary_table())
        if report.failed:
            others = (
                "nothing was saved (dry run)" if request.dry_run else "the others were imported"
            )
            raise CommandError(
                f"{len(report.failed)} of {len(report)} post(s) failed; {others}. See the "
                "summary above" + (f" or {options['report']}." if options["report"] else ".")
            )

    @contextmanager
    def one_at_a_time(self, request: ImportRequest) -> Iterator[Callable[[ImportReport], None]]:
        """Imports run one at a time, from here or the admin: this one is listed among the
        admin's while it writes, and refused while another is under way. A dry run writes
        nothing, and goes ahead."""
        if request.dry_run:
            yield lambda report: None
            return
        parent = find_blog_index(request.parent)
        user_id = find_user(request.user)
        user = get_user_model().objects.get(pk=user_id) if user_id else None
        sources = [str(source) for source in request.sources]
        with command_run(parent, user, sources) as run:
            yield partial(save_summary, run)

    def analyze(self, options) -> None:
        """--analyze: read, report, write nothing (not even to the database)."""
        for source in options["sources"]:
            if not source.exists():
                raise CommandError(f"{source} does not exist. Fix: check the path.")
        analysis = analyze(ImportRequest.of(options)).as_dict()
        if options["report"]:
            path = options["report"]
            path.write_text(json.dumps(analysis, indent=2, ensure_ascii=False) + "\n")
        if self.verbosity >= 1:
            self.stdout.write(summary_text(analysis, every_file=self.verbosity >= 2))

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
