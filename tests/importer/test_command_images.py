"""Images through import_posts: stored once per content, found under --assets, a missing one
a warning, SVGs cleaned, and nothing taken from outside the imported folders."""

from wagtail.images import get_image_model

from blog.models import BlogPage

from .helpers import (
    report_of,
    run,
    write_png,
    write_post,
)

Image = get_image_model()


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
