"""What a round trip through export_posts and import_posts must keep, page by page."""

import hashlib
import re
from io import StringIO
from pathlib import Path

from django.core.management import call_command
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page

from blog.models import Author, BlogPage
from importer.models import ImportedPost

BLOCK_KEY = re.compile(r' data-block-key="[^"]*"')
PAGE_LINK = re.compile(r'<a linktype="page" id="(\d+)">')


def export(dest: Path, *args, **options) -> str:
    """`export_posts` into `dest` with these arguments; what it printed."""
    out = StringIO()
    call_command("export_posts", str(dest), *map(str, args), stdout=out, **options)
    return out.getvalue()


def import_folder(folder: Path, *args) -> str:
    out = StringIO()
    call_command("import_posts", str(folder), *map(str, args), stdout=out, stderr=StringIO())
    return out.getvalue()


def file_hash(image) -> str:
    if image is None:
        return ""
    with image.file.open("rb") as file:
        return hashlib.sha1(file.read()).hexdigest()  # noqa: S324 - as Wagtail's file_hash


def rich_text(value: str, slugs: dict[int, str]) -> str:
    """Stored rich text with what differs between databases set aside: the editor's block
    keys, and page ids (a link names the page it leads to by its slug)."""
    value = BLOCK_KEY.sub("", value)
    return PAGE_LINK.sub(lambda link: f'<a linktype="page" to="{slugs.get(int(link[1]))}">', value)


def block_state(block: dict, slugs: dict[int, str], images: dict[int, str]) -> tuple:
    kind, value = block["type"], block["value"]
    if kind in ("paragraph", "footnotes"):
        value = rich_text(value, slugs)
    elif kind in ("quote", "callout"):
        value = {**value, "text": rich_text(value["text"], slugs)}
    elif kind == "image":
        value = {**value, "image": images.get(value["image"], value["image"])}
    elif kind == "booking_cta":
        value = {**value, "actions": [(a["type"], a["value"]) for a in value["actions"]]}
    elif kind == "table":
        keys = ("data", "first_row_is_table_header", "first_col_is_header", "table_caption")
        value = {key: value.get(key) for key in keys}
    return kind, value


def page_state(page: BlogPage) -> dict:
    """A post as the round trip must give it back."""
    slugs = dict(Page.objects.values_list("pk", "slug"))
    ids = [b["value"]["image"] for b in page.body.raw_data if b["type"] == "image"]
    images = {image.pk: file_hash(image) for image in get_image_model().objects.filter(pk__in=ids)}
    return {
        "title": page.title,
        "slug": page.slug,
        "date": page.date,
        "date_utc_offset": page.date_utc_offset,
        "author": page.author.name if page.author else "",
        "tags": sorted(tag.name.casefold() for tag in page.tags.all()),
        "intro": page.intro,
        "live": page.live,
        "feature_image": file_hash(page.feature_image),
        "feature_image_alt": page.feature_image_alt,
        "body": [block_state(block, slugs, images) for block in page.body.raw_data],
    }


def snapshot() -> dict[str, dict]:
    """Every post's state, by slug."""
    return {page.slug: page_state(page) for page in BlogPage.objects.order_by("pk")}


def clear_blog() -> None:
    """Remove every post and what importing them made, as a fresh database would have it."""
    ImportedPost.objects.all().delete()
    BlogPage.objects.all().delete()
    Redirect.objects.all().delete()
    get_image_model().objects.all().delete()
    Author.objects.all().delete()
    Tag.objects.all().delete()


def differences(before: dict[str, dict], after: dict[str, dict]) -> dict[str, list[str]]:
    """For each post that did not come back equal, the fields that differ."""
    found = {}
    for slug, state in before.items():
        other = after.get(slug)
        if other is None:
            found[slug] = ["missing"]
            continue
        fields = [name for name in state if state[name] != other[name]]
        if fields:
            found[slug] = fields
    return found
