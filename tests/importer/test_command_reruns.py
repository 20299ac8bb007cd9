"""Running import_posts again: unchanged posts write nothing, changed ones update untouched
pages, an editor's changes are a conflict unless --force, and a moved folder finds its pages."""

from blog.models import BlogPage

from .helpers import (
    CLINIC_POST,
    counts,
    report_of,
    run,
)


def test_rerun_of_unchanged_source_writes_nothing(site_tree, clinic_post, tmp_path):
    run(clinic_post)
    before = counts()

    report = report_of(tmp_path, clinic_post)

    assert report["posts"][0]["status"] == "unchanged"
    assert counts() == before


def test_changed_source_updates_an_untouched_page(site_tree, clinic_post, tmp_path):
    run(clinic_post)
    page = BlogPage.objects.get()
    first_revision = page.latest_revision_id
    clinic_post.write_text(CLINIC_POST.replace("Who It Helps", "Who It Suits"))

    report = report_of(tmp_path, clinic_post)

    assert report["posts"][0]["status"] == "updated"
    page.refresh_from_db()
    assert page.live
    assert page.latest_revision_id != first_revision
    assert "Who It Suits" in [b.value["text"] for b in page.body if b.block_type == "heading"]
    assert page.import_record.revision_id == page.latest_revision_id
    assert BlogPage.objects.count() == 1


def editor_changes(page, title):
    editable = page.get_latest_revision_as_object()
    editable.title = title
    return editable.save_revision()


def test_changed_source_and_editor_changes_is_a_conflict(site_tree, clinic_post, tmp_path):
    run(clinic_post)
    page = BlogPage.objects.get()
    editor_revision = editor_changes(page, "Hot stones, edited by the clinic")
    clinic_post.write_text(CLINIC_POST.replace("Who It Helps", "Who It Suits"))

    report = report_of(tmp_path, clinic_post)

    post = report["posts"][0]
    assert post["status"] == "conflict"
    assert "--force" in post["error"]
    page.refresh_from_db()
    assert page.latest_revision_id == editor_revision.pk
    assert page.get_latest_revision_as_object().title == "Hot stones, edited by the clinic"


def test_force_imports_over_editor_changes_and_keeps_their_revision(
    site_tree, clinic_post, tmp_path
):
    run(clinic_post)
    page = BlogPage.objects.get()
    editor_revision = editor_changes(page, "Hot stones, edited by the clinic")
    clinic_post.write_text(CLINIC_POST.replace("Who It Helps", "Who It Suits"))

    report = report_of(tmp_path, clinic_post, force=True)

    assert report["posts"][0]["status"] == "updated"
    page.refresh_from_db()
    assert page.latest_revision_id != editor_revision.pk
    assert page.revisions.filter(pk=editor_revision.pk).exists()
    assert page.title == "Hot Stone Massage: A Warm Way to Unwind, and Who It’s For"


def test_editor_changes_survive_a_rerun_of_unchanged_source(site_tree, clinic_post, tmp_path):
    run(clinic_post)
    page = BlogPage.objects.get()
    editor_revision = editor_changes(page, "Edited title")

    report = report_of(tmp_path, clinic_post)

    assert report["posts"][0]["status"] == "unchanged"
    page.refresh_from_db()
    assert page.latest_revision_id == editor_revision.pk


def test_a_moved_source_folder_finds_its_pages_again(site_tree, clinic_post, tmp_path):
    run(clinic_post.parent)
    moved = tmp_path / "elsewhere" / "posts"
    moved.parent.mkdir()
    clinic_post.parent.rename(moved)

    report = report_of(tmp_path, moved)
    # The same file given on its own is the same post too.
    single = report_of(tmp_path, moved / "hot-stones.md")

    assert report["summary"]["unchanged"] == 1 and report["summary"]["created"] == 0
    assert single["summary"]["unchanged"] == 1
    assert BlogPage.objects.count() == 1
