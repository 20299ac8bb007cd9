#!/usr/bin/env python
"""Import a fixed set of inputs into a fresh database and dump everything the imports made, so
two versions of the importer can be compared: the same inputs must give the same pages.

    .venv/bin/python scripts/compare_imports.py dump before.json --corpus /path/to/corpus
    ... change the importer ...
    .venv/bin/python scripts/compare_imports.py dump after.json --corpus /path/to/corpus
    .venv/bin/python scripts/compare_imports.py diff before.json after.json

To compare with another checkout (main, say), run the same script from it with ``--inputs``
naming one checkout, so both import the very same files (the script can be copied into a
checkout that lacks it: it only uses ``import_posts`` and the models).

``dump`` runs ``import_posts`` on, in this order and into one fresh database:

1. the sample posts (``sample_posts/``, with ``--assets``, as ``make run`` does);
2. every fixture post (``tests/fixtures/`` searched as a folder of posts);
3. each old site under ``tests/fixtures/sites/`` from its root (its generator detected), with
   ``--include-drafts``;
4. with ``--corpus``: its ``seed/`` post, then ``real/`` with every ``*/assets`` folder,
   ``--old-url /{year}/{month}/{name}/`` and ``--old-origin``, first as a dry run;
5. all of the above again, which finds every post unchanged.

It writes one JSON file: every report row of every run (page ids given as the page's path),
every page (its fields, body blocks without their ids, tags, feature image and pictures by
content hash, revisions, import record), every image, redirect, author and tag. ``diff`` prints
where two dumps differ and exits 1 if they do. Nothing outside the scratch folder (a database
and media under a temporary folder, removed unless ``--keep``) is written.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

PAGE_LINK_ID = re.compile(r'(<a\b[^>]*\blinktype="page"[^>]*\bid=")(\d+)(")')
# Draftail gives a paragraph made without one a random key: keys are numbered in order instead.
BLOCK_KEY = re.compile(r'data-block-key="[^"]*"')
IMAGE_FIELDS = ("file_hash", "title", "width", "height", "file_size")


def setup_django(workdir: Path, database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url or f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = workdir / "media"


def imports(inputs: Path, corpus: Path | None) -> list[tuple[str, list[str]]]:
    """(label, import_posts arguments) for each run, in order (see the module docstring)."""
    runs = [
        ("sample posts", [str(inputs / "sample_posts"), "--assets", str(inputs / "sample_posts")]),
        ("fixture posts", [str(inputs / "tests" / "fixtures")]),
    ]
    sites = inputs / "tests" / "fixtures" / "sites"
    for site in sorted(sites.iterdir()) if sites.is_dir() else []:
        runs.append((f"site {site.name}", [str(site), "--include-drafts"]))
    if corpus is not None:
        seed = sorted((corpus / "seed").glob("*.md"))
        runs.append(("corpus seed", [str(path) for path in seed]))
        real = corpus / "real"
        options = ["--old-url", "/{year}/{month}/{name}/", "--old-origin", "https://old.example"]
        for assets in sorted(real.glob("*/assets")):
            options += ["--assets", str(assets)]
        runs.append(("corpus, dry run", [str(real), *options, "--dry-run"]))
        runs.append(("corpus", [str(real), *options]))
    return runs + [(f"{label}, again", arguments) for label, arguments in runs]


def run_imports(runs: list[tuple[str, list[str]]], workdir: Path) -> list[dict[str, Any]]:
    from django.core.management import call_command
    from django.core.management.base import CommandError

    reports = []
    for number, (label, arguments) in enumerate(runs):
        path = workdir / f"report-{number}.json"
        print(f"import_posts: {label}", file=sys.stderr)
        try:
            call_command("import_posts", *arguments, "--report", str(path), verbosity=0)
            error = ""
        except CommandError as failure:  # some posts failed: the report still says which
            error = str(failure).replace(str(workdir), "<scratch>")
        report = json.loads(path.read_text()) if path.exists() else {}
        reports.append({"import": label, "error": error, "report": report})
    return reports


def without_ids(value: Any) -> Any:
    """StreamField data without the blocks' random ids."""
    if isinstance(value, list):
        return [without_ids(item) for item in value]
    if isinstance(value, dict):
        return {key: without_ids(item) for key, item in value.items() if key != "id"}
    return value


class Canon:
    """Database ids replaced by what they stand for: a page by its path, an image by its hash."""

    def __init__(self) -> None:
        from wagtail.images import get_image_model
        from wagtail.models import Page

        self.pages = dict(Page.objects.values_list("pk", "url_path"))
        self.images = dict(get_image_model().objects.values_list("pk", "file_hash"))

    def page(self, page_id: int | None) -> str | None:
        return None if page_id is None else self.pages.get(page_id, f"gone:{page_id}")

    def text(self, value: str) -> str:
        value = PAGE_LINK_ID.sub(lambda m: m[1] + str(self.page(int(m[2]))) + m[3], value)
        numbers = iter(range(len(value)))
        return BLOCK_KEY.sub(lambda m: f'data-block-key="{next(numbers)}"', value)

    def block(self, value: Any, key: str = "") -> Any:
        if isinstance(value, list):
            return [self.block(item) for item in value]
        if isinstance(value, dict):
            if value.get("type") == "image" and isinstance(value.get("value"), dict):
                inner = dict(value["value"])
                inner["image"] = self.images.get(inner.get("image"), inner.get("image"))
                return {**value, "value": self.block(inner)}
            return {name: self.block(item, name) for name, item in value.items()}
        if isinstance(value, str):
            return self.text(value)
        return value


