"""Each generator reads a post's authors and cover as its old site showed them: author data
files looked up by key, inline authors, several authors, theme cover fields and bundle covers
(importer.generators: ``authors``, ``author_data``, ``cover``)."""

from pathlib import Path

import pytest

from importer.common import PostAuthor
from importer.generators import UNKNOWN, generator_named
from importer.generators.authors import PostPlace, author_data_read_once
from importer.sources import detect_site

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
DOCUSAURUS = SITES / "docusaurus-authors"
HUGO = SITES / "hugo-authors"
JEKYLL = SITES / "jekyll-authors"

DANA = PostAuthor("Dana Reyes", "https://dana.example/", "/img/dana.png")


def place_in(root: Path, folder: Path, name: str) -> PostPlace:
    return PostPlace(folder / name, folder, root)


def docusaurus_authors(front_matter, generator_name="docusaurus"):
    blog = DOCUSAURUS / "blog"
    place = place_in(blog, blog, "2024-05-01-post.md")
    return generator_named(generator_name).authors(front_matter, place)


def test_docusaurus_author_keys_are_the_authors_file_entries_in_order():
    found = docusaurus_authors({"authors": ["dana", "lee"]})

    assert found.authors == (DANA, PostAuthor("Lee Park", "", "https://avatars.example/lee.png"))
    assert found.warnings == ()


def test_docusaurus_inline_authors_and_the_older_single_author_fields():
    inline = {"name": "Sam Ito", "title": "Physio", "url": "https://sam.example/"}
    assert docusaurus_authors({"authors": inline}).authors == (
        PostAuthor("Sam Ito", "https://sam.example/"),
    )
    assert docusaurus_authors({"authors": ["dana", inline]}).authors == (
        DANA,
        PostAuthor("Sam Ito", "https://sam.example/"),
    )
    older = {
        "author": "Ana Costa",
        "author_url": "https://ana.example/",
        "author_image_url": "a.png",
    }
    assert docusaurus_authors(older).authors == (
        PostAuthor("Ana Costa", "https://ana.example/", "a.png"),
    )


def test_a_docusaurus_key_the_authors_file_lacks_is_shown_and_warned():
    found = docusaurus_authors({"authors": ["dana", "robin"]})

    assert [author.name for author in found.authors] == ["Dana Reyes", "robin"]
    (warning,) = found.warnings
    assert "'robin'" in warning and "authors.yml" in warning


def test_a_docusaurus_blog_folder_of_no_detected_site_gets_its_authors_file_too():
    """Imported as a plain folder of posts, the shared reading still finds authors.yml."""
    assert docusaurus_authors({"authors": "dana"}, generator_name="").authors == (DANA,)


def hugo_authors(front_matter):
    site = detect_site(HUGO)
    assert site is not None and site.generator == "hugo"
    place = place_in(HUGO, HUGO / "content" / "posts", "post/index.md")
    return generator_named("hugo").authors(front_matter, place)


def test_hugo_authors_are_looked_up_in_the_sites_data_files():
    dana = PostAuthor("Dana Reyes", "https://dana.example/", "/img/dana.png")
    lee = PostAuthor("Lee Park", "https://lee.example/")

    assert hugo_authors({"author": "dana"}).authors == (dana,)
    assert hugo_authors({"authors": ["dana", "lee"]}).authors == (dana, lee)  # data/authors/
    assert hugo_authors({"params": {"author": "lee"}}).authors == (lee,)
    assert hugo_authors({"author": "Robin Vale"}).authors == (PostAuthor("Robin Vale"),)
    assert hugo_authors({"author": "Robin Vale"}).warnings == ()


def test_jekyll_seo_tag_authors_come_from_the_data_folder():
    place = place_in(JEKYLL, JEKYLL / "_posts", "2024-05-01-a.md")
    jekyll = generator_named("jekyll")

    found = jekyll.authors({"author": "dana"}, place)
    assert found.authors == (PostAuthor("Dana Reyes", "https://dana.example/", "/assets/dana.png"),)
    unknown = jekyll.authors({"author": "ghost"}, place)
    assert unknown.authors == (PostAuthor("ghost"),)
    assert "'ghost'" in unknown.warnings[0] and "authors.yml" in unknown.warnings[0]


def test_a_run_reads_each_places_author_data_once(tmp_path):
    data = tmp_path / "_data" / "authors.yml"
    data.parent.mkdir()
    data.write_text("dana:\n  name: Dana Reyes\n")
    jekyll = generator_named("jekyll")

    def author_of(name):
        place = place_in(tmp_path, tmp_path / "_posts", name)
        return jekyll.authors({"author": "dana"}, place).authors[0].name

    with author_data_read_once():
        assert author_of("2024-05-01-a.md") == "Dana Reyes"
        data.write_text("dana:\n  name: Dana Reyes-Ito\n")
        assert author_of("2024-05-02-b.md") == "Dana Reyes"  # the run's view of the site
    assert author_of("2024-05-02-b.md") == "Dana Reyes-Ito"  # the next run reads it again
    data.write_text("dana:\n  name: Dana Ito\n")
    assert author_of("2024-05-02-b.md") == "Dana Ito"


