"""What a built page says, read from its HTML: its titles, its day, where it says it lives, and
its article (the words, pictures, links and heading ids of its main content, without the
theme's navigation, header, footer and other chrome).

The HTML is untrusted: it is parsed by BeautifulSoup's own parser (nothing is fetched, nothing
run), and the caller caps its size (``importer.verify.built``)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

from bs4 import BeautifulSoup, Tag

from importer.run.coverage import words_of

DAY = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
MONTH = r"(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?"
# A day as themes print it: "May 21, 2015", "21 May 2015"; bounded, so linear.
SHOWN_DAY = re.compile(
    rf"\b{MONTH}\s{{1,3}}(\d{{1,2}})(?:st|nd|rd|th)?,?\s{{1,3}}(\d{{4}})\b"
    rf"|\b(\d{{1,2}})(?:st|nd|rd|th)?\s{{1,3}}{MONTH},?\s{{1,3}}(\d{{4}})\b",
    re.IGNORECASE,
)
ADDRESS_DAY = re.compile(r"/(\d{4})/(\d{2})/(\d{2})/")
DATE_CLASSES = re.compile(r"date|time|meta|published|byline|posted", re.IGNORECASE)
SHOWN_DAY_CHARS = 400
"""How far into a date element's text its day is looked for."""
ARTICLE_DAY_CHARS = 2000
"""How far into the article's text its day is looked for when no element is named for it: a
listing prints several days there."""
# What a theme wraps around the article: never words of the post (its day is matched apart).
CHROME_TAGS = ("nav", "header", "footer", "aside", "form", "button", "script", "style", "time",
               "noscript", "template", "svg", "iframe")  # fmt: skip
CHROME_ROLES = frozenset({"navigation", "banner", "contentinfo", "complementary", "search"})
CHROME_CLASSES = frozenset({
    "share", "sharing", "social", "comments", "disqus", "related", "pagination", "pager",
    "breadcrumb", "breadcrumbs", "toc", "sidebar", "newsletter", "subscribe", "post-nav",
    "prev", "next", "previous", "post-navigation", "nav-links", "footer", "site-footer",
    "site-header", "masthead",
    # Code blocks' line numbers (Rouge's gutter, Chroma's, Prism's), never in the text.
    "gutter", "lineno", "linenos", "lnt", "ln", "line-numbers-rows",
})  # fmt: skip
TITLE_SEPARATORS = re.compile(r"\s[|\-–—·:»]+\s")
MAX_TITLE_CHARS = 300
"""A title is a line; what is past this in a <title> is no title (and not searched)."""
# Where a page's text is when it has no <article> or <main>: the block with most paragraphs.
BLOCKS = ("div", "section", "td", "body")
TEXT_CHILDREN = ("p", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol", "pre", "blockquote",
                 "figure", "table")  # fmt: skip
MAX_JSON_LD = 100_000


@dataclass(frozen=True, slots=True)
class Article:
    """The main content of a page, as a reader sees it."""

    words: tuple[str, ...] = ()
    pictures: tuple[str, ...] = ()
    """Each picture's address as written (``src``)."""
    links: tuple[str, ...] = ()
    """Each link's target as written (``href``), in-page anchors left out."""
    heading_ids: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class PageFacts:
    """What a built page says of itself."""

    titles: frozenset[str]
    """Title keys (``title_key``) of its <h1>, og:title, <title> and the parts of <title>."""
    day: str
    """Its publication day as written (``YYYY-MM-DD``), or ""."""
    canonical: str
    """The path of its canonical address (``link rel=canonical``, ``og:url``), or ""."""
    post_like: bool
    """It reads as one post: dated by its head or one <time>, with at most one <article>."""
    article: Article


def title_key(title: str) -> str:
    """A title as matching compares it: its words, casefolded."""
    return " ".join(words_of(title))


