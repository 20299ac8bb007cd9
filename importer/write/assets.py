"""Finding the image files a post refers to, the way its old site would have served them.

Old sites refer to images in three ways: next to the post (``./possum.png``, page bundles,
Hexo's asset folders), site-absolute (``/img/x.png``, served from ``src/``, ``static/`` or
``public/``), and by a resource name without a path (Hugo's ``imgproc sunset``). The
``AssetIndex`` lists the ``--assets`` folders once per run; ``resolve`` tries each way in turn.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

from importer.generators import STATIC_ROOTS
from importer.sources.posts import inside, real_path
from importer.write.pictures import RefusedPicture, checked_picture

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
# A tree of folder links can list the same files under ever more names; a real site has a few
# thousand images, so listing stops long before a run would run out of memory.
MAX_INDEXED_FILES = 200_000


@dataclass(slots=True)
class AssetIndex:
    """Every image under the ``--assets`` folders, listed once per run."""

    roots: tuple[Path, ...] = ()
    files: list[tuple[str, Path]] = field(default_factory=list)
    """(path relative to its root, in POSIX form; absolute path)"""
    sources: tuple[Path, ...] = ()
    """The folders the posts were imported from; with ``roots``, the only places images may be."""

    @classmethod
    def build(cls, roots: list[Path], sources: list[Path] | None = None) -> AssetIndex:
        files: list[tuple[str, Path]] = []
        real_roots = [real_path(root) for root in roots]
        for root in roots:
            # Folders linked from inside the roots are listed when they lie inside them too,
            # and never inside themselves (a link to a parent folder would list forever).
            # Files are checked when a post uses them, so the post's report says why not.
            seen: dict[str, frozenset[Path]] = {}
            for folder, dirs, names in os.walk(root, followlinks=True):
                chain = seen.pop(folder, frozenset()) | {real_path(Path(folder))}
                dirs[:] = [
                    d
                    for d in dirs
                    if not d.startswith(".")
                    and d != "node_modules"
                    and listable(Path(folder, d), chain, real_roots)
                ]
                seen.update((os.path.join(folder, d), chain) for d in dirs)
                if len(files) > MAX_INDEXED_FILES:
                    break
                for name in names:
                    path = Path(folder, name)
                    if path.suffix.lower() in IMAGE_EXTENSIONS:
                        files.append((path.relative_to(root).as_posix(), path))
        folders = [source if source.is_dir() else source.parent for source in sources or []]
        return cls(tuple(roots), files, tuple(real_path(folder) for folder in folders))

    def allowed(self, post_path: Path) -> list[Path]:
        """The folders whose files a post may use: the run's sources and --assets folders (or,
        given no sources, the post's own folder), with every link in their paths followed."""
        return [real_path(root) for root in self.roots] + list(
            self.sources or (real_path(post_path.parent),)
        )


@dataclass(frozen=True, slots=True)
class Lookup:
    """Where an image reference led: the file to use, or why none is."""

    path: Path | None = None
    """The image file, with every symlink in its path followed: the file that is read."""
    refused: str = ""
    """Why a file that was found is not used (it lies outside the import's folders)."""


@dataclass(frozen=True, slots=True)
class Picture:
    """An image to put in the library: its file name and the bytes to store."""

    name: str
    data: bytes


def listable(folder: Path, chain: frozenset[Path], roots: list[Path]) -> bool:
    """Whether a folder met while listing --assets is listed: a plain folder is; a linked one
    when it leads inside the roots and not to itself or a folder above it (`chain`)."""
    if not folder.is_symlink():
        return True
    real = real_path(folder)
    return real not in chain and inside(real, roots)


def is_external(src: str) -> bool:
    return src.startswith(("http://", "https://", "//"))


def bundle_names(post_path: Path) -> set[str]:
    """Folders whose images belong to the post: its page bundle or Hexo asset folder."""
    names = {post_path.stem}
    if post_path.stem in ("index", "_index"):
        names.add(post_path.parent.name)
    return names


