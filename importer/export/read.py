"""The export's one look at the database: the posts to export and what they point at.

A live post is exported as visitors see it; a draft as its latest revision, which is where an
unpublished page's content is kept.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db.models import Q
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from blog.models import BlogIndexPage, BlogPage, BookingSettings
from importer.common import RunOptions
from importer.export.booking import BookingDefaults
from importer.export.files import ExportImage, ExportPost, SiteData, post_images
from importer.wagtail_internals import model_field
from importer.write import find_blog_index

LINKED = re.compile(r'<a\b[^<>]*?\blinktype="(page|document)"[^<>]*+>')
LINK_ID = re.compile(r'\bid="(\d+)"')


@dataclass(slots=True)
class Selection:
    """Which posts to export (the command's options)."""

    parent: str = ""
    """The blog index, by id, slug or address ("" for the only one)."""
    live_only: bool = False
    drafts_only: bool = False
    since: dt.date | None = None
    """Posts dated that day or later, as the post shows its day."""
    tags: list[str] = field(default_factory=list)
    """Posts with any of these tags (by name or slug, in any case)."""


def read_posts(selection: Selection) -> tuple[BlogIndexPage, list[ExportPost], SiteData]:
    """The blog index, its selected posts oldest first, and what they link to and show."""
    parent = find_blog_index(selection.parent)
    pages = BlogPage.objects.child_of(parent).select_related("author").order_by("date", "pk")
    if selection.live_only:
        pages = pages.live()
    if selection.drafts_only:
        pages = pages.not_live()
    if selection.tags:
        matches = Q()
        for tag in selection.tags:
            matches |= Q(tags__name__iexact=tag) | Q(tags__slug__iexact=tag)
        pages = pages.filter(matches).distinct()
    time_zone = settings.TIME_ZONE
    posts = [export_post(page) for page in pages]
    if selection.since:
        posts = [post for post in posts if post.day(time_zone) >= selection.since]
    return parent, posts, site_data(parent, posts, time_zone)


def export_post(page: BlogPage) -> ExportPost:
    content = page if page.live else page.get_latest_revision_as_object()
    return ExportPost(
        page_id=page.pk,
        title=content.title,
        slug=content.slug,
        date=content.date,
        date_utc_offset=content.date_utc_offset,
        body=list(content.body.raw_data),
        author=content.author.name if content.author else "",
        co_authors=tuple(link.author.name for link in content.co_authors.all() if link.author_id),
        description=content.intro,
        search_description=content.search_description,
        tags=tuple(tag.name for tag in content.tags.all()),
        feature_image=content.feature_image_id,
        feature_image_alt=content.feature_image_alt,
        draft=not page.live,
        url=page.url or "",
    )


def site_data(parent: BlogIndexPage, posts: list[ExportPost], time_zone: str) -> SiteData:
    exported = {post.page_id for post in posts}
    pages: set[int] = set()
    documents: set[int] = set()
    for post in posts:
        for kind, found in linked_ids(post.body):
            (pages if kind == "page" else documents).add(found)
    image_ids = {image for post in posts for image in post_images(post)}
    images = {
        image.pk: ExportImage(image.pk, image.file.name.rsplit("/", 1)[-1], image.file.name)
        for image in get_image_model().objects.filter(pk__in=image_ids)
    }
    page_urls = {
        page.pk: page.url or ""
        for page in Page.objects.filter(pk__in=pages - exported).specific(defer=True)
    }
    document_urls = {
        document.pk: document.url
        for document in get_document_model().objects.filter(pk__in=documents)
    }
    booking = BookingSettings.for_site(parent.get_site())
    reading = RunOptions(
        time_zone=time_zone,
        booking_urls=tuple(url for url in [booking.booking_url] if url),
        phone_region=getattr(settings, "PHONE_REGION", "CA"),
    )
    return SiteData(
        images=images,
        page_urls={key: url for key, url in page_urls.items() if url},
        document_urls=document_urls,
        booking=BookingDefaults(
            booking.booking_url, booking.phone_number, reading, booking.mobile_service_note
        ),
    )


def linked_ids(body: list[dict[str, Any]]) -> list[tuple[str, int]]:
    """The pages and documents a body's rich text links to."""
    found = []
    for block in body:
        for tag in LINKED.finditer(str(block.get("value"))):
            number = LINK_ID.search(tag.group())
            if number:
                found.append((tag[1], int(number[1])))
    return found


def read_image(image: ExportImage) -> bytes:
    """The original file of a picture, from the media storage."""
    storage = model_field(get_image_model(), "file").storage
    with storage.open(image.storage_name, "rb") as file:
        return file.read()
