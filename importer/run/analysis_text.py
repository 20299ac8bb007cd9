"""``import_posts --analyze`` for people: its JSON (``Analysis.as_dict``) as a summary, one
section per question, the longest lists cut short."""

from __future__ import annotations

import collections
from pathlib import Path
from typing import Any


def summary_text(result: dict[str, Any], every_file: bool = False) -> str:
    """The analysis for people: one section per question, the longest lists cut short (with
    `every_file`, each file left out is listed with its reason)."""
    sections = (
        ["Analysis (nothing was written)"],
        *(site_lines(site, result.get("post_addresses", [])) for site in result["sites"]),
        file_lines(result, every_file),
        front_matter_lines(result["front_matter"], result["templates"]),
        image_lines(result["images"]),
        damage_lines(result["encoding_damage"]),
        content_lines(result),
        problem_lines(result["slug_collisions"], result["failures"]),
        [f"  Analysed in {result['seconds']:.2f} s."],
    )
    return "\n".join(line for section in sections for line in section)


def site_lines(site: dict[str, Any], posts: list[dict[str, Any]] = ()) -> list[str]:
    """The site, its settings, and two of its posts' old addresses, to check them by."""
    folders = [str(Path(folder)) for folder in site["post_folders"]]
    examples = [
        post for post in posts if post.get("old_url") and post["source"].startswith(tuple(folders))
    ][:2]
    config = f" (config {Path(site['config']).name})" if site["config"] else ""
    return [
        f"  Site: {site['generator'] or 'no known generator'} at {site['root']}{config}",
        *(f"    {hint}" for hint in site["hints"]),
        *(f"    old addresses: {note}" for note in site.get("addresses", [])),
        *(f"      e.g. {post['source']} -> {post['old_url']}" for post in examples),
        f"    posts from: {', '.join(site['post_folders']) or 'none found'}",
        f"    images from: {', '.join(site['asset_roots']) or 'none found'}",
    ]


def file_lines(result: dict[str, Any], every_file: bool) -> list[str]:
    """The posts by folder, then the files left out: the ten commonest reasons, and with
    `every_file` each file with its own."""
    left_out = result["left_out"]
    reasons = collections.Counter(row["reason"] for row in left_out)
    return [
        f"  Posts: {result['posts']} ({result['drafts']} drafts)",
        *(f"    {count:>5}  {folder}" for folder, count in result["posts_by_folder"].items()),
        f"  Left out: {len(left_out)}",
        *(f"    {count:>5}  {reason}" for reason, count in reasons.most_common(10)),
        *(f"    {row['source']}: {row['reason']}" for row in left_out if every_file),
    ]


def front_matter_lines(keys: list[dict[str, Any]], templates: list[dict[str, Any]]) -> list[str]:
    lines = ["  Front matter keys (posts using it -> page field):"]
    lines += [f"    {row['posts']:>5}  {row['key']} -> {row['field']}" for row in keys]
    if templates:
        lines.append("  Template tags and shortcodes (uses, posts -> what it becomes):")
        lines += [
            f"    {row['count']:>5}  {row['posts']:>4}  {row['tag']} -> {row['becomes']}"
            for row in templates
        ]
    return lines


def image_lines(images: dict[str, Any]) -> list[str]:
    return [
        f"  Images referenced: {images['referenced']}; found: {images['found']}; "
        f"on other sites: {images['external']}; missing: {len(images['missing'])}"
        + (f"; left out: {len(images['refused'])}" if images.get("refused") else ""),
        *(f"    MISSING {image['post']}: {image['reference']}" for image in images["missing"][:10]),
        *(
            f"    LEFT OUT {image['post']}: {image['reference']} {image['reason']}"
            for image in images.get("refused", [])[:10]
        ),
    ]


def damage_lines(damaged: list[dict[str, Any]]) -> list[str]:
    """The posts with encoding damage, each with one repair as the example."""
    lines = [f"  Posts with encoding damage: {len(damaged)}"]
    for row in damaged[:10]:
        example = row["example"]
        lines.append(
            f"    {row['source']}, line {example['line']}: "
            f"{example['before'][:40]!r} -> {example['after'][:40]!r}"
        )
    return lines


def content_lines(result: dict[str, Any]) -> list[str]:
    """The date range, then the commonest tags and authors with their posts."""
    dates = result["dates"]
    lines = [f"  Dates: {dates['first'][:10]} to {dates['last'][:10]}"] if dates else []
    for heading, key in (("Tags", "tags"), ("Authors", "authors")):
        rows = result[key]
        counts = ", ".join(f"{row['name']} {row['posts']}" for row in rows[:10])
        lines.append(f"  {heading}: {len(rows)} ({counts})")
    return lines


def problem_lines(collisions: list[dict[str, Any]], failures: list[dict[str, Any]]) -> list[str]:
    return [
        f"  Slugs that would collide: {len(collisions)}",
        *(f"    {row['slug']}: {', '.join(row['sources'])}" for row in collisions),
        f"  Posts that would fail: {len(failures)}",
        *(f"    FAILED {row['source']}: {row['error']}" for row in failures),
    ]
