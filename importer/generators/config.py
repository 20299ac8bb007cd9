"""An old site's generator and config files, read safely.

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

from importer.generators.known import (
    ASTRO_CONFIGS,
    ELEVENTY_CONFIGS,
    GATSBY_CONFIGS,
    GENERIC_CONFIGS,
    HEXO_KEYS,
    HUGO_CONFIGS,
    HUGO_KEYS,
    JEKYLL_KEYS,
    PACKAGES,
    SITE_SUBFOLDERS,
    ZOLA_KEYS,
)

SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


# -- Which generator ---------------------------------------------------------------------------


def find_generator(folder: Path) -> tuple[Path, str, Path | None] | None:
    """(the site's root, its generator, its config file) for `folder` or a site subfolder."""
    if not folder.is_dir():
        return None
    found = generator_of(folder)
    if found:
        return (folder, *found)
    for name in SITE_SUBFOLDERS:
        sub = folder / name
        if sub.is_dir() and not sub.is_symlink():
            found = generator_of(sub)
            if found:
                return (sub, *found)
    return None


def generator_of(folder: Path) -> tuple[str, Path | None] | None:
    for names, generator in (
        (HUGO_CONFIGS, "hugo"),
        (ELEVENTY_CONFIGS, "eleventy"),
        (ASTRO_CONFIGS, "astro"),
        (GATSBY_CONFIGS, "gatsby"),
    ):
        config = first_file(folder, names)
        if config:
            return generator, config
    jekyll_or_hexo = folder / "_config.yml"
    if jekyll_or_hexo.is_file():
        data = read_yaml(jekyll_or_hexo)
        if HEXO_KEYS & data.keys() or "hexo" in package_json(folder):
            return "hexo", jekyll_or_hexo
        if JEKYLL_KEYS & data.keys() or "jekyll" in read_text(folder / "Gemfile").lower():
            return "jekyll", jekyll_or_hexo
        if (folder / "_posts").is_dir():
            return "jekyll", jekyll_or_hexo
    for name in GENERIC_CONFIGS:
        config = folder / name
        if config.is_file():
            data = read_config(config)
            if name == "config.toml" and ZOLA_KEYS & data.keys():
                return "zola", config
            if HUGO_KEYS & data.keys():
                return "hugo", config
    default_config = first_file(folder / "config" / "_default", (*HUGO_CONFIGS, *GENERIC_CONFIGS))
    if default_config:
        return "hugo", default_config
    package = package_json(folder)
    dependencies = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    for generator, names in PACKAGES.items():
        if any(name in dependencies for name in names):
            return generator, None
    return None


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


def version_hints(root: Path, generator: str) -> list[str]:
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
    if generator == "hugo":
        for config in hugo_config_files(root):
            minimum = config_value(read_config(config), "module", "hugoVersion", "min")
            if isinstance(minimum, str):
                hints.append(f"Hugo {minimum} or later ({config.relative_to(root)})")
    return list(dict.fromkeys(hints))


def config_value(data: Any, *keys: str) -> Any:
    for key in keys:
        data = data.get(key) if isinstance(data, dict) else None
    return data


def hugo_config_files(root: Path) -> list[Path]:
    files = [first_file(root, (*HUGO_CONFIGS, *GENERIC_CONFIGS))]
    default = root / "config" / "_default"
    if default.is_dir():
        files += sorted(
            p for p in default.iterdir() if p.suffix in (".toml", ".yaml", ".yml", ".json")
        )
    return [f for f in files if f]
