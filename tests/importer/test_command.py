"""The import_posts command against a real database: statuses, re-runs, atomicity, bad files."""

import datetime
import json
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management.base import CommandError
from taggit.models import Tag
from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model
from wagtail.models import Page, PageLogEntry, ReferenceIndex, Revision

from blog.models import Author, BlogPage
from importer.models import ImportedPost
from importer.write import PostWriter

from .helpers import CLINIC_POST, mac_roman_mojibake, report_of, run, write_png, write_post

Image = get_image_model()
MST = datetime.timezone(datetime.timedelta(hours=-7))


@pytest.fixture
def clinic_post(tmp_path):
    folder = tmp_path / "posts"
    write_png(folder / "stones.png", "gray")
    write_png(folder / "warmer.png", "orange")
    return write_post(folder, "hot-stones.md", mac_roman_mojibake(CLINIC_POST))


def counts():
    return {
        "pages": Page.objects.count(),
        "revisions": Revision.objects.count(),
        "images": Image.objects.count(),
        "redirects": Redirect.objects.count(),
        "records": ImportedPost.objects.count(),
        "authors": Author.objects.count(),
        "tags": Tag.objects.count(),
    }


def test_a_clinic_post_imports_repaired_and_structured(site_tree, clinic_post, client, tmp_path):
    report = report_of(tmp_path, clinic_post)

    assert report["summary"]["created"] == 1
    page = BlogPage.objects.get()
    assert page.title == "Hot Stone Massage: A Warm Way to Unwind, and Who It’s For"
    assert page.live
    assert page.date == datetime.datetime(2026, 1, 6, 20, 50, tzinfo=MST)
    assert page.first_published_at == page.date
    assert page.search_description == "What a hot stone massage feels like, and who it suits."
    assert page.intro == page.search_description
    assert page.author.name == "Clinic Team"
    assert [tag.name for tag in page.tags.all()] == ["stone therapy"]
    assert page.feature_image.title == "Smooth basalt stones on a towel"
    assert page.feature_image_alt == "Smooth basalt stones on a towel"

    kinds = [block.block_type for block in page.body]
    assert kinds == [
        "paragraph",
        "divider",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
        "image",
        "heading",
        "paragraph",
        "booking_cta",
        "paragraph",
    ]
    headings = [block.value["text"] for block in page.body if block.block_type == "heading"]
    assert headings == ["What Is a Hot Stone Massage?", "Who It Helps", "Book a Hot Stone Massage"]
    body_html = "".join(str(block.value) for block in page.body if block.block_type == "paragraph")
    for item in ("Shoulders", "Lower back", "Calves", "Feel cold all winter"):
        assert f">{item}</li>" in body_html
    assert "“deep” muscle—gently" in body_html
    assert "⭐" in body_html
    cta = next(block.value for block in page.body if block.block_type == "booking_cta")
    actions = [(action.block_type, dict(action.value)) for action in cta["actions"]]
    assert actions == [
        (
            "book_online",
            {
                "label": "Reserve Your Visit Online (In-Clinic)",
                "url": "https://stonemassage.ca/book/",
            },
        ),
        ("call", {"label": "Phone Us for a Home Visit (Mobile)", "phone": "587-938-0458"}),
    ]
    image_block = next(block.value for block in page.body if block.block_type == "image")
    assert image_block["alt_text"] == "A stone warmer at 50 degrees"

    html = client.get(page.url).content.decode()
    assert 'href="https://stonemassage.ca/book/"' in html
    assert 'href="tel:+15879380458"' in html
    for mojibake in ("‚Ä", "üë", "üì", "\uf8ff"):
        assert mojibake not in html
    assert Redirect.objects.get(old_path="/2026/01/hot-stones.html").redirect_page_id == page.pk

    record = page.import_record
    assert record.source_path == "posts/hot-stones.md"
    assert record.revision_id == page.latest_revision_id
    assert record.repairs and record.repairs[0]["line"] == 2
    post = report["posts"][0]
    assert post["status"] == "created"
    assert post["page_id"] == page.pk
    assert post["url"] == page.url
    assert post["live"] is True
    assert post["repairs"] == record.repairs
    assert set(post) == {
        "source",
        "status",
        "page_id",
        "url",
        "live",
        "repairs",
        "warnings",
        "error",
        "notes",
        "coverage",
        "unresolved_links",
    }
    assert post["coverage"] == 1.0


