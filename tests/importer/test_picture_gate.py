"""Every picture of an imported site passes the gate a downloaded one does: judged by its bytes
(Pillow, or the SVG cleaner whatever the name says), stored under the extension of what it is,
within the pixel limit; one that fails is left out of its post with a warning, and the post
still imports."""

import io
import struct

import pytest
from django.test import Client
from PIL import Image as PILImage
from wagtail.images import get_image_model

from blog.models import BlogPage
from importer.common import ImportRequest
from importer.run import analyze, summary_text
from importer.write import assets
from importer.write.assets import picture_from
from importer.write.pictures import MAX_PIXELS, RefusedPicture, checked_picture

from .helpers import report_of, write_post
from .old_site import zip_of
from .test_admin_import import commits, confirm, preview_of, rows, upload_root  # noqa: F401

Image = get_image_model()

DRAWING = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="8" height="6">'
    b'<rect width="8" height="6" fill="teal"/><script>alert(1)</script></svg>'
)
WEB_PAGE = b"<!doctype html><html><body><p>Sign in</p></body></html>"


def picture_bytes(kind="PNG", size=(6, 4), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, 1 if mode == "1" else "teal").save(buffer, kind)
    return buffer.getvalue()


def with_bad_header_checksum(png: bytes) -> bytes:
    """`png` with its IHDR chunk's CRC wrong, which browsers ignore and Pillow refuses."""
    crc_at = 8 + 8 + 13  # signature, IHDR length and type, IHDR data
    (crc,) = struct.unpack(">I", png[crc_at : crc_at + 4])
    return png[:crc_at] + struct.pack(">I", crc ^ 0xFFFF) + png[crc_at + 4 :]


def test_a_drawing_named_as_a_png_is_cleaned_and_stored_as_an_svg():
    name, data, note = checked_picture("chart.png", DRAWING)

    assert name == "chart.svg"
    assert b"script" not in data and b"<rect" in data
    assert "removed for safety: <script>" in note


def test_a_png_named_as_a_jpeg_is_stored_as_a_png():
    assert checked_picture("room.jpg", picture_bytes())[0] == "room.png"
    assert checked_picture("room.jpeg", picture_bytes("JPEG"))[0] == "room.jpeg"
    assert checked_picture("room.webp", picture_bytes("JPEG"))[0] == "room.jpg"


@pytest.mark.parametrize(
    ("name", "data", "reason"),
    [
        ("login.png", WEB_PAGE, "is not a PNG, JPEG, GIF, WebP, AVIF or usable SVG picture"),
        ("notes.jpg", b"%PDF-1.4\n1 0 obj\n", "(its content is none of them)"),
        ("cut.png", picture_bytes(size=(60, 40))[:70], "is a damaged PNG picture"),
        ("scan.png", picture_bytes("TIFF"), "is a TIFF picture, a format the site doesn't show"),
        ("hostile.svg", b"<svg><script>alert(1)</script></svg>", "is an SVG that cannot be"),
    ],
    ids=["html", "pdf", "truncated", "tiff", "svg-without-namespace"],
)
def test_what_is_not_a_picture_the_library_serves_is_refused_with_the_reason(name, data, reason):
    with pytest.raises(RefusedPicture, match=reason.replace("(", r"\(").replace(")", r"\)")):
        checked_picture(name, data)


def test_a_picture_over_the_pixel_limit_is_refused_however_small_its_file():
    side = int(MAX_PIXELS**0.5) + 100
    data = picture_bytes(size=(side, side), mode="1")
    assert len(data) < 1_000_000

    picture, note = picture_from("huge.png", data)

    assert picture is None
    assert note == "has more than 50 million pixels; it was left out"


def test_a_png_with_a_wrong_header_checksum_is_kept_with_its_checksums_corrected():
    original = picture_bytes()
    damaged = with_bad_header_checksum(original)
    with pytest.raises(OSError):  # what Pillow makes of it on its own
        PILImage.open(io.BytesIO(damaged)).load()

    name, data, note = checked_picture("photo.png", damaged)

    assert name == "photo.png" and data == original
    assert "wrong checksums" in note


