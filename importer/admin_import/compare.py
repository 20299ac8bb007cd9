"""The two sides of the preview's before/after view.

Before: the old post as its generator showed it, Markdown rendered by the importer's own
renderer (markdown-it, as Eleventy renders), then cleaned to plain formatting. The post's own
HTML never reaches the admin: scripts, styles, frames and forms go, every attribute goes, links
keep their address as a tooltip only, and pictures become a note of what they showed. It is
built by the preview's worker (``before_of``), within the import's limits, and stored with the
preview's row: the web request only reads it, and it stays after the upload is deleted.

After: the page as the import leaves it, from the page data the dry run built (capture.py) or
the page itself, rendered with the site's own block templates.
"""

from __future__ import annotations

import datetime as dt
import re
from html import escape as html_escape
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bs4 import BeautifulSoup, Tag
from bs4.element import PreformattedString
from wagtail.images import get_image_model

from blog.models import BlogPage
from importer.admin_import.capture import page_data
from importer.admin_import.models import ImportRun, ImportRunPost
from importer.common import ImporterError, ImportRequest
from importer.stages import cpu_budget, read_file
from importer.stages.convert.html_tree import unclosed_as_text
from importer.stages.render import build_parser, render_markdown
from importer.wagtail_internals import LinearHTMLParserTreeBuilder

KEPT = frozenset(
    "p br hr h1 h2 h3 h4 h5 h6 ul ol li blockquote pre code em strong b i u del s sup sub "
    "table thead tbody tfoot tr th td caption dl dt dd small mark abbr kbd figure figcaption "
    "section".split()
)
# Elements whose content is no text of the post (or could act): removed with what they hold.
DROPPED = frozenset(
    "script style template noscript head title meta link base form input button textarea "
    "select option svg math canvas frameset frame".split()
)
EMBEDS = frozenset("iframe object embed video audio source track".split())
KEPT_ATTRIBUTES = {"td": ("colspan", "rowspan"), "th": ("colspan", "rowspan"), "ol": ("start",)}
# Front matter: YAML, TOML, JavaScript (Eleventy's ---js) and JSON (Hexo's ;;;).
FRONT_MATTER_FENCES = {
    "---": ("---", "..."),
    "+++": ("+++",),
    "---js": ("---",),
    "---javascript": ("---",),
    ";;;": (";;;",),
}
# The rows whose file the preview read as a post: the others are not shown.
SHOWN = frozenset({"created", "updated", "unchanged", "conflict"})


