"""YouTube and Vimeo addresses: the importer's embed blocks and the blog's players agree."""

import pytest

from blog.embeds import player_url
from blog.videos import Video, find_video, video_host

# Every form the importer meets: players of old embed code, short links, protocol-relative.
VIDEO_ADDRESSES = [
    ("https://www.youtube.com/watch?v=abcdefghijk", Video("youtube", "abcdefghijk")),
    ("https://youtu.be/abcdefghijk", Video("youtube", "abcdefghijk")),
    ("//www.youtube-nocookie.com/embed/abcdefghijk", Video("youtube", "abcdefghijk")),
    ("https://m.youtube.com/shorts/abcdefghijk?feature=share", Video("youtube", "abcdefghijk")),
    ("https://music.youtube.com/watch?v=abcdefghijk", Video("youtube", "abcdefghijk")),
    ("https://www.youtube.com/v/abcdefghijk", Video("youtube", "abcdefghijk")),
    ("https://vimeo.com/123456", Video("vimeo", "123456")),
    ("https://player.vimeo.com/video/123456?h=abc", Video("vimeo", "123456")),
    ("https://vimeo.com/channels/staffpicks/123456", Video("vimeo", "123456")),
]


@pytest.mark.parametrize(("url", "video"), VIDEO_ADDRESSES)
def test_a_video_is_found_from_its_address(url, video):
    assert find_video(url) == video


@pytest.mark.parametrize(
    "url",
    [
        "https://www.youtube.com/watch?v=short",
        "https://www.youtube.com/embed/abcdefghijk%22onload",
        "https://vimeo.com/channels/staffpicks",
        "https://example.com/watch?v=abcdefghijk",
        "https://youtube.com.example.com/watch?v=abcdefghijk",
        "youtube.com/watch?v=abcdefghijk",
    ],
)
def test_an_address_without_a_well_formed_video_is_none(url):
    assert find_video(url) is None


def test_the_host_is_known_without_a_valid_id():
    assert video_host("https://www.youtube.com/watch?v=short") == "youtube.com"
    assert video_host("//player.vimeo.com/video/x") == "player.vimeo.com"
    assert video_host("https://example.com/youtube.com") == ""


@pytest.mark.parametrize(("url", "video"), VIDEO_ADDRESSES)
def test_what_the_importer_stores_the_blog_shows_as_a_player(url, video):
    assert player_url(find_video(url).watch_url) == video.player_url
