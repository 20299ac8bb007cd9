"""Which built page is which post: the page with the post's title (its <h1>, og:title or
<title>) published the post's day, a day either side (a time near midnight shown in another
time zone), or, when the title was changed on the way, the page of the post's day whose
address holds its slug."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from importer.common import SourcePost
from importer.verify.built import BuiltPage
from importer.verify.page import title_key


@dataclass(frozen=True, slots=True)
class Wanted:
    """What a post is matched by."""

    key: str
    """The post's source, as the report names it."""
    title: str
    day: dt.date
    names: tuple[str, ...]
    """Its slug and file name, as an address could hold them."""

    @classmethod
    def of(cls, key: str, post: SourcePost) -> Wanted:
        names = tuple(name.casefold() for name in (post.slug, post.stem) if name)
        return cls(key, post.title, post.date.date(), names)


def days_apart(page: BuiltPage, day: dt.date) -> int | None:
    try:
        return abs((dt.date.fromisoformat(page.facts.day) - day).days)
    except ValueError:
        return None


def holds(address: str, names: tuple[str, ...]) -> bool:
    """Whether one of the address's segments is one of `names` (``.html`` aside)."""
    segments = {segment.removesuffix(".html") for segment in address.casefold().split("/")}
    return any(name in segments for name in names)


def best(candidates: list[BuiltPage], wanted: Wanted) -> BuiltPage | None:
    """The candidate published closest to the post's day (at most a day apart), preferring an
    address that holds the post's slug."""
    scored = []
    for page in candidates:
        apart = days_apart(page, wanted.day)
        if apart is not None and apart <= 1:
            named = holds(page.address, wanted.names)
            scored.append((apart, not named, page.address, page))
    return min(scored, key=lambda item: item[:3])[3] if scored else None


def match_posts(wanted: list[Wanted], pages: list[BuiltPage]) -> dict[str, BuiltPage]:
    """Each post's built page, by the post's key; a page is one post's at most. Posts are taken
    oldest first, so of two posts with the same title the older takes the older page."""
    by_title: dict[str, list[BuiltPage]] = defaultdict(list)
    for page in pages:
        for key in page.facts.titles:
            by_title[key].append(page)
    taken: set[str] = set()
    found: dict[str, BuiltPage] = {}
    for post in sorted(wanted, key=lambda post: (post.day, post.key)):
        free = [page for page in by_title.get(title_key(post.title), []) if page.path not in taken]
        page = best(free, post)
        if page is None:
            named = [p for p in pages if p.path not in taken and holds(p.address, post.names)]
            page = best(named, post)
        if page is not None:
            taken.add(page.path)
            found[post.key] = page
    return found