def media_files():
    return sorted(str(path) for path in Path(settings.MEDIA_ROOT).rglob("*") if path.is_file())


def test_dry_run_changes_nothing(site_tree, clinic_post, tmp_path):
    before = counts()
    media_before = media_files()
    files_before = {p.name for p in tmp_path.rglob("*")}

    report = report_of(tmp_path, clinic_post, dry_run=True)

    assert counts() == before
    assert media_files() == media_before
    assert report["summary"]["created"] == 1
    assert report["dry_run"] is True
    assert report["posts"][0]["page_id"] is None
    assert report["posts"][0]["url"] == "/blog/hot-stones/"
    assert {p.name for p in tmp_path.rglob("*")} == files_before | {"report.json"}


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


def test_a_post_that_fails_while_writing_leaves_nothing_behind(site_tree, tmp_path, monkeypatch):
    folder = tmp_path / "posts"
    write_png(folder / "good.png", "green")
    write_png(folder / "bad.png", "red")
    write_post(folder, "good.md", "---\ntitle: Good\ndate: 2025-01-01\n---\n![Good](good.png)\n")
    write_post(folder, "bad.md", "---\ntitle: Bad\ndate: 2025-01-02\n---\n![Bad](bad.png)\n")
    original = PostWriter.save_redirects

    def fail_for_bad(self, page, post, result):
        if post.slug == "bad":
            raise RuntimeError("the disk is full")
        return original(self, page, post, result)

    monkeypatch.setattr(PostWriter, "save_redirects", fail_for_bad)
    storage = Image._meta.get_field("file").storage

    with pytest.raises(CommandError, match="1 of 2 post"):
        run(folder, "--report", tmp_path / "report.json")

    report = json.loads((tmp_path / "report.json").read_text())
    statuses = {post["source"].rsplit("/", 1)[-1]: post for post in report["posts"]}
    assert statuses["good.md"]["status"] == "created"
    assert statuses["bad.md"]["status"] == "failed"
    assert "the disk is full" in statuses["bad.md"]["error"]
    assert list(BlogPage.objects.values_list("slug", flat=True)) == ["good"]
    assert ImportedPost.objects.count() == 1
    assert list(Image.objects.values_list("title", flat=True)) == ["Good"]
    _, files = storage.listdir("original_images")
    assert not [name for name in files if name.startswith("bad")]


def test_what_a_failed_post_made_is_forgotten_by_the_posts_after_it(
    site_tree, tmp_path, monkeypatch
):
    """Its author, tag and old address went with its transaction; a later post must not point
    at them (SQLite would give the rolled-back page's id to the next page made)."""
    folder = tmp_path / "posts"
    write_post(
        folder,
        "bad.md",
        "---\ntitle: Bad\ndate: 2025-01-01\nauthor: New Therapist\ntags: [cupping]\n"
        "permalink: /old/bad/\n---\nBody\n",
    )
    write_post(
        folder,
        "after.md",
        "---\ntitle: After\ndate: 2025-01-02\nauthor: New Therapist\ntags: [cupping]\n---\n"
        "See [the bad one](/old/bad/).\n",
    )
    original = PostWriter.save_redirects

    def fail_after_redirects(self, page, post, result):
        original(self, page, post, result)
        if post.slug == "bad":
            raise RuntimeError("the disk is full")

    monkeypatch.setattr(PostWriter, "save_redirects", fail_after_redirects)
    with pytest.raises(CommandError, match="1 of 2 post"):
        run(folder)

    after = BlogPage.objects.get()
    assert after.author.name == "New Therapist"
    assert [tag.name for tag in after.tags.all()] == ["cupping"]
    assert 'linktype="page"' not in after.body[0].value.source
    assert not Redirect.objects.filter(old_path="/old/bad").exists()


