"""A post shows the day its author wrote: on its page, its card, in feeds and in JSON-LD.

A day written as UTC midnight (``2016-09-20T00:00:00Z``) used to show as the day before in the
site's time zone (America/Edmonton), and so did a time written east of it.
"""

import datetime
import json

import feedparser
from bs4 import BeautifulSoup
from django.core.management import call_command
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogPage

POSTS = {
    # A day, written as UTC midnight (Hugo, Gatsby).
    "release.md": "---\ntitle: Release day\ndate: 2016-09-20T00:00:00Z\n---\nHello.\n",
    # A morning in Seoul: still the evening before in Edmonton.
    "seoul.md": "---\ntitle: Seoul workshop\ndate: 2016-09-20 08:30:00 +09:00\n---\nHi.\n",
    # A day written as midnight west of UTC (Jekyll's -0500 form).
    "winter.md": "---\ntitle: Winter hours\ndate: 2016-09-21 00:00:00 -0500\n---\nCold.\n",
}
SHOWN = {
    "release": ("September 20, 2016", "2016-09-20T00:00:00-06:00"),
    "seoul": ("September 20, 2016", "2016-09-20T08:30:00+09:00"),
    "winter": ("September 21, 2016", "2016-09-21T00:00:00-06:00"),
}


def import_posts(tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    for name, text in POSTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    call_command("import_posts", str(folder), verbosity=0)
    return {page.slug: page for page in BlogPage.objects.all()}


def soup(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_a_post_page_shows_the_day_the_author_wrote(client, site_tree, tmp_path):
    pages = import_posts(tmp_path)

    for slug, (day, moment) in SHOWN.items():
        page = soup(client, pages[slug].url)
        time = page.select_one(".post__header time")
        assert time.get_text(strip=True) == day
        assert time["datetime"] == moment
        published = page.select_one('meta[property="article:published_time"]')["content"]
        assert published == moment
        posting = next(
            item
            for item in map(json.loads, (s.string for s in page.select("script[type*=ld]")))
            if item["@type"] == "BlogPosting"
        )
        assert posting["datePublished"] == moment


def test_a_time_keeps_its_instant(site_tree, tmp_path):
    pages = import_posts(tmp_path)

    assert pages["seoul"].date == datetime.datetime(2016, 9, 19, 23, 30, tzinfo=datetime.UTC)
    assert pages["seoul"].date_utc_offset == 9 * 60
    assert pages["release"].date_utc_offset is None


def test_cards_on_the_blog_and_home_page_show_the_same_day(client, site_tree, tmp_path):
    import_posts(tmp_path)

    for url in ("/blog/", "/"):
        cards = soup(client, url).select(".post-card")
        shown = {
            card.select_one(".post-card__title a")["href"].rstrip("/").rsplit("/", 1)[-1]: (
                card.time.get_text(strip=True),
                card.time["datetime"],
            )
            for card in cards
        }
        assert shown == SHOWN


def test_feeds_date_each_post_on_the_day_the_author_wrote(client, site_tree, tmp_path):
    import_posts(tmp_path)

    rss = client.get("/feed/").content.decode()
    atom = client.get("/feed/atom/").content.decode()

    assert "<pubDate>Tue, 20 Sep 2016 00:00:00 -0600</pubDate>" in rss
    assert "<pubDate>Tue, 20 Sep 2016 08:30:00 +0900</pubDate>" in rss
    assert "<pubDate>Wed, 21 Sep 2016 00:00:00 -0600</pubDate>" in rss
    entries = feedparser.parse(atom).entries
    published = {entry.title: entry.published for entry in entries}
    assert published == {
        "Release day": "2016-09-20T00:00:00-06:00",
        "Seoul workshop": "2016-09-20T08:30:00+09:00",
        "Winter hours": "2016-09-21T00:00:00-06:00",
    }


def edit_date(editor_client, page, date):
    """Publish `page` from the admin's edit form with `date` in its date field."""
    page = page.get_latest_revision_as_object()
    form = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "date": date,
            "intro": page.intro,
            "feature_image_alt": "",
            "tags": "",
            "co_authors": inline_formset([]),
            "body": streamfield([("paragraph", rich_text(page.body[0].value.source))]),
            "action-publish": "publish",
        }
    )
    url = reverse("wagtailadmin_pages:edit", args=(page.pk,))
    response = editor_client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:2000]
    return BlogPage.objects.get(pk=page.pk)


def test_saving_in_the_admin_keeps_the_written_day_until_the_editor_moves_the_date(
    editor_client, site_tree, tmp_path
):
    seoul = import_posts(tmp_path)["seoul"]
    # The admin shows the date in the site's time zone, to the minute, and says which day the
    # post shows.
    shown_in_admin = "2016-09-19 17:30"
    edit_page = soup(editor_client, reverse("wagtailadmin_pages:edit", args=(seoul.pk,)))
    assert edit_page.select_one('input[name="date"]')["value"] == shown_in_admin
    note = edit_page.select_one(".date-as-written").get_text(" ", strip=True)
    assert "The post shows September 20, 2016" in note
    assert "2016-09-20 08:30 UTC+0900" in note

    kept = edit_date(editor_client, seoul, shown_in_admin)

    assert kept.date == seoul.date
    assert kept.date_utc_offset == 9 * 60
    assert kept.publication_day == datetime.date(2016, 9, 20)

    moved = edit_date(editor_client, kept, "2016-09-25 23:30")

    # The editor's date is in the site's time zone, as the admin showed it.
    assert moved.date_utc_offset is None
    assert moved.publication_day == datetime.date(2016, 9, 25)
    edit_page = soup(editor_client, reverse("wagtailadmin_pages:edit", args=(moved.pk,)))
    assert edit_page.select_one(".date-as-written") is None
    editor_client.logout()
    time = soup(editor_client, moved.url).select_one(".post__header time")
    assert time.get_text(strip=True) == "September 25, 2016"
