"""An exported site, once its generator has built it, checked against the Wagtail pages: each
live post's built page has the page's title and day, its words both ways, its pictures (the
files there), its code as written, its links between posts leading to built pages, its booking
buttons, and no template syntax the Wagtail page did not show; a draft has no built page.

The Wagtail pages come in as their HTML (``WagtailPost``), the build as a folder;
``build_site`` runs the generator's standard build. ``scripts/check_export.py`` and the export
tests call them.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from importer.run.coverage import coverage, words_of

# The post's body on the Wagtail page (blog/templates/blog/blog_page.html) and on the exported
# site's layouts (importer/generators/site_templates/).
WAGTAIL_BODY = "post__body"
BUILT_BODY = "post-body"
# Template syntax of the generators: Liquid and Nunjucks tags and output, Hugo's shortcodes.
TEMPLATE_SYNTAX = re.compile(r"\{\{|\{%|%\}|\}\}")
WORDS_WANTED = 0.98
ROOT = Path(__file__).resolve().parents[2]
BUILD_FOLDERS = {"eleventy": "_site", "hugo": "public", "jekyll": "_site"}
BUILD_SECONDS = 600


def build_command(fmt: str) -> list[str] | None:
    """The generator's standard build, or None when it is not installed: Eleventy from the
    project's node_modules (package.json installs it; ``npx @11ty/eleventy`` after ``npm
    install`` in the site is the same program), Hugo and Jekyll from the system."""
    if fmt == "eleventy":
        binary = ROOT / "node_modules" / ".bin" / "eleventy"
        return [str(binary)] if binary.exists() else None
    found = shutil.which(fmt)
    if found is None:
        return None
    return [found] if fmt == "hugo" else [found, "build"]


def build_site(fmt: str, site: Path) -> subprocess.CompletedProcess[str]:
    """Build the exported site in `site` as its generator's user would; the output is in
    ``site / BUILD_FOLDERS[fmt]``. Raises FileNotFoundError when the generator is missing."""
    command = build_command(fmt)
    if command is None:
        raise FileNotFoundError(f"{fmt} is not installed")
    return subprocess.run(  # noqa: S603 - the generator's own command, in the export's folder
        command, cwd=site, capture_output=True, text=True, timeout=BUILD_SECONDS, check=False
    )


@dataclass(frozen=True, slots=True)
class WagtailPost:
    """One post as the Wagtail site shows it."""

    title: str
    day: dt.date
    address: str
    """Where the exported site serves it (``Generator.post_address``)."""
    html: str
    """The Wagtail page as served; "" for a draft."""
    live: bool = True


@dataclass(slots=True)
class PostCheck:
    """What one post's built page kept of the Wagtail page; ``problems`` says what it did not."""

    address: str
    built: bool = False
    title: bool = False
    day: bool = False
    words_kept: float = 0.0
    """The share of the Wagtail body's words on the built page."""
    words_added: float = 0.0
    """The share of the built body's words on the Wagtail page."""
    pictures: int = 0
    pictures_found: int = 0
    code_blocks: int = 0
    code_verbatim: int = 0
    post_links: int = 0
    post_links_resolved: int = 0
    booking_buttons: int = 0
    booking_buttons_shown: int = 0
    template_syntax_shown: int = 0
    """Template tags on the built page beyond those the Wagtail page shows."""
    problems: list[str] = field(default_factory=list)

    @property
    def good(self) -> bool:
        return not self.problems


@dataclass(slots=True)
class SiteCheck:
    posts: list[PostCheck] = field(default_factory=list)
    drafts: int = 0
    drafts_published: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, object]:
        """The figures, summed over the posts."""
        posts = self.posts

        def total(name: str) -> int:
            return sum(getattr(post, name) for post in posts)

        return {
            "live posts": len(posts),
            "built": sum(post.built for post in posts),
            "title and day match": sum(post.title and post.day for post in posts),
            "lowest words kept": round(min((p.words_kept for p in posts), default=1.0), 4),
            "lowest words added": round(min((p.words_added for p in posts), default=1.0), 4),
            "posts under words wanted": sum(
                min(p.words_kept, p.words_added) < WORDS_WANTED for p in posts
            ),
            "pictures": f"{total('pictures_found')}/{total('pictures')}",
            "code verbatim": f"{total('code_verbatim')}/{total('code_blocks')}",
            "links between posts resolving": f"{total('post_links_resolved')}/"
            f"{total('post_links')}",
            "booking buttons shown": f"{total('booking_buttons_shown')}/{total('booking_buttons')}",
            "template syntax shown": total("template_syntax_shown"),
            "drafts published": f"{len(self.drafts_published)}/{self.drafts}",
            "posts with problems": sum(not post.good for post in posts),
        }


def built_file(build: Path, address: str) -> Path | None:
    """The file the built site serves at `address`, or None."""
    relative = unquote(urlsplit(address).path).strip("/")
    if ".." in relative.split("/"):
        return None
    for name in (f"{relative}/index.html", relative, f"{relative}.html"):
        path = build / name
        if name.strip("/") and path.is_file():
            return path
    return build / "index.html" if not relative and (build / "index.html").is_file() else None


