"""What each MDX tag and expression becomes: Markdown, HTML, or nothing, with a warning.

A component carrying an image becomes a figure, one carrying a YouTube or Vimeo video a
player, ``<Quote>`` a block quote; any other keeps its content, or becomes a link when it has
none and points at a web address. Lowercase elements stay HTML. String expressions become
their text, comments go, and other expressions, which cannot be evaluated, are named in a
warning. (The module docstring of ``importer.stages.mdx.expand`` says why each is read so.)
"""

from __future__ import annotations

import html
import re
import textwrap
from dataclasses import dataclass, field

from blog.videos import Video, video_host
from importer.generators.callouts import (
    BOX_NAMES,
    CALLOUT_CLOSE,
    CALLOUT_NAMES,
    callout_kind,
    callout_open,
)
from importer.generators.tags import embedded_post, tweet_url
from importer.stages.mdx.scan import Expression, JsxTag, Lines, Unresolved, is_comment, string_value
from importer.stages.outside_code import Stash

HEADING_START = re.compile(r"[ \t]{0,3}#{1,6}[ \t]")
COMMENT_ID = re.compile(r"\s*/\*\s*#?([\w-]+)\s*\*/\s*")
MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>#!|~&{}])")
IMAGE_FILE = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg|bmp|tiff?)(?:[?#].*)?$", re.IGNORECASE)
REQUIRE_CALL = re.compile(r"""\s*require\(\s*(['"])([^'"]+)\1\s*\)(?:\.default)?\s*""")
# How many components may be open inside one another (a deeper one is not followed, its
# content is kept): a limit that keeps a malformed post from costing more than a few passes.
MAX_OPEN_COMPONENTS = 100

IMAGE_ATTRIBUTES = ("src", "image", "img", "imageSrc", "url")
VIDEO_ID_ATTRIBUTES = ("id", "videoId", "youtubeId", "youTubeId", "vimeoId", "v")
TITLE_ATTRIBUTES = ("title", "heading", "label", "summary")
LINK_TARGET_ATTRIBUTES = ("href", "src", "url", "link")
LABEL_ATTRIBUTES = ("title", "label", "alt", "name", "text")
AUTHOR_ATTRIBUTES = ("author", "by", "cite", "attribution", "source")
# In CommonMark these elements end at their closing tag, not at a blank line.
RAW_TEXT_ELEMENTS = frozenset({"pre", "script", "style", "textarea"})
JSX_HTML_NAMES = {"className": "class", "htmlFor": "for"}
# Attributes that style or wire up an element and never hold its content: an expression there
# goes without a warning. (A spread, {...props}, is named by its braces.)
PRESENTATION_ATTRIBUTES = frozenset({"style", "className", "class", "key", "ref"})


@dataclass(slots=True)
class OpenElement:
    tag: JsxTag
    kind: str
    flow: bool
    indent: str
    out_index: int


@dataclass(slots=True)
class MdxConversion:
    """Working state of one post's MDX conversion."""

    text: str
    stash: Stash
    images: dict[str, str]
    warnings: list[str] = field(default_factory=list)
    out: list[str] = field(default_factory=list)
    stack: list[OpenElement] = field(default_factory=list)

    seen: set[str] = field(default_factory=set)

    def warn(self, message: str) -> None:
        if message not in self.seen:
            self.seen.add(message)
            self.warnings.append(message)


def expression_text(node: Expression, state: MdxConversion, lines: Lines) -> str:
    if is_comment(node):
        return comment_heading_id(node, lines)
    value = string_value(node.source)
    if value is not None and value.strip():
        return escape_markdown(" ".join(value.split()))
    if value is not None:
        # ``{' '}`` keeps two words apart; beside a space or a line break that is already
        # done, and a second space before a line break would make it a hard break.
        text = state.text
        spaced = (node.start and text[node.start - 1].isspace()) or (
            node.end < len(text) and text[node.end].isspace()
        )
        return "" if spaced or not value else " "
    state.warn(
        f"The MDX expression {{{short_source(node.source)}}} cannot be evaluated here and was "
        "removed."
    )
    return ""


def comment_heading_id(node: Expression, lines: Lines) -> str:
    """``## Actions {/*actions*/}``: the comment on a heading is its id (react.dev's custom
    heading ids); written ``{#actions}``, the explicit-id form the convert stage reads."""
    identifier = COMMENT_ID.fullmatch(node.source)
    on_heading = HEADING_START.match(lines.text, lines.line_start(node.start))
    if identifier and on_heading and lines.nothing_after(node.end):
        return f"{{#{identifier.group(1)}}}"
    return ""


def escape_markdown(text: str) -> str:
    return MARKDOWN_SPECIAL.sub(r"\\\1", text)


def short_source(source: str, limit: int = 60) -> str:
    flat = " ".join(source.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def tag_text(tag: JsxTag, flow: bool, indent: str, state: MdxConversion) -> None:
    """Append what ``tag`` becomes to ``state.out``."""
    if not tag.is_component:
        state.out.append(html_element(tag, flow, indent, state))
        return
    if tag.closing:
        close_component(tag, state)
        return
    kind = component_kind(tag, state)
    if kind == "callout" and not flow:
        kind = ""  # a box inside a line of text is no box: its content stays in the line
    label = f"<{tag.name}>"
    if kind == "image":
        state.warn(f"MDX component {label} was read as an image.")
        state.out.append(image_html(tag, flow, indent, state))
    elif kind == "video":
        state.warn(f"MDX component {label} was read as a video.")
        state.out.append(video_html(tag, flow, indent))
    elif kind == "post":
        state.warn(f"MDX component {label} was read as an embedded post: a quote linking to it.")
        state.out.append(state.stash.keep(post_quote(tag), literal=True))
    elif tag.self_closing and (url := link_target(tag)):
        state.warn(f"MDX component <{tag.name} /> was replaced with a link to {url}.")
        label = next(filter(None, (attribute_text(tag, n) for n in LABEL_ATTRIBUTES)), url)
        state.out.append(block(f"[{escape_markdown(label)}](<{url}>)", flow, indent))
        return
    elif tag.self_closing:
        state.warn(f"MDX component <{tag.name} /> was removed (it has no content here).")
        report_unresolved(tag, state)
        return
    elif kind == "quote":
        state.warn(f"MDX component {label} was read as a quote.")
    elif kind == "callout":
        state.warn(f"MDX component {label} was read as a callout.")
        # The box's tags on lines of their own, so the Markdown inside renders (see
        # importer.generators.callouts); the content comes between them.
        state.out.append(f"\n\n{indent}{callout_open(*component_callout(tag))}\n\n")
    elif tag.name:
        state.warn(f"MDX component {label} was removed; its content was kept.")
        title = next(
            (tag.attributes[name] for name in TITLE_ATTRIBUTES if name in tag.attributes), None
        )
        if flow and isinstance(title, str) and title.strip():
            state.out.append(f"\n{indent}**{escape_markdown(' '.join(title.split()))}**\n")
    if not tag.self_closing and len(state.stack) < MAX_OPEN_COMPONENTS:
        state.stack.append(OpenElement(tag, kind, flow, indent, len(state.out)))


def close_component(tag: JsxTag, state: MdxConversion) -> None:
    """``</Name>``: a quote's content becomes a block quote; anything else just ends."""
    index = next(
        (i for i in range(len(state.stack) - 1, -1, -1) if state.stack[i].tag.name == tag.name),
        None,
    )
    if index is None:
        if tag.name:
            state.warn(f"MDX component <{tag.name}> was removed; its content was kept.")
        return
    opened = state.stack[index]
    del state.stack[index:]
    if opened.kind == "callout":
        state.out.append(f"\n\n{opened.indent}{CALLOUT_CLOSE}\n\n")
    if opened.kind == "quote":
        content = state.stash.restore("".join(state.out[opened.out_index :])).strip("\n")
        lines = textwrap.dedent(content).split("\n")
        author = next(filter(None, (attribute_text(opened.tag, n) for n in AUTHOR_ATTRIBUTES)), "")
        if author:  # the convert stage reads a last "— name" line as the attribution
            lines += ["", f"— {escape_markdown(author)}"]
        quote = "\n".join(f"{opened.indent}> {line}".rstrip() for line in lines)
        state.out[opened.out_index :] = [state.stash.keep(f"\n{quote}\n", literal=True)]


def link_target(tag: JsxTag) -> str:
    """The address a content-less component points at (an embed's ``src``, a card's
    ``href``), when it is a web or site address."""
    for name in LINK_TARGET_ATTRIBUTES:
        url = attribute_text(tag, name) or ""
        if re.match(r"(?:https?://|/)[^\s<>]*$", url, re.IGNORECASE) and not url.startswith("//"):
            return url
    return ""


def component_kind(tag: JsxTag, state: MdxConversion) -> str:
    """What a component carries: "image", "video", "quote", or "" (anything else)."""
    lowered = tag.name.lower()
    source = attribute_text(tag, "src") or attribute_text(tag, "url") or ""
    if is_video_url(source) or (
        ("youtube" in lowered or "vimeo" in lowered)
        and any(attribute_text(tag, name) for name in VIDEO_ID_ATTRIBUTES)
    ):
        return "video"
    image = image_source(tag, state)
    if image and (
        "alt" in tag.attributes
        or IMAGE_FILE.search(image)
        or any(word in lowered for word in ("image", "img", "illustration", "figure", "photo"))
    ):
        return "image"
    if lowered.endswith("quote"):
        return "quote"
    if not tag.self_closing and component_callout(tag)[0]:
        return "callout"
    if "tweet" in lowered and post_quote(tag):
        return "post"
    return ""


def component_callout(tag: JsxTag) -> tuple[str, str]:
    """The kind and title of a component that draws a box: Docusaurus's ``<Admonition
    type="tip" title="…">``, and ``<Note>``, ``<Tip>``, ``<Warning>``, ``<Callout type="info">``
    (Nextra's, Mintlify's and many blogs' own); ("", "") for any other component."""
    name = tag.name.lower()
    kind = callout_kind(name) if name in CALLOUT_NAMES else ""
    if name in BOX_NAMES or name == "admonition" or kind:
        for attribute in ("type", "kind", "variant", "status", "severity", "color"):
            kind = callout_kind(attribute_text(tag, attribute) or "") or kind
        title = next(
            (attribute_text(tag, n) for n in TITLE_ATTRIBUTES if attribute_text(tag, n)), ""
        )
        return kind or "note", title or ""
    return "", ""


def post_quote(tag: JsxTag) -> str:
    """``<Tweet id="…" />`` (react-tweet, static-tweets) or ``<Tweet tweetLink="user/status/…"
    />`` (mdx-embed): a quote linking to the post; "" without an id."""
    for name in ("tweetLink", "url", "src", "href", "link"):
        found = TWEET_PATH.search(attribute_text(tag, name) or "")
        if found:
            return embedded_post(tweet_url(found["user"], found["id"]), found["user"])
    post_id = attribute_text(tag, "id") or attribute_text(tag, "tweetId") or ""
    url = tweet_url(attribute_text(tag, "user") or attribute_text(tag, "username") or "", post_id)
    return embedded_post(url, attribute_text(tag, "user") or "") if url else ""


TWEET_PATH = re.compile(r"(?:^|/)(?P<user>[A-Za-z0-9_]{1,30})/status(?:es)?/(?P<id>\d{1,30})")


def attribute_text(tag: JsxTag, name: str) -> str | None:
    value = tag.attributes.get(name)
    return value.strip() if isinstance(value, str) else None


def image_source(tag: JsxTag, state: MdxConversion) -> str:
    """The image file a component shows: a written path, or an imported or required file."""
    for name in IMAGE_ATTRIBUTES:
        value = tag.attributes.get(name)
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, Unresolved) and (imported := imported_file(value, state)):
            return imported
    return ""


def imported_file(value: Unresolved, state: MdxConversion) -> str:
    """``{diagram}`` bound by ``import diagram from './diagram.png'``, or
    ``{require('./diagram.png')}``: the file; "" for any other expression."""
    required = REQUIRE_CALL.fullmatch(value.source)
    if required:
        return required.group(2)
    return state.images.get(value.source.strip(), "")


def is_video_url(url: str) -> bool:
    return bool(video_host(url if "//" in url else "https://" + url))


def block(markup: str, flow: bool, indent: str) -> str:
    """Markup on lines of its own (at the component's indentation), or inline in the text."""
    return f"\n{indent}{markup}\n" if flow else markup


def image_html(tag: JsxTag, flow: bool, indent: str, state: MdxConversion) -> str:
    src = image_source(tag, state)
    alt = attribute_text(tag, "alt") or ""
    caption = attribute_text(tag, "caption") or attribute_text(tag, "title") or ""
    img = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
    if not flow:
        return img
    figcaption = f"<figcaption>{html.escape(caption)}</figcaption>" if caption else ""
    return block(f"<figure>{img}{figcaption}</figure>", flow, indent)


def video_html(tag: JsxTag, flow: bool, indent: str) -> str:
    url = attribute_text(tag, "src") or attribute_text(tag, "url") or ""
    if not is_video_url(url):
        video = next(filter(None, (attribute_text(tag, n) for n in VIDEO_ID_ATTRIBUTES)), "")
        url = Video("vimeo" if "vimeo" in tag.name.lower() else "youtube", video).watch_url
    return block(f'<iframe src="{html.escape(url)}"></iframe>', flow, indent)


def report_unresolved(tag: JsxTag, state: MdxConversion) -> None:
    for name, value in tag.attributes.items():
        if isinstance(value, Unresolved) and name not in PRESENTATION_ATTRIBUTES:
            written = f"{{{short_source(value.source)}}}"
            written = written if name.startswith("{") else f"{name}={written}"
            state.warn(
                f"The MDX expression {written} on <{tag.name}> cannot be evaluated here and was "
                "removed."
            )


def html_element(tag: JsxTag, flow: bool, indent: str, state: MdxConversion) -> str:
    """A lowercase element stays HTML; on a line of its own it is set apart by blank lines
    (except the raw-text elements, which CommonMark ends at their closing tag), so the
    Markdown between its tags renders, as MDX renders it."""
    source = state.text[tag.start : tag.end]
    if tag.has_expression:
        for name, value in tag.attributes.items():
            if name in ("src", "srcSet") and isinstance(value, Unresolved):
                tag.attributes[name] = imported_file(value, state) or value
        report_unresolved(tag, state)
        source = html_tag(tag)
    if flow and tag.name.lower() not in RAW_TEXT_ELEMENTS:
        return f"\n{indent}{source}\n"
    return source


def html_tag(tag: JsxTag) -> str:
    if tag.closing:
        return f"</{tag.name}>"
    parts = [tag.name]
    for name, value in tag.attributes.items():
        if isinstance(value, Unresolved) or value is False:
            continue
        name = JSX_HTML_NAMES.get(name, name)
        parts.append(name if value is True else f'{name}="{html.escape(str(value))}"')
    return f"<{' '.join(parts)}{' /' if tag.self_closing else ''}>"
