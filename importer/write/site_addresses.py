"""Which paths the new site already answers, asked by the write stage.

An old post's aliases must not take over an address the site serves (its admin, feeds, files,
a page), and a link to such an address is not a broken one. Each answer is looked up once a run.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.conf import settings
from django.http import Http404
from django.urls import Resolver404, resolve
from wagtail.contrib.redirects.models import Redirect
from wagtail.contrib.routable_page.models import RoutablePageMixin
from wagtail.models import Page, Site

from importer.write.link_index import is_reserved

WAGTAIL_SERVE = "wagtail_serve"  # the URL name of Wagtail's catch-all page view
MAX_DEPTH = 64  # segments of a path looked for among pages


@dataclass(slots=True)
class SiteAddresses:
    """Answers, cached for the run, about paths on the site the posts are imported into."""

    root_paths: list[str] = field(default_factory=list)
    """Each site's root page ``url_path`` ("/home/"), which page addresses are relative to."""
    claims: dict[str, str] = field(default_factory=dict)
    pages: dict[str, bool] = field(default_factory=dict)
    redirected: dict[str, bool] = field(default_factory=dict)

    @classmethod
    def of_sites(cls) -> SiteAddresses:
        roots = Site.objects.values_list("root_page__url_path", flat=True)
        return cls(root_paths=sorted(set(roots)))

    def claimed(self, path: str) -> str:
        """Why the site keeps `path` for itself, or "" when an import may redirect it."""
        path = path.split("?", 1)[0].split("#", 1)[0]
        if path not in self.claims:
            self.claims[path] = self.find_claim(path)
        return self.claims[path]

    def find_claim(self, path: str) -> str:
        prefixes = [settings.STATIC_URL, settings.MEDIA_URL]
        own = [p.rstrip("/") for p in prefixes if p and str(p).startswith("/") and p != "/"]
        reserved = is_reserved(path) or next(
            (p for p in own if path == p or path.startswith(p + "/")), ""
        )
        if reserved:
            return f"{reserved} belongs to the site"
        if self.served_by_django(path):
            return "the site serves that address itself"
        if self.served_by_a_page(path):
            return "a page of the site answers there"
        return ""

    def answers(self, path: str) -> bool:
        """Whether a link to `path` reaches something: a view, a page or a redirect."""
        path = path.split("?", 1)[0].split("#", 1)[0] or "/"
        if self.served_by_django(path) or self.served_by_a_page(path):
            return True
        if path not in self.redirected:
            old_path = Redirect.normalise_path(path)
            self.redirected[path] = Redirect.objects.filter(old_path=old_path).exists()
        return self.redirected[path]

    def served_by_django(self, path: str) -> bool:
        """A view other than Wagtail's page view answers `path` (or `path/`, which Django's
        APPEND_SLASH redirects to)."""
        for candidate in dict.fromkeys((path, path.rstrip("/") + "/")):
            try:
                match = resolve(candidate)
            except Resolver404:
                continue
            if match.url_name != WAGTAIL_SERVE:
                return True
        return False

    def served_by_a_page(self, path: str) -> bool:
        """A page lives at `path`, or a page above it routes it (a blog index's tag lists)."""
        if path not in self.pages:
            self.pages[path] = self.find_page(path)
        return self.pages[path]

    def find_page(self, path: str) -> bool:
        segments = [segment for segment in path.split("/") if segment]
        if len(segments) > MAX_DEPTH:
            return False  # no page is that deep; and one query must not take a parameter each
        remaining: dict[str, list[str]] = {}
        for root in self.root_paths:
            for depth in range(len(segments) + 1):
                remaining[root + "".join(f"{s}/" for s in segments[:depth])] = segments[depth:]
        deepest = (
            Page.objects.filter(url_path__in=list(remaining)).order_by("-depth").first()
            if remaining
            else None
        )
        if deepest is None:
            return False
        rest = remaining[deepest.url_path]
        if not rest:
            return True
        page = deepest.specific
        if not isinstance(page, RoutablePageMixin):
            return False
        try:
            page.resolve_subpage("/" + "/".join(rest) + "/")
        except Http404:
            return False
        return True
