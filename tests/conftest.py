"""Fixtures for every test; the plain functions and constants they share are in tests/helpers.py."""

from types import SimpleNamespace

import pytest
from django.core.cache import caches
from django.core.management import call_command

from blog.models import BlogIndexPage, BookingSettings
from home.models import HomePage
from tests.helpers import add_post, create_image


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


@pytest.fixture
def make_post(site_tree):
    def make(**kwargs):
        return add_post(site_tree.blog, **kwargs)

    return make


@pytest.fixture
def make_image(db):
    return create_image


@pytest.fixture
def editor_client(client, django_user_model):
    """A client logged in to the admin as an editor with every permission."""
    editor = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")
    client.force_login(editor)
    return client
