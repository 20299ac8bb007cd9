"""An animated GIF keeps moving on the page: renditions would keep only its first frame."""

import io

from bs4 import BeautifulSoup
from django.core.files.images import ImageFile
from PIL import Image as PillowImage
from wagtail.images import get_image_model


def gif_bytes(frames):
    """A GIF of `frames` (colours), each shown for a tenth of a second."""
    pictures = [PillowImage.new("RGB", (300, 200), colour) for colour in frames]
    buffer = io.BytesIO()
    pictures[0].save(
        buffer, "GIF", save_all=len(pictures) > 1, append_images=pictures[1:], duration=100, loop=0
    )
    return buffer.getvalue()


def gif_image(title, frames):
    return get_image_model().objects.create(
        title=title, file=ImageFile(io.BytesIO(gif_bytes(frames)), name=f"{title}.gif")
    )


def image_block(image):
    return {"type": "image", "value": {"image": image.pk, "alt_text": "Stretch", "caption": ""}}


def frames_of(url):
    """How many frames the file at a /media/ URL has, read from storage as it is served."""
    Image = get_image_model()
    storage = Image._meta.get_field("file").storage
    name = url.removeprefix(storage.base_url)
    with storage.open(name) as file, PillowImage.open(file) as picture:
        return getattr(picture, "n_frames", 1)


def test_an_animated_gif_is_served_as_uploaded_wherever_it_is_shown(client, make_post):
    animation = gif_image("stretch", ["red", "blue"])
    make_post(title="Neck stretch", feature_image=animation, body=[image_block(animation)])

    post = BeautifulSoup(client.get("/blog/neck-stretch/").content, "html.parser")
    index = BeautifulSoup(client.get("/blog/").content, "html.parser")

    shown = [
        post.select_one(".block-image img"),
        post.select_one("img.post__feature"),
        index.select_one("img.post-card__image"),
    ]
    for img in shown:
        assert img is not None
        assert img.find_parent("picture") is None
        assert img["src"] == animation.file.url
        assert frames_of(img["src"]) == 2
        assert (img["width"], img["height"]) == ("300", "200")
    assert shown[0]["alt"] == "Stretch" and shown[0]["loading"] == "lazy"
    assert shown[2]["class"] == ["post-card__image"]


def test_a_still_gif_still_gets_renditions(client, make_post):
    still = gif_image("still", ["green"])
    make_post(title="Calm", body=[image_block(still)])

    post = BeautifulSoup(client.get("/blog/calm/").content, "html.parser")

    picture = post.select_one(".block-image picture")
    assert picture is not None
    assert picture.select_one('source[type="image/webp"]') is not None
    assert picture.img["src"] != still.file.url
