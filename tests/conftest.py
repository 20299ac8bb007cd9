import datetime
from types import SimpleNamespace

import pytest
from django.core.management import call_command

from blog.models import BlogIndexPage, BlogPage, BookingSettings
from home.models import HomePage

EDMONTON = datetime.timezone(datetime.timedelta(hours=-7))


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