def test_a_page_wagtail_would_refuse_fails_alone_and_leaves_nothing(
    site_tree, tmp_path, monkeypatch
):
    """An editor adds a page with a post's slug after the run has read the slugs in use: the
    page's validation refuses the post's page, and its transaction takes everything with it."""
    folder = tmp_path / "posts"
    write_post(folder, "taken.md", "---\ntitle: Taken\ndate: 2025-01-01\n---\nBody\n")
    write_post(folder, "free.md", "---\ntitle: Free\ndate: 2025-01-02\n---\nBody\n")
    original = PostWriter.for_parent.__func__

    def editor_adds_a_page(cls, parent, ctx):
        writer = original(cls, parent, ctx)
        parent.add_child(instance=BlogPage(title="By an editor", slug="taken"))
        return writer

    monkeypatch.setattr(PostWriter, "for_parent", classmethod(editor_adds_a_page))
    with pytest.raises(CommandError, match="1 of 2 post"):
        run(folder, "--report", tmp_path / "report.json")

    report = json.loads((tmp_path / "report.json").read_text())
    failed = next(post for post in report["posts"] if post["status"] == "failed")
    assert failed["source"].endswith("taken.md")
    assert failed["error"].startswith("field 'slug': Wagtail refused the page:")
    assert "already in use" in failed["error"]
    assert "Fix: a page with this address was added" in failed["error"], failed["error"]
    assert sorted(BlogPage.objects.values_list("title", flat=True)) == ["By an editor", "Free"]
    assert Revision.objects.filter(object_str="Taken").count() == 0
    assert not PageLogEntry.objects.filter(label="Taken").exists()
    assert list(ImportedPost.objects.values_list("page__title", flat=True)) == ["Free"]


def test_an_author_deleted_during_a_run_fails_the_post_by_name(site_tree, tmp_path, monkeypatch):
    """The run read the authors when it started; one deleted since is caught by the page's
    validation, naming the field, and a dry run says the same as the real run would."""
    Author.objects.create(name="Retired Therapist")
    folder = tmp_path / "posts"
    write_post(
        folder, "old.md", "---\ntitle: Old\ndate: 2025-01-01\nauthor: Retired Therapist\n---\nB\n"
    )
    original = PostWriter.for_parent.__func__

    def author_deleted(cls, parent, ctx):
        writer = original(cls, parent, ctx)
        Author.objects.filter(name="Retired Therapist").delete()
        return writer

    monkeypatch.setattr(PostWriter, "for_parent", classmethod(author_deleted))
    for dry_run in (["--dry-run"], []):
        Author.objects.get_or_create(name="Retired Therapist")
        with pytest.raises(CommandError, match="1 of 1 post"):
            run(folder, *dry_run, "--report", tmp_path / "report.json")
        error = json.loads((tmp_path / "report.json").read_text())["posts"][0]["error"]
        assert error.startswith("field 'author': Wagtail refused the page:")
        assert "is not a valid choice" in error
        assert "Fix: the author was deleted while the import ran; run the import again" in error
    assert not BlogPage.objects.exists()


BAD_FILES = {
    "empty.md": (b"", "the file is empty"),
    "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "the file is binary"),
    "invalid-yaml.md": (
        b"---\ntitle: Relax: a guide\ndate: 2025-01-01\n---\nBody\n",
        "field 'front matter', line 2: the YAML front matter is invalid",
    ),
    "bad-date.md": (
        b"---\ntitle: Soon\ndate: next Tuesday\n---\nBody\n",
        "field 'date': the date 'next Tuesday' cannot be read.",
    ),
    "not-a-mapping.md": (
        b"---\n- title\n- date\n---\nBody\n",
        "field 'front matter', line 1: the front matter is a list, not a set of named fields.",
    ),
}


