"""Stage 5, convert: rendered HTML becomes StreamField block values for ``BlogPage.body``.

The output is a list of ``{"type": ..., "value": ...}`` dicts named after the blocks in
``blog/blocks.py``. Rich text is written in Wagtail's stored format and then passed once
through Wagtail's own editor converter (``RichTextNormaliser``), so that opening a page in the
admin and saving it changes nothing.

Image blocks carry ``"src"`` (the reference as written) instead of an image id: finding and
storing the file is the write stage's job, because it touches the database.
"""

from __future__ import annotations

import html
import itertools
import re
from collections import Counter
from collections.abc import Callable, Collection, Iterator
from dataclasses import dataclass, field, replace
from typing import Any
from urllib.parse import parse_qs, urlparse

from bs4 import BeautifulSoup, Comment, NavigableString, Tag
from bs4.builder import HTMLParserTreeBuilder
from bs4.builder._htmlparser import BeautifulSoupHTMLParser

from blog.text import comparable_text, first_paragraph, intro_repeats_body
from importer.anchors import HeadingIds
from importer.booking import MARKER as BOOKING_MARKER
from importer.booking import recognise_booking_ctas
from importer.types import ImageRef, ImporterError, RunOptions

Normaliser = Callable[[str, str], str]
"""``normalise(html, kind)`` with kind ``"paragraph"`` or ``"quote"``."""

UNSAFE_ELEMENTS = frozenset(
    {"script", "style", "embed", "link", "meta", "base", "frame", "frameset"}
)  # fmt: skip
# Their content is what a reader sees without scripts or plugins: it stays, sanitised like the
# rest, and only the element itself goes.
FALLBACK_ELEMENTS = frozenset({"noscript", "object", "applet"})
# Where a removed element pointed, so its warning can name it.
POINTER_ATTRIBUTES = ("src", "data", "href", "code", "action")
# A form cannot work on the new site (its action went with the old one); its words stay.
FORM_CONTROLS = frozenset({"input", "select", "textarea"})
UNWRAPPED = frozenset({"form", "button", "label", "template", "fieldset", "legend"})
UNSAFE_SCHEMES = re.compile(r"^[\x00-\x20\s]*(javascript|data|vbscript):", re.IGNORECASE)
# Browsers drop tabs and line breaks anywhere in a URL, so "java\tscript:" runs as well.
URL_IGNORED_CHARACTERS = re.compile(r"[\t\n\r]")
URL_ATTRIBUTES = ("href", "src", "srcset", "action", "formaction", "poster", "xlink:href")

HEADING_LEVELS = {"h1": "h2", "h2": "h2", "h3": "h3", "h4": "h4", "h5": "h4", "h6": "h4"}
INLINE_TAGS = {
    "b": "b", "strong": "b", "i": "i", "em": "i", "cite": "i", "var": "i", "dfn": "i",
    "s": "s", "del": "s", "strike": "s", "code": "code", "kbd": "code", "samp": "code",
    "tt": "code", "sup": "sup", "sub": "sub",
}  # fmt: skip
TAG_FEATURES = {"b": "bold", "i": "italic", "s": "strikethrough", "code": "code",
                "sup": "superscript", "sub": "subscript", "a": "link"}  # fmt: skip
CONTAINERS = frozenset(
    {"div", "section", "article", "main", "aside", "header", "footer", "nav", "center",
     "details", "span", "font", "picture", "figure", "body", "html", "hgroup", "address"}
)  # fmt: skip
BLOCK_TAGS = frozenset(
    {"p", "ul", "ol", "pre", "blockquote", "table", "hr", "img", "iframe", "figure", "video",
     "audio", "dl", "summary", *HEADING_LEVELS, *CONTAINERS - {"span", "font"}}
)  # fmt: skip
# The footnotes list's links back to the text: markdown-it's and Hugo's, then kramdown's.
BACK_LINK_CLASSES = frozenset({"footnote-backref", "reversefootnote"})
# What a list item may hold but rich text can't: the list is split around it.
LIST_BREAKING = frozenset(
    {"pre", "table", "blockquote", "img", "figure", "iframe", "video", "audio"}
)
# Elements inside one another: Markdown's deepest (50 levels of lists, see render.py) is about
# 100; the conversion's recursion allows a little over twice that.
MAX_DEPTH = 150
VIDEO_HOSTS = ("youtube.com", "youtu.be", "youtube-nocookie.com", "vimeo.com")
# A player is made only for a well-formed id (YouTube's are 11 characters of its URL-safe
# alphabet, Vimeo's are numbers); anything else stays a link (blog/embeds.py reads the same).
YOUTUBE_ID = re.compile(r"[A-Za-z0-9_-]{11}")
VIMEO_ID = re.compile(r"[0-9]{1,20}")


