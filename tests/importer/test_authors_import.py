"""Imported posts show their authors and covers as the old site did: Author snippets with their
link and picture, several authors in byline order, the cover the theme picked."""

import hashlib
import shutil
from pathlib import Path

import pytest
from wagtail.images import get_image_model

from blog.models import Author, BlogPage

from .helpers import report_of, run

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"
HUGO = SITES / "hugo-authors"
DOCUSAURUS = SITES / "docusaurus-authors"
JEKYLL = SITES / "jekyll-authors"


def sha1(path: Path) -> str:
    return hashlib.sha1(path.read_bytes()).hexdigest()  # noqa: S324 - Wagtail's file_hash


def pages() -> dict[str, BlogPage]:
    return {page.title: page for page in BlogPage.objects.all()}


def names(page: BlogPage) -> list[str]:
    return [author.name for author in page.authors]


@pytest.mark.django_db
def test_a_hugo_site_gets_its_data_file_authors_and_its_covers(site_tree, tmp_path):
    report = report_of(tmp_path, HUGO)

    posts = pages()
    assert names(posts["Hot stones"]) == ["Dana Reyes"]
    assert names(posts["Side by side"]) == ["Dana Reyes", "Lee Park"]
    assert names(posts["In params"]) == ["Lee Park"]
    assert names(posts["By name"]) == ["Robin Vale"]
    dana = Author.objects.get(name="Dana Reyes")
    assert dana.url == "https://dana.example/"
    assert dana.photo.file_hash == sha1(HUGO / "static/img/dana.png")
    assert Author.objects.get(name="Lee Park").url == "https://lee.example/"

    bundles = HUGO / "content" / "posts"
    covers = {
        "Hot stones": bundles / "hot-stones/cover.png",
        "Side by side": bundles / "side-by-side/photo.png",
        "In params": bundles / "in-params/wide.png",
    }
    for title, picture in covers.items():
        assert posts[title].feature_image.file_hash == sha1(picture), title
    assert posts["Side by side"].feature_image_alt == "Two tables in one room"
    assert posts["By name"].feature_image is None
    hidden = next(row for row in report["posts"] if "side-by-side" in row["source"])
    assert any("hid the cover 'photo.png'" in warning for warning in hidden["warnings"])


@pytest.mark.django_db
def test_a_docusaurus_blog_gets_its_authors_file_and_inline_authors(site_tree, client, tmp_path):
    report = report_of(tmp_path, DOCUSAURUS / "blog", "--assets", DOCUSAURUS)

    posts = pages()
    assert names(posts["Two therapists, one table"]) == ["Dana Reyes", "Lee Park"]
    assert names(posts["A guest on cupping"]) == ["Sam Ito"]
    assert names(posts["Who wrote this"]) == ["Dana Reyes", "robin"]
    assert names(posts["Written before authors.yml"]) == ["Ana Costa"]
    photos = {a.name: a.photo.file_hash for a in Author.objects.exclude(photo=None)}
    assert photos == {
        "Dana Reyes": sha1(DOCUSAURUS / "static/img/dana.png"),
        "Sam Ito": sha1(DOCUSAURUS / "blog/sam.png"),
        "Ana Costa": sha1(DOCUSAURUS / "blog/ana.png"),
    }
    links = dict(Author.objects.values_list("name", "url"))
    assert links["Ana Costa"] == "https://ana.example/" and links["Lee Park"] == ""

    warnings = {Path(row["source"]).name: row["warnings"] for row in report["posts"]}
    assert any("'robin'" in w for w in warnings["2024-05-03-nobody.md"])
    assert any(
        "Lee Park's picture https://avatars.example/lee.png is on another site" in w
        for w in warnings["2024-05-01-two-therapists.md"]
    )

    page = client.get(posts["Two therapists, one table"].url).content.decode()
    assert 'by <a href="https://dana.example/" rel="author">Dana Reyes</a> and Lee Park' in page


@pytest.mark.django_db
def test_a_jekyll_site_gets_seo_tag_authors_and_header_pictures(site_tree, tmp_path):
    report = report_of(tmp_path, JEKYLL)

    posts = pages()
    assert names(posts["Seo image"]) == ["Dana Reyes"]
    assert Author.objects.get(name="Dana Reyes").photo.file_hash == sha1(JEKYLL / "assets/dana.png")
    assert posts["Seo image"].feature_image.file_hash == sha1(JEKYLL / "assets/cover.png")
    assert posts["Seo image"].feature_image_alt == "Stones on a towel"
    assert posts["Header"].feature_image.file_hash == sha1(JEKYLL / "assets/overlay.png")
    header = next(row for row in report["posts"] if row["source"].endswith("header.md"))
    assert any("'ghost'" in warning for warning in header["warnings"])


@pytest.mark.django_db
def test_a_reimport_keeps_an_editors_author_link_and_picture(site_tree, tmp_path):
    site = tmp_path / "site"
    shutil.copytree(HUGO, site)
    run(site)
    dana = Author.objects.get(name="Dana Reyes")
    own = get_image_model().objects.create(title="Dana", file=dana.photo.file)
    Author.objects.filter(pk=dana.pk).update(url="https://clinic.example/dana/", photo=own)
    post = site / "content/posts/hot-stones/index.md"
    post.write_text(post.read_text().replace("an hour", "two hours"))

    report = report_of(tmp_path, site)

    assert {row["status"] for row in report["posts"] if "hot-stones" in row["source"]} == {
        "updated"
    }
    dana.refresh_from_db()
    assert (dana.url, dana.photo_id) == ("https://clinic.example/dana/", own.pk)
    assert names(BlogPage.objects.get(title="Hot stones")) == ["Dana Reyes"]
