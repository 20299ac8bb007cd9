"""Files a post refers to, from folders nobody vetted: nothing outside the import's folders
reaches public media, and no SVG served from it can run script."""

from pathlib import Path

import pytest
from django.conf import settings
from wagtail.images import get_image_model

from blog.models import BlogPage

from .helpers import report_of, write_png, write_post

Image = get_image_model()
POST = "---\ntitle: {title}\ndate: 2026-02-01\n{extra}---\n{body}\n"


def test_symlinks_to_files_outside_never_reach_the_image_library(site_tree, tmp_path):
    secret = write_png(tmp_path / "elsewhere" / "secret.png", "red")
    site = tmp_path / "site"
    write_png(site / "static" / "img" / "ours.png", "blue")
    (site / "static" / "img" / "leak.png").symlink_to(secret)
    (site / "static" / "img" / "alias.png").symlink_to(site / "static" / "img" / "ours.png")
    bundle = site / "content" / "birthday"
    write_post(bundle, "index.md", POST.format(title="Bundle", extra="", body="Cake."))
    (bundle / "featured.png").symlink_to(secret)
    write_post(
        site / "content",
        "links.md",
        POST.format(
            title="Links",
            extra="image: /img/leak.png\n",
            body="![ours](/img/alias.png)\n\n![theirs](/img/leak.png)\n",
        ),
    )

    report = report_of(tmp_path, site / "content", "--assets", site)

    secret_bytes = secret.read_bytes()
    assert [image.file.read() != secret_bytes for image in Image.objects.all()] == [True]
    assert Image.objects.get().title == "ours"
    rows = {Path(row["source"]).name: row for row in report["posts"]}
    refusal = f"leads to {secret}, outside the folders being imported and the --assets folders"
    assert rows["index.md"]["warnings"] == [
        f"Image the bundle's featured image {refusal}; it was left out."
    ]
    assert rows["links.md"]["warnings"] == [
        f"Image /img/leak.png {refusal}; it was left out.",  # in the body
        f"Image /img/leak.png {refusal}; it was left out.",  # as the feature image
    ]
    assert BlogPage.objects.get(title="Links").feature_image is None


def test_a_symlinked_post_from_outside_is_skipped_with_the_reason(site_tree, tmp_path):
    posts = tmp_path / "posts"
    write_post(posts, "ours.md", POST.format(title="Ours", extra="", body="Ours."))
    private = write_post(
        tmp_path / "private", "diary.md", POST.format(title="Diary", extra="", body="Secret.")
    )
    (posts / "diary.md").symlink_to(private)

    report = report_of(tmp_path, posts)

    assert list(BlogPage.objects.values_list("title", flat=True)) == ["Ours"]
    skipped = [row for row in report["posts"] if row["status"] == "skipped"]
    assert [(Path(row["source"]).name, row["error"]) for row in skipped] == [
        (
            "diary.md",
            f"diary.md is a link to {private}, outside the folders being imported; "
            "it was not read.",
        )
    ]


HOSTILE_SVG = (
    '<?xml version="1.0" encoding="UTF-16"?>'
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="20" onload="alert(1)">'
    '<rect width="40" height="20" fill="teal"/>'
    "<s:script>alert(document.cookie)</s:script>"
    '<a xlink:href="javascript:alert(2)"><circle cx="10" cy="10" r="5"/></a>'
    '<s:foreignObject><iframe xmlns="http://www.w3.org/1999/xhtml" src="https://evil.example/"/>'
    "</s:foreignObject></svg>"
)


# A script in the SVG namespace under another prefix: a denylist of tag names misses it, and
# Wagtail's renditions write it back as a plain <script>.
PREFIXED_SCRIPT = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg" width="40" '
    'height="20"><rect width="40" height="20"/><s:script>alert(1)</s:script>'
    '<circle cx="10" cy="10" r="5"/></svg>'
)


@pytest.mark.parametrize(
    ("data", "removed"),
    [
        (PREFIXED_SCRIPT.encode(), "<script>"),
        (
            HOSTILE_SVG.encode("utf-16"),
            "onload= (an event handler), <script>, a link to 'javascript:alert(2)', "
            "<foreignObject>",
        ),
    ],
    ids=["prefixed-script", "utf-16-everything"],
)
def test_a_hostile_svg_is_never_served_with_script_original_or_rendition(
    site_tree, tmp_path, client, data, removed
):
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "chart.svg").write_bytes(data)
    write_post(
        folder,
        "chart.md",
        POST.format(title="Chart", extra="image: chart.svg\n", body="![A chart](chart.svg)"),
    )

    report = report_of(tmp_path, folder)
    response = client.get(BlogPage.objects.get().url)

    assert response.status_code == 200
    image = Image.objects.get()
    renditions = list(image.renditions.all())
    assert renditions, "the page rendered no renditions of the SVG"
    stored = [Path(settings.MEDIA_ROOT) / image.file.name]
    stored += [Path(settings.MEDIA_ROOT) / rendition.file.name for rendition in renditions]
    for path in stored:
        text = path.read_bytes().decode("utf-8").lower()
        assert path.suffix == ".svg"
        for word in ("script", "onload", "javascript", "foreignobject", "iframe", "evil"):
            assert word not in text, (path.name, word)
        assert "<rect" in text and "<circle" in text
    (row,) = report["posts"]
    assert [w for w in row["warnings"] if "chart.svg" in w] == [
        "Image chart.svg is an SVG with parts not known to only draw, removed for safety: "
        f"{removed}. The rest of the drawing was kept."
    ] * 2  # once in the body, once as the feature image


def test_an_svg_that_cannot_be_parsed_is_left_out_with_a_warning(site_tree, tmp_path):
    folder = tmp_path / "posts"
    folder.mkdir()
    (folder / "bomb.svg").write_text(
        '<!DOCTYPE svg [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;">]>'
        '<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>'
    )
    write_post(folder, "bomb.md", POST.format(title="Bomb", extra="", body="![Laughs](bomb.svg)"))

    report = report_of(tmp_path, folder)

    assert Image.objects.count() == 0
    assert report["posts"][0]["warnings"] == [
        "Image bomb.svg is an SVG that cannot be made safe: it declares XML entities "
        "(<!ENTITY>), which can hide content; it was left out."
    ]
    assert "Laughs" in BlogPage.objects.get().body[0].value.source
