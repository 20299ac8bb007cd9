"""A picture that can't be rendered never takes a page down: every page that would show it
answers without it, and the failure is logged."""

import io
import logging

import pytest
from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from wagtail.images import get_image_model

from .helpers import create_image

DRAWING = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="800" height="600">'
    b'<rect width="800" height="600" fill="teal"/></svg>'
)


def broken_image(title="Not a PNG at all"):
    """A library image whose file is an SVG saved under a .png name: Wagtail takes it for a
    raster by its name, and every rendition of it fails."""
    image = get_image_model()(title=title, width=800, height=600)
    image.file = ImageFile(io.BytesIO(DRAWING), name="broken.png")
    image.save()
    return image


@pytest.fixture
def post_with_a_broken_picture(make_post, site_tree):
    broken = broken_image()
    site_tree.home.hero_image = broken
    site_tree.home.save_revision().publish()
    return make_post(
        title="Stones that warm",
        tags=["stones"],
        feature_image=broken,
        body=[
            ("paragraph", "<p>Warm stones and a broken picture.</p>"),
            ("image", {"image": broken, "alt_text": "Broken", "caption": ""}),
        ],
    )


def test_no_page_that_shows_a_broken_picture_answers_an_error(
    client, post_with_a_broken_picture, make_post, make_image, caplog
):
    make_post(title="Stones with a picture", feature_image=make_image("A good picture"))
    post = post_with_a_broken_picture
    # url -> how many pictures it shows: the other post's card, never the broken picture
    pictures = {
        "/": 1,
        "/blog/": 1,
        post.url: 0,
        "/blog/tags/stones/": 0,
        "/search/?q=stones": 1,
        "/feed/": 0,
        "/feed/atom/": 0,
    }
    with caplog.at_level(logging.WARNING, logger="blog.images"):
        for url, count in pictures.items():
            response = client.get(url)
            assert response.status_code == 200, url
            assert response.content.decode().count("<picture") == count, url

    page = BeautifulSoup(client.get(post.url).content, "html.parser")
    assert "Warm stones and a broken picture." in page.get_text()
    assert page.select_one('meta[property="og:image"]') is None
    assert '"image"' not in "".join(s.get_text() for s in page.select("script[type]"))
    assert any(
        "could not be rendered" in record.getMessage() and "Not a PNG at all" in record.getMessage()
        for record in caplog.records
    )


def test_a_picture_whose_file_is_missing_is_left_out_too(client, make_post, caplog):
    image = create_image("Gone from storage")
    image.file.storage.delete(image.file.name)
    post = make_post(title="Missing file", feature_image=image)

    with caplog.at_level(logging.WARNING, logger="blog.images"):
        response = client.get(post.url)

    assert response.status_code == 200
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select("picture") == [] and page.select('img[src="not-found"]') == []
    assert any("Gone from storage" in record.getMessage() for record in caplog.records)