def page_data(page, canon: Canon) -> dict[str, Any]:
    from importer.models import ImportedPost

    record = ImportedPost.objects.filter(page=page).first()
    return {
        "url_path": page.url_path,
        "title": page.title,
        "slug": page.slug,
        "live": page.live,
        "has_unpublished_changes": page.has_unpublished_changes,
        "date": page.date.isoformat() if page.date else None,
        "date_utc_offset": page.date_utc_offset,
        "first_published_at": iso(page.first_published_at),
        "intro": page.intro,
        "search_description": page.search_description,
        "author": page.author.name if page.author else None,
        "feature_image": canon.images.get(page.feature_image_id),
        "feature_image_alt": page.feature_image_alt,
        "tags": sorted(tag.name for tag in page.tags.all()),
        "body": canon.block(without_ids(list(page.body.raw_data))),
        "latest_revision": canon.block(without_ids(latest_body(page))),
        "revisions": page.revisions.count(),
        "import": None
        if record is None
        else {
            "source_path": record.source_path,
            "content_hash": record.content_hash,
            "repairs": record.repairs,
            "warnings": record.warnings,
            "is_latest_revision": record.revision_id == page.latest_revision_id,
        },
    }


def latest_body(page) -> list:
    revision = page.get_latest_revision_as_object()
    return list(revision.body.raw_data)


def iso(moment) -> str | None:
    return moment.isoformat() if moment else None


def dump_database(reports: list[dict[str, Any]]) -> dict[str, Any]:
    from taggit.models import Tag
    from wagtail.contrib.redirects.models import Redirect
    from wagtail.images import get_image_model

    from blog.models import Author, BlogPage

    canon = Canon()
    for entry in reports:
        for row in entry["report"].get("posts", []):
            row["page_id"] = canon.page(row["page_id"])
    pages = [page_data(page, canon) for page in BlogPage.objects.order_by("path")]
    images = [
        {field: getattr(image, field) for field in IMAGE_FIELDS}
        for image in get_image_model().objects.order_by("file_hash", "title")
    ]
    redirects = [
        {
            "old_path": redirect.old_path,
            "site": redirect.site_id,
            "page": canon.page(redirect.redirect_page_id),
            "link": redirect.redirect_link,
            "permanent": redirect.is_permanent,
        }
        for redirect in Redirect.objects.order_by("old_path", "site_id")
    ]
    return {
        "reports": reports,
        "pages": pages,
        "images": images,
        "redirects": redirects,
        "authors": sorted(Author.objects.values_list("name", flat=True)),
        "tags": sorted(Tag.objects.values_list("name", flat=True)),
    }


def dump(args: argparse.Namespace) -> int:
    workdir = Path(tempfile.mkdtemp(prefix="compare-imports-"))
    try:
        setup_django(workdir, args.database_url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        call_command("setup_site", verbosity=0)
        corpus = args.corpus.resolve() if args.corpus else None
        reports = run_imports(imports(args.inputs.resolve(), corpus), workdir)
        data = dump_database(reports)
        args.output.write_text(json.dumps(data, indent=1, ensure_ascii=False, sort_keys=True))
        rows = sum(len(entry["report"].get("posts", [])) for entry in reports)
        print(
            f"{len(reports)} imports, {rows} report rows, {len(data['pages'])} pages, "
            f"{len(data['images'])} images, {len(data['redirects'])} redirects: {args.output}"
        )
    finally:
        if args.keep:
            print(f"Scratch database and media: {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return 0


def differences(before: Any, after: Any, where: str = "") -> list[str]:
    """Where two dumps differ, as paths into them ("pages[3].body[2].value")."""
    if type(before) is not type(after):
        return [f"{where}: {short(before)} -> {short(after)}"]
    if isinstance(before, dict):
        found = []
        for key in sorted(set(before) | set(after), key=str):
            if key not in before or key not in after:
                found.append(f"{where}.{key}: {'added' if key in after else 'removed'}")
            else:
                found += differences(before[key], after[key], f"{where}.{key}")
        return found
    if isinstance(before, list):
        found = [] if len(before) == len(after) else [f"{where}: {len(before)} -> {len(after)}"]
        for index, (one, other) in enumerate(zip(before, after, strict=False)):
            found += differences(one, other, f"{where}[{index}]")
        return found
    return [] if before == after else [f"{where}: {short(before)} -> {short(after)}"]


def short(value: Any, limit: int = 160) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def diff(args: argparse.Namespace) -> int:
    before = json.loads(args.before.read_text())
    after = json.loads(args.after.read_text())
    found = differences(before, after)
    for line in found[: args.limit]:
        print(line)
    if len(found) > args.limit:
        print(f"... and {len(found) - args.limit} more")
    print(f"{len(found)} difference(s)" if found else "No differences.")
    return 1 if found else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    dumping = commands.add_parser("dump", help="import the inputs and dump what was made")
    dumping.add_argument("output", type=Path, help="the JSON file to write")
    dumping.add_argument("--corpus", type=Path, help="the shared corpus (with seed/ and real/)")
    dumping.add_argument(
        "--inputs",
        type=Path,
        default=ROOT,
        help="the checkout whose sample_posts/ and tests/fixtures/ are imported (default: this)",
    )
    dumping.add_argument(
        "--database-url", default="", help="a database to use instead of a scratch SQLite file"
    )
    dumping.add_argument("--keep", action="store_true", help="keep the scratch database and media")
    comparing = commands.add_parser("diff", help="compare two dumps")
    comparing.add_argument("before", type=Path)
    comparing.add_argument("after", type=Path)
    comparing.add_argument("--limit", type=int, default=50, help="differences to print")
    args = parser.parse_args()
    return dump(args) if args.command == "dump" else diff(args)


if __name__ == "__main__":
    sys.exit(main())
