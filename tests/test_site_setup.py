import pytest
from django.core.management import call_command
from wagtail.models import Page, Site

from blog.models import BlogIndexPage, BookingSettings
from home.management.commands.setup_site import site_address
from home.models import HomePage


def test_setup_site_builds_home_blog_and_booking_settings(db):
    call_command("setup_site", verbosity=0)

    site = Site.objects.get(is_default_site=True)
    # Canonical and sitemap addresses come from the Site: it names WAGTAILADMIN_BASE_URL's host.
    assert site.root_url == "http://testserver"
    home = HomePage.objects.get()
    assert site.root_page.specific == home
    blog = BlogIndexPage.objects.get()
    assert blog.get_parent().specific == home
    assert blog.live and home.live
    booking = BookingSettings.for_site(site)
    assert booking.booking_url == "https://stonemassage.ca/book/"
    assert booking.phone_number == "587-938-0458"
    # Wagtail's placeholder welcome page is gone, not left beside the clinic's home page.
    assert not Page.objects.filter(depth=2).exclude(pk=home.pk).exists()


def test_setup_site_is_idempotent_and_keeps_editor_changes(db):
    call_command("setup_site", verbosity=0)
    booking = BookingSettings.objects.get()
    booking.phone_number = "780-555-0100"
    booking.save()
    blog = BlogIndexPage.objects.get()
    blog.title = "Massage notes"
    blog.save_revision().publish()

    call_command("setup_site", verbosity=0)

    assert HomePage.objects.count() == 1
    assert BlogIndexPage.objects.count() == 1
    assert BookingSettings.objects.get().phone_number == "780-555-0100"
    assert BlogIndexPage.objects.get().title == "Massage notes"


def test_ensure_admin_creates_one_superuser_once(db, tmp_path, monkeypatch, django_user_model):
    from home.management.commands import ensure_admin

    monkeypatch.setattr(ensure_admin, "PASSWORD_FILE", tmp_path / ".admin-password")
    from io import StringIO

    out = StringIO()
    call_command("ensure_admin", stdout=out)
    call_command("ensure_admin", stdout=out)

    admin = django_user_model.objects.get(is_superuser=True)
    password = (tmp_path / ".admin-password").read_text().strip()
    assert (tmp_path / ".admin-password").stat().st_mode & 0o077 == 0
    assert admin.check_password(password)
    assert out.getvalue().count(password) == 2
    assert django_user_model.objects.count() == 1


@pytest.mark.parametrize(
    ("base_url", "address"),
    [
        ("http://127.0.0.1:8000", ("127.0.0.1", 8000)),
        ("https://stonemassage.ca", ("stonemassage.ca", 443)),
        ("http://example.com/", ("example.com", 80)),
        ("", ("localhost", 80)),
    ],
)
def test_site_address_follows_the_admin_base_url(base_url, address):
    assert site_address(base_url) == address
