"""``import_posts --analyze``: what an import would do, before anything is written.

It reads each post's outline (``OUTLINE_STAGES``: its front matter, with the lines it comes from
repaired) and scans the body lightly (template tags, image references, lines that look damaged),
so a thousand posts take seconds; it never renders or converts a body, and writes nothing.
"""

from __future__ import annotations

import collections
import functools
import re
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import ftfy.badness

from importer.common import ImportRequest, PostDraft, Repair, RunOptions
from importer.generators.fields import FIELD_NAMES
from importer.run.outline import outline_post
from importer.sources import LeftOut, SourcePlan, plan_sources, why_not_a_post
from importer.stages import RunContext
from importer.stages.expand import expand_templates, variable_value
from importer.stages.outside_code import code_line_ranges
from importer.stages.repair import repair_text
from importer.write.assets import AssetIndex, is_external, resolve
from importer.write.pictures import RefusedPicture, checked_picture

# What each front matter fact becomes on the page (the front-matter table in docs/importer.md).
PAGE_FIELDS = {
    "title": "title",
    "date": "date and first published",
    "slug": "slug (the page's address)",
    "description": "intro and search description",
    "author": "author",
    "tags": "tags",
    "image": "feature image",
    "fallback_image": "feature image",
    "image_alt": "feature image alt text",
    "draft": "draft (not published)",
    "old_urls": "redirects to the page",
}
OTHER_KEYS = {
    "published": "draft (not published) when false",
    "taxonomies": "tags (its tags and categories)",
    "extra": "feature image (its image or cover)",
}
INLINE_CODE = re.compile(r"`[^`\n]+`")
# A tag reads on to its end, but never past the start of another (possessively): searching the
# rest of the line from each unclosed one took time quadratic in the line's length.
TEMPLATE_TAGS = re.compile(
    r"{%-?\s*+(?P<liquid>[\w-]++)(?:[^\n%{]|%(?!})|{(?!%))*+%}"
    r"|{{[<%]\s*+(?P<shortcode>/?[\w-]++)(?:[^\n>%{]|[>%](?!}})|{(?!{))*+[>%]}}"
    r"|{{-?(?P<variable>[^{}\n]*?)-?}}"
)
IMAGE_REFERENCES = re.compile(
    r"!\[[^\[\]\n]*+\]\(\s*+<?(?P<markdown>[^)\s>]+)"
    r"|<img\b[^<>]*?\bsrc\s*+=\s*+[\"'](?P<html>[^\"']+)",
    re.IGNORECASE,
)
# The names of the paired tags' closing tags, found once per post (see closing_names).
CLOSING_TAGS = re.compile(
    r"{%-?\s*+end(?P<liquid>[\w-]++)|{{[<%]\s*+/\s*+(?P<shortcode>[\w-]++)\s*+[>%]}}"
)


@dataclass(slots=True)
class Analysis:
    """Everything --analyze reports; ``as_dict`` is its JSON."""

    plan: SourcePlan
    posts: list[dict[str, Any]] = field(default_factory=list)
    failures: list[dict[str, str]] = field(default_factory=list)
    keys: collections.Counter = field(default_factory=collections.Counter)
    tags_found: collections.Counter = field(default_factory=collections.Counter)
    tag_posts: collections.Counter = field(default_factory=collections.Counter)
    tag_fates: dict[str, str] = field(default_factory=dict)
    images: list[dict[str, str]] = field(default_factory=list)
    refusals: dict[Path, str] = field(default_factory=dict)
    """Why the import would leave out each picture file found ("" when it wouldn't)."""
    damaged: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    def as_dict(self) -> dict[str, Any]:
        dates = sorted(post["date"] for post in self.posts)
        slugs: dict[str, list[str]] = collections.defaultdict(list)
        for post in self.posts:
            slugs[post["slug"]].append(post["source"])
        by_folder = collections.Counter(post["folder"] for post in self.posts)
        return {
            "analyze": True,
            "sites": [
                {
                    "folder": str(site.folder),
                    "root": str(site.root),
                    "generator": site.generator,
                    "config": str(site.config) if site.config else "",
                    "hints": list(site.hints),
                    "addresses": list(site.addresses.notes if site.addresses else ()),
                    "post_folders": [str(p) for p in site.post_folders],
                    "asset_roots": [str(p) for p in site.asset_roots],
                }
                for site in self.plan.sites
            ],
            "assets": [str(p) for p in self.plan.assets],
            "posts": len(self.posts),
            "post_addresses": [
                {"source": post["source"], "old_url": post["old_url"]} for post in self.posts[:50]
            ],
            "posts_by_folder": dict(sorted(by_folder.items())),
            "drafts": sum(post["draft"] for post in self.posts),
            "left_out": [
                {"source": str(row.path), "reason": row.reason} for row in self.plan.left_out
            ],
            "front_matter": [
                {"key": key, "posts": count, "field": field_for(key)}
                for key, count in self.keys.most_common()
            ],
            "templates": [
                {
                    "tag": tag,
                    "count": count,
                    "posts": self.tag_posts[tag],
                    "becomes": self.tag_fates.get(tag, "converted"),
                }
                for tag, count in self.tags_found.most_common()
            ],
            "images": {
                "referenced": len(self.images),
                "found": sum(image["status"] == "found" for image in self.images),
                "external": sum(image["status"] == "external" for image in self.images),
                "missing": [image for image in self.images if image["status"] == "missing"],
                "refused": [image for image in self.images if image["status"] == "refused"],
            },
            "encoding_damage": self.damaged,
            "dates": {"first": dates[0], "last": dates[-1]} if dates else {},
            "tags": counted(tag for post in self.posts for tag in post["tags"]),
            "authors": counted(post["author"] for post in self.posts if post["author"]),
            "slug_collisions": [
                {"slug": slug, "sources": sources}
                for slug, sources in sorted(slugs.items())
                if len(sources) > 1
            ],
            "failures": self.failures,
            "seconds": round(self.seconds, 3),
        }


