"""The clinic's Booking settings: how visitors book, read by every booking call-to-action, the
header and the footer, feeds and structured data.

A module of its own, importing neither blocks nor pages, so that the blocks, template tags and
SEO code that read these settings import them at the top of the file. It is still the blog app's
model (same label and table): blog.models imports it, so it loads with the app's other models.
"""

from django.conf import settings
from django.core.cache import cache
from django.core.validators import URLValidator
from django.db import models, transaction
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Site

from .phone import validate_phone_number

# An hour at most between a change made outside the admin (a query that skips `save`) and the
# pages showing it.
SETTINGS_CACHE_SECONDS = 3600


def cache_key(site_id):
    return f"blog:booking-settings:{site_id}"


@register_setting(icon="date")
class BookingSettings(BaseSiteSetting):
    """How visitors book: used by every booking call-to-action, the header and the footer."""

    # The name in settings, as it was when the model was loaded (migrations record the value):
    # once the site is set up, the clinic's name is what editors keep here.
    clinic_name = models.CharField(max_length=255, default=settings.WAGTAIL_SITE_NAME)
    # Both reach every page's links and the editor's help text: only a web address and a
    # number a phone can dial are accepted.
    booking_url = models.URLField(
        "Booking link",
        blank=True,
        validators=[URLValidator(schemes=["http", "https"])],
        help_text="Where the “Book online” buttons go: an https:// (or http://) address.",
    )
    phone_number = models.CharField(
        max_length=40,
        blank=True,
        validators=[validate_phone_number],
        help_text="As visitors should read it, e.g. 587-938-0458.",
    )
    mobile_service_note = models.CharField(
        max_length=255,
        blank=True,
        help_text="Shown beside mobile booking calls-to-action, e.g. the area you travel to.",
    )
    address = models.TextField(blank=True, help_text="The clinic's street address.")

    panels = [
        FieldPanel("clinic_name"),
        FieldPanel("booking_url"),
        FieldPanel("phone_number"),
        FieldPanel("mobile_service_note"),
        FieldPanel("address"),
    ]

    class Meta:
        verbose_name = "Booking settings"

    @classmethod
    def for_site(cls, site):
        """The site's settings, from the cache when they are there: every page shows them, and
        they change only when an editor saves them (which forgets the cached copy)."""
        key = cache_key(site.pk)
        found = cache.get(key)
        if found is None:
            found = super().for_site(site)
            cache.set(key, found, SETTINGS_CACHE_SECONDS)
        return found

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.forget()

    def delete(self, *args, **kwargs):
        deleted = super().delete(*args, **kwargs)
        self.forget()
        return deleted

    def forget(self):
        # Now, and again once the transaction commits: a request served in between could
        # have cached the settings as they were before the commit.
        key = cache_key(self.site_id)
        cache.delete(key)
        transaction.on_commit(lambda: cache.delete(key))

    @classmethod
    def for_request_or_default(cls, request):
        """The settings for the request's site, or the default site's when there is no request
        (block previews, feeds built outside a request)."""
        if request is not None:
            return cls.for_request(request)
        site = Site.objects.filter(is_default_site=True).first()
        return cls.for_site(site) if site else cls()
