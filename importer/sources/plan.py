"""What a run imports from its SOURCE arguments: an old site's root gives the posts and image
folders detected in it (``detect_site``); any other folder is searched for post files.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from importer.generators import HTML_SUFFIXES, MARKDOWN_SUFFIXES
from importer.sources.site import LeftOut, Site, detect_site


@dataclass(slots=True)
class SourcePlan:
    """The files a run reads, from its SOURCE arguments, old sites' roots found out."""

    sources: list[Path] = field(default_factory=list)
    """Folders (and files) posts are known by across runs (``source_key``): each site root's
    post folders, and every other SOURCE as given."""
    paths: list[Path] = field(default_factory=list)
    """The Markdown files to import, in order."""
    assets: list[Path] = field(default_factory=list)
    """The --assets folders, then each site's asset roots."""
    drafts: frozenset[Path] = frozenset()
    """Drafts-folder posts the run was asked to import; they become drafts."""
    left_out: list[LeftOut] = field(default_factory=list)
    sites: list[Site] = field(default_factory=list)
    generators: dict[Path, str] = field(default_factory=dict)
    """The generator of each post found in an old site (a post of a plain folder has none)."""

    def generator_of(self, path: Path) -> str:
        """The name of the generator whose site `path` is from; "" for none known."""
        return self.generators.get(path, "")


def plan_sources(
    sources: list[Path], assets: list[Path], include_drafts: bool = False
) -> SourcePlan:
    """What to import from `sources`: a folder that is an old site's root gives the posts and
    asset roots detected in it; any other folder or file is searched as before."""
    plan = SourcePlan(assets=list(assets))
    drafts: set[Path] = set()
    for source in sources:
        site = detect_site(source) if source.is_dir() else None
        if site is None:
            plan.sources.append(source)
            plan.paths.extend(find_sources([source]))
            continue
        plan.sites.append(site)
        plan.sources.extend(site.post_folders)
        plan.paths.extend(site.posts)
        plan.generators.update(dict.fromkeys((*site.posts, *site.drafts), site.generator))
        plan.assets.extend(root for root in site.asset_roots if root not in plan.assets)
        if include_drafts:
            plan.paths.extend(site.drafts)
            drafts.update(site.drafts)
        plan.left_out.extend(row for row in site.left_out if row.path not in drafts)
    plan.drafts = frozenset(drafts)
    return plan


def find_sources(sources: list[Path]) -> list[Path]:
    """Post files under each source, in a stable order; folders are searched recursively.

    HTML files with front matter beside Markdown posts are the old site's content written in
    HTML: they are listed too, so the report can say they were not imported."""
    found: list[Path] = []
    for source in sources:
        if source.is_dir():
            files = []
            for path in sorted(source.rglob("*")):
                hidden = any(
                    part.startswith(".") or part == "node_modules"
                    for part in path.relative_to(source).parts
                )
                if path.suffix.lower() in MARKDOWN_SUFFIXES + HTML_SUFFIXES and not hidden:
                    files.append(path)
            posts = [path for path in files if path.suffix.lower() in MARKDOWN_SUFFIXES]
            post_folders = {path.parent for path in posts if path.is_file()}
            found.extend(
                path
                for path in files
                if path.is_file()
                and (
                    path.suffix.lower() in MARKDOWN_SUFFIXES
                    or (path.parent in post_folders and starts_with_front_matter(path))
                )
            )
        else:
            found.append(source)
    return found


def starts_with_front_matter(path: Path) -> bool:
    try:
        with path.open("rb") as file:
            start = file.read(1024)
    except OSError:
        return False
    text = start.decode("utf-8", errors="ignore").lstrip("\ufeff \t\r\n")
    return text.startswith(("---", "+++"))
