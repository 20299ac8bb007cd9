import datetime
import io
from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.files.images import ImageFile
from django.core.management import call_command
from PIL import Image as PillowImage
from wagtail.images import get_image_model

from blog.models import BlogIndexPage, BlogPage, BookingSettings
from home.models import HomePage

EDMONTON = datetime.timezone(datetime.timedelta(hours=-7))


@pytest.fixture(autouse=True)
def _empty_caches():
    """Every test starts with empty caches: the database rolls back between tests and reuses
    ids, and a rendition or site cached by an earlier test would point at rows that are gone."""
    for cache in caches.all():
        cache.clear()
    yield


@pytest.fixture
def site_tree(db):
    """The tree a fresh install gets from `setup_site`: Home, Blog, and default booking settings."""
    call_command("setup_site", verbosity=0)
    return SimpleNamespace(
        home=HomePage.objects.get(),
        blog=BlogIndexPage.objects.get(),
        booking=BookingSettings.objects.get(),
    )


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


@pytest.fixture
def make_post(site_tree):
    def make(**kwargs):
        return add_post(site_tree.blog, **kwargs)

    return make


def create_image(title="Massage table by the window", size=(1600, 1000), color=(181, 101, 59)):
    """A real JPEG in Wagtail's image library, big enough for every rendition the site makes."""
    buffer = io.BytesIO()
    PillowImage.new("RGB", size, color).save(buffer, "JPEG")
    return get_image_model().objects.create(
        title=title, file=ImageFile(buffer, name=f"{title[:20].replace(' ', '-')}.jpg")
    )


@pytest.fixture
def make_image(db):
    return create_image
