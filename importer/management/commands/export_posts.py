"""Export the blog as a static site (Eleventy, Hugo or Jekyll) that its generator builds as it
is, its posts Markdown with YAML front matter, which import_posts reads back.

python manage.py export_posts exported-blog --format hugo
"""

import datetime as dt
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from importer.common import ImporterError
from importer.export import (
    FORMATS,
    Selection,
    plan_export,
    read_image,
    read_posts,
    site_files,
    write_export,
)


def day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise CommandError(f"--since '{text}' is not a date such as 2024-01-31.") from None


class Command(BaseCommand):
    help = (
        "Write the blog as a site Eleventy, Hugo or Jekyll builds as it is (npm install && npx "
        "@11ty/eleventy, hugo, jekyll build in DEST): the posts as Markdown files with YAML "
        "front matter, their pictures, and the config and layouts the generator needs. "
        "import_posts reads the folder back to the same pages. A post that cannot be written "
        "is reported and the others are still written."
    )

    def add_arguments(self, parser):
        parser.add_argument("dest", type=Path, metavar="DEST", help="The folder to write into.")
        parser.add_argument(
            "--parent",
            default="",
            help="The blog index whose posts to export, by page id, slug or address. Default: "
            "the only one.",
        )
        which = parser.add_mutually_exclusive_group()
        which.add_argument("--live-only", action="store_true", help="Export only published posts.")
        which.add_argument(
            "--drafts", action="store_true", help="Export only unpublished posts (drafts)."
        )
        parser.add_argument(
            "--since",
            type=day,
            metavar="DATE",
            help="Export only posts dated that day (YYYY-MM-DD) or later.",
        )
        parser.add_argument(
            "--tag",
            action="append",
            default=[],
            help="Export only posts with this tag, by name or slug. Repeat for several: a post "
            "with any of them is exported.",
        )
        parser.add_argument(
            "--format",
            choices=FORMATS,
            default="eleventy",
            help="Which generator's site to write: eleventy (posts/slug.md, the default), "
            "hugo (content/posts/slug.md, or a bundle with the pictures) or jekyll "
            "(_posts/YYYY-MM-DD-slug.md, pictures in assets/images/).",
        )
        parser.add_argument(
            "--posts-only",
            action="store_true",
            help="Write the posts and their pictures only, without the config, manifest and "
            "layouts: for adding them to a site of your own.",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Write nothing: say which files would be written.",
        )

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        self.interactive_progress = self.verbosity == 1 and sys.stdout.isatty()
        dest = options["dest"]
        if dest.exists() and not dest.is_dir():
            raise CommandError(f"{dest} is a file. Fix: give a folder to export into.")
        selection = Selection(
            parent=options["parent"],
            live_only=options["live_only"],
            drafts_only=options["drafts"],
            since=options["since"],
            tags=options["tag"],
        )
        try:
            _, posts, site = read_posts(selection)
        except ImporterError as error:
            raise CommandError(error.describe()) from error
        files = plan_export(posts, site, options["format"])
        results, pictures = write_export(
            files,
            dest,
            lambda image_id: read_image(site.images[image_id]),
            dry_run=options["dry_run"],
            progress=self.progress,
            site=None if options["posts_only"] else site_files(options["format"]),
        )
        if self.interactive_progress:
            self.stdout.write("")
        failed = [result for result in results if result.status == "failed"]
        if self.verbosity >= 1:
            self.stdout.write(summary(results, pictures, dest, options["dry_run"]))
        if failed:
            others = "nothing was written (dry run)" if options["dry_run"] else "the others were"
            raise CommandError(
                f"{len(failed)} of {len(results)} post(s) could not be exported; {others}. "
                "See the summary above."
            )

    def progress(self, done, total, result):
        if self.verbosity >= 2:
            line = f"[{done}/{total}] {result.status:<8} {result.path}"
            if result.error:
                line += f" ({result.error})"
            self.stdout.write(line)
            for warning in result.warnings:
                self.stdout.write(f"    {warning}")
        elif self.interactive_progress:
            filled = int(30 * done / total) if total else 30
            self.stdout.write(f"\r[{'#' * filled:<30}] {done}/{total}", ending="")
            self.stdout.flush()


def summary(results, pictures, dest, dry_run) -> str:
    exported = [result for result in results if result.status == "exported"]
    failed = [result for result in results if result.status == "failed"]
    warned = [result for result in exported if result.warnings]
    title = "Export summary (dry run: nothing was written)" if dry_run else "Export summary"
    lines = [
        title,
        f"  Found     {len(results):>5}",
        f"  Exported  {len(exported):>5}",
        f"  Failed    {len(failed):>5}",
        f"  Pictures  {pictures:>5}",
        f"  {len(warned)} post(s) have parts that will not be read back exactly (-v 2 lists them).",
    ]
    lines += [f"  FAILED: {result.path}: {result.error}" for result in failed]
    verb = "would be written to" if dry_run else "written to"
    lines.append(f"Posts {verb} {dest}.")
    return "\n".join(lines)
