"""Finding the image files a post refers to, the way its old site would have served them.

Old sites refer to images in three ways: next to the post (``./possum.png``, page bundles,
Hexo's asset folders), site-absolute (``/img/x.png``, served from ``src/``, ``static/`` or
``public/``), and by a resource name without a path (Hugo's ``imgproc sunset``). The
``AssetIndex`` lists the ``--assets`` folders once per run; ``resolve`` tries each way in turn.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlparse

IMAGE_EXTENSIONS = frozenset({".png", ".jpg", ".jpeg", ".gif", ".webp", ".avif", ".svg"})
STATIC_ROOTS = ("", "src", "static", "public", "source", "assets", "content")
# An SVG is a document: opened on its own it runs its scripts, as the site when media is served
# from the site's domain. Drawings never need any of these, so an SVG with one is left out.
UNSAFE_SVG = re.compile(
    rb"<script|<foreignobject|<iframe|<embed|<object|<a[\s>]|<!entity|\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)


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
        for root in roots:
            for folder, dirs, names in os.walk(root):
                dirs[:] = [d for d in dirs if not d.startswith(".") and d != "node_modules"]
                for name in names:
                    path = Path(folder, name)
                    if path.suffix.lower() in IMAGE_EXTENSIONS:
                        files.append((path.relative_to(root).as_posix(), path))
        folders = [source if source.is_dir() else source.parent for source in sources or []]
        return cls(tuple(roots), files, tuple(folder.resolve() for folder in folders))


def is_external(src: str) -> bool:
    return src.startswith(("http://", "https://", "//"))


def bundle_names(post_path: Path) -> set[str]:
    """Folders whose images belong to the post: its page bundle or Hexo asset folder."""
    names = {post_path.stem}
    if post_path.stem in ("index", "_index"):
        names.add(post_path.parent.name)
    return names


def usable(candidate: Path, post_path: Path, index: AssetIndex) -> bool:
    """An image file inside the folders the run was given (or, without them, the post's own).

    Whatever an image reference names is copied into public media, so a post must not reach
    elsewhere on the importing machine ("../../../home/me/passport.jpg")."""
    if candidate.suffix.lower() not in IMAGE_EXTENSIONS or not candidate.is_file():
        return False
    real = candidate.resolve()
    allowed = (*index.roots, *(index.sources or (post_path.parent,)))
    return any(real.is_relative_to(folder.resolve()) for folder in allowed)


def unsafe_svg(path: Path) -> bool:
    """Whether `path` is an SVG that could run script (see UNSAFE_SVG)."""
    return path.suffix.lower() == ".svg" and bool(UNSAFE_SVG.search(path.read_bytes()))


def resolve(src: str, post_path: Path, index: AssetIndex) -> Path | None:
    """The file an image reference points at, or None when it cannot be found."""
    if not src or is_external(src):
        return None
    reference = unquote(urlparse(src).path)
    relative = reference.lstrip("/")
    if not reference.startswith("/"):
        for base in (post_path.parent, post_path.parent / post_path.stem):
            candidate = base / reference
            if usable(candidate, post_path, index):
                return candidate
    for root in index.roots:
        for static in STATIC_ROOTS:
            candidate = root / static / relative
            if usable(candidate, post_path, index):
                return candidate
    bundles = bundle_names(post_path)
    name = PurePosixPath(relative).name
    in_bundle = [p for rel, p in index.files if p.parent.name in bundles]
    for path in in_bundle:
        if path.name == name:
            return path
    if "." not in name:  # a Hugo resource name: the shortcode matches "*name*"
        matches = sorted(p for p in in_bundle if name in p.stem)
        if matches:
            return matches[0]
    # Last resort, for sites served from a subfolder (Jekyll's docs/): a unique file whose path
    # ends with the reference's folder and name. A bare name would match too loosely.
    suffix = "/" + relative.removeprefix("./")
    if suffix.count("/") < 2:
        return None
    matches = [p for rel, p in index.files if ("/" + rel).endswith(suffix)]
    return matches[0] if len(matches) == 1 else None


def bundle_feature_image(post_path: Path, index: AssetIndex) -> Path | None:
    """Hugo's convention: a bundle image named ``*featured*`` is the post's feature image."""
    bundles = bundle_names(post_path) if post_path.stem in ("index", "_index") else set()
    candidates = [p for _, p in index.files if p.parent.name in bundles and "featured" in p.stem]
    if not candidates:
        candidates = (
            [p for p in post_path.parent.glob("*featured*") if p.suffix.lower() in IMAGE_EXTENSIONS]
            if post_path.stem in ("index", "_index")
            else []
        )
    return sorted(candidates)[0] if candidates else None