def test_pictures_that_fail_the_gate_are_left_out_and_the_post_imports(site_tree, tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "diagram.png").write_bytes(DRAWING)
    (folder / "login.jpg").write_bytes(WEB_PAGE)
    (folder / "huge.png").write_bytes(
        picture_bytes(size=(int(MAX_PIXELS**0.5) + 100,) * 2, mode="1")
    )
    (folder / "photo.png").write_bytes(with_bad_header_checksum(picture_bytes()))
    write_post(
        folder,
        "pictures.md",
        "---\ntitle: Pictures\ndate: 2026-02-01\nimage: diagram.png\n---\n"
        "Words first.\n\n![A login page](login.jpg)\n\n![Too big](huge.png)\n\n"
        "![A photo](photo.png)\n",
    )

    report = report_of(tmp_path, folder)

    row = report["posts"][0]
    assert row["status"] == "created", row
    warnings = row["warnings"]
    assert any(w.startswith("Image diagram.png is an SVG with parts") for w in warnings)
    assert (
        "Image login.jpg is not a PNG, JPEG, GIF, WebP, AVIF or usable SVG picture "
        "(it is not well-formed XML" in " ".join(warnings)
    )
    assert "Image huge.png has more than 50 million pixels; it was left out." in warnings
    assert any(w.startswith("Image photo.png is a PNG with wrong checksums") for w in warnings)
    assert not any("was not found" in w for w in warnings)
    page = BlogPage.objects.get()
    assert page.feature_image.file.name.endswith(".svg")
    stored = sorted(image.file.name.rpartition(".")[2] for image in Image.objects.all())
    assert stored == ["png", "svg"]
    # The page that shows them renders.
    assert Client().get(page.url).status_code == 200
    assert Client().get("/").status_code == 200


def test_an_uploaded_site_passes_its_pictures_through_the_same_gate(
    editor_client,
    site_tree,
    upload_root,  # noqa: F811
    commits,  # noqa: F811
    tmp_path,
):
    posts = tmp_path / "posts"
    write_post(
        posts,
        "hello.md",
        "---\ntitle: Hello\ndate: 2024-01-01\nimage: cover.png\n---\nHello there.\n",
    )
    (posts / "cover.png").write_bytes(WEB_PAGE)

    run = confirm(editor_client, commits, preview_of(editor_client, commits, zip_of(posts)))

    row = rows(run, dry_run=False)["posts/hello.md"]
    assert row.status == "created"
    assert any(
        w.startswith("Image cover.png is not a PNG, JPEG, GIF, WebP, AVIF or usable SVG picture")
        for w in row.row["warnings"]
    ), row.row["warnings"]
    assert BlogPage.objects.get().feature_image is None
    assert not Image.objects.exists()


def test_a_picture_many_posts_show_is_checked_once_per_run(site_tree, tmp_path, monkeypatch):
    checked = []

    def counting(name, data):
        checked.append(name)
        return checked_picture(name, data)

    monkeypatch.setattr(assets, "checked_picture", counting)
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "logo.png").write_bytes(DRAWING)
    for n in range(3):
        post = f"---\ntitle: P{n}\ndate: 2026-02-0{n + 1}\n---\n![Logo](logo.png)\n"
        write_post(folder, f"p{n}.md", post)

    report = report_of(tmp_path, folder)

    assert checked == ["logo.png"]
    # Each post still says what was done to its picture.
    assert all(
        any(w.startswith("Image logo.png is an SVG with parts") for w in row["warnings"])
        for row in report["posts"]
    )
    assert Image.objects.get().file.name.endswith(".svg")


def test_analyze_predicts_the_pictures_the_import_leaves_out(tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "login.jpg").write_bytes(WEB_PAGE)
    (folder / "huge.png").write_bytes(
        picture_bytes(size=(int(MAX_PIXELS**0.5) + 100,) * 2, mode="1")
    )
    (folder / "room.jpg").write_bytes(picture_bytes())  # a PNG: stored as one, not refused
    write_post(
        folder,
        "a.md",
        "---\ntitle: A\ndate: 2026-02-01\nimage: huge.png\n---\n![Login](login.jpg)\n\n"
        "![Room](room.jpg)\n",
    )

    result = analyze(ImportRequest(sources=(folder,))).as_dict()

    images = result["images"]
    assert images["found"] == 1
    refused = {row["reference"]: row["reason"] for row in images["refused"]}
    assert refused["huge.png"] == "has more than 50 million pixels"
    assert refused["login.jpg"].startswith("is not a PNG, JPEG, GIF, WebP, AVIF or usable SVG")
    text = summary_text(result)
    assert "left out: 2" in text
    assert "LEFT OUT" in text and "huge.png has more than 50 million pixels" in text
