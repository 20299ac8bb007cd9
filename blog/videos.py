"""YouTube and Vimeo videos known from their addresses alone, with no request to the provider.

The blog makes its players from these (``blog.embeds``) and the importer its embed blocks, so
an address the importer keeps as a video is one the blog shows as a player. Nothing here needs
Django.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlparse

VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com")
# A player is made only for a well-formed id (YouTube's are 11 characters of its URL-safe
# alphabet, Vimeo's are numbers): any other address stays a link.
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,20}")


@dataclass(frozen=True, slots=True)
class Video:
    """One video on YouTube or Vimeo."""

    provider: str
    """``youtube`` or ``vimeo``."""
    id: str

    @property
    def watch_url(self) -> str:
        """The video's own page, the address an embed block stores."""
        if self.provider == "vimeo":
            return f"https://vimeo.com/{self.id}"
        return f"https://www.youtube.com/watch?v={self.id}"

    @property
    def player_url(self) -> str:
        """The privacy-friendly player, for an ``<iframe>``."""
        if self.provider == "vimeo":
            return f"https://player.vimeo.com/video/{self.id}"
        return f"https://www.youtube-nocookie.com/embed/{self.id}"


def video_host(url: str) -> str:
    """The host of a YouTube or Vimeo address, any subdomain (without www. or m.), else ""."""
    if url.startswith("//"):
        url = "https:" + url
    host = urlparse(url).netloc.lower().removeprefix("www.").removeprefix("m.")
    return host if any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS) else ""


def find_video(url: str) -> Video | None:
    """The video a YouTube or Vimeo address shows (its page, short link, player or embed
    address), or None when the address is another site's or its id is not well-formed."""
    host = video_host(url)
    if not host:
        return None
    parsed = urlparse("https:" + url if url.startswith("//") else url)
    parts = [part for part in parsed.path.split("/") if part]
    if "vimeo.com" in host:
        video = next((part for part in reversed(parts) if VIMEO_ID.fullmatch(part)), "")
        return Video("vimeo", video) if video else None
    if host == "youtu.be" and parts:
        video = parts[0]
    elif len(parts) > 1 and parts[0] in ("embed", "shorts", "live", "v"):
        video = parts[1]
    else:
        video = (parse_qs(parsed.query).get("v") or [""])[0]
    return Video("youtube", video) if YOUTUBE_ID.fullmatch(video) else None
