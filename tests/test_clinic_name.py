"""The clinic's name is read from Booking settings everywhere a page shows it, and from the
WAGTAIL_SITE_NAME setting where Booking settings have none."""

from bs4 import BeautifulSoup

from blog.models import BookingSettings
from tests.helpers import change_booking_settings


def names_shown(html):
    soup = BeautifulSoup(html, "html.parser")
    # Search results are no page of the tree: they have no sharing tags.
    sharing = soup.find("meta", property="og:site_name")
    return {
        "title": soup.title.get_text().rsplit(" | ", 1)[1],
        "og:site_name": sharing["content"] if sharing else None,
        "feeds": [link["title"] for link in soup.find_all("link", rel="alternate")],
        "header": soup.select_one(".site-header .brand").get_text(),
        "footer": soup.select_one(".site-footer__name").get_text(),
    }


def expected(name, sharing=True):
    return {
        "title": name,
        "og:site_name": name if sharing else None,
        "feeds": [f"{name} blog (RSS)", f"{name} blog (Atom)"],
        "header": name,
        "footer": name,
    }


def test_a_renamed_clinic_shows_on_every_page(client, site_tree, make_post):
    post = make_post(title="Desk neck, explained")
    change_booking_settings(site_tree.booking, clinic_name="Calm & Stone")
    for url in ("/", "/blog/", post.url):
        assert names_shown(client.get(url).content.decode()) == expected("Calm & Stone"), url
    response = client.get("/search/")
    assert names_shown(response.content.decode()) == expected("Calm & Stone", sharing=False)
    search = BeautifulSoup(response.content, "html.parser")
    assert search.find("meta", attrs={"name": "description"})["content"] == (
        "Search every post of the Calm & Stone blog by the words in it."
    )


def test_without_a_name_in_booking_settings_pages_show_the_sites_name(client, site_tree, settings):
    settings.WAGTAIL_SITE_NAME = "The Clinic"
    change_booking_settings(site_tree.booking, clinic_name="")
    assert names_shown(client.get("/").content.decode()) == expected("The Clinic")


def test_a_new_site_starts_with_the_name_in_settings(site_tree, settings):
    assert site_tree.booking.clinic_name == settings.WAGTAIL_SITE_NAME
    assert BookingSettings().clinic_name == settings.WAGTAIL_SITE_NAME
    assert site_tree.home.get_site().site_name == settings.WAGTAIL_SITE_NAME
    assert site_tree.home.seo_title.startswith(f"{settings.WAGTAIL_SITE_NAME}: ")
