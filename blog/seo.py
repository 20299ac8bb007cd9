"""What search engines and link previews read: absolute URLs and schema.org structured data."""

from wagtail.models import Site

from .booking_settings import BookingSettings
from .images import SHARE_SPEC, rendition_url
from .models import BlogPage
from .phone import e164


def site_root(request) -> str:
    """The site's own root URL ("https://stonemassage.ca"), as configured under Sites."""
    site = Site.find_for_request(request)
    return site.root_url if site else request.build_absolute_uri("/").rstrip("/")


def absolute_url(request, url: str) -> str:
    """`url` made absolute against the site's root, as sharing and feeds need."""
    return site_root(request) + url if url.startswith("/") else url


def share_image(request, image) -> str:
    """The absolute URL of `image` cut to the 1200x630 shape link previews expect, or "" (no
    image, or one that can't be rendered)."""
    url = rendition_url(image, SHARE_SPEC) if image else ""
    return absolute_url(request, url) if url else ""


def local_business(request, booking_settings) -> dict:
    """The clinic as a schema.org LocalBusiness, with how to call and book from BookingSettings."""
    data = {
        "@context": "https://schema.org",
        "@type": "LocalBusiness",
        "name": booking_settings.clinic_name,
        "url": site_root(request) + "/",
    }
    if booking_settings.phone_number:
        data["telephone"] = e164(booking_settings.phone_number)
    if booking_settings.address:
        data["address"] = " ".join(booking_settings.address.split())
    if booking_settings.booking_url:
        data["potentialAction"] = {
            "@type": "ReserveAction",
            "target": booking_settings.booking_url,
        }
    return data


def blog_posting(request, page, booking_settings) -> dict:
    """A post as a schema.org BlogPosting."""
    data = {
        "@context": "https://schema.org",
        "@type": "BlogPosting",
        "headline": page.title,
        "description": page.meta_description,
        "url": page.get_full_url(request),
        "mainEntityOfPage": page.get_full_url(request),
        "datePublished": page.date_as_written.isoformat(),
        "dateModified": (page.last_published_at or page.date_as_written).isoformat(),
        "publisher": {"@type": "Organization", "name": booking_settings.clinic_name},
        "wordCount": page.word_count,
    }
    authors = [person(author) for author in page.authors]
    if authors:
        data["author"] = authors[0] if len(authors) == 1 else authors
    image = share_image(request, page.feature_image)
    if image:
        data["image"] = image
    keywords = [tag.name for tag in page.tag_list]
    if keywords:
        data["keywords"] = keywords
    return data


def person(author) -> dict:
    found = {"@type": "Person", "name": author.name}
    if author.url:
        found["url"] = author.url
    return found


def structured_data(context) -> list[dict]:
    """The JSON-LD for the page being rendered: the clinic on every page, plus the post itself."""
    request = context.get("request")
    if request is None:
        return []
    booking_settings = BookingSettings.for_request(request)
    items = [local_business(request, booking_settings)]
    page = context.get("page")
    if isinstance(page, BlogPage):
        items.append(blog_posting(request, page, booking_settings))
    return items