def decoded(raw: bytes) -> str:
    """The file's text as the old site served it (mojibake and all: that is what it showed)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return raw.decode("utf-16", errors="replace")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("cp1252", errors="replace")


def split_front_matter(text: str) -> tuple[str, str]:
    """(the front matter as written, without its fences, or ""; the body after it)."""
    lines = text.lstrip("\n").split("\n")
    fence = lines[0].strip() if lines else ""
    closers = FRONT_MATTER_FENCES.get(fence)
    if not closers:
        return "", text
    for number, line in enumerate(lines[1:], start=1):
        if line.strip() in closers:
            return "\n".join(lines[1:number]), "\n".join(lines[number + 1 :])
    return "", text


def without_front_matter(text: str) -> str:
    return split_front_matter(text)[1]


def old_post_html(raw: bytes) -> str:
    """The old post's body rendered, and cleaned (see the module's docstring), under its
    front matter as written (a block of text, never read as Markdown)."""
    front_matter, markdown = split_front_matter(decoded(raw))
    try:
        html = render_markdown(markdown, build_parser())
    except Exception as error:  # noqa: BLE001 - the preview shows why instead
        return f"<p><em>The post could not be rendered: {html_escape(str(error))}</em></p>"
    shown = f'<pre class="front-matter">{html_escape(front_matter)}</pre>\n' if front_matter else ""
    return shown + cleaned(html)


def before_of(run: ImportRun, source: str, status: str, error: str, limits: ImportRequest) -> str:
    """The "before" side of a preview's row (`source`, the file inside the upload, `status`
    and `error` as the preview reported them): the old post as it showed, or a note saying
    why it is not shown. Built within the import's limits: a file over its size limit is not
    read, one the preview refused is not rendered, and the rendering has the import's CPU
    budget."""
    if status not in SHOWN:
        why = error or "the preview did not read it as a post"
        return f"<p><em>This file is not shown: {html_escape(why)}</em></p>"
    path = source_file(run, source)
    if path is None:
        return "<p><em>The uploaded file could not be found.</em></p>"
    try:
        raw = read_file(path, limits.max_size)
        with cpu_budget(limits.max_cpu_seconds):
            return old_post_html(raw)
    except ImporterError as error:
        return f"<p><em>The post is not shown: {html_escape(error.describe())}</em></p>"


def stored_before(post: ImportRunPost) -> str | None:
    """The "before" side of a row, as its preview stored it (a run's row shows its preview's);
    None when there is none (the preview predates stored ones)."""
    if post.before:
        return post.before
    preview = ImportRunPost.objects.filter(run_id=post.run_id, dry_run=True, source=post.source)
    return preview.exclude(before="").values_list("before", flat=True).first()


def cleaned(html: str) -> str:
    """`html` with only plain formatting left (KEPT), and nothing that could run or load."""
    soup = BeautifulSoup(unclosed_as_text(html), builder=LinearHTMLParserTreeBuilder())
    # Comments, doctypes and the like go first: a browser may end one where the parser
    # didn't (``<!--><script>``), and what follows would be markup again.
    for node in soup.find_all(string=lambda text: isinstance(text, PreformattedString)):
        node.extract()
    for element in list(soup.find_all(True)):
        if element.decomposed:
            continue
        name = element.name.lower()
        if name in DROPPED:
            element.decompose()
        elif name in EMBEDS:
            element.replace_with(note(soup, f"embedded {name}", element.get("src", "")))
        elif name == "img":
            element.replace_with(note(soup, "picture", element.get("src", ""), element.get("alt")))
        elif name == "a":
            link(element)
        elif name in KEPT:
            kept = KEPT_ATTRIBUTES.get(name, ())
            element.attrs = {key: value for key, value in element.attrs.items() if key in kept}
        else:
            element.unwrap()
    return str(soup)


def link(element: Tag) -> None:
    """A link keeps its text, and a web address as a tooltip; the preview goes nowhere."""
    href = "".join(str(element.get("href", "")).split())
    try:
        scheme = urlsplit(href).scheme.lower()
    except ValueError:  # not an address at all
        scheme = "?"
    element.attrs = {"class": "link"}
    if href and scheme in ("", "http", "https", "mailto", "tel"):
        element.attrs["title"] = href


def note(soup: BeautifulSoup, kind: str, src: Any, alt: Any = None) -> Tag:
    """What a picture or embed showed, as text: the preview loads nothing from the old site."""
    marker = soup.new_tag("span", attrs={"class": "placeholder"})
    words = [f"[{kind}"]
    if alt:
        words.append(f": {alt}")
    if src:
        words.append(f" ({src})")
    marker.string = "".join(words) + "]"
    return marker


def new_page_context(data: dict[str, Any]) -> dict[str, Any]:
    """What the "after" template needs to show a page from `data` (capture.page_data)."""
    body = BlogPage.body.field.to_python(data.get("body") or [])
    image_id = data.get("feature_image")
    image = get_image_model().objects.filter(pk=image_id).first() if image_id else None
    written = dt.datetime.fromisoformat(data["date"]) if data.get("date") else None
    return {
        "title": data.get("title", ""),
        "intro": data.get("intro", ""),
        "day": written.date() if written else None,
        "author": data.get("author", ""),
        "tags": data.get("tags", []),
        "feature_image": image,
        "feature_alt": data.get("feature_image_alt") or (image.title if image else ""),
        "body": body,
        "live": data.get("live", True),
        "has_booking_cta": any(block.block_type == "booking_cta" for block in body),
    }


def existing_page_data(page_id: int | None) -> dict[str, Any]:
    """The page data of an imported page as it is now (its latest revision, an editor's
    changes included), or {} when it is gone."""
    page = BlogPage.objects.filter(pk=page_id).first() if page_id else None
    if page is None:
        return {}
    return page_data(page.get_latest_revision_as_object())


def source_file(run: ImportRun, source: str) -> Path | None:
    """The uploaded file a row names, if the upload is still here; never a path outside it."""
    if not run.folder or not source or re.match(r"[\\/]|[A-Za-z]:", source):
        return None
    path = (Path(run.files_root) / source).resolve()
    return path if Path(run.folder).resolve() in path.parents and path.is_file() else None