@pytest.mark.parametrize(
    "front_matter",
    [
        {"author_name": "Dana Reyes"},
        {"creator": "Dana Reyes"},
        {"author": {"name": "Dana Reyes"}},
        {"authors": [{"name": "Dana Reyes"}]},
    ],
)
def test_the_common_author_fields(front_matter, tmp_path):
    place = place_in(tmp_path, tmp_path, "post.md")
    assert UNKNOWN.authors(front_matter, place).authors == (PostAuthor("Dana Reyes"),)


def test_several_authors_in_one_string_field_are_one_name_each_in_a_list():
    place = PostPlace(Path("/nowhere/post.md"), Path("/nowhere"), Path("/nowhere"))
    found = UNKNOWN.authors({"authors": ["Dana Reyes", "Lee Park", "Dana Reyes"]}, place)
    assert [author.name for author in found.authors] == ["Dana Reyes", "Lee Park"]


def hugo_cover(front_matter, bundle):
    path = HUGO / "content" / "posts" / bundle / "index.md"
    return generator_named("hugo").cover(front_matter, path)


def test_a_hugo_bundle_picture_named_cover_is_the_cover():
    assert hugo_cover({}, "hot-stones").src == "cover.png"


def test_a_hugo_cover_in_params_wins_over_other_bundle_pictures():
    """Not the bundle's *featured* picture, which the old reading took for a post whose cover
    sat in params."""
    assert hugo_cover({"params": {"cover": "wide.png"}}, "in-params").src == "wide.png"


def test_a_papermod_cover_hidden_on_the_page_is_kept_with_a_note():
    cover = hugo_cover(
        {"cover": {"image": "photo.png", "alt": "Two tables", "hiddenInSingle": True}},
        "side-by-side",
    )
    assert (cover.src, cover.alt) == ("photo.png", "Two tables")
    assert "hid the cover 'photo.png'" in cover.note
    assert not hugo_cover({"cover": {"image": "photo.png"}}, "side-by-side").note
    assert hugo_cover({"cover": "photo.png", "showCover": False}, "side-by-side").note


def test_jekyll_covers_from_seo_tag_and_minimal_mistakes_headers():
    jekyll = generator_named("jekyll")
    path = JEKYLL / "_posts" / "2024-05-01-a.md"

    seo = jekyll.cover({"image": {"path": "/assets/cover.png", "alt": "Stones"}}, path)
    assert (seo.src, seo.alt) == ("/assets/cover.png", "Stones")
    header = {"header": {"overlay_image": "/assets/overlay.png", "teaser": "/assets/teaser.png"}}
    assert jekyll.cover(header, path).src == "/assets/overlay.png"
    assert jekyll.cover({"header": {"teaser": "/assets/teaser.png"}}, path).src == (
        "/assets/teaser.png"
    )


def test_a_docusaurus_image_is_the_cover_with_a_note_that_the_page_did_not_show_it():
    cover = generator_named("docusaurus").cover({"image": "./table.png"}, DOCUSAURUS / "a.md")
    assert cover.src == "./table.png"
    assert "only for shared links" in cover.note


@pytest.mark.parametrize(
    "front_matter",
    [{"heroImage": "c.png"}, {"featuredImage": "c.png"}, {"cover": "c.png"}, {"image": "c.png"}],
)
def test_gatsby_astro_and_eleventy_cover_fields(front_matter):
    for name in ("gatsby", "astro", "eleventy"):
        assert generator_named(name).cover(front_matter, Path("/x/post.md")).src == "c.png"


@pytest.mark.parametrize("name", ["docusaurus", ""])
def test_the_authors_file_beside_the_posts_is_found_from_the_sites_root(name):
    """Imported from the site's root, the blog's authors.yml is in a folder below the import
    folder, beside the posts (or above a post that is a folder of its own)."""
    for post in ("blog/2024-05-01-post.md", "blog/a-bundle/index.md"):
        place = PostPlace(DOCUSAURUS / post, DOCUSAURUS, DOCUSAURUS)
        assert generator_named(name).authors({"authors": ["dana"]}, place).authors == (DANA,)


def test_only_bundle_generators_take_a_folders_picture_by_its_name():
    """Eleventy shows no picture its front matter doesn't name; a folder of no known generator
    tries Hugo's convention too."""
    post = HUGO / "content" / "posts" / "hot-stones" / "index.md"
    assert generator_named("eleventy").cover({}, post).src == ""
    assert UNKNOWN.cover({}, post).src == "cover.png"


def test_a_huge_author_list_is_cut_with_a_warning_and_read_in_bounded_time(tmp_path):
    place = place_in(tmp_path, tmp_path, "post.md")
    found = UNKNOWN.authors({"authors": [f"Author {n}" for n in range(100_000)]}, place)

    assert len(found.authors) == 20
    assert found.warnings == ("The post names 100000 authors; the first 20 were kept.",)