def counted(values) -> list[dict[str, Any]]:
    return [{"name": name, "posts": n} for name, n in collections.Counter(values).most_common()]


def field_for(key: str) -> str:
    for fact, names in FIELD_NAMES.items():
        if key in names:
            return PAGE_FIELDS[fact]
    return OTHER_KEYS.get(key, "ignored")


def analyze(request: ImportRequest) -> Analysis:
    """What importing as `request` asks would do; reads the files, writes nothing. Each file is
    a post, left out or failed as the import would find it (``why_not_a_post``, then its
    outline)."""
    started = time.perf_counter()
    plan = plan_sources(list(request.sources), list(request.assets), request.include_drafts)
    analysis = Analysis(plan)
    options = RunOptions(
        old_url_template=request.old_url,
        source_roots=tuple(plan.sources),
        site_roots=tuple(site.root for site in plan.sites),
        site_addresses=tuple(site.addresses for site in plan.sites if site.addresses),
        max_size=request.max_size,
    )
    # Outlines need no parser or converter: only what the outline stages read.
    ctx = RunContext(options, None, None)  # type: ignore[arg-type]
    assets = AssetIndex.build(plan.assets, plan.sources)
    seen: set[Path] = set()
    for path in plan.paths:
        reason = why_not_a_post(path, plan.sources, seen)
        if reason:
            plan.left_out.append(LeftOut(path, reason))
        else:
            analyze_post(path, ctx, assets, analysis)
    analysis.seconds = time.perf_counter() - started
    return analysis


def analyze_post(path: Path, ctx: RunContext, assets: AssetIndex, analysis: Analysis) -> None:
    outline = outline_post(path, analysis.plan.generator_of(path), ctx, ctx.options.max_size)
    if outline.not_a_post:
        analysis.plan.left_out.append(LeftOut(path, outline.not_a_post))
        return
    if outline.draft is None:
        analysis.failures.append({"source": str(path), "error": outline.error})
        return
    draft: PostDraft = outline.draft
    post = draft.post
    assert post is not None
    first = first_repair(draft.text, draft.repairs)
    if first is not None:
        example = {"line": first.line, "before": first.before, "after": first.after}
        analysis.damaged.append({"source": str(path), "example": example})
    analysis.keys.update(post.variables.keys())
    references = []
    if "![" in post.body or "<img" in post.body.lower():
        prose = INLINE_CODE.sub("", without_code(post.body))
        references = [m["markdown"] or m["html"] for m in IMAGE_REFERENCES.finditer(prose)]
    scan_templates(post.body, post.variables, analysis, references)
    if post.image:
        references.append(post.image)
    for reference in references:
        status, reason = image_status(reference, path, assets, analysis.refusals)
        row = {"post": str(path), "reference": reference, "status": status}
        analysis.images.append({**row, "reason": reason} if reason else row)
    folder = next((s for s in analysis.plan.sources if s in path.parents), path.parent)
    analysis.posts.append(
        {
            "source": str(path),
            "folder": str(folder),
            "date": post.date.isoformat(),
            "slug": post.slug,
            "old_url": post.old_url,
            "tags": list(post.tags),
            "author": post.author,
            "draft": post.draft or path in analysis.plan.drafts,
        }
    )


