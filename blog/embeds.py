"""Video players for YouTube and Vimeo built from the URL alone, with no request to the provider,
and embeds rendered without ever waiting on the network (`offline_embed_html`)."""

from urllib.parse import urlparse

from django.utils.html import format_html
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.finders.base import EmbedFinder
from wagtail.embeds.models import Embed

from .videos import find_video

# The addresses made into players here; any other goes to the embed Wagtail stored.
YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
    "youtu.be",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


def player_url(url: str) -> str | None:
    """The privacy-friendly player address for a YouTube or Vimeo video URL, else None."""
    url = url.strip()
    host = urlparse(url).netloc.lower()
    video = find_video(url) if host in YOUTUBE_HOSTS | VIMEO_HOSTS else None
    return video.player_url if video else None


class VideoPlayerFinder(EmbedFinder):
    """An embed finder for Wagtail that needs no network: see WAGTAILEMBEDS_FINDERS."""

    def accept(self, url):
        return player_url(url) is not None

    def find_embed(self, url, max_width=None, max_height=None):
        src = player_url(url)
        provider = "YouTube" if "youtube" in src else "Vimeo"
        html = format_html(
            '<iframe src="{}" title="{} video" width="640" height="360" loading="lazy" '
            'allow="accelerometer; encrypted-media; gyroscope; picture-in-picture; fullscreen" '
            'allowfullscreen referrerpolicy="strict-origin-when-cross-origin"></iframe>',
            src,
            provider,
        )
        return {
            "title": f"{provider} video",
            "type": "video",
            "provider_name": provider,
            "html": str(html),
            "width": 640,
            "height": 360,
        }


def offline_embed_html(url: str) -> str:
    """The HTML for an embed block, never waiting on the network.

    Wagtail's ``{% embed %}`` asks the provider (a 10 s oEmbed request) whenever its cache has
    no entry, and a failed lookup is not cached, so a page with a bad address asked again on
    every uncached view. Here a YouTube or Vimeo address is turned into a player as the finder
    does; any other address uses the embed Wagtail stored when an editor saved it (the block's
    validation looks it up then); without one it is a plain link."""
    if player_url(url):
        return VideoPlayerFinder().find_embed(url)["html"]
    stored = (
        Embed.objects.filter(hash=get_embed_hash(url))
        .exclude(html="")
        .values_list("html", flat=True)
        .first()
    )
    if stored:
        return stored
    if urlparse(url.strip()).scheme.lower() not in ("http", "https"):
        return format_html("{}", url)  # never a javascript: link
    return format_html('<a href="{}">{}</a>', url, url)
