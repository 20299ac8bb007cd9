"""Import posts from the admin, in a real browser with a real task worker: a member of the
Migrators group uploads an old Eleventy site, reads the preview, compares a post before and
after, confirms, watches the run to its end and opens a new page; an editor without the
permission never sees any of it.

The screenshots in docs/ (admin-import-*.png) are the ones this test saves in screenshots/.
"""

import re

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command

from blog.models import BlogPage
from importer.admin_import.models import ImportRun
from tests.browser.conftest import SCREENSHOTS
from tests.importer.old_site import eleventy_site, zip_of

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.browser.urls"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "a-long-migrator-password"
# The worker reads, repairs and converts each post on a machine other tests keep busy.
WORKER_TIMEOUT = 120_000


@pytest.fixture
def people(django_user_model):
    migrator = django_user_model.objects.create_user("migrator", "m@example.com", PASSWORD)
    migrator.groups.add(Group.objects.get(name="Migrators"))
    editor = django_user_model.objects.create_user("editor", "e@example.com", PASSWORD)
    editor.groups.add(Group.objects.get(name="Editors"))
    return migrator, editor


@pytest.fixture
def old_site(site_tree, tmp_path):
    """The old site as it is uploaded. One of its posts was imported before (with the command)
    and changed by an editor since; then the post changed on the old site too."""
    site = eleventy_site(tmp_path / "old-site")
    call_command("import_posts", str(site / "src/blog/desk-stretches.md"), verbosity=0)
    page = BlogPage.objects.get(slug="desk-stretches")
    page.title = "Stretches for desk workers, as our editor put it"
    page.save_revision().publish()
    eleventy_site(site, edited_words="slowly, twice a day")
    return site


def log_in(tab, username):
    tab.goto("/admin/login/")
    tab.page.get_by_label("Username").fill(username)
    tab.page.get_by_label("Password").fill(PASSWORD)
    tab.page.get_by_role("button", name="Sign in").click()
    tab.page.wait_for_url("**/admin/")


def shoot(tab, name):
    """A screenshot of what the window shows, for the README."""
    SCREENSHOTS.mkdir(exist_ok=True)
    tab.page.evaluate("window.scrollTo(0, 0)")
    tab.page.screenshot(path=str(SCREENSHOTS / f"admin-import-{name}.png"))


def row(page, title):
    return page.locator("table.import-posts__rows tbody tr").filter(has_text=title)


def status_of(row):
    # As written: the admin's CSS shows statuses in capitals.
    return row.locator(".w-status").text_content().strip()


def test_a_migrator_imports_an_old_site_from_the_admin(visit, people, old_site, task_worker):
    tab = visit("desktop")
    page = tab.page
    log_in(tab, "migrator")

    page.get_by_role("link", name="Import posts").click()
    page.get_by_role("heading", name="Upload the old site").wait_for()
    page.locator("input[name=archive]").set_input_files(
        {"name": "old-site.zip", "mimeType": "application/zip", "buffer": zip_of(old_site)}
    )
    shoot(tab, "upload")
    page.get_by_role("button", name="Upload and preview").click()

    # The worker prepares the preview; the page follows it and reloads when it is ready.
    page.get_by_role("heading", name="What the import would do").wait_for(timeout=WORKER_TIMEOUT)
    assert page.locator(".import-posts__facts").inner_text().startswith("Generator\nEleventy")
    massage = row(page, "Why regular massage helps")
    assert "/blog/regular-massage/" in massage.inner_text()
    assert status_of(massage) == "new"
    assert massage.locator("td").last.inner_text() == "100%"
    assert "1 line" in massage.inner_text()  # the repaired mojibake
    assert status_of(row(page, "Stretches for desk workers")) == "conflict"
    broken = row(page, "broken.md")
    assert status_of(broken) == "fails"
    assert "front matter is invalid" in broken.inner_text()
    assert BlogPage.objects.filter(slug="regular-massage").count() == 0
    shoot(tab, "preview")

    # Before and after, side by side.
    massage.get_by_role("link", name="Why regular massage helps").click()
    before = page.frame_locator("iframe[title='The old post as its site showed it']")
    after = page.frame_locator("iframe[title='The page as the import makes it']")
    before.get_by_text("It‚Äôs easier to stay loose").wait_for()
    after.get_by_text("It’s easier to stay loose").wait_for()
    assert after.get_by_role("link", name="Reserve Your Visit Online (In-Clinic)").count() == 1
    assert after.locator(".booking-cta a[href^='tel:']").count() == 1
    repaired = page.locator("table").filter(has_text="In the file")
    assert "It’s easier to stay loose" in repaired.inner_text()
    shoot(tab, "compare")

    # Confirm, and watch it to the end.
    page.get_by_role("link", name="Back to the list").click()
    page.get_by_role("button", name="Import these posts").click()
    # The run's page says it was confirmed, then follows it until it is done.
    assert "Importing old-site.zip into Blog" in page.locator(".messages").inner_text()
    page.get_by_role("heading", name="What the import did").wait_for(timeout=WORKER_TIMEOUT)
    run = ImportRun.objects.get(from_command=False)
    assert run.status == ImportRun.Status.FINISHED, run.error
    assert run.summary["created"] == 1
    assert run.summary["conflict"] == 1
    assert run.summary["failed"] == 1
    assert page.get_by_role("link", name="Download the JSON report").count() == 1
    shoot(tab, "report")

    # The new page, as visitors see it.
    massage = row(page, "Why regular massage helps")
    massage.get_by_role("link", name="/blog/regular-massage/").click()
    page.wait_for_url("**/blog/regular-massage/")
    assert page.get_by_role("heading", level=1).inner_text() == "Why regular massage helps"
    assert page.get_by_text("It’s easier to stay loose").count() == 1
    assert page.locator("main .booking-cta a[href^='tel:']").count() >= 1
    tab.load_every_image()
    assert tab.broken_images() == []
    assert page.locator("main picture img").count() >= 2  # the feature picture and the room
    # The editor's version of the other post was kept.
    assert BlogPage.objects.get(slug="desk-stretches").title.endswith("as our editor put it")
    tab.assert_healthy()


def test_an_editor_without_the_permission_sees_no_import_and_is_refused(visit, people, site_tree):
    tab = visit("desktop")
    page = tab.page
    log_in(tab, "editor")
    page.get_by_role("link", name="Pages").first.wait_for()
    assert page.get_by_role("link", name="Import posts").count() == 0
    # Refused as the admin refuses a page: back to the dashboard, saying why.
    page.goto(tab.base_url + "/admin/import-posts/")
    page.wait_for_url("**/admin/")
    assert "do not have permission" in page.locator(".messages").inner_text()
    assert not re.search("403 Forbidden", page.content(), re.IGNORECASE)