@dataclass(slots=True)
class Conversion:
    """Working state of one post's conversion."""

    options: RunOptions
    normalise: Normaliser
    blocks: list[dict[str, Any]] = field(default_factory=list)
    rich: list[str] = field(default_factory=list)
    """Paragraph-level HTML waiting to become one paragraph block."""
    images: list[ImageRef] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    keys: Iterator[int] = field(default_factory=itertools.count)
    heading_ids: HeadingIds = field(default_factory=HeadingIds)
    restarted: list[ListLine] = field(default_factory=list)
    """Numbered list items a split made start again at 1."""
    footnotes: dict[str, int] = field(default_factory=dict)
    """The old id of each footnote, and its number."""
    footnote_lists: list[Tag] = field(default_factory=list)
    """The elements holding the footnotes (one, unless raw HTML brought its own)."""
    pending_anchor: str = ""
    """An empty ``<a name>`` (or ``id``) standing just before a heading: the heading's old id,
    as hand-written HTML anchors gave it."""
    recognised: dict[int, dict[str, Any]] = field(default_factory=dict)
    """Booking blocks by the id() of the element standing for them (recognise_booking_ctas)."""

    def key(self) -> str:
        # Draftail keeps a block's key in data-block-key; giving every block a stable key
        # up front is what makes the editor round trip leave the HTML unchanged.
        return f"{next(self.keys):05x}"

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)

    def emit(self, block_type: str, value: Any) -> None:
        self.flush()
        self.blocks.append({"type": block_type, "value": value})

    def flush(self) -> None:
        if not self.rich:
            return
        source = "".join(self.rich)
        self.rich = []
        value = self.normalise(source, "paragraph")
        if strip_tags(value).strip():
            self.blocks.append({"type": "paragraph", "value": value})


def convert_html(
    source: str, options: RunOptions, normalise: Normaliser, *, title: str = "", intro: str = ""
) -> tuple[list[dict[str, Any]], list[ImageRef], list[str]]:
    """Return ``(blocks, images, warnings)`` for a post's rendered HTML.

    ``title`` and ``intro`` are what the page shows above the body: a first heading that
    repeats the title is dropped, and an intro the body repeats is reported (the page leaves it
    out, see ``BlogPage.intro_repeated_in_body``)."""
    soup = BeautifulSoup(source, builder=LinearHTMLParserTreeBuilder())
    state = Conversion(options, normalise, heading_ids=HeadingIds(options.heading_ids))
    sanitise(soup, state)  # it unwraps forms and the like, however deep
    check_depth(soup)
    state.recognised = recognise_booking_ctas(soup, options)
    if "footnotes" in source:  # a search of the whole tree, for the few posts that have them
        number_footnotes(soup, state)
    walk(soup, state)
    state.flush()
    drop_title_heading(state, title)
    if intro and intro_repeats_body(intro, first_paragraph(state.blocks)):
        state.warn(
            "The description (intro) repeats the start of the body's first paragraph, so the "
            "page shows those words once, in the body; the description stays the post's summary "
            "in lists, feeds and search."
        )
    return state.blocks, state.images, state.warnings


def same_words(one: str, other: str) -> bool:
    """Equal but for case, punctuation, formatting and spacing."""
    return words(one) == words(other)


def words(text: str) -> list[str]:
    return re.sub(r"[^\w\s]", " ", comparable_text(text)).split()


def drop_title_heading(state: Conversion, title: str) -> None:
    """The page shows the title above the body: a first heading saying it again goes."""
    index = next((i for i, b in enumerate(state.blocks) if b["type"] == "heading"), None)
    if index is None or not title:
        return
    heading = state.blocks[index]["value"]["text"]
    if same_words(heading, title):
        del state.blocks[index]
        state.warn(
            f"Removed the first heading “{shorten(heading, 60)}”: it repeats the title, which "
            "the page shows above the body."
        )


class TagCounts(Counter):
    """The multiset of tag names bs4's HTML parser keeps in a list: the void elements (``img``,
    ``br``) it has closed itself, each checked off when an explicit closing tag follows.
    Nothing closes most of them, and the list was searched at every closing tag, which made
    parsing a post's HTML take time in the square of its length."""

    def append(self, tag: str) -> None:
        self[tag] += 1

    def remove(self, tag: str) -> None:
        self[tag] -= 1

    def __contains__(self, tag: object) -> bool:
        return self[tag] > 0


class LinearHTMLParser(BeautifulSoupHTMLParser):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.already_closed_empty_element = TagCounts()


