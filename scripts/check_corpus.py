#!/usr/bin/env python
"""Import a corpus of Markdown posts into a scratch database and measure the result.

    .venv/bin/python scripts/check_corpus.py /path/to/corpus/real [--seed /path/to/seed.md]

The corpus folder holds one folder per old site, each with its posts, an ``assets/`` folder
(the site's static files) and ``ASSETS.tsv`` beside them listing every image reference. For
every post the script renders its page with the Django test client and measures:

- words: the share of the post's words (its Markdown body less template tags, HTML tags,
  link targets and Markdown punctuation) found on the rendered page (text and alt text);
- template syntax: ``{% %}``, ``{{ }}`` or ``{{< >}}`` shown on the page outside code;
- images: every ASSETS.tsv row with status ``found`` is in the image library (by content
  hash) and appears on its post's page.

Nothing here is used by the test suite; it needs the corpus, which the suite does not.
"""

import argparse
import collections
import hashlib
import json
import os
import re
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "site")]

SHOWN_TEMPLATE = re.compile(r"{%|%}|{{|}}")
WORD = re.compile(r"\w+", re.UNICODE)
MOJIBAKE = re.compile("‚Ä|Ã.|â€|Â |\uf8ff|üë|üì")


def setup_django(workdir: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{workdir / 'db.sqlite3'}"
    os.environ["MEDIA_ROOT"] = str(workdir / "media")
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.test"
    import django

    django.setup()
    from django.conf import settings

    settings.MEDIA_ROOT = workdir / "media"


def source_words(path: Path) -> list[str]:
    """The post's body words, as the importer's report measures them (importer/coverage.py)."""
    from importer.run.coverage import body_words
    from importer.stages.parse.front_matter import split_front_matter
    from importer.stages.read import decode_bytes
    from importer.stages.repair import repair_text

    text, _ = decode_bytes(path.read_bytes())
    text, _ = repair_text(text)
    try:
        _, body = split_front_matter(text)
    except Exception:  # noqa: BLE001 - a post that cannot be read has no page to compare
        return []
    return body_words(body)


def page_words(html: str) -> tuple[list[str], str]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    main = soup.find("main") or soup.body or soup
    for tag in main.find_all(["script", "style"]):
        tag.decompose()
    alts = " ".join(str(img.get("alt") or "") for img in main.find_all("img"))
    text = main.get_text(" ") + " " + alts
    words = [w.casefold() for w in WORD.findall(text.replace("_", " "))]
    for tag in main.find_all(["pre", "code"]):
        tag.decompose()
    return words, main.get_text(" ")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", type=Path)
    parser.add_argument("--seed", type=Path, help="also import and check this seed post")
    parser.add_argument("--json", type=Path, help="write the per-post figures here")
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="check-corpus-"))
    setup_django(workdir)

    from django.core.management import call_command
    from django.core.management.base import CommandError
    from django.test import Client
    from django.urls import reverse
    from wagtail.images import get_image_model

    from blog.models import BlogPage
    from importer.run.coverage import coverage

    call_command("migrate", verbosity=0)
    call_command("setup_site", verbosity=0)
    corpus = args.corpus.resolve()
    assets = [str(p) for p in sorted(corpus.glob("*/assets")) if p.is_dir()]
    sources = [str(corpus)] + ([str(args.seed.resolve())] if args.seed else [])
    report_path = workdir / "report.json"
    command = ["import_posts", *sources, "--old-url", "/blog/{slug}/", "--report", str(report_path)]
    for folder in assets:
        command += ["--assets", folder]
    try:
        call_command(*command, verbosity=0)
    except CommandError as error:
        print(f"import_posts: {error}")
    report = json.loads(report_path.read_text())
    print("Import:", {k: v for k, v in report["summary"].items() if v})

    from django.contrib.auth import get_user_model

    user = get_user_model().objects.create_superuser("checker", "c@example.com", "x")
    client = Client()
    client.force_login(user)
    rows = []
    rendered: dict[str, str] = {}
    for post in report["posts"]:
        if not post["page_id"]:
            rows.append(
                {"source": post["source"], "status": post["status"], "error": post["error"]}
            )
            continue
        url = (
            post["url"]
            if post["live"]
            else reverse("wagtailadmin_pages:view_draft", args=[post["page_id"]])
        )
        response = client.get(url)
        html = response.content.decode()
        rendered[post["source"]] = html
        words, visible = page_words(html)
        source = source_words(Path(post["source"]))
        missing = collections.Counter(source) - collections.Counter(words)
        rows.append(
            {
                "source": post["source"],
                "status": post["status"],
                "http": response.status_code,
                "words": len(source),
                "coverage": round(coverage(source, words), 4),
                "report_coverage": post.get("coverage"),
                "missing": sorted(missing)[:15],
                "template_syntax": SHOWN_TEMPLATE.findall(visible)[:5],
                "mojibake": MOJIBAKE.findall(visible)[:5],
            }
        )

    image_rows = check_images(corpus, rendered, get_image_model(), BlogPage)
    imported = [r for r in rows if "coverage" in r]
    low = [r for r in imported if r["coverage"] < 0.99]
    shown = [r for r in imported if r["template_syntax"]]
    print(
        f"Posts: {len(rows)}; pages rendered: {len(imported)}; "
        f"not HTTP 200: {sum(r['http'] != 200 for r in imported)}"
    )
    print(f"Failed: {[(r['source'], r['error']) for r in rows if 'coverage' not in r]}")
    print(
        f"Word coverage: minimum {min(r['coverage'] for r in imported):.4f}, "
        f"mean {sum(r['coverage'] for r in imported) / len(imported):.4f}, "
        f"posts under 99%: {len(low)}"
    )
    for r in low:
        print(f"  {r['coverage']:.4f} {r['source']} missing {r['missing']}")
    from_blocks = [r for r in imported if r["report_coverage"] is not None]
    if from_blocks:
        apart = max(from_blocks, key=lambda r: abs(r["coverage"] - r["report_coverage"]))
        print(
            f"Word coverage in the import report (from the blocks): minimum "
            f"{min(r['report_coverage'] for r in from_blocks):.4f}; furthest from the page's: "
            f"{apart['report_coverage']:.4f} vs {apart['coverage']:.4f} {apart['source']}"
        )
    print(f"Pages showing template syntax outside code: {len(shown)}")
    for r in shown:
        print(f"  {r['source']}: {r['template_syntax']}")
    print(f"Pages with mojibake: {sum(bool(r['mojibake']) for r in imported)}")
    found = [r for r in image_rows if r["status"] == "found"]
    print(
        f"ASSETS.tsv images found on disk: {len(found)}; in library: "
        f"{sum(r['in_library'] for r in found)}; on their page: {sum(r['on_page'] for r in found)}"
    )
    for r in found:
        if not (r["in_library"] and r["on_page"]):
            print(f"  MISSING {r['post']} {r['reference']}")
    bundle = [r for r in image_rows if r["status"] == "bundle-resource"]
    print(
        f"Unreferenced bundle images (not required): {len(bundle)}; on their page: "
        f"{sum(r['on_page'] for r in bundle)}"
    )
    if args.seed:
        check_seed(report, rendered, BlogPage, str(args.seed.resolve()))
    if args.json:
        args.json.write_text(json.dumps({"posts": rows, "images": image_rows}, indent=2))
    print(f"Scratch database and media: {workdir}")
    ok = not low and not shown and all(r["in_library"] and r["on_page"] for r in found)
    return 0 if ok else 1


