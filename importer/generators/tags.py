"""What each template tag and shortcode becomes: figures, videos, links between posts, text.

The expand stage (``importer.stages.expand``) finds the tags; here a Liquid or Nunjucks tag, a Hugo
shortcode or a Hexo tag plugin is turned into the Markdown or HTML it rendered on the old
site, or dropped, with a warning that names it.

Links to other posts (``post_url``, ``link``, ``ref``, ``relref``) become
``POST_LINK_SCHEME`` URLs that the write stage turns into Wagtail page links.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable

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

GITHUB_ISSUES = "https://github.com/gohugoio/hugo/issues/"


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


def figure(src: str, alt: str = "", caption: str = "") -> str:
    img = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
    if caption:
        return f"\n\n<figure>{img}<figcaption>{html.escape(caption)}</figcaption></figure>\n\n"
    return f"\n\n<figure>{img}</figure>\n\n"


def hugo_paired(match: re.Match[str], warn: Callable[[str], None]) -> str:
    name, body = match.group("name"), match.group("body")
    attrs, positional = shortcode_args(match.group("args"))
    if name == "imgproc" and positional:
        return figure(positional[0], caption=" ".join(body.split()))
    if name == "figure":
        return figure(attrs.get("src", ""), attrs.get("alt", ""), body.strip())
    image = image_shortcode(name, match.group("args"), caption=" ".join(body.split()))
    if image:
        warn(f"Hugo shortcode '{name}' was read as an image.")
        return image
    if name not in ("note", "tip", "warning", "admonition", "details", "callout", "aside"):
        warn(f"Hugo shortcode '{name}' is not supported: its tags were removed, text kept.")
    return f"\n\n{body.strip()}\n\n"


def hugo_shortcode(match: re.Match[str], warn: Callable[[str], None]) -> str:
    name = match.group("name")
    attrs, positional = shortcode_args(match.group("args"))
    first = attrs.get("id") or (positional[0] if positional else "")
    if name == "figure":
        caption = attrs.get("caption") or attrs.get("title", "")
        return figure(attrs.get("src", ""), attrs.get("alt", ""), caption)
    if name in ("youtube", "vimeo") and first:
        return video_embed(name, first)
    if name == "imgproc" and positional:
        return figure(positional[0])
    if name == "gh":
        return ", ".join(github_link(arg) for arg in positional)
    if name in ("ref", "relref") and first:
        return post_link(first)
    image = image_shortcode(name, match.group("args"))
    if image:
        warn(f"Hugo shortcode '{name}' was read as an image.")
        return image
    warn(f"Hugo shortcode '{name.lstrip('/')}' is not supported and was removed.")
    return ""


def github_link(arg: str) -> str:
    """Hugo's own ``gh`` shortcode links an issue number or a GitHub user."""
    if arg.startswith("@"):
        return f"[{arg}](https://github.com/{arg[1:]})"
    if arg.isdigit():
        return f"[#{arg}]({GITHUB_ISSUES}{arg})"
    return arg


def liquid_paired(match: re.Match[str], warn: Callable[[str], None]) -> str:
    name, body = match.group("name"), match.group("body").strip()
    if name == "capture":
        warn("Liquid tag 'capture' was removed with its content.")
        return ""
    if name in ("blockquote", "quote"):
        return "\n\n" + "\n".join(f"> {line}" for line in body.split("\n")) + "\n\n"
    return f"\n\n{body}\n\n"


def liquid_tag(match: re.Match[str], warn: Callable[[str], None]) -> str:
    name, args = match.group("name"), match.group("args")
    words = split_args(args)
    first = words[0] if words else ""
    if name in ("youtube", "youtubeEmbed") and first:
        return video_embed("youtube", first)
    if name == "vimeo" and first:
        return video_embed("vimeo", first)
    if name in ("post_url", "link", "post_link") and first:
        return post_link(first)
    if name in ("asset_img", "img", "image") and words:
        src = next((w for w in words if "/" in w or "." in w), first)
        rest = words[words.index(src) + 1 :]
        text = " ".join(w for w in rest if not w.isdigit())
        return figure(src, alt=text, caption="")
    if name in ("asset_path", "asset_link") and first:
        return first
    if name == "indieweblink" and words:
        return f"[{words[0]}]({words[1]})" if len(words) > 1 else words[0]
    image = image_shortcode(name, args)
    if image:
        warn(f"Template tag '{name}' was read as an image.")
        return image
    warn(f"Template tag '{name}' is not supported and was removed.")
    return ""


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