def check_site(posts: Iterable[WagtailPost], build: Path) -> SiteCheck:
    """Each post's built page under `build` (the generator's output folder) against its
    Wagtail page."""
    result = SiteCheck()
    posts = list(posts)
    addresses = {post.address.rstrip("/") + "/" for post in posts if post.live}
    for post in posts:
        if not post.live:
            result.drafts += 1
            if built_file(build, post.address) is not None:
                result.drafts_published.append(post.address)
            continue
        result.posts.append(check_post(post, build, addresses))
    return result


def body_of(soup: BeautifulSoup, name: str) -> Tag:
    found = soup.find(class_=name)
    return found if isinstance(found, Tag) else soup


def check_post(post: WagtailPost, build: Path, addresses: set[str]) -> PostCheck:
    check = PostCheck(post.address)
    path = built_file(build, post.address)
    if path is None:
        check.problems.append("no built page")
        return check
    check.built = True
    built = BeautifulSoup(path.read_text(encoding="utf-8", errors="replace"), "html.parser")
    wagtail = BeautifulSoup(post.html, "html.parser")
    heading = built.find("h1")
    check.title = heading is not None and " ".join(heading.get_text().split()) == " ".join(
        post.title.split()
    )
    times = built.find_all("time")
    check.day = any(str(t.get("datetime", ""))[:10] == post.day.isoformat() for t in times[:1])
    wagtail_body, built_body = body_of(wagtail, WAGTAIL_BODY), body_of(built, BUILT_BODY)
    wagtail_words = words_of(text_of(wagtail_body))
    built_words = words_of(text_of(built_body))
    check.words_kept = coverage(wagtail_words, built_words)
    check.words_added = coverage(built_words, wagtail_words)
    check_pictures(check, wagtail_body, built_body, build, post.address)
    check_code(check, wagtail_body, built_body)
    check_links(check, built_body, build, post.address, addresses)
    check_booking(check, wagtail_body, built_body)
    shown = len(TEMPLATE_SYNTAX.findall(built_body.get_text()))
    expected = len(TEMPLATE_SYNTAX.findall(wagtail_body.get_text()))
    check.template_syntax_shown = max(0, shown - expected)
    describe_problems(check)
    return check


def text_of(body: Tag) -> str:
    """The words a reader sees in the body, a picture's alt text among them."""
    alts = [str(img.get("alt") or "") for img in body.find_all("img")]
    return " ".join([body.get_text(" "), *alts])


def check_pictures(check: PostCheck, wagtail: Tag, built: Tag, build: Path, address: str) -> None:
    check.pictures = len(wagtail.find_all("img"))
    found = 0
    for img in built.find_all("img", src=True):
        src = urljoin(address, str(img["src"]))
        if not urlsplit(src).scheme and built_file(build, src) is not None:
            found += 1
    check.pictures_found = min(found, check.pictures)


def code_texts(body: Tag) -> list[str]:
    return [pre.get_text() for pre in body.find_all("pre")]


def check_code(check: PostCheck, wagtail: Tag, built: Tag) -> None:
    expected = code_texts(wagtail)
    shown = [text.rstrip("\n") for text in code_texts(built)]
    check.code_blocks = len(expected)
    check.code_verbatim = sum(text.rstrip("\n") in shown for text in expected)


def check_links(
    check: PostCheck, built: Tag, build: Path, address: str, addresses: set[str]
) -> None:
    """Links to another post's address lead to a built page."""
    for link in built.find_all("a", href=True):
        if str(link["href"]).startswith("#"):
            continue  # within the page: footnotes, headings
        href = urljoin(address, str(link["href"]))
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            continue
        target = unquote(parts.path)
        if target.rstrip("/") + "/" not in addresses:
            continue
        check.post_links += 1
        check.post_links_resolved += built_file(build, target) is not None


def check_booking(check: PostCheck, wagtail: Tag, built: Tag) -> None:
    """Every booking button of the Wagtail page: its address and its words on the built page."""
    built_hrefs = {str(a["href"]) for a in built.find_all("a", href=True)}
    built_words = set(words_of(built.get_text(" ")))
    for button in wagtail.select(".booking-cta a[href]"):
        check.booking_buttons += 1
        shown = str(button["href"]) in built_hrefs and set(words_of(button.get_text(" "))) <= (
            built_words
        )
        check.booking_buttons_shown += shown


def describe_problems(check: PostCheck) -> None:
    problems = check.problems
    if not check.title:
        problems.append("title differs")
    if not check.day:
        problems.append("day differs")
    if min(check.words_kept, check.words_added) < WORDS_WANTED:
        problems.append(f"words {check.words_kept:.3f} kept, {check.words_added:.3f} added")
    if check.pictures_found < check.pictures:
        problems.append(f"{check.pictures - check.pictures_found} picture(s) missing")
    if check.code_verbatim < check.code_blocks:
        problems.append(f"{check.code_blocks - check.code_verbatim} code block(s) changed")
    if check.post_links_resolved < check.post_links:
        problems.append(f"{check.post_links - check.post_links_resolved} post link(s) broken")
    if check.booking_buttons_shown < check.booking_buttons:
        problems.append("a booking button is missing")
    if check.template_syntax_shown:
        problems.append(f"{check.template_syntax_shown} template tag(s) shown")
