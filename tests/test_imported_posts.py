"""Imported posts: editors see, read-only, where one came from; old addresses redirect."""

import datetime
import json

from bs4 import BeautifulSoup
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse

from blog.models import BlogPage

SAMPLE = settings.BASE_DIR / "sample_posts" / "mobile-massage-at-home.md"


def settings_tab(client, page):
    html = client.get(reverse("wagtailadmin_pages:edit", args=(page.pk,))).content
    return BeautifulSoup(html, "html.parser").select_one("#tab-settings")


def test_an_imported_post_shows_its_source_import_time_and_repairs(
    editor_client, site_tree, tmp_path
):
    report = tmp_path / "report.json"
    call_command("import_posts", str(SAMPLE), "--report", str(report), verbosity=0)
    result = json.loads(report.read_text())["posts"][0]
    page = BlogPage.objects.get(pk=result["page_id"])
    record = page.import_record

    panel = settings_tab(editor_client, page).select_one(".import-record")

    text = panel.get_text(" ", strip=True)
    assert record.source_path in text
    assert datetime.datetime.fromisoformat(panel.time["datetime"]) == record.imported_at
    assert "not edited since" in text
    # The sample was saved as Mac Roman once: every repaired line is listed, before and after.
    assert result["repairs"] and len(record.repairs) == len(result["repairs"])
    items = [li.get_text(" ", strip=True) for li in panel.select("li")]
    first = record.repairs[0]
    assert f"Line {first['line']}: “{first['before']}” became “{first['after']}”" in items
    assert "‚Äô" in first["before"] and "’" in first["after"]
    # Read-only: nothing in the panel is a form field.
    assert not panel.select("input, textarea, select")


def test_the_panel_says_when_an_editor_has_changed_the_post_since(
    editor_client, site_tree, tmp_path
):
    call_command("import_posts", str(SAMPLE), verbosity=0)
    page = BlogPage.objects.get()
    page.save_revision()

    assert "edited in the admin since" in settings_tab(editor_client, page).get_text()


def test_a_post_written_in_the_admin_has_no_import_panel(editor_client, make_post):
    page = make_post(title="Written here")
    tab = settings_tab(editor_client, page)
    assert tab is not None and "Publication date" in tab.get_text()
    assert tab.select_one(".import-record") is None


def test_the_redirect_the_importer_makes_answers_301_to_the_new_page(client, site_tree):
    call_command("import_posts", str(SAMPLE), "--old-url", "/{year}/{month}/{slug}/", verbosity=0)
    page = BlogPage.objects.get()
    old_url = f"/{page.date:%Y}/{page.date:%m}/{page.slug}/"

    response = client.get(old_url)

    assert response.status_code == 301
    assert response["Location"] == page.url
    assert client.get(page.url).status_code == 200
