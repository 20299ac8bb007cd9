"""Posts, pictures and admin data shared by the site's tests (fixtures are in conftest.py)."""

import datetime
import io

from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from blog.models import BlogPage

EDMONTON = datetime.timezone(datetime.timedelta(hours=-7))


def add_post(blog, *, title, body=(), tags=(), date=None, live=True, **fields):
    """Create a BlogPage under `blog` the way an editor's publish does: a revision, then publish."""
    page = BlogPage(
        title=title,
        date=date or datetime.datetime(2026, 1, 6, 20, 50, tzinfo=EDMONTON),
        body=list(body),
        **fields,
    )
    blog.add_child(instance=page)
    page.tags.add(*tags)
    revision = page.save_revision()
    if live:
        revision.publish()
    else:
        page.unpublish()
    page.refresh_from_db()
    return page


def picture_bytes(size=(1600, 1000), color=(181, 101, 59)):
    """A JPEG big enough for every rendition the site makes: a warm gradient with a stack of
    stones, so screenshots look like the site with pictures."""
    width, height = size
    picture = PillowImage.new("RGB", size)
    draw = ImageDraw.Draw(picture)
    for y in range(height):
        shade = y / height
        draw.line(
            [(0, y), (width, y)],
            fill=tuple(int(c + (236 - c) * (1 - shade) * 0.7) for c in color),
        )
    for n, (w, h) in enumerate([(0.34, 0.13), (0.27, 0.11), (0.2, 0.09), (0.13, 0.07)]):
        top = height * (0.72 - 0.13 * n)
        box = [width * (0.5 - w / 2), top, width * (0.5 + w / 2), top + height * h * 1.6]
        draw.ellipse(box, fill=(44 + 12 * n, 58 + 10 * n, 56 + 10 * n))
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def create_image(title="Massage table by the window", size=(1600, 1000), color=(181, 101, 59)):
    """A picture in Wagtail's image library."""
    buffer = io.BytesIO(picture_bytes(size, color))
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title[:20].replace(' ', '-')}.jpg")
    )


def find_struct_metas(node):
    """Every block definition's options in a packed telepath structure."""
    if isinstance(node, dict):
        if "blockDefId" in node:
            yield node
        for value in node.values():
            yield from find_struct_metas(value)
    elif isinstance(node, list):
        for value in node:
            yield from find_struct_metas(value)


def change_booking_settings(booking, **fields):
    """Change the clinic's Booking settings as the admin does: saved, which forgets the copy
    pages read from the cache."""
    for name, value in fields.items():
        setattr(booking, name, value)
    booking.save()