def first_repair(text: str, outline: list[Repair]) -> Repair | None:
    """One damaged line of the post, repaired, as the example (the import repairs them all);
    None for a clean post. ftfy's own test for mojibake, one regex search, tells them apart,
    so a clean post costs no repair at all."""
    if outline:
        return outline[0]
    if not ftfy.badness.is_bad(text) and "\uf8ff" not in text:
        return None
    for index, line in enumerate(text.split("\n")):
        if not line.isascii() and (ftfy.badness.is_bad(line) or "\uf8ff" in line):
            _, repairs = repair_text(line)
            if repairs:
                return replace(repairs[0], line=index + 1)
    return None


def scan_templates(
    body: str, variables: dict[str, Any], analysis: Analysis, images: list[str]
) -> None:
    """Count the template tags outside code, learning what each becomes from the expand
    stage itself: each tag is expanded on its own (a paired tag with its closing tag), which
    costs far less than expanding the body. Images the tags make are added to `images`."""
    if "{%" not in body and "{{" not in body:
        return
    prose = INLINE_CODE.sub("", without_code(body))
    closed = closing_names(prose)
    in_post: set[str] = set()
    for match in TEMPLATE_TAGS.finditer(prose):
        if match["variable"] is not None:
            expr = match["variable"].strip()
            name = "{{ " + (expr.split()[0] if expr else "") + " }}"
            fate = (
                "the front matter value"
                if variable_value(expr, variables) is not None
                else "removed (with a warning)"
            )
        else:
            tag = match["liquid"] or match["shortcode"]
            if tag.startswith(("end", "/")):
                continue
            if match["liquid"]:
                name, closing = f"{{% {tag} %}}", f"{{% end{tag} %}}"
                paired = ("liquid", tag) in closed
            else:
                name, closing = f"{{{{< {tag} >}}}}", f"{{{{< /{tag} >}}}}"
                paired = ("shortcode", tag) in closed
            probe = match.group() + (f"\ntext\n{closing}" if paired else "")
            fate, made = expand_alone(probe)
            images.extend(made)
        analysis.tags_found[name] += 1
        in_post.add(name)
        # A tag that is removed anywhere is reported so; converted only if it always is.
        if analysis.tag_fates.get(name, "converted") in ("converted", "kept literally"):
            analysis.tag_fates[name] = fate
    analysis.tag_posts.update(in_post)


def closing_names(prose: str) -> set[tuple[str, str]]:
    """("liquid" or "shortcode", name) for each closing tag in `prose`, found in one pass (a
    search of the whole text per tag took time quadratic in the number of tags). A Liquid name
    stands also for each of its leading parts: ``{% endnote-box %}`` closes ``note`` too, as
    the expand stage's pattern reads it."""
    names: set[tuple[str, str]] = set()
    for match in CLOSING_TAGS.finditer(prose):
        if match["liquid"]:
            parts = match["liquid"].split("-")
            names.update(("liquid", "-".join(parts[:n])) for n in range(1, len(parts) + 1))
        else:
            names.add(("shortcode", match["shortcode"]))
    return names


def without_code(body: str) -> str:
    """The body less its code blocks, found as the expand stage finds them
    (``code_line_ranges``): what is in code is never a tag or an image."""
    lines = body.split("\n")
    for start, end in reversed(code_line_ranges(body)):
        del lines[start:end]
    return "\n".join(lines)


@functools.lru_cache(maxsize=4096)
def expand_alone(probe: str) -> tuple[str, tuple[str, ...]]:
    """What the expand stage makes of one tag: (its fate, the images it makes)."""
    markdown, warnings = expand_templates(probe, {})
    images = tuple(m["markdown"] or m["html"] for m in IMAGE_REFERENCES.finditer(markdown))
    if warnings:
        return fate_of(warnings[0]), images
    return ("kept literally" if re.match(r"{%-?\s*raw\b", probe) else "converted"), images


def fate_of(warning: str) -> str:
    if "no value" in warning:
        return "removed (with a warning)"
    if "text kept" in warning:
        return "its tags removed, its text kept (with a warning)"
    if "with its content" in warning:
        return "removed with its content (with a warning)"
    return "removed (with a warning)"


def image_status(
    reference: str, post_path: Path, assets: AssetIndex, refusals: dict[Path, str]
) -> tuple[str, str]:
    """(status, reason): "external", "missing", "found", or "refused" with the reason the
    import's picture gate would give (judged by the file's header: see ``checked_picture``)."""
    if is_external(reference) or reference.startswith("data:"):
        return "external", ""
    path = resolve(reference, post_path, assets)
    if path is None:
        return "missing", ""
    if path not in refusals:
        try:
            checked_picture(path.name, path.read_bytes(), decode=False)
            refusals[path] = ""
        except RefusedPicture as refusal:
            refusals[path] = str(refusal)
        except OSError as error:
            refusals[path] = f"cannot be read ({error.strerror})"
    return ("refused", refusals[path]) if refusals[path] else ("found", "")
