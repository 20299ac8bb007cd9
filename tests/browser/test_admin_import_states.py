"""The admin import's states in a real browser with a real task worker: an upload with nothing
to import is not offered for import and a cancel reads as a cancel; drafts show as drafts and
the person who confirms is the one the pages' history names; a running import is stopped and
keeps what it wrote."""

import pytest
from django.contrib.auth.models import Group
from wagtail.models import Revision

from blog.models import BlogPage
from importer.admin_import.models import ImportRun
from tests.importer.helpers import write_post
from tests.importer.old_site import zip_of

from .test_admin_import import PASSWORD, WORKER_TIMEOUT, log_in, row

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.browser.urls"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

Status = ImportRun.Status


@pytest.fixture
def migrators(django_user_model):
    group = Group.objects.get(name="Migrators")
    people = []
    for name in ("migrator", "mira"):
        person = django_user_model.objects.create_user(name, f"{name}@example.com", PASSWORD)
        person.groups.add(group)
        people.append(person)
    return people


def upload(tab, folder, name="old-site.zip"):
    page = tab.page
    tab.goto("/admin/import-posts/")
    page.locator("input[name=archive]").set_input_files(
        {"name": name, "mimeType": "application/zip", "buffer": zip_of(folder)}
    )
    page.get_by_role("button", name="Upload and preview").click()


def badge(page):
    return page.locator(".import-posts__meta .w-status")


def test_nothing_to_import_is_not_ready_and_a_cancel_is_no_failure(
    visit, migrators, site_tree, task_worker, tmp_path
):
    site = tmp_path / "old-site"
    write_post(site, "posts/bad-date.md", "---\ntitle: Bad date\ndate: 2024-13-40\n---\nText.\n")
    write_post(site, "posts/broken.md", "---\ntitle: [never closed\n---\nText.\n")
    tab = visit("desktop")
    page = tab.page
    log_in(tab, "migrator")

    tab.goto("/admin/import-posts/")
    button = page.get_by_role("button", name="Upload and preview")
    # The button shows its words, and its icon at the size of a button's icon.
    assert button.inner_text().strip() == "Upload and preview"
    assert button.bounding_box()["height"] < 60
    upload(tab, site)

    page.get_by_text("Nothing can be imported").first.wait_for(timeout=WORKER_TIMEOUT)
    assert badge(page).inner_text().strip().lower() == "nothing can be imported"
    red = page.evaluate(
        "() => getComputedStyle(document.querySelector('.import-posts__meta .w-status')).color"
    )
    plain = page.evaluate(
        "() => getComputedStyle(document.querySelector('.import-posts__summary dd')).color"
    )
    assert red != plain
    assert page.get_by_role("button", name="Import these posts").count() == 0
    bad_date = row(page, "bad-date.md").inner_text()
    assert "not a real date" in bad_date and "Error:" not in bad_date

    page.get_by_role("button", name="Close this preview").click()
    assert "cancelled; nothing was imported" in page.locator(".messages").inner_text()
    assert badge(page).inner_text().strip().lower() == "cancelled"
    assert "import-posts__status--critical" not in (badge(page).get_attribute("class") or "")
    assert ImportRun.objects.get().status == Status.CANCELLED
    tab.assert_healthy()