@pytest.mark.parametrize("name", BAD_FILES, ids=lambda name: name.removesuffix(".md"))
def test_a_bad_file_fails_alone_with_a_clear_message(site_tree, tmp_path, name):
    content, message = BAD_FILES[name]
    folder = tmp_path / "posts"
    (folder).mkdir()
    (folder / name).write_bytes(content)
    write_post(folder, "good.md", "---\ntitle: Good news\ndate: 2025-03-01\n---\nWe moved.\n")

    with pytest.raises(CommandError) as error:
        run(folder, "--report", tmp_path / "report.json")

    assert "1 of 2 post(s) failed" in str(error.value)
    report = json.loads((tmp_path / "report.json").read_text())
    failed = next(post for post in report["posts"] if post["status"] == "failed")
    assert failed["source"] == str(folder / name)
    assert message in failed["error"]
    assert "Fix:" in failed["error"]
    assert report["summary"] == {
        "found": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "conflict": 0,
        "skipped": 0,
        "failed": 1,
        "unresolved_links": 0,
    }
    assert report["dry_run"] is False
    assert list(BlogPage.objects.values_list("title", flat=True)) == ["Good news"]


def test_summary_table_and_verbose_lines(site_tree, clinic_post):
    out = run(clinic_post, verbosity=2)
    assert f"[1/1] created   {clinic_post}" in out
    assert "Import summary" in out
    assert "Created        1" in out


def test_draft_option_and_draft_posts_stay_unpublished(site_tree, tmp_path):
    folder = tmp_path / "posts"
    write_post(folder, "a.md", "---\ntitle: Ready\ndate: 2025-01-01\n---\nText.\n")
    write_post(folder, "b.md", "---\ntitle: Not yet\ndate: 2025-01-02\ndraft: true\n---\nText.\n")

    run(folder)
    assert dict(BlogPage.objects.values_list("title", "live")) == {"Ready": True, "Not yet": False}
    assert BlogPage.objects.get(title="Not yet").first_published_at is None

    write_post(tmp_path / "more", "c.md", "---\ntitle: Also ready\ndate: 2025-01-03\n---\nText.\n")
    run(tmp_path / "more", draft=True)
    assert BlogPage.objects.get(title="Also ready").live is False


def test_images_are_deduplicated_by_content(site_tree, tmp_path):
    folder = tmp_path / "posts"
    write_png(folder / "one" / "stones.png", "gray")
    write_png(folder / "two" / "same-stones.png", "gray")
    write_post(folder / "one", "a.md", "---\ntitle: A\ndate: 2025-01-01\n---\n![S](stones.png)\n")
    write_post(
        folder / "two", "b.md", "---\ntitle: B\ndate: 2025-01-02\n---\n![S](same-stones.png)\n"
    )

    run(folder)

    assert Image.objects.count() == 1
    image_ids = {
        block.value["image"].pk
        for page in BlogPage.objects.all()
        for block in page.body
        if block.block_type == "image"
    }
    assert image_ids == {Image.objects.get().pk}


def test_site_absolute_images_are_found_under_assets(site_tree, tmp_path):
    write_png(tmp_path / "site" / "static" / "img" / "room.png", "white")
    write_post(
        tmp_path / "posts", "a.md", "---\ntitle: A\ndate: 2025-01-01\n---\n![Room](/img/room.png)\n"
    )

    run(tmp_path / "posts", assets=[tmp_path / "site"])

    block = BlogPage.objects.get().body[0]
    assert block.block_type == "image"
    assert block.value["alt_text"] == "Room"


def test_a_missing_image_is_a_warning_and_its_text_stays(site_tree, tmp_path):
    write_post(
        tmp_path, "a.md", "---\ntitle: A\ndate: 2025-01-01\n---\n![Our front desk](gone.png)\n"
    )

    report = report_of(tmp_path, tmp_path / "a.md")

    assert report["posts"][0]["status"] == "created"
    assert "gone.png was not found" in report["posts"][0]["warnings"][0]
    assert "Our front desk" in str(BlogPage.objects.get().body[0].value)


