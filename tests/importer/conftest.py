import pytest

from .helpers import CLINIC_POST, mac_roman_mojibake, write_png, write_post


@pytest.fixture
def clinic_post(tmp_path):
    """The clinic's hot stone post as the old site left it (Mac Roman mojibake), with its two
    pictures beside it, in `posts/`."""
    folder = tmp_path / "posts"
    write_png(folder / "stones.png", "gray")
    write_png(folder / "warmer.png", "orange")
    return write_post(folder, "hot-stones.md", mac_roman_mojibake(CLINIC_POST))