def test_drafts_show_as_drafts_and_the_confirmer_owns_the_pages(
    visit, migrators, site_tree, task_worker, tmp_path
):
    site = tmp_path / "old-site"
    write_post(site, "posts/open.md", "---\ntitle: Open every day\ndate: 2024-02-01\n---\nOpen.\n")
    draft = "---\ntitle: Winter hours\ndate: 2024-03-01\ndraft: true\n---\nNot ready.\n"
    write_post(site, "posts/winter.md", draft)
    uploader = visit("desktop")
    log_in(uploader, "migrator")
    tab = uploader.page
    uploader.goto("/admin/import-posts/")
    tab.get_by_text("Posts marked as drafts on the old site").wait_for()
    upload(uploader, site)
    tab.get_by_role("heading", name="What the import would do").wait_for(timeout=WORKER_TIMEOUT)
    winter = row(tab, "Winter hours")
    assert "draft" in [tag.strip() for tag in winter.locator(".w-status").all_text_contents()]
    assert "Not published" in winter.inner_text()
    run = ImportRun.objects.get()

    # Someone else confirms the preview.
    confirmer = visit("desktop")
    log_in(confirmer, "mira")
    page = confirmer.page
    confirmer.goto(f"/admin/import-posts/runs/{run.pk}/")
    page.get_by_role("button", name="Import these posts").click()
    assert "Importing old-site.zip into Blog" in page.locator(".messages").inner_text()
    page.get_by_role("heading", name="What the import did").wait_for(timeout=WORKER_TIMEOUT)
    meta = page.locator(".import-posts__meta").inner_text()
    assert "uploaded by migrator" in meta and "confirmed by mira" in meta

    winter = row(page, "Winter hours")
    assert "Not published" in winter.inner_text()
    assert winter.locator("a", has_text="/blog/").count() == 0  # no public link
    opened = row(page, "Open every day")
    assert opened.locator("a", has_text="/blog/open/").count() == 1
    assert not BlogPage.objects.get(title="Winter hours").live
    mira = migrators[1]
    for post in BlogPage.objects.all():
        revisions = Revision.objects.filter(object_id=str(post.pk))
        assert {revision.user for revision in revisions} == {mira}
    uploader.assert_healthy()
    confirmer.assert_healthy()


WORDS = "warm stone back neck slow ease oil hand knot calf breath heat rest calm deep soft".split()


def long_post(title: str, day: int) -> str:
    """A post long enough that writing it takes the worker a moment, in words varied enough
    that its archive is not refused as a zip bomb."""
    seed = day
    paragraphs = []
    for number in range(600):
        words = []
        for _ in range(60):
            seed = (seed * 1103515245 + 12345) % 2**31
            words.append(WORDS[seed % len(WORDS)] + str(seed % 97))
        paragraphs.append(f"## Part {number}\n\n{' '.join(words)}.")
    return f"---\ntitle: {title}\ndate: 2024-01-{day:02}\n---\n" + "\n\n".join(paragraphs) + "\n"


def test_a_running_import_is_stopped_and_keeps_what_it_wrote(
    visit, migrators, site_tree, task_worker, tmp_path
):
    site = tmp_path / "old-site"
    write_post(site, "posts/first.md", "---\ntitle: First\ndate: 2024-01-01\n---\nShort.\n")
    for day in range(2, 14):
        write_post(site, f"posts/long-{day}.md", long_post(f"Long {day}", day))
    tab = visit("desktop")
    page = tab.page
    log_in(tab, "migrator")
    upload(tab, site)
    page.get_by_role("button", name="Import these posts").wait_for(timeout=WORKER_TIMEOUT * 2)
    page.get_by_role("button", name="Import these posts").click()

    stop = page.get_by_role("button", name="Stop importing")
    stop.wait_for(timeout=WORKER_TIMEOUT)
    # One figure: the bar and the counts under it say the same number of files.
    bar = int(page.locator("progress").evaluate("bar => bar.value") or 0)
    counts = sum(int(text) for text in page.locator("[data-count]").all_inner_texts())
    assert bar == counts
    stop.click()
    assert "Stopping the import" in page.locator(".messages").inner_text()
    page.get_by_text("This import was stopped on request").wait_for(timeout=WORKER_TIMEOUT)
    assert badge(page).inner_text().strip().lower() == "stopped"

    run = ImportRun.objects.get()
    assert run.status == Status.STOPPED
    written = BlogPage.objects.count()
    assert 1 <= written < 13
    assert page.locator("table.import-posts__rows tbody tr").count() == written
    assert page.get_by_role("button", name="Import again").count() == 1
    tab.assert_healthy()
