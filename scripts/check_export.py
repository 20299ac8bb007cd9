#!/usr/bin/env python
"""Export the blog in each format, build each site with its generator, and check every built
page against the Wagtail page (importer.export.check): the figures docs/export.md states.

    DATABASE_URL=sqlite:////tmp/blog.sqlite3 .venv/bin/python scripts/check_export.py OUT

OUT gets one folder a format (the exported site, built in place) and ``check.json`` (every
post's result). Nothing else is written; the database is only read.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "site")]
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.dev")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.test import Client  # noqa: E402

from blog.models import BlogPage  # noqa: E402
from importer.export import FORMATS  # noqa: E402
from importer.export.check import (  # noqa: E402
    BUILD_FOLDERS,
    WagtailPost,
    build_site,
    check_site,
)
from importer.generators import generator_named  # noqa: E402


def wagtail_pages() -> list[tuple[BlogPage, str]]:
    """Every post and its page's HTML as the Wagtail site serves it ("" for a draft)."""
    client = Client(HTTP_HOST="localhost")
    found = []
    for page in BlogPage.objects.order_by("pk"):
        html = ""
        if page.live:
            response = client.get(page.url)
            html = response.content.decode() if response.status_code == 200 else ""
        found.append((page, html))
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--format", action="append", choices=FORMATS)
    args = parser.parse_args()
    pages = wagtail_pages()
    results = {}
    for fmt in args.format or FORMATS:
        site = args.out / fmt
        call_command("export_posts", str(site), "--format", fmt, verbosity=0)
        built = build_site(fmt, site)
        generator = generator_named(fmt)
        posts = [
            WagtailPost(
                page.title,
                page.publication_day,
                generator.post_address(page.slug, page.publication_day),
                html,
                page.live,
            )
            for page, html in pages
        ]
        checked = check_site(posts, site / BUILD_FOLDERS[fmt])
        summary = {"build": "ok" if built.returncode == 0 else built.stderr[-2000:]}
        summary.update(checked.summary())
        results[fmt] = {"summary": summary, "posts": [asdict(post) for post in checked.posts]}
        print(f"== {fmt}")
        for key, value in summary.items():
            print(f"  {key:<32} {value}")
        for post in checked.posts:
            if post.problems:
                print(f"    {post.address}: {'; '.join(post.problems)}")
    (args.out / "check.json").write_text(json.dumps(results, indent=1, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