class LinearHTMLParserTreeBuilder(HTMLParserTreeBuilder):
    """bs4's "html.parser" builder, giving the same tree in time linear in the HTML."""

    def feed(self, markup: Any, _parser_class: type = LinearHTMLParser) -> None:
        super().feed(markup, _parser_class)


def check_depth(soup: BeautifulSoup) -> None:
    """Fail a post whose HTML elements nest deeper than MAX_DEPTH: the conversion recurses
    into nested elements, and some of it reads a nested element's text once for every
    element around it, so thousands of levels would take hours (or exhaust the stack)."""
    stack = [(soup, 0)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise ImporterError(
                f"the post's HTML has elements nested more than {MAX_DEPTH} levels deep, one "
                "inside another; no page shows that, and converting it would take hours.",
                field="body",
                fix="close the HTML elements the post opens (an unclosed <div> or <table> "
                "repeated), or flatten the nesting, and import again.",
            )
        stack.extend((child, depth + 1) for child in node.contents if isinstance(child, Tag))


def sanitise(soup: BeautifulSoup, state: Conversion) -> None:
    """Remove what could run code in a visitor's browser, saying what went.

    Each element is looked at once, in document order, and nothing inside a removed one is
    (bs4's own ``decomposed`` check searches an element's whole subtree, for every element).
    """
    unwrapped: list[Tag] = []
    stack = list(reversed(soup.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, Comment):
            node.extract()  # <!--more--> and friends: markers for the old generator
            continue
        if not isinstance(node, Tag):
            continue
        if node.name == "embed" and video_url(str(node.get("src") or "")):
            # A YouTube or Vimeo player in the old Flash embed code: still the same video.
            node.name, node.attrs = "iframe", {"src": str(node["src"])}
            continue
        if node.name in UNSAFE_ELEMENTS:
            state.warn(f"Removed unsafe {describe_element(node)} element and its content.")
            node.decompose()
            continue
        if node.name in FALLBACK_ELEMENTS:
            if node.name != "noscript":  # noscript's content is all there ever was to see
                state.warn(
                    f"Removed {describe_element(node)}, which needs a browser plugin; "
                    "its fallback content is kept."
                )
            node.name, node.attrs = "div", {}  # its content stands apart, as it did
            stack.extend(reversed(node.contents))
            continue
        if node.name in FORM_CONTROLS:
            state.warn(f"Removed a form control (<{node.name}>); forms do not carry over.")
            node.decompose()
            continue
        if node.name == BOOKING_MARKER:
            # The name the booking recogniser uses for its runs: written in a post it is an
            # attempt to make a block (a button to any address); its words stay.
            state.warn(
                f"Removed a <{node.name}> element written in the post (its text is kept); "
                "booking buttons are made from the post's own booking links."
            )
            unwrapped.append(node)
        elif node.name in UNWRAPPED:
            unwrapped.append(node)  # its attributes go with it
        else:
            remove_unsafe_attributes(node, state)
        stack.extend(reversed(node.contents))
    for tag in reversed(unwrapped):  # innermost first, once everything inside is clean
        tag.insert_after(" ")  # "I agree" and "Send" must not run together
        tag.unwrap()


def describe_element(tag: Tag) -> str:
    """``<script src="https://asciinema.org/a/1.js">``: the element and where it pointed."""
    for attribute in POINTER_ATTRIBUTES:
        value = str(tag.get(attribute) or "").strip()
        if value:
            return f'<{tag.name} {attribute}="{shorten(value, 80)}">'
    return f"<{tag.name}>"


def remove_unsafe_attributes(tag: Tag, state: Conversion) -> None:
    for attribute in list(tag.attrs):
        value = tag.attrs[attribute]
        if attribute.lower().startswith("on"):
            state.warn(f"Removed unsafe '{attribute}' attribute from <{tag.name}>.")
            del tag.attrs[attribute]
        elif attribute.lower() in URL_ATTRIBUTES and (
            unsafe := UNSAFE_SCHEMES.match(URL_IGNORED_CHARACTERS.sub("", str(value)))
        ):
            state.warn(f"Removed unsafe {unsafe[1].lower()}: URL from <{tag.name}>.")
            del tag.attrs[attribute]


def walk(node: Tag, state: Conversion) -> None:
    inline: list[str] = []

    def flush_inline() -> None:
        text = "".join(inline).strip()
        inline.clear()
        if strip_tags(text).strip():
            state.rich.append(f'<p data-block-key="{state.key()}">{text}</p>')

    for child in list(node.children):
        if isinstance(child, NavigableString):
            if str(child).strip():
                inline.append(html.escape(collapse(str(child))))
            elif inline:
                inline.append(" ")  # the space between two inline elements is content
            continue
        if not isinstance(child, Tag):
            continue
        if id(child) in state.recognised:
            flush_inline()
            state.emit("booking_cta", state.recognised[id(child)])
            continue
        if bare_anchor(child):
            flush_inline()
            state.pending_anchor = bare_anchor(child)
            continue
        if child.name not in BLOCK_TAGS:
            if child.name == "br":
                continue
            if has_tag(child, ("img", "iframe", "video", "table", "pre")):
                flush_inline()
                walk(child, state)
            else:
                inline.append(inline_html(child, state, paragraph_features(state)))
            continue
        flush_inline()
        convert_block(child, state)
    flush_inline()


def convert_block(tag: Tag, state: Conversion) -> None:
    name = tag.name
    if name == "p" and bare_anchor(tag):
        state.pending_anchor = bare_anchor(tag)
        return
    if state.pending_anchor and name not in HEADING_LEVELS and name not in CONTAINERS:
        state.warn(
            f"The anchor '{state.pending_anchor}' stands before a <{name}>, which can't carry an "
            f"id here; links to #{state.pending_anchor} land at the top of the page."
        )
        state.pending_anchor = ""
    if any(tag is found for found in state.footnote_lists):
        convert_footnotes(tag, state)
    elif name in HEADING_LEVELS:
        convert_heading(tag, state)
    elif name == "p":
        convert_paragraph(tag, state)
    elif name in ("ul", "ol"):
        convert_list(tag, state)
    elif name == "pre":
        convert_code(tag, state)
    elif name == "blockquote":
        convert_quote(tag, state)
    elif name == "table":
        convert_table(tag, state)
    elif name == "hr" and "footnotes-sep" in (tag.get("class") or []):
        pass  # the rule markdown-it draws above its footnotes: the footnotes block has its own
    elif name == "hr":
        state.emit("divider", None)
    elif name == "img":
        convert_image(tag, state, caption="")
    elif name == "figure":
        convert_figure(tag, state)
    elif name in ("iframe", "video", "audio"):
        convert_media(tag, state)
    elif name == "dl":
        convert_definitions(tag, state)
    elif name == "summary":
        text = inline_children(tag, state, paragraph_features(state))
        if strip_tags(text).strip():
            state.rich.append(f'<p data-block-key="{state.key()}"><b>{text}</b></p>')
    else:  # containers: their children are the content
        walk(tag, state)


def number_footnotes(soup: BeautifulSoup, state: Conversion) -> None:
    """Footnotes are numbered in the order of their list, as every generator renders them; the
    ids become ``fn-N`` (rich text can't hold ids, so the templates give them back)."""
    for container in soup.find_all(class_="footnotes"):
        # The list itself: whatever else the container holds (a heading) stays as it is.
        for notes in find_tags(container, ("ol",)):
            ids = [str(item.get("id") or "") for item in find_tags(notes, ("li",), recursive=False)]
            if not all(ids) or any(old_id in state.footnotes for old_id in ids):
                continue
            state.footnote_lists.append(notes)
            for old_id in ids:
                state.footnotes[old_id] = len(state.footnotes) + 1


def footnote_href(href: str, state: Conversion) -> str:
    number = state.footnotes.get(href[1:]) if href.startswith("#") else None
    return f"#fn-{number}" if number else href


def convert_footnotes(tag: Tag, state: Conversion) -> None:
    """All of a post's footnotes, as one numbered list where the first list of them was: the
    template numbers the notes in order, which must match the references' numbers."""
    if tag is not state.footnote_lists[0]:
        return  # already in the block
    features = paragraph_features(state)
    notes = []
    for found in state.footnote_lists:
        for item in find_tags(found, ("li",), recursive=False):
            text = list_item_text(list(item.children), state, features)
            notes.append(f'<li data-block-key="{state.key()}">{text}</li>')
    state.emit("footnotes", state.normalise(f"<ol>{''.join(notes)}</ol>", "paragraph"))


def convert_heading(tag: Tag, state: Conversion) -> None:
    images = hoist_images(tag, state)
    text = collapse(tag.get_text()).strip()
    if text:
        anchor = heading_anchor(tag, text, state)
        state.emit(
            "heading", {"text": text[:255], "level": HEADING_LEVELS[tag.name], "anchor": anchor}
        )
    for image in images:
        state.emit("image", image)


def heading_anchor(tag: Tag, text: str, state: Conversion) -> str:
    """The id the old site gave the heading: its own (``{#id}`` in Markdown, ``id=`` in HTML, an
    ``<a name>`` inside it), else the old generator's slug of its text."""
    pending, state.pending_anchor = state.pending_anchor, ""
    for target in [tag, *find_tags(tag, ("a",))]:
        anchor = element_id(target)
        if anchor:
            return state.heading_ids.explicit(anchor)
    if pending:
        return state.heading_ids.explicit(pending)
    return state.heading_ids.generated(text)[:255]


def element_id(tag: Tag) -> str:
    """The id (or an anchor's old ``name``) a link could target, if it is a usable one."""
    anchor = str(tag.get("id") or tag.get("name") or "").strip()
    return anchor if anchor and not re.search(r"[\s#]", anchor) and len(anchor) <= 255 else ""


def bare_anchor(tag: Tag) -> str:
    """The target of an empty ``<a name="x"></a>``, alone or alone in its paragraph, else ""."""
    if tag.name == "p":
        children = [
            c for c in tag.children if not (isinstance(c, NavigableString) and not c.strip())
        ]
        return (
            bare_anchor(children[0]) if len(children) == 1 and isinstance(children[0], Tag) else ""
        )
    if tag.name != "a" or tag.get("href") or tag.get_text().strip() or tag.find(True):
        return ""
    return element_id(tag)


def convert_paragraph(tag: Tag, state: Conversion) -> None:
    if not has_tag(tag, ("img", "iframe", "video")):
        text = inline_children(tag, state, paragraph_features(state))
        if strip_tags(text).strip():
            state.rich.append(f'<p data-block-key="{state.key()}">{text}</p>')
        return
    # A paragraph holding images: text before, between and after them stays in order.
    part = BeautifulSoup("", "html.parser").new_tag("p")
    for child in list(tag.children):
        media = (
            child if isinstance(child, Tag) and child.name in ("img", "iframe", "video") else None
        )
        if media is None and isinstance(child, Tag) and child.name == "a":
            media = child.find("img")
        if media is None:
            part.append(child)
            continue
        convert_paragraph(part, state)
        part = BeautifulSoup("", "html.parser").new_tag("p")
        if media.name == "img":
            convert_image(media, state, caption="")
        else:
            convert_media(media, state)
    convert_paragraph(part, state)


def convert_image(tag: Tag, state: Conversion, *, caption: str) -> None:
    src = str(tag.get("src") or "").strip()
    if not src:
        state.warn("Skipped an image with no src.")
        return
    alt = collapse(str(tag.get("alt") or "")).strip()
    caption = caption or collapse(str(tag.get("title") or "")).strip()
    state.images.append(ImageRef(src, alt, caption))
    state.emit("image", {"src": src, "alt_text": alt[:512], "caption": caption[:512]})


def convert_figure(tag: Tag, state: Conversion) -> None:
    figcaption = tag.find("figcaption")
    caption = collapse(figcaption.get_text()).strip() if figcaption else ""
    images = tag.find_all("img")
    if len(images) == 1 and not tag.find(["table", "pre", "blockquote", "iframe"]):
        convert_image(images[0], state, caption=caption)
        return
    if figcaption:
        figcaption.name = "p"
    walk(tag, state)


def convert_media(tag: Tag, state: Conversion) -> None:
    src = str(tag.get("src") or "")
    if not src and tag.find("source"):
        src = str(tag.find("source").get("src") or "")
    url = video_url(src)
    if url:
        state.emit("embed", url)
    elif src and video_host(src):
        state.warn(f"The video address {src[:200]} has no valid YouTube or Vimeo id; it was "
                   "kept as a link, not a player.")  # fmt: skip
        state.rich.append(
            f'<p data-block-key="{state.key()}"><a href="{html.escape(src)}">'
            f"{html.escape(tag.get('title') or src)}</a></p>"
        )
    elif src:
        state.warn(f"Replaced an embedded <{tag.name}> from {urlparse(src).netloc or src} "
                   "with a link to it.")  # fmt: skip
        label = html.escape(tag.get("title") or src)
        state.rich.append(
            f'<p data-block-key="{state.key()}"><a href="{html.escape(src)}">{label}</a></p>'
        )
    else:
        state.warn(f"Removed {describe_element(tag)} with no address to link to.")
    # What a browser shows when it can't play the media ("download it here"): text and links.
    for source in find_tags(tag, ("source", "track")):
        source.decompose()
    walk(tag, state)


def video_host(src: str) -> str:
    """The host of a YouTube or Vimeo address (without www. or m.), else ""."""
    if src.startswith("//"):
        src = "https:" + src
    host = urlparse(src).netloc.lower().removeprefix("www.").removeprefix("m.")
    return host if any(host == h or host.endswith("." + h) for h in VIDEO_HOSTS) else ""


def video_url(src: str) -> str:
    """The watch URL for a YouTube or Vimeo player address with a valid id, else ""."""
    host = video_host(src)
    if not host:
        return ""
    parsed = urlparse("https:" + src if src.startswith("//") else src)
    parts = [part for part in parsed.path.split("/") if part]
    if "vimeo.com" in host:
        video = next((part for part in reversed(parts) if VIMEO_ID.fullmatch(part)), "")
        return f"https://vimeo.com/{video}" if video else ""
    if host == "youtu.be" and parts:
        video = parts[0]
    elif len(parts) > 1 and parts[0] in ("embed", "shorts", "live", "v"):
        video = parts[1]
    else:
        video = (parse_qs(parsed.query).get("v") or [""])[0]
    return f"https://www.youtube.com/watch?v={video}" if YOUTUBE_ID.fullmatch(video) else ""


def convert_code(tag: Tag, state: Conversion) -> None:
    code = tag.find("code") or tag
    language = ""
    for cls in list(code.get("class") or []) + list(tag.get("class") or []):
        if cls.startswith(("language-", "lang-")):
            language = cls.split("-", 1)[1]
            break
    text = code.get_text()
    if text.endswith("\n"):
        text = text[:-1]
    state.emit("code", {"language": language[:40], "code": text})


def convert_quote(tag: Tag, state: Conversion) -> None:
    features = set(state.options.quote_features)
    attribution = ""
    cite = tag.find(["footer", "cite"], recursive=True)
    if cite is not None and cite.name == "footer":
        attribution = collapse(cite.get_text()).strip().lstrip("—–- ").strip()
        cite.decompose()
    paragraphs: list[str] = []
    for block in quote_paragraphs(tag):
        text = inline_children(block, state, features) if isinstance(block, Tag) else block
        if strip_tags(text).strip():
            paragraphs.append(text)
    if paragraphs and not attribution:
        last = strip_tags(paragraphs[-1]).strip()
        if re.match(r"^(—|–|--|―)\s*\S", last) and len(last) < 120:
            attribution = re.sub(r"^(—|–|--|―)\s*", "", html.unescape(last))
            paragraphs.pop()
    if not paragraphs:
        return
    source = "".join(f'<p data-block-key="{state.key()}">{p}</p>' for p in paragraphs)
    state.emit(
        "quote", {"text": state.normalise(source, "quote"), "attribution": attribution[:255]}
    )


def quote_paragraphs(tag: Tag) -> Iterator[Tag | str]:
    """A quote's text as paragraphs; lists and nested quotes flatten to one paragraph an item."""
    loose: list[Any] = []
    for child in list(tag.children):
        if isinstance(child, Tag) and child.name in ("ul", "ol", "blockquote", "div", "pre"):
            if loose:
                yield wrap(loose)
                loose = []
            yield from child.find_all(["li", "p"]) or [child]
        elif isinstance(child, Tag) and child.name in ("p", *HEADING_LEVELS):
            if loose:
                yield wrap(loose)
                loose = []
            yield child
        else:
            loose.append(child)
    if loose:
        yield wrap(loose)


def wrap(nodes: list[Any]) -> Tag:
    paragraph = BeautifulSoup("", "html.parser").new_tag("p")
    for node in nodes:
        paragraph.append(node.extract() if hasattr(node, "extract") else node)
    return paragraph


def convert_table(tag: Tag, state: Conversion) -> None:
    rows = []
    for row in tag.find_all("tr"):
        cells = [collapse(cell.get_text()).strip() for cell in row.find_all(["th", "td"])]
        if cells:
            rows.append(cells)
    if not rows:
        return
    width = max(len(row) for row in rows)
    data = [row + [""] * (width - len(row)) for row in rows]
    first_row = tag.find("tr")
    header_row = bool(tag.find("thead")) or bool(
        first_row and first_row.find_all(["th", "td"]) and not first_row.find("td")
    )
    header_col = all(row.find(["th", "td"]).name == "th" for row in tag.find_all("tr")[1:] or [])
    caption = tag.find("caption")
    state.emit(
        "table",
        {
            "data": data,
            "first_row_is_table_header": header_row,
            "first_col_is_header": header_col and len(rows) > 1 and width > 1,
            "table_caption": collapse(caption.get_text()).strip() if caption else "",
        },
    )


def convert_definitions(tag: Tag, state: Conversion) -> None:
    features = paragraph_features(state)
    for child in tag.find_all(["dt", "dd"]):
        text = inline_children(child, state, features)
        if child.name == "dt":
            text = f"<b>{text}</b>"
        state.rich.append(f'<p data-block-key="{state.key()}">{text}</p>')


def hoist_images(tag: Tag, state: Conversion) -> list[dict[str, Any]]:
    """Images cannot sit inside rich text; take them out to follow the element."""
    values = []
    for img in find_tags(tag, ("img",)):
        src = str(img.get("src") or "").strip()
        if src:
            alt = collapse(str(img.get("alt") or "")).strip()
            state.images.append(ImageRef(src, alt))
            values.append({"src": src, "alt_text": alt[:512], "caption": ""})
        img.decompose()
    return values


def paragraph_features(state: Conversion) -> set[str]:
    return set(state.options.paragraph_features)


def convert_list(tag: Tag, state: Conversion) -> None:
    features = paragraph_features(state)
    if not has_tag(tag, LIST_BREAKING):
        state.rich.append(list_html(tag, state, features))
        return
    # Rich text can't hold a code block, table, quote or picture inside a list item: the list
    # is split around each one, which then stays the block it is (code keeps every line).
    lines: list[ListLine] = []
    split_list(tag, 0, state, features, lines)
    state.rich.append(list_lines_html(lines, state, features))
    if state.restarted:
        numbers = ", ".join(str(line.number) for line in state.restarted)
        state.warn(
            f"A numbered list was split around blocks rich text can't hold in a list (code, a "
            f"table, a quote or a picture); the editor can't start a list at a number, so its "
            f"items {numbers} (from “{shorten(strip_tags(state.restarted[0].text), 40)}”) "
            "each show as 1."
        )
        state.restarted.clear()


@dataclass(slots=True)
class ListLine:
    """One list item (or the text after a block inside one) of a list being split."""

    depth: int
    kind: str
    """``ul`` or ``ol``."""
    number: int
    text: str
    continued: bool = False
    """The text after a block inside the item: a paragraph, not a new item."""


def split_list(
    tag: Tag, depth: int, state: Conversion, features: set[str], lines: list[ListLine]
) -> None:
    for number, item in enumerate(find_tags(tag, ("li",), recursive=False), list_start(tag)):
        split_item(item, ListLine(depth, tag.name, number, ""), state, features, lines)


def split_item(
    item: Tag, line: ListLine, state: Conversion, features: set[str], lines: list[ListLine]
) -> None:
    """One item's lines, nested lists and blocks, in order."""
    loose: list[Any] = []
    started = False  # whether the item's own line has been written yet

    def close_line() -> None:
        nonlocal started
        text = list_item_text(loose, state, features)
        loose.clear()
        if strip_tags(text).strip():
            lines.append(replace(line, text=text, continued=started))
            started = True

    def take(children: list[Any]) -> None:
        nonlocal started
        for child in children:
            if isinstance(child, Tag) and child.name in ("ul", "ol"):
                close_line()
                if not started:  # an item that opens with a list still takes its bullet
                    lines.append(line)
                    started = True
                split_list(child, line.depth + 1, state, features, lines)
            elif isinstance(child, Tag) and child.name == "p" and has_tag(child, LIST_BREAKING):
                close_line()  # a paragraph with a picture: its text stays in the item
                take(list(child.children))
                close_line()
            elif isinstance(child, Tag) and (
                child.name in LIST_BREAKING or has_tag(child, LIST_BREAKING)
            ):
                close_line()
                started = True  # what follows the block is the rest of this item, not a new one
                state.rich.append(list_lines_html(lines, state, features))
                lines.clear()
                convert_block(child, state)
            else:
                loose.append(child)

    take(list(item.children))
    close_line()


def list_start(tag: Tag) -> int:
    start = str(tag.get("start") or "1").strip()
    return int(start) if start.isdigit() and len(start) < 9 else 1


def list_lines_html(lines: list[ListLine], state: Conversion, features: set[str]) -> str:
    """Nested lists for a run of lines; the text after a block in an item is a paragraph."""
    parts: list[str] = []
    run: list[ListLine] = []
    for line in lines:
        if line.continued:
            parts.append(nested_list_html(run, state, features))
            run = []
            parts.append(f'<p data-block-key="{state.key()}">{line.text}</p>')
        else:
            run.append(line)
    parts.append(nested_list_html(run, state, features))
    return "".join(parts)


def nested_list_html(lines: list[ListLine], state: Conversion, features: set[str]) -> str:
    if not lines:
        return ""
    top = min(line.depth for line in lines)
    first = next(line for line in lines if line.depth == top)
    if first.kind == "ol" and first.number != 1 and "ol" in features:
        state.restarted.append(first)
    html_parts: list[str] = []
    open_lists: list[str] = []
    for line in lines:
        # The run may start inside an item written before the split: it starts at the top.
        depth = min(line.depth - top, len(open_lists))
        kind = line.kind if line.kind in features else ("ul" if "ul" in features else "")
        if not kind:
            html_parts.append(f'<p data-block-key="{state.key()}">{line.text}</p>')
            continue
        while len(open_lists) > depth + 1:
            html_parts.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == depth + 1 and open_lists[-1] != kind:
            html_parts.append(f"</li></{open_lists.pop()}>")
        if len(open_lists) == depth + 1:
            html_parts.append("</li>")
        else:
            html_parts.append(f"<{kind}>")
            open_lists.append(kind)
        html_parts.append(f'<li data-block-key="{state.key()}">{line.text}')
    while open_lists:
        html_parts.append(f"</li></{open_lists.pop()}>")
    return "".join(html_parts)


def list_html(tag: Tag, state: Conversion, features: set[str]) -> str:
    kind = tag.name if tag.name in features else ("ul" if "ul" in features else "")
    items = []
    for item in find_tags(tag, ("li",), recursive=False):
        nested = [child.extract() for child in find_tags(item, ("ul", "ol"), recursive=False)]
        text = list_item_text(list(item.children), state, features)
        inner = "".join(list_html(n, state, features) for n in nested)
        if kind:
            items.append(f'<li data-block-key="{state.key()}">{text}{inner}</li>')
        else:
            items.append(f'<p data-block-key="{state.key()}">{text}</p>{inner}')
    return f"<{kind}>{''.join(items)}</{kind}>" if kind else "".join(items)


def list_item_text(children: list[Any], state: Conversion, features: set[str]) -> str:
    """A list item is one line in the editor: its paragraphs join with line breaks.

    Blocks rich text can't hold never get here (``convert_list`` splits the list around them)."""
    parts = []
    loose: list[str] = []
    for child in children:
        if isinstance(child, Tag) and child.name in ("p", "div"):
            if loose:
                parts.append("".join(loose).strip())
                loose = []
            parts.append(inline_children(child, state, features))
        else:
            loose.append(node_html(child, state, features))
    if loose:
        parts.append("".join(loose).strip())
    return "<br/>".join(part for part in parts if strip_tags(part).strip())


def inline_children(tag: Tag, state: Conversion, features: set[str]) -> str:
    return "".join(node_html(child, state, features) for child in tag.children).strip()


def node_html(node: Any, state: Conversion, features: set[str]) -> str:
    if isinstance(node, NavigableString):
        return html.escape(collapse(str(node)), quote=False)
    if isinstance(node, Tag):
        return inline_html(node, state, features)
    return ""


def inline_html(tag: Tag, state: Conversion, features: set[str]) -> str:
    """Rich text for an inline element, in the tags Wagtail stores; others keep their text."""
    if tag.name == "br":
        return "<br/>"
    if tag.name == "a" and BACK_LINK_CLASSES & set(tag.get("class") or []):
        return ""  # the footnotes block draws its own link back to the text
    if tag.name in ("p", "div", "li", "dd", "dt", *HEADING_LEVELS):
        return " " + inline_children(tag, state, features) + " "
    if tag.name in ("ul", "ol"):
        return " ".join(
            inline_children(li, state, features) for li in tag.find_all("li", recursive=False)
        )
    if tag.name == "img":
        alt = collapse(str(tag.get("alt") or "")).strip()
        return html.escape(alt)
    inner = (
        inline_children(tag, state, features) if tag.name != "code" else html.escape(tag.get_text())
    )
    stored = INLINE_TAGS.get(tag.name)
    if tag.name == "a":
        href = footnote_href(str(tag.get("href") or "").strip(), state)
        if href and "link" in features and strip_tags(inner).strip():
            return f'<a href="{html.escape(href)}">{inner}</a>'
        return inner
    if stored and TAG_FEATURES[stored] in features and strip_tags(inner).strip():
        if stored == "code":
            return f"<code>{inner}</code>"
        return f"<{stored}>{inner}</{stored}>"
    return inner


def find_tags(tag: Tag, names: Collection[str], *, recursive: bool = True) -> list[Tag]:
    """``tag.find_all(names)``, without the search filter bs4 builds anew for every call (most
    of what a find took, and the conversion makes about a hundred a post)."""
    nodes = tag.descendants if recursive else tag.children
    return [node for node in nodes if isinstance(node, Tag) and node.name in names]


def has_tag(tag: Tag, names: Collection[str]) -> bool:
    return any(isinstance(node, Tag) and node.name in names for node in tag.descendants)


def collapse(text: str) -> str:
    return re.sub(r"[ \t\r\n\f]+", " ", text)


def strip_tags(value: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", value))


def shorten(text: str, limit: int) -> str:
    text = collapse(text).strip()
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