def test_links_between_imported_posts_become_page_links(site_tree, tmp_path):
    folder = tmp_path / "_posts"
    write_post(folder, "2025-01-01-welcome.md", "---\ntitle: Welcome\n---\nHello.\n")
    write_post(
        folder,
        "2025-02-01-follow-up.md",
        "---\ntitle: Follow-up\n---\nSee [our welcome]({% post_url 2025-01-01-welcome %}) "
        "and [the old address](/blog/welcome/).\n",
    )

    run(folder, old_url="/blog/{slug}/")

    welcome = BlogPage.objects.get(slug="welcome")
    follow_up = BlogPage.objects.get(slug="follow-up")
    paragraph = follow_up.body[0].value.source
    assert paragraph.count(f'<a linktype="page" id="{welcome.pk}">') == 2


def test_links_to_newer_posts_become_page_links_in_the_import_revision(site_tree, tmp_path):
    folder = tmp_path / "_posts"
    write_post(
        folder,
        "2025-01-01-welcome.md",
        "---\ntitle: Welcome\n---\n"
        "Next, read [our follow-up]({% post_url 2025-02-01-follow-up %}).\n",
    )
    write_post(folder, "2025-02-01-follow-up.md", "---\ntitle: Follow-up\n---\nHello again.\n")

    run(folder)

    welcome = BlogPage.objects.get(slug="welcome")
    follow_up = BlogPage.objects.get(slug="follow-up")
    page_link = f'<a linktype="page" id="{follow_up.pk}">our follow-up</a>'
    assert page_link in welcome.body[0].value.source
    # Fixed in the import's own revision: no extra revision, and no "edited since import".
    assert welcome.revisions.count() == 1
    assert page_link in welcome.latest_revision.as_object().body[0].value.source
    assert not welcome.import_record.edited_since_import
    assert ReferenceIndex.get_references_to(follow_up).filter(object_id=str(welcome.pk)).exists()
    assert run(folder, verbosity=2).count("unchanged") >= 2


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


def test_slugs_stay_unique_under_the_blog(site_tree, make_post, tmp_path):
    make_post(title="Existing", slug="stretching")
    write_post(tmp_path, "stretching.md", "---\ntitle: Stretching\ndate: 2025-01-01\n---\nText.\n")

    run(tmp_path / "stretching.md")

    assert BlogPage.objects.get(title="Stretching").slug == "stretching-2"


def test_no_blog_index_is_a_command_error(db, tmp_path):
    write_post(tmp_path, "a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n")
    with pytest.raises(CommandError, match="no blog index"):
        run(tmp_path / "a.md")


def test_readme_files_among_posts_are_skipped_not_failed(site_tree, tmp_path):
    write_post(tmp_path, "README.md", "# About this folder\n\nOur posts.\n")
    write_post(tmp_path, "2025-01-01-hello.md", "---\ntitle: Hello\n---\nHi.\n")

    report = report_of(tmp_path, tmp_path)

    statuses = {post["source"].rsplit("/", 1)[-1]: post["status"] for post in report["posts"]}
    assert statuses == {"2025-01-01-hello.md": "created", "README.md": "skipped"}


def test_a_link_to_a_post_that_is_not_imported_keeps_its_text(site_tree, tmp_path):
    write_post(
        tmp_path,
        "2025-02-01-follow-up.md",
        "---\ntitle: Follow-up\n---\nSee [our welcome]({% post_url 2025-01-01-welcome %}).\n",
    )

    report = report_of(tmp_path, tmp_path / "2025-02-01-follow-up.md")

    paragraph = BlogPage.objects.get().body[0].value.source
    assert paragraph == '<p data-block-key="00000">See our welcome.</p>'
    assert report["posts"][0]["warnings"] == [
        "Link to post '2025-01-01-welcome' not found; its text is kept."
    ]


