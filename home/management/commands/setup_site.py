from urllib.parse import urlsplit

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction
from wagtail.models import Page, Site

from blog.models import BlogIndexPage, BookingSettings
from home.models import HomePage

DEFAULT_BOOKING = {
    "clinic_name": settings.WAGTAIL_SITE_NAME,
    "booking_url": "https://stonemassage.ca/book/",
    "phone_number": "587-938-0458",
    "mobile_service_note": "Mobile massage comes to your home anywhere in Edmonton.",
}


def site_address(base_url: str) -> tuple[str, int]:
    """The host and port of the site's public address ("https://example.com" -> example.com, 443).

    Canonical links, sitemaps and shared-link pictures are built from the Site record, so it must
    name the address visitors use: the same one WAGTAILADMIN_BASE_URL gives."""
    url = urlsplit(base_url or "http://localhost")
    return url.hostname or "localhost", url.port or (443 if url.scheme == "https" else 80)


class Command(BaseCommand):
    help = (
        "Create the page tree (Home, then Blog) and default Booking settings on a fresh database. "
        "Safe to run again: it leaves existing pages and settings as editors left them."
    )

    def handle(self, *args, **options):
        with transaction.atomic():
            home = self.ensure_home()
            blog = self.ensure_blog(home)
            self.ensure_booking_settings(home)
        if options["verbosity"] >= 1:
            self.stdout.write(f"Home at {home.url}, blog at {blog.url}")

    def ensure_home(self):
        home = HomePage.objects.first()
        if home:
            return home
        # Wagtail's fresh database serves a placeholder page at the site root; the clinic's
        # home page takes its place (and its slug), and the placeholder goes if nothing is below it.
        site = Site.objects.filter(is_default_site=True).first()
        placeholder = site.root_page if site else None
        if placeholder and placeholder.specific_class is Page and placeholder.is_leaf():
            placeholder.delete()
        root = Page.get_first_root_node()
        home = root.add_child(
            instance=HomePage(
                title="Home",
                slug="home",
                hero_heading="Registered massage therapy in Edmonton",
                hero_text="In our calm clinic or in your own home: therapeutic massage from a "
                "Registered Massage Therapist, with receipts for your insurance.",
                seo_title=f"{settings.WAGTAIL_SITE_NAME}: registered massage therapy in Edmonton",
            )
        )
        home.save_revision().publish()
        hostname, port = site_address(settings.WAGTAILADMIN_BASE_URL)
        Site.objects.update_or_create(
            is_default_site=True,
            defaults={
                "hostname": hostname,
                "port": port,
                "root_page": home,
                "site_name": DEFAULT_BOOKING["clinic_name"],
            },
        )
        return home

    def ensure_blog(self, home):
        blog = BlogIndexPage.objects.child_of(home).first()
        if blog:
            return blog
        blog = home.add_child(
            instance=BlogIndexPage(
                title="Blog",
                slug="blog",
                intro="<p>Massage therapy explained by our Registered Massage Therapists.</p>",
            )
        )
        blog.save_revision().publish()
        return blog

    def ensure_booking_settings(self, home):
        site = home.get_site()
        BookingSettings.objects.get_or_create(site=site, defaults=DEFAULT_BOOKING)