def check_images(corpus: Path, rendered: dict[str, str], Image, BlogPage) -> list[dict]:
    from importer.write.assets import picture_from

    manifest = corpus / "ASSETS.tsv"
    if not manifest.exists():
        return []
    lines = manifest.read_text(encoding="utf-8").splitlines()
    header = lines[0].split("\t")
    rows = []
    for line in lines[1:]:
        row = dict(zip(header, line.split("\t"), strict=False))
        status = row.get("status", "")
        if status not in ("found", "bundle-resource") or not row.get("asset_local_path"):
            continue
        asset = corpus / row["asset_local_path"]
        # The bytes the importer stores: an SVG's are its cleaned copy when anything was removed.
        picture, _ = picture_from(asset.name, asset.read_bytes())
        stored = picture.data if picture else asset.read_bytes()
        digest = hashlib.sha1(stored).hexdigest()  # noqa: S324 - matches Wagtail
        image = Image.objects.filter(file_hash=digest).first()
        source = str(corpus / row["post_local_path"])
        html = rendered.get(source, "")
        on_page = bool(image) and image_on_page(image, html)
        rows.append(
            {
                "post": row["post_local_path"],
                "reference": row["reference_as_written"],
                "status": status,
                "in_library": bool(image),
                "on_page": on_page,
            }
        )
    return rows


def check_seed(report: dict, rendered: dict[str, str], BlogPage, source: str) -> None:
    from django.utils.timezone import localtime

    post = next(p for p in report["posts"] if p["source"] == source)
    page = BlogPage.objects.get(pk=post["page_id"])
    html = rendered[source]
    kinds = [block.block_type for block in page.body]
    ctas = [block.value for block in page.body if block.block_type == "booking_cta"]
    items = sum(
        str(block.value).count("<li") for block in page.body if block.block_type == "paragraph"
    )
    print("Seed:")
    print(f"  title: {page.title}")
    print(
        f"  date: {localtime(page.date).isoformat()} "
        f"(first published {localtime(page.first_published_at).isoformat()})"
    )
    print(
        f"  heading blocks: {kinds.count('heading')} "
        f"({sum(b.value['level'] == 'h2' for b in page.body if b.block_type == 'heading')} h2)"
    )
    print(f"  list items: {items}; dividers: {kinds.count('divider')}")
    print(f"  search description == description: {page.search_description[:60]}...")
    print(f"  tags: {[t.name for t in page.tags.all()]}")
    print(
        f"  booking_cta blocks: {len(ctas)}; actions: "
        f"{[(a.block_type, dict(a.value)) for a in ctas[0]['actions']] if ctas else None}"
    )
    book = 'href="https://stonemassage.ca/book/"' in html
    tel = 'href="tel:+15879380458"' in html
    print(f"  rendered booking link: {book}; tel link: {tel}")
    print(f"  mojibake on page: {MOJIBAKE.findall(html)}")


def image_on_page(image, html: str) -> bool:
    """The page shows a rendition of the image (renditions are named after the original; when two
    originals share a name, Django's storage adds "_" and seven characters to keep files apart)."""
    stem = re.escape(Path(image.file.name).stem)
    return bool(re.search(rf'src="[^"]*/images/{stem}(_[A-Za-z0-9]{{7}})?\.[^"]*"', html))


if __name__ == "__main__":
    sys.exit(main())