def read_page(html: str, address: str = "") -> PageFacts:
    """What the page at `address` (its URL path, which may hold its day) says of itself."""
    soup = BeautifulSoup(html, "html.parser")
    day, from_head = page_day(soup)
    main = main_content(soup)
    times = main.find_all("time") if main is not None else []
    if not day and len(times) == 1:
        day = day_of(times[0].get("datetime") or times[0].get_text())
    if not day and not times:
        day = shown_day(soup, main) or address_day(address)
    post_like = (
        bool(day)
        and (from_head or (len(times) <= 1 and headed_by_title(soup, main, address)))
        and len(soup.find_all("article")) <= 1
        and not lists_another_page(soup, address)
    )
    return PageFacts(titles(soup), day, canonical(soup), post_like, article_of(main))


def shown_day(soup: BeautifulSoup, main: Tag | None) -> str:
    """The day a theme prints ("May 21, 2015") in the elements named for it (``post-date``,
    ``meta``), else at the start of the article; "" when they print several (a listing)."""
    named = soup.find_all(class_=DATE_CLASSES, limit=20) + soup.find_all(id=DATE_CLASSES, limit=5)
    days = {day for tag in named for day in printed_days(tag.get_text(" ")[:SHOWN_DAY_CHARS])}
    if not days and main is not None and not dated_entries(main):
        days = printed_days(main.get_text(" ")[:ARTICLE_DAY_CHARS])
    return days.pop() if len(days) == 1 else ""


def dated_entries(main: Tag) -> bool:
    """Whether `main` lists dated links (``<li><a>Post</a> (20 Aug 2017)</li>``): a listing,
    even of one post."""
    return any(
        item.find("a", href=True) is not None and printed_days(item.get_text(" "))
        for item in main.find_all("li", limit=50)
    )


def printed_days(text: str) -> set[str]:
    days = set()
    for match in SHOWN_DAY.finditer(" ".join(text.split())):
        month, day, year = match.group(1, 2, 3) if match.group(1) else match.group(5, 4, 6)
        days.add(f"{year}-{MONTHS.index(month[:3].casefold()) + 1:02d}-{int(day):02d}")
    return days


def lists_another_page(soup: BeautifulSoup, address: str) -> bool:
    """Whether an <article>'s heading links to another page: a listing's entry."""
    for heading in soup.select("article h1 a[href], article h2 a[href], article h3 a[href]"):
        if not links_to(str(heading["href"]), address):
            return True
    return False


def links_to(href: str, address: str) -> bool:
    """Whether `href`, on the page at `address`, is a link to that page."""
    path = urlsplit(urljoin(f"https://page.invalid{address}", href)).path
    return bool(address) and path.rstrip("/").removesuffix("/index.html") == address.rstrip("/")


def address_day(address: str) -> str:
    match = ADDRESS_DAY.search(address)
    return "-".join(match.groups()) if match else ""


def title_parts(title: str) -> list[str]:
    """A <title> and what is either side of each separator in it ("Post - Part 2 | Site"
    gives "Post - Part 2" and "Site", "Post" and "Part 2 | Site")."""
    title = title[:MAX_TITLE_CHARS]
    parts = [title]
    for match in TITLE_SEPARATORS.finditer(title):
        parts += [title[: match.start()], title[match.end() :]]
    return parts


def headed_by_title(soup: BeautifulSoup, main: Tag | None, address: str = "") -> bool:
    """Whether the page's first <h1> (or its article's first <h2>) is the page's title: a
    listing of one post is headed by its own name, or by the post's title as a link."""
    heading = soup.find("h1") or (main.find("h2") if main is not None else None)
    link = heading.find("a", href=True) if heading is not None else None
    # A heading linking elsewhere names another page (a listing); some themes link the
    # post's title to the post itself.
    if heading is None or (link is not None and not links_to(str(link["href"]), address)):
        return False
    head_titles = [meta(soup, "og:title")]
    if soup.title is not None:
        whole = soup.title.get_text(" ")
        head_titles += title_parts(whole)
    return title_key(heading.get_text(" ")) in {title_key(title) for title in head_titles}


def meta(soup: BeautifulSoup, *names: str) -> str:
    for name in names:
        for attribute in ("property", "name", "itemprop"):
            found = soup.find("meta", attrs={attribute: name})
            if isinstance(found, Tag) and found.get("content"):
                return str(found["content"])
    return ""


