"""Video players for YouTube and Vimeo built from the URL alone, with no request to the provider,
and embeds rendered without ever waiting on the network (`offline_embed_html`)."""

import re
from urllib.parse import parse_qs, urlparse

from django.utils.html import format_html
from wagtail.embeds.embeds import get_embed_hash
from wagtail.embeds.finders.base import EmbedFinder
from wagtail.embeds.models import Embed

YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
    "youtu.be",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}
# YouTube's ids are 11 characters of its URL-safe alphabet; Vimeo's are numbers.
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,20}")


def player_url(url: str) -> str | None:
    """The privacy-friendly player address for a YouTube or Vimeo video URL, else None."""
    parsed = urlparse(url.strip())
    host = parsed.netloc.lower()
    parts = [part for part in parsed.path.split("/") if part]
    video_id = None
    if host in YOUTUBE_HOSTS:
        if host == "youtu.be" and parts:
            video_id = parts[0]
        elif parts[:1] in (["embed"], ["shorts"], ["live"], ["v"]) and len(parts) > 1:
            video_id = parts[1]
        else:
            video_id = (parse_qs(parsed.query).get("v") or [None])[0]
        if video_id and YOUTUBE_ID.fullmatch(video_id):
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    elif host in VIMEO_HOSTS:
        video_id = next((part for part in reversed(parts) if VIMEO_ID.fullmatch(part)), None)
        if video_id:
            return f"https://player.vimeo.com/video/{video_id}"
    return None


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
