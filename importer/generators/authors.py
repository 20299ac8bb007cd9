"""A post's authors as its old site showed them: the names (and link and picture) its front
matter gives, or the entries of the site's author data file its front matter names by key.

Each generator keeps its authors its own way (Docusaurus's ``authors.yml`` beside the blog,
Hugo's ``data/authors``, Jekyll's ``_data/authors.yml``); its module says which files and which
front matter fields (``Generator.authors``), and this module reads them: ``read_authors``
resolves the values found against an ``AuthorMap``. A key no data file explains is kept as the
author's name, with a warning naming it, as the old site would have printed the key (or failed).
Data files are read with the safe parsers of ``importer.generators.config``, once per file and
run, and never outside the site's folder.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from importer.common.post import PostAuthor
from importer.generators.config import read_config

# Names an author's facts go by in data files and inline front matter, tried in order.
NAME_KEYS = ("name", "display_name", "fullname", "full_name")
LINK_KEYS = ("url", "link", "website", "homepage", "uri", "web")
PICTURE_KEYS = ("image_url", "image", "avatar", "picture", "photo", "img", "imageURL")
# An author written as a string in the field names the author; these say how the string reads.
MAX_AUTHORS = 20
"""More names than a byline holds are a list of something else (tags pasted in the wrong field)."""
MAX_AUTHOR_FILES = 500
"""Files read from a folder of one file per author (more are not a team's authors)."""
MAX_ITEMS = 100
"""How many items of an author list are read at all (a list of thousands is not a byline)."""
DATA_SUFFIXES = (".yml", ".yaml", ".toml", ".json")


@dataclass(frozen=True, slots=True)
class Authors:
    """What was read of a post's authors, and what the report should say about it."""

    authors: tuple[PostAuthor, ...] = ()
    warnings: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class AuthorMap:
    """A site's author data: entries by key, and the files they came from (for the report)."""

    entries: Mapping[str, Any] = field(default_factory=dict)
    files: tuple[str, ...] = ()
    folded: Mapping[str, Any] = field(default_factory=dict)
    """The entries by case-folded key: data files are keyed as written, front matter is often
    lower-cased."""

    def __post_init__(self) -> None:
        if not self.folded:
            folded = {str(key).casefold(): value for key, value in self.entries.items()}
            object.__setattr__(self, "folded", folded)

    def lookup(self, key: str) -> Any:
        entry = self.entries.get(key)
        return self.folded.get(key.casefold()) if entry is None else entry


def author_map(files: Iterable[Path], folders: Iterable[Path] = ()) -> AuthorMap:
    """The entries of every data file of `files` that exists (a mapping of key to author), and
    of each file in `folders` (``data/authors/<key>.yaml``: one author, its key the file's name).
    A file that can't be read adds nothing."""
    entries: dict[str, Any] = {}
    read: list[str] = []
    for path in files:
        data = cached_config(path)
        if data:
            entries.update({str(key): value for key, value in data.items()})
            read.append(path.name)
    for folder in folders:
        for path in sorted(folder.glob("*"))[:MAX_AUTHOR_FILES] if folder.is_dir() else ():
            if path.suffix in DATA_SUFFIXES:
                data = cached_config(path)
                if data:
                    entries.setdefault(path.stem, data)
                    read.append(f"{folder.name}/{path.name}")
    return AuthorMap(entries, tuple(read))


# Each place's author data while a run reads its posts (``author_data_read_once``), by
# generator and place: finding it asks for up to nine files a post, a third of the time its
# front matter took to read, and a run's posts mostly share a folder.
_read_this_run: dict[tuple[str, Path, Path, Path], AuthorMap] | None = None


@contextmanager
def author_data_read_once() -> Iterator[None]:
    """Inside, each place's author data is read once (a run's view of the site's files)."""
    global _read_this_run
    _read_this_run = {}
    try:
        yield
    finally:
        _read_this_run = None


def place_author_data(
    generator: str, place: PostPlace, read: Callable[[PostPlace], AuthorMap]
) -> AuthorMap:
    """``read(place)``: the author data of a post at `place` for `generator`; read once per
    place inside ``author_data_read_once``, else every time."""
    if _read_this_run is None:
        return read(place)
    key = (generator, place.root, place.folder, place.path.parent)
    if key not in _read_this_run:
        _read_this_run[key] = read(place)
    return _read_this_run[key]


def cached_config(path: Path) -> dict[str, Any]:
    """A data file's content, read once per version of the file in a run's process."""
    try:
        stat = path.stat()
    except OSError:
        return {}
    return read_config_once(str(path), stat.st_mtime_ns, stat.st_size)


@functools.lru_cache(maxsize=64)
def read_config_once(path: str, mtime_ns: int, size: int) -> dict[str, Any]:
    return read_config(Path(path))


def read_authors(
    values: Iterable[Any], data: AuthorMap, where: str, *, keys: bool = False
) -> Authors:
    """The authors `values` name (front matter values: a key or name, a mapping of facts, or a
    list of either), keys looked up in `data`; `where` names the data files for a warning.
    `keys`: a string is always a key (Docusaurus's ``authors``), never a name printed as is."""
    authors: list[PostAuthor] = []
    warnings: list[str] = []
    items = [item for value in values for item in (value if isinstance(value, list) else [value])]
    for item in items[:MAX_ITEMS]:
        author, unknown = one_author(item, data, keys)
        if unknown:
            warnings.append(
                f"Author key '{unknown}' is not in {where}; the key is shown as the "
                "author's name. Add the author there, or edit the page's author."
            )
        if author and author.name not in {a.name for a in authors}:
            authors.append(author)
    if len(authors) > MAX_AUTHORS or len(items) > MAX_ITEMS:
        warnings.append(f"The post names {len(items)} authors; the first {MAX_AUTHORS} were kept.")
    return Authors(tuple(authors[:MAX_AUTHORS]), tuple(warnings))


def one_author(item: Any, data: AuthorMap, keys: bool) -> tuple[PostAuthor | None, str]:
    """An author from one front matter item, and its key when no data file has it."""
    if isinstance(item, dict):
        key = text(item.get("key"))
        entry = data.lookup(key) if key else None
        return from_entry({**entry, **item} if isinstance(entry, dict) else item, key), ""
    name = text(item)
    if not name:
        return None, ""
    entry = data.lookup(name)
    if isinstance(entry, dict):
        return from_entry(entry, name), ""
    if isinstance(entry, str) and entry.strip():  # ``key: Full Name``
        return PostAuthor(text(entry)), ""
    unknown = name if keys or (data.entries and looks_like_key(name)) else ""
    return PostAuthor(name[:255]), unknown


def from_entry(entry: dict[str, Any], key: str) -> PostAuthor | None:
    """An author from their facts (a data file's entry, or an inline mapping)."""
    name = first(entry, NAME_KEYS) or key
    if not name:
        return None
    return PostAuthor(name[:255], first(entry, LINK_KEYS), first(entry, PICTURE_KEYS))


def first(entry: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    return next((text(entry[key]) for key in keys if text(entry.get(key))), "")


def text(value: Any) -> str:
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return " ".join(str(value).split())
    return ""


def looks_like_key(name: str) -> bool:
    """Whether an author string is written as a key (``dana``, ``dana-reyes``) rather than a
    name (``Dana Reyes``): a name printed as it is needs no entry."""
    return " " not in name


@dataclass(frozen=True, slots=True)
class PostPlace:
    """Where a post file is: the folders its generator's site data is looked up in."""

    path: Path
    folder: Path
    """The import folder holding the post: its site's posts folder, or the SOURCE given."""
    root: Path
    """Its site's root (the folder holding the config); `folder` when no site was found."""

    def folders_up(self) -> list[Path]:
        """The post's folder and each above it up to its import folder, nearest first."""
        if self.folder not in self.path.parents:
            return [self.path.parent]
        return [self.path.parent, *self.path.parent.parents][
            : len(self.path.parent.parts) - len(self.folder.parts) + 1
        ]

    @classmethod
    def of(cls, path: Path, folders: tuple[Path, ...], roots: tuple[Path, ...] = ()) -> PostPlace:
        """`path`'s place among a run's import `folders` and site `roots` (the deepest that
        holds it; the post's own folder when none does)."""
        folder = deepest(path, folders) or path.parent
        return cls(path, folder, deepest(path, roots) or folder)


def deepest(path: Path, folders: tuple[Path, ...]) -> Path | None:
    holding = [folder for folder in folders if folder in path.parents]
    return max(holding, key=lambda folder: len(folder.parts), default=None)


def with_inline_facts(found: Authors, front_matter: dict[str, Any]) -> Authors:
    """A single author given by name, with their link and picture in fields beside it."""
    if len(found.authors) != 1:
        return found
    (author,) = found.authors
    url = author.url or text_field(front_matter, "author_url", "authorURL")
    picture = author.picture or text_field(
        front_matter, "author_image_url", "authorImageURL", "author_image", "author_avatar"
    )
    return Authors((replace(author, url=url, picture=picture),), found.warnings)


def text_field(front_matter: dict[str, Any], *names: str) -> str:
    return next(
        (str(front_matter[n]).strip() for n in names if isinstance(front_matter.get(n), str)), ""
    )