def test_booking_url_option_marks_more_links_as_booking(site_tree, tmp_path):
    text = "---\ntitle: Gift cards\ndate: 2025-01-01\n---\n<https://gifts.example.org/clinic>\n"
    write_post(tmp_path / "one", "a.md", text)
    write_post(tmp_path / "two", "b.md", text.replace("Gift cards", "Gift cards again"))

    run(tmp_path / "one")
    run(tmp_path / "two", booking_url=["https://gifts.example.org/clinic"])

    kinds = {page.title: page.body[0].block_type for page in BlogPage.objects.all()}
    assert kinds == {"Gift cards": "paragraph", "Gift cards again": "booking_cta"}


def test_parent_option_names_the_blog_index(site_tree, tmp_path):
    write_post(tmp_path, "a.md", "---\ntitle: A\ndate: 2025-01-01\n---\nText.\n")

    with pytest.raises(CommandError, match="there is no blog index 'news'"):
        run(tmp_path / "a.md", parent="news")
    run(tmp_path / "a.md", parent=str(site_tree.blog.pk))

    assert BlogPage.objects.get().get_parent().pk == site_tree.blog.pk


def test_an_existing_redirect_elsewhere_is_left_alone(site_tree, make_post, tmp_path):
    other = make_post(title="Prices", slug="prices")
    Redirect.objects.create(old_path="/old/prices", site=None, redirect_page=other)
    write_post(
        tmp_path, "a.md", "---\ntitle: A\ndate: 2025-01-01\npermalink: /old/prices/\n---\nText.\n"
    )

    report = report_of(tmp_path, tmp_path / "a.md")

    assert Redirect.objects.get(old_path="/old/prices").redirect_page_id == other.pk
    assert report["posts"][0]["warnings"] == [
        "Old address /old/prices already redirects elsewhere; it was left as it is."
    ]


def test_an_svg_that_could_run_script_is_stored_cleaned(site_tree, tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    drawing = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8">{}</svg>'
    (folder / "clean.svg").write_text(drawing.format('<rect width="8" height="8"/>'))
    (folder / "hostile.svg").write_text(drawing.format('<script>alert(1)</script><circle r="4"/>'))
    write_post(
        folder,
        "drawings.md",
        "---\ntitle: Drawings\ndate: 2026-02-01\n---\n"
        "![A clean diagram](clean.svg)\n\n![A stretch chart](hostile.svg)\n",
    )

    report = report_of(tmp_path, folder)

    titles = sorted(Image.objects.values_list("title", flat=True))
    assert titles == ["A clean diagram", "A stretch chart"]
    stored = Image.objects.get(title="A stretch chart").file.read()
    assert b"script" not in stored and b"<circle" in stored
    warnings = report["posts"][0]["warnings"]
    assert [w for w in warnings if "hostile.svg" in w] == [
        "Image hostile.svg is an SVG with parts not known to only draw, removed for safety: "
        "<script>. The rest of the drawing was kept."
    ]
    assert [block.block_type for block in BlogPage.objects.get().body] == ["image", "image"]


def test_image_paths_cannot_reach_outside_the_imported_folders(site_tree, tmp_path):
    folder = tmp_path / "site" / "posts"
    write_png(tmp_path / "private" / "passport.png", "red")
    write_png(folder / "inside.png", "blue")
    write_post(
        folder,
        "reach.md",
        "---\ntitle: Reach\ndate: 2026-02-01\n---\n"
        "![ours](inside.png)\n\n![theirs](../../private/passport.png)\n",
    )

    report = report_of(tmp_path, folder, "--assets", tmp_path / "site")

    assert list(Image.objects.values_list("title", flat=True)) == ["ours"]
    assert report["posts"][0]["warnings"] == [
        f"Image ../../private/passport.png leads to {tmp_path / 'private' / 'passport.png'}, "
        "outside the folders being imported and the --assets folders; it was left out."
    ]
