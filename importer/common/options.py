"""What a caller asks of a run (``ImportRequest``), and what the run resolved from it and reads
for every post (``RunOptions``).

The command, the admin's upload form and its background task all ask through one mapping,
``ImportRequest.of``, from option values named as the command names them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings

from blog.blocks import PARAGRAPH_FEATURES, QUOTE_FEATURES

if TYPE_CHECKING:
    from importer.generators.permalinks import SiteRules

MAX_POST_SIZE = 2 * 1024 * 1024
"""The default ``--max-size``: a long post is tens of KB; 2 MB leaves room for pasted data."""
# The CPU seconds one post may take through the pure stages: a 2 MB post of ordinary text needs
# about 15, so only input built to make a parser's work grow with the square of its size (a
# paragraph of tens of thousands of line breaks) comes near it.
MAX_POST_CPU_SECONDS = 120
MAX_TAGS_PER_POST = 30
"""Without the setting ``IMPORTER_MAX_TAGS_PER_POST``: the tags a post keeps."""


@dataclass(frozen=True, slots=True)
class ImportRequest:
    """What a caller asks of one run: the options of ``import_posts``, by their names.

    ``importer.run.import_posts`` resolves it into ``RunOptions`` once it has found the blog
    and the posts; ``importer.run.analyze`` reads it too."""

    # What to import, and where to.
    sources: tuple[Path, ...] = ()
    """The SOURCE arguments: old sites' roots, folders of posts, post files."""
    assets: tuple[Path, ...] = ()
    """The --assets folders, where site-absolute image paths are looked up."""
    include_drafts: bool = False
    """Also import the posts in an old site's drafts folder, as drafts."""
    leave_out_drafts: bool = False
    """Leave out the posts marked as drafts (front matter, or the drafts folder) instead of
    importing them as unpublished pages."""
    parent: str = ""
    """The blog index to import under (page id, URL path or slug); "" for the only one."""

    # How to write.
    draft: bool = False
    """Every post a draft, unpublished."""
    dry_run: bool = False
    force: bool = False
    """Import over pages an editor changed since their import."""
    fetch_images: bool = False
    """Download images other sites host into the library (see importer.write.fetch)."""
    user: str = ""
    """The username the run's revisions and log entries are attributed to (``--user``)."""

    # Where the posts were.
    old_url: str = ""
    """The --old-url template of the posts' old addresses."""
    old_origin: str = ""
    """The old site's scheme and host, as given: links to its pages that were not imported go
    there."""
    booking_urls: tuple[str, ...] = ()
    """Links to recognise as booking links besides the blog's Booking settings link."""
    verify_against: Path | None = None
    """The old site's build output (``--verify-against``): posts take their old addresses
    from their built pages, and each page is checked against its built page
    (``importer.verify``)."""

    # Limits.
    max_size: int = MAX_POST_SIZE
    """Bytes a post file may have (``--max-size``); a larger one fails without being read."""
    max_cpu_seconds: float = MAX_POST_CPU_SECONDS
    """How long one post may take through the pure stages (0: no limit)."""
    isolate_posts: bool = False
    """Prepare every post in a worker process of its own (``RunOptions.isolate_posts``)."""

    @classmethod
    def of(cls, values: Mapping[str, Any]) -> ImportRequest:
        """The request `values` make, named as ``import_posts`` names its options (``sources``,
        ``old_url``, ``booking_urls``...): the command's parsed options, the upload form's
        (``ImportRun.options``) with the task's upload and blog, or any caller's. Names that
        are no option of a run (the command's ``verbosity``, ``report``) are left aside, and so
        is a value of None (an option not given)."""
        names = {option.name for option in fields(cls)}
        given = {name: value for name, value in values.items() if name in names}
        given = {name: value for name, value in given.items() if value is not None}
        for name in ("sources", "assets"):
            if name in given:
                given[name] = tuple(Path(path) for path in given[name])
        if given.get("verify_against"):
            given["verify_against"] = Path(given["verify_against"])
        else:
            given.pop("verify_against", None)
        if "booking_urls" in given:
            given["booking_urls"] = tuple(given["booking_urls"])
        return cls(**given)


@dataclass(frozen=True, slots=True)
class RunOptions:
    """What one run resolved from its request, read by the pure stages and the writer alike,
    never per post: built once by the run (``importer.run``), or by a caller of the stages.

    Defaults come from the settings (``TIME_ZONE``, ``PHONE_REGION``) and from the blocks the
    text goes into (``blog.blocks``)."""

    # How to write.
    draft: bool = False
    """Every post a draft, unpublished."""
    dry_run: bool = False
    force: bool = False
    """Import over pages an editor changed since their import."""
    fetch_images: bool = False
    """Download images other sites host into the library (see importer.write.fetch)."""
    old_origin: str = ""
    """The old site's scheme and host, checked: links to its pages that were not imported go
    there."""
    leave_out_drafts: bool = False
    """Posts marked as drafts are left out (reported as skipped), not imported unpublished."""
    user_id: int | None = None
    """The user the run's revisions and log entries are attributed to."""

    # How to read a post.
    time_zone: str = field(default_factory=lambda: settings.TIME_ZONE)
    booking_urls: tuple[str, ...] = ()
    """Links recognised as booking links: the blog's Booking settings link first, then the
    request's."""
    phone_region: str = field(default_factory=lambda: settings.PHONE_REGION)
    old_url_template: str = ""
    heading_ids: str = "github"
    """The generator whose rule for heading ids is followed (``Generator.heading_slug``);
    another name, GitHub's."""
    source_roots: tuple[Path, ...] = ()
    """The folders (and files) posts are known by across runs (``source_key``), which
    ``{path}`` in the old address template is relative to: each site root's post folders, and
    every other SOURCE as given."""
    site_roots: tuple[Path, ...] = ()
    """The roots of the old sites among the SOURCEs, where their generators keep site data
    (author files) outside the post folders."""
    site_addresses: tuple[SiteRules, ...] = ()
    """What each old site's generator computes its posts' addresses from (read once per run
    from its config): a post's old address, unless ``old_url_template`` is given."""
    paragraph_features: tuple[str, ...] = tuple(PARAGRAPH_FEATURES)
    quote_features: tuple[str, ...] = tuple(QUOTE_FEATURES)
    max_size: int = MAX_POST_SIZE
    """Bytes a post file may have (``--max-size``); a larger one fails without being read."""
    max_cpu_seconds: float = MAX_POST_CPU_SECONDS
    """How long one post may take through the pure stages (0: no limit)."""
    max_tags: int = field(
        default_factory=lambda: getattr(settings, "IMPORTER_MAX_TAGS_PER_POST", MAX_TAGS_PER_POST)
    )
    """Tags a post keeps, the first its front matter lists; the rest are left out, with a
    warning."""
    isolate_posts: bool = False
    """Prepare every post in a worker process, where its CPU time is bounded even inside a
    library's own code: a post that runs on past the limit is stopped and fails alone, and
    the process that runs the import (and its heartbeat) never waits on it. The admin's
    previews and runs ask for it."""

    def addresses_of(self, path: Path) -> SiteRules | None:
        """The address rules of the old site `path` is from (the deepest root holding it)."""
        holding = [rules for rules in self.site_addresses if rules.root in path.parents]
        return max(holding, key=lambda rules: len(rules.root.parts), default=None)
