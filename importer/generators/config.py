"""An old site's config files, read safely, and the versions they name.

Configs are read with safe parsers only: YAML with the safe loader, TOML with ``tomllib``,
JSON; JavaScript configs are never run, only searched for plain string values. Nothing outside
the site's folder is read.
"""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def first_file(folder: Path, names: Iterable[str]) -> Path | None:
    return next((folder / name for name in names if (folder / name).is_file()), None)


# -- Reading configs safely --------------------------------------------------------------------

MAX_CONFIG_BYTES = 1_000_000


def read_text(path: Path) -> str:
    """A config's text, or "" when it is missing, unreadable, too big to be a config, or a
    link to a file outside its folder (nothing outside the site is read)."""
    try:
        if not path.is_file() or path.stat().st_size > MAX_CONFIG_BYTES:
            return ""
        if path.is_symlink() and path.parent.resolve() not in path.resolve().parents:
            return ""
        return path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""


def read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.load(read_text(path), Loader=SAFE_LOADER)  # noqa: S506 - the safe loader
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def read_config(path: Path) -> dict[str, Any]:
    """A TOML, YAML or JSON config as a dict ({} when it cannot be read)."""
    text = read_text(path)
    try:
        if path.suffix == ".toml":
            data = tomllib.loads(text)
        elif path.suffix == ".json":
            data = json.loads(text)
        else:
            data = yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 - the safe loader
    except (tomllib.TOMLDecodeError, json.JSONDecodeError, yaml.YAMLError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def package_json(folder: Path) -> dict[str, Any]:
    try:
        data = json.loads(read_text(folder / "package.json") or "{}")
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def js_string(text: str, pattern: str) -> str:
    """The plain string literal `pattern` captures in a JavaScript config ("" for anything that
    would need the code to run: template literals with expressions, variables, calls)."""
    match = re.search(pattern + r"""\s*(["'`])([^"'`$\n]*)\1""", text)
    return match.group(2) if match else ""


def site_path(root: Path, relative: str) -> Path | None:
    """`relative` (from a config) under `root`, or None when it leads outside the site."""
    if not relative:
        return None
    path = Path(os.path.normpath(root / relative.strip().rstrip("/")))
    return path if path == root or root in path.parents else None


# -- Version hints -----------------------------------------------------------------------------

GEM_VERSION = re.compile(
    r"""^\s*gem\s+["'](jekyll|github-pages)["']\s*(?:,\s*["']([^"']+)["'])?""", re.M
)
LOCKED_GEM = re.compile(r"^    (jekyll|github-pages) \(([^)]+)\)", re.MULTILINE)
ENV_VERSION = re.compile(r"""\b(HUGO_VERSION|ZOLA_VERSION|NODE_VERSION)\s*[=:]\s*["']?([\w.\-]+)""")


def version_hints(root: Path) -> list[str]:
    """The versions of generators and hosts a site's files name, whatever its generator."""
    hints: list[str] = []
    package = package_json(root)
    dependencies = {**package.get("devDependencies", {}), **package.get("dependencies", {})}
    for name in ("@11ty/eleventy", "astro", "gatsby", "hexo", "hugo-bin", "hugo-extended"):
        if isinstance(dependencies.get(name), str):
            hints.append(f"{name} {dependencies[name]} (package.json)")
    hexo = package.get("hexo")
    if isinstance(hexo, dict) and hexo.get("version"):
        hints.append(f"hexo {hexo['version']} last built it (package.json)")
    for name, version in GEM_VERSION.findall(read_text(root / "Gemfile")):
        hints.append(f"{name} {version or '(any version)'} (Gemfile)")
    for name, version in LOCKED_GEM.findall(read_text(root / "Gemfile.lock")):
        hints.append(f"{name} {version} (Gemfile.lock)")
    if (root / ".hugo_build.lock").exists():
        hints.append("Hugo 0.89 or later (.hugo_build.lock)")
    for name in ("netlify.toml", "vercel.json", ".tool-versions"):
        for key, version in ENV_VERSION.findall(read_text(root / name)):
            hints.append(f"{key} {version} ({name})")
    return list(dict.fromkeys(hints))


def config_value(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data
