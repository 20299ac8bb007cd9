"""Finding a post's images and its files the way the old sites served them (no database)."""

import pytest

from importer.assets import AssetIndex, bundle_feature_image, resolve
from importer.pipeline import find_sources

from .helpers import write_png


@pytest.fixture
def site(tmp_path):
    """An old site: posts in one folder, its static files (as --assets) in another."""
    posts = tmp_path / "posts"
    assets = tmp_path / "assets"
    write_png(posts / "stretching.png")
    write_png(posts / "2014-07-13-hours" / "front-desk.png")  # Hexo asset folder
    write_png(assets / "static" / "images" / "blog" / "poster.png")  # Hugo static/
    write_png(assets / "src" / "img" / "logo.png")  # Eleventy src/
    write_png(assets / "content" / "news" / "birthday" / "sunset-get.png")  # Hugo bundle
    write_png(assets / "content" / "news" / "birthday" / "featured.png")
    write_png(assets / "docs" / "img" / "sticker.png")
    return posts, AssetIndex.build([assets]), assets


@pytest.mark.parametrize(
    ("post", "reference", "expected"),
    [
        ("a.md", "./stretching.png", "posts/stretching.png"),
        ("a.md", "stretching.png", "posts/stretching.png"),
        ("2014-07-13-hours.md", "front-desk.png", "posts/2014-07-13-hours/front-desk.png"),
        ("a.md", "images/blog/poster.png", "assets/static/images/blog/poster.png"),
        ("a.md", "/images/blog/poster.png", "assets/static/images/blog/poster.png"),
        ("a.md", "/img/logo.png", "assets/src/img/logo.png"),
        ("a.md", "/img/logo.png?v=2", "assets/src/img/logo.png"),
        ("birthday/index.md", "sunset", "assets/content/news/birthday/sunset-get.png"),
        ("a.md", "/sticker.png", None),
        ("a.md", "img/sticker.png", "assets/docs/img/sticker.png"),
        ("a.md", "https://example.com/x.png", None),
        ("a.md", "missing.png", None),
    ],
)
def test_resolve(site, post, reference, expected):
    posts, index, _ = site
    found = resolve(reference, posts / post, index)
    root = posts.parent
    assert (found.relative_to(root).as_posix() if found else None) == expected


def test_a_hugo_bundle_image_named_featured_is_the_feature_image(site):
    posts, index, assets = site
    assert bundle_feature_image(posts / "birthday" / "index.md", index) == (
        assets / "content" / "news" / "birthday" / "featured.png"
    )
    assert bundle_feature_image(posts / "a.md", index) is None


def test_find_sources_takes_every_markdown_kind_and_skips_hidden_folders(tmp_path):
    for name in ("a.md", "b.markdown", "c.mdx", "d.txt", ".git/e.md", "node_modules/f.md"):
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    (tmp_path / "nested").mkdir()
    (tmp_path / "nested" / "g.md").write_text("x")

    found = [p.relative_to(tmp_path).as_posix() for p in find_sources([tmp_path])]

    assert found == ["a.md", "b.markdown", "c.mdx", "nested/g.md"]
    assert find_sources([tmp_path / "d.txt"]) == [tmp_path / "d.txt"]