def titles(soup: BeautifulSoup) -> frozenset[str]:
    found = [meta(soup, "og:title", "twitter:title")]
    found += [h1.get_text(" ") for h1 in soup.find_all("h1")[:3]]
    if soup.title is not None:
        whole = soup.title.get_text(" ")
        found += title_parts(whole)
    return frozenset(key for key in map(title_key, found) if key)


def day_of(text: str) -> str:
    match = DAY.search(text or "")
    return match.group(0) if match else ""


def page_day(soup: BeautifulSoup) -> tuple[str, bool]:
    """The day the page's head or structured data says it was published, and whether it did."""
    day = day_of(meta(soup, "article:published_time", "datePublished", "date", "dc.date"))
    if not day:
        day = day_of(json_ld_date(soup))
    return day, bool(day)


def json_ld_date(soup: BeautifulSoup) -> str:
    for script in soup.find_all("script", attrs={"type": "application/ld+json"}):
        text = script.get_text()
        if len(text) > MAX_JSON_LD:
            continue
        try:
            data = json.loads(text)
        except ValueError:
            continue
        for item in data if isinstance(data, list) else [data]:
            if isinstance(item, dict) and isinstance(item.get("datePublished"), str):
                return item["datePublished"]
    return ""


def canonical(soup: BeautifulSoup) -> str:
    link = soup.find("link", attrs={"rel": "canonical"})
    href = str(link.get("href") or "") if isinstance(link, Tag) else ""
    return href or meta(soup, "og:url")


def main_content(soup: BeautifulSoup) -> Tag | None:
    """The page's article: its largest <article>, else its <main>, else its block with the
    most text in paragraphs, headings, lists and the like."""
    articles = soup.find_all("article")
    if articles:
        return max(articles, key=lambda article: len(article.get_text()))
    main = soup.find("main") or soup.find(attrs={"role": "main"})
    if isinstance(main, Tag):
        return main
    return largest_block(soup)


def largest_block(soup: BeautifulSoup) -> Tag | None:
    """The block holding most of the page's text: each paragraph, heading, list... counts
    for the block it is in, and half for the block around that (a post's text split into
    sections still counts for the post); blocks of the theme's chrome count for nothing."""
    scores: dict[int, tuple[float, Tag]] = {}
    for text in soup.find_all(TEXT_CHILDREN):
        length = len(text.get_text())
        parent = text.find_parent(BLOCKS)
        for share in (1.0, 0.5):
            if parent is None:
                break
            score, _ = scores.get(id(parent), (0.0, parent))
            scores[id(parent)] = (score + share * length, parent)
            parent = parent.find_parent(BLOCKS)
    # Best first, each asked whether it is chrome only until one is not (a deep page's
    # ancestors are many).
    ranked = sorted(scores.values(), key=lambda item: item[0], reverse=True)
    return next((block for _, block in ranked if not within_chrome(block)), None)


def within_chrome(tag: Tag) -> bool:
    return is_chrome(tag) or any(is_chrome(parent) for parent in tag.parents if parent.name)


def is_chrome(tag: Tag) -> bool:
    if tag.name in CHROME_TAGS or tag.get("role") in CHROME_ROLES:
        return True
    names = [*tag.get("class", []), str(tag.get("id", ""))]
    return any(name.casefold() in CHROME_CLASSES for name in names)


def article_of(main: Tag | None) -> Article:
    """The words, pictures, links and heading ids of `main`, its chrome left out."""
    if main is None:
        return Article()
    for tag in main.find_all(True):
        if not tag.decomposed and is_chrome(tag):
            tag.decompose()
    links = [str(a.get("href")) for a in main.find_all("a", href=True)]
    # A picture's alt text is words of the page, as the import's coverage counts them.
    alts = [str(img.get("alt") or "") for img in main.find_all("img")]
    return Article(
        words=tuple(words_of(" ".join([main.get_text(" "), *alts]))),
        pictures=tuple(str(img.get("src")) for img in main.find_all("img", src=True)),
        links=tuple(link for link in links if not link.startswith("#")),
        heading_ids=tuple(
            str(h.get("id")) for h in main.find_all(("h1", "h2", "h3", "h4", "h5", "h6"), id=True)
        ),
    )
