"""What template tags and shortcodes become, shared by the generator modules' rules: figures,
videos, links between posts.

The expand stage (``importer.stages.expand``) finds the tags and asks the generators' rules
(``Generator.tags``, ``shortcodes``...) what each becomes; those rules are made of these parts.
A site's own picture shortcode, which no generator defines, is read by ``image_shortcode``.

Links to other posts (``post_url``, ``post_link``, ``ref``, ``relref``) become
``POST_LINK_SCHEME`` URLs that the write stage turns into Wagtail page links.
"""

from __future__ import annotations

import html
import re
import shlex

from blog.videos import Video

# A site-relative address survives the rich-text editor (an unknown scheme would be dropped).
POST_LINK_SCHEME = "/__imported-post__/"

# A post can only name that prefix by writing it out; it is made inert (a dead link stays
# dead, with its "_" percent-encoded) so that it cannot link wherever the run would resolve it.
FORGED_POST_LINK = re.compile(re.escape(POST_LINK_SCHEME))
INERT_POST_LINK = "/%5F" + POST_LINK_SCHEME[2:]

# Shortcodes a site wrote for its own pictures: a src-like attribute, or an image file.
IMAGE_SOURCE_ATTRIBUTES = ("src", "image", "image_path", "img")
IMAGE_PATH = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg)(?:[?#]\S*)?$", re.IGNORECASE)
TEMPLATE_INCLUDES = frozenset({"include", "include_relative", "render", "partial", "renderFile"})
IMAGE_NAME = re.compile(r"im(?:a)?g|figure|photo|picture|screenshot", re.IGNORECASE)


def disarm_post_links(text: str, warnings: list[str]) -> str:
    """`text` with the prefix of links between posts made inert where the post writes it."""
    if POST_LINK_SCHEME not in text:
        return text
    message = (
        f"The post's text has addresses starting {POST_LINK_SCHEME}, which the importer uses "
        f"for links between posts; they were written {INERT_POST_LINK} instead."
    )
    if message not in warnings:
        warnings.append(message)
    return FORGED_POST_LINK.sub(INERT_POST_LINK, text)


def post_link(target: str) -> str:
    """A link to another post by its file: the write stage resolves it to a page."""
    name = target.strip().strip("\"'").rsplit("/", 1)[-1]
    name = re.sub(r"\.(md|markdown|mdx|html)$", "", name)
    return f"{POST_LINK_SCHEME}{name}"


def split_args(args: str) -> list[str]:
    try:
        return shlex.split(args.replace(",", " "))
    except ValueError:
        return args.replace(",", " ").split()


def shortcode_args(args: str) -> tuple[dict[str, str], list[str]]:
    attrs: dict[str, str] = {}
    positional: list[str] = []
    for word in split_args(args):
        name, sep, value = word.partition("=")
        if sep and re.fullmatch(r"[\w-]+", name):
            attrs[name] = value
        else:
            positional.append(word)
    return attrs, positional


def video_embed(provider: str, video_id: str) -> str:
    """A player, which the convert stage makes an embed block (or a link, if the id is not one)."""
    url = Video(provider, video_id).watch_url
    return f'\n\n<iframe src="{html.escape(url)}"></iframe>\n\n'


def figure(src: str, alt: str = "", caption: str = "", link: str = "") -> str:
    img = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
    if link:  # Hugo's figure link=: the picture leads there
        img = f'<a href="{html.escape(link)}">{img}</a>'
    if caption:
        return f"\n\n<figure>{img}<figcaption>{html.escape(caption)}</figcaption></figure>\n\n"
    return f"\n\n<figure>{img}</figure>\n\n"


def image_shortcode(name: str, args: str, caption: str = "") -> str:
    """A figure for a site's own image shortcode (``{% inTextImg "/img/x.png" "alt" %}``,
    ``{{< img src="x.png" alt="…" >}}``, ``{% include figure image_path="…" %}``): one that
    names an image file in a ``src``-like attribute or its first argument; "" for others."""
    attrs, positional = shortcode_args(args)
    src = next((attrs[key] for key in IMAGE_SOURCE_ATTRIBUTES if attrs.get(key)), "")
    rest = positional
    # An include's argument is a template file inlined whole (often an SVG icon), not a picture.
    by_position = name not in TEMPLATE_INCLUDES
    if not src and by_position and positional and IMAGE_PATH.search(positional[0]):
        src, rest = positional[0], positional[1:]
    if not src or not (IMAGE_PATH.search(src) or IMAGE_NAME.search(name)):
        return ""
    alt = attrs.get("alt") or " ".join(word for word in rest if not word.isdigit())
    return figure(src, alt, caption or attrs.get("caption") or attrs.get("title", ""))


# Where an embedded post lives, by the network's name in a tag, and its address by id.
POST_NETWORKS = {"x": "X", "twitter": "X", "instagram": "Instagram", "mastodon": "Mastodon",
                 "threads": "Threads", "bluesky": "Bluesky"}  # fmt: skip
TWEET_URL = re.compile(
    r"https?://(?:www\.|mobile\.)?(?:twitter|x)\.com/(?P<user>[A-Za-z0-9_]+)/status(?:es)?/"
    r"(?P<id>\d+)",
    re.IGNORECASE,
)


def embedded_post(url: str, user: str = "", network: str = "X") -> str:
    """An embedded post (a tweet) as the page can show it without the network's script: a
    quote with a link to the original, and who wrote it. Its text is not fetched."""
    user = user.strip().lstrip("@")
    label = f"A post on {network}" + (f" by @{user}" if user else "")
    attribution = f"\n>\n> — @{user}" if user else ""
    return f"\n\n> [{label}](<{url}>){attribution}\n\n"


def tweet_url(user: str, post_id: str) -> str:
    """The address of a post on X by its author and id (``i`` when the author isn't given)."""
    if not re.fullmatch(r"\d{1,30}", post_id.strip()):
        return ""
    handle = user.strip().lstrip("@") or "i"
    if not re.fullmatch(r"[A-Za-z0-9_]{1,30}", handle):
        return ""
    return f"https://x.com/{handle}/status/{post_id.strip()}"


def tweet_shortcode(attrs: dict[str, str], positional: list[str], args: str) -> str | None:
    """Hugo's ``{{< x user="…" id="…" >}}`` and ``{{< tweet … >}}`` (or the older
    ``{{< tweet 123 >}}``): a quote linking to the post."""
    user = attrs.get("user", "")
    post_id = attrs.get("id") or next((word for word in positional if word.isdigit()), "")
    url = tweet_url(user, post_id)
    return embedded_post(url, user) if url else None


def instagram_shortcode(attrs: dict[str, str], positional: list[str], args: str) -> str | None:
    """Hugo's ``{{< instagram ID >}}``: a quote linking to the post."""
    post_id = attrs.get("id") or (positional[0] if positional else "")
    if not re.fullmatch(r"[\w-]{1,40}", post_id):
        return None
    return embedded_post(f"https://www.instagram.com/p/{post_id}/", network="Instagram")


def tweet_tag(words: list[str], args: str) -> str | None:
    """``{% twitter https://twitter.com/user/status/1 %}`` (jekyll-twitter-plugin, also with
    ``oembed`` first) and Octopress's ``{% tweet … %}``: a quote linking to the post."""
    url = next((word for word in words if word.startswith(("http://", "https://"))), "")
    found = TWEET_URL.match(url)
    if found is None:
        return None
    return embedded_post(tweet_url(found["user"], found["id"]), found["user"])


# Rules for Liquid-style tags more than one generator defines (``Generator.tags``).


def video_tag(provider: str):
    """``{% youtube ID %}`` (or ``vimeo``): a player."""

    def tag(words: list[str], args: str) -> str | None:
        return video_embed(provider, words[0]) if words and words[0] else None

    return tag


def post_link_tag(words: list[str], args: str) -> str | None:
    """``{% post_url 2010-07-21-name %}``, ``{% post_link name %}``: a link to another post."""
    return post_link(words[0]) if words and words[0] else None


def image_tag(words: list[str], args: str) -> str | None:
    """``{% image "cat.jpg", "alt" %}`` (eleventy-img's), ``{% asset_img cat.jpg alt %}`` and
    ``{% img %}`` (Hexo's): the first word with a dot or slash is the picture, the words after
    it its alt text."""
    if not words:
        return None
    src = next((word for word in words if "/" in word or "." in word), words[0])
    rest = words[words.index(src) + 1 :]
    return figure(src, alt=" ".join(word for word in rest if not word.isdigit()), caption="")