def contained(candidate: Path, post_path: Path, index: AssetIndex) -> Lookup | None:
    """`candidate` as a Lookup if it is an image file, else None.

    Whatever an image reference names is copied into public media, so the file it finally
    leads to (symlinks followed) must lie inside the folders the run was given, or the
    post's own without them: neither "../../../home/me/passport.jpg" nor a symlink
    ("img/leak.png -> /home/me/passport.jpg") may reach elsewhere on the importing machine."""
    try:
        if candidate.suffix.lower() not in IMAGE_EXTENSIONS or not candidate.is_file():
            return None
    except OSError:  # a name too long for the file system, say: no such file
        return None
    real = real_path(candidate)
    if inside(real, index.allowed(post_path)):
        return Lookup(real)
    return Lookup(
        refused=f"leads to {real}, outside the folders being imported and the --assets "
        "folders; it was left out"
    )


def first_usable(candidates: Iterable[Path], post_path: Path, index: AssetIndex) -> Lookup:
    """The first candidate that is an image file inside the import's folders; else why the
    first one found was refused, or nothing."""
    refusal = ""
    for candidate in candidates:
        found = contained(candidate, post_path, index)
        if found is not None and found.path is not None:
            return found
        if found is not None and not refusal:
            refusal = found.refused
    return Lookup(refused=refusal)


def resolve(src: str, post_path: Path, index: AssetIndex) -> Path | None:
    """The file an image reference points at, or None when it cannot be found or used."""
    return locate(src, post_path, index).path


def locate(src: str, post_path: Path, index: AssetIndex) -> Lookup:
    """Where an image reference leads, trying each way an old site served images in turn."""
    if not src or is_external(src):
        return Lookup()
    reference = unquote(urlparse(src).path)
    return first_usable(candidates(reference, post_path, index), post_path, index)


def candidates(reference: str, post_path: Path, index: AssetIndex) -> Iterator[Path]:
    """The files `reference` could mean, most likely first."""
    relative = reference.lstrip("/")
    if not reference.startswith("/"):
        for base in (post_path.parent, post_path.parent / post_path.stem):
            yield base / reference
    for root in index.roots:
        for static in STATIC_ROOTS:
            yield root / static / relative
    bundles = bundle_names(post_path)
    name = PurePosixPath(relative).name
    in_bundle = [p for rel, p in index.files if p.parent.name in bundles]
    yield from (path for path in in_bundle if path.name == name)
    if "." not in name:  # a Hugo resource name: the shortcode matches "*name*"
        yield from sorted(p for p in in_bundle if name in p.stem)
    # Last resort, for sites served from a subfolder (Jekyll's docs/): a unique file whose path
    # ends with the reference's folder and name. A bare name would match too loosely.
    suffix = "/" + relative.removeprefix("./")
    if suffix.count("/") < 2:
        return
    matches = [p for rel, p in index.files if ("/" + rel).endswith(suffix)]
    if len(matches) == 1:
        yield matches[0]


def bundle_feature_image(post_path: Path, index: AssetIndex) -> Lookup:
    """Hugo's convention: a bundle image named ``*featured*`` is the post's feature image."""
    if post_path.stem not in ("index", "_index"):
        return Lookup()
    bundles = bundle_names(post_path)
    found = [p for _, p in index.files if p.parent.name in bundles and "featured" in p.stem]
    if not found:
        found = list(post_path.parent.glob("*featured*"))
    return first_usable(sorted(found), post_path, index)


def picture_from(name: str, data: bytes) -> tuple[Picture | None, str]:
    """`data`, a file called `name` found by `locate`, as the picture to store, through the
    library's one gate (importer.write.pictures); and a note for the report when it is not
    the file as it was, or why it was left out (then there is no picture)."""
    try:
        stored, data, note = checked_picture(name, data)
    except RefusedPicture as refusal:
        return None, f"{refusal}; it was left out"
    return Picture(stored, data), note
