"""Finding a post's images and its files the way the old sites served them (no database)."""

import pytest

from importer.sources import find_sources, outside_sources
from importer.write.assets import AssetIndex, Lookup, bundle_feature_image, locate, resolve

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
    assert bundle_feature_image(posts / "birthday" / "index.md", index) == Lookup(
        assets / "content" / "news" / "birthday" / "featured.png"
    )
    assert bundle_feature_image(posts / "a.md", index) == Lookup()


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


# Every way a reference is looked up, each reached through a symlink to a file outside the
# import's folders: (post, reference, the link's place under the site, what the link stands for).
SYMLINK_ROUTES = [
    ("a.md", "leak.png", "posts/leak.png", "relative"),
    ("2014-07-13-hours.md", "leak.png", "posts/2014-07-13-hours/leak.png", "Hexo asset folder"),
    ("a.md", "/img/leak.png", "assets/img/leak.png", "site-absolute"),
    ("a.md", "/img/leak.png", "assets/static/img/leak.png", "under static/"),
    ("birthday/index.md", "leak.png", "assets/content/news/birthday/leak.png", "bundle"),
    ("birthday/index.md", "leak", "assets/content/news/birthday/leak-photo.png", "resource name"),
    ("a.md", "shop/img/leak.png", "assets/docs/shop/img/leak.png", "path suffix"),
]


@pytest.mark.parametrize(("post", "reference", "link", "route"), SYMLINK_ROUTES)
def test_a_symlink_out_of_the_import_folders_is_refused_on_every_route(
    tmp_path, post, reference, link, route
):
    secret = write_png(tmp_path / "elsewhere" / "secret.png", "red")
    (tmp_path / "posts").mkdir()
    (tmp_path / link).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / link).symlink_to(secret)
    index = AssetIndex.build([tmp_path / "assets"], [tmp_path / "posts"])

    found = locate(reference, tmp_path / "posts" / post, index)

    assert found.path is None, route
    assert found.refused.startswith(f"leads to {secret}, outside the folders being imported")


@pytest.mark.parametrize(("post", "reference", "link", "route"), SYMLINK_ROUTES)
def test_a_symlink_that_stays_inside_the_import_folders_still_works(
    tmp_path, post, reference, link, route
):
    target = write_png(tmp_path / "assets" / "shared" / "poster.png", "blue")
    (tmp_path / link).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / link).symlink_to(target)
    index = AssetIndex.build([tmp_path / "assets"], [tmp_path / "posts"])

    found = locate(reference, tmp_path / "posts" / post, index)

    assert found == Lookup(target), route


def test_a_symlinked_folder_is_listed_only_when_it_stays_inside(tmp_path):
    write_png(tmp_path / "elsewhere" / "photos" / "secret.png", "red")
    write_png(tmp_path / "assets" / "shared" / "poster.png", "blue")
    (tmp_path / "assets" / "content").mkdir()
    (tmp_path / "assets" / "content" / "out").symlink_to(tmp_path / "elsewhere" / "photos")
    (tmp_path / "assets" / "content" / "in").symlink_to(tmp_path / "assets" / "shared")
    (tmp_path / "assets" / "content" / "loop").symlink_to(tmp_path / "assets")

    index = AssetIndex.build([tmp_path / "assets"])

    listed = sorted(rel for rel, _ in index.files)
    assert listed == ["content/in/poster.png", "shared/poster.png"]


def test_a_bundle_featured_image_symlinked_out_is_refused(tmp_path):
    secret = write_png(tmp_path / "elsewhere" / "secret.png", "red")
    bundle = tmp_path / "posts" / "birthday"
    bundle.mkdir(parents=True)
    (bundle / "featured.png").symlink_to(secret)
    index = AssetIndex.build([], [tmp_path / "posts"])

    found = bundle_feature_image(bundle / "index.md", index)

    assert found.path is None and str(secret) in found.refused
    inside = write_png(bundle / "featured-inside.png")
    assert bundle_feature_image(bundle / "index.md", index) == Lookup(inside)


def test_a_post_file_linked_from_outside_the_sources_is_not_read(tmp_path):
    posts = tmp_path / "posts"
    posts.mkdir()
    (posts / "ours.md").write_text("x")
    outside = tmp_path / "elsewhere" / "private.md"
    outside.parent.mkdir()
    outside.write_text("x")
    (posts / "leak.md").symlink_to(outside)
    (posts / "alias.md").symlink_to(posts / "ours.md")

    found = find_sources([posts])

    reasons = {path.name: outside_sources(path, [posts]) for path in found}
    assert reasons == {
        "alias.md": "",
        "leak.md": f"leak.md is a link to {outside}, outside the folders being imported; "
        "it was not read.",
        "ours.md": "",
    }
    # A file named as a source itself is what the run was asked for.
    assert outside_sources(posts / "leak.md", [posts / "leak.md"]) == ""
