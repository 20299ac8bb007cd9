"""What each template tag the expand stage finds becomes, as the generators' modules say.

A tag is looked up among every generator's rules (``importer.generators``): a post may come
from a folder of no known site, and the names don't clash. What no rule makes is a site's own
picture shortcode when it names an image (``image_shortcode``), else it is dropped; a paired
tag's content stays, in a callout when the tag draws a box (``importer.generators.callouts``).
Each is named in a warning, except what a rule made.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from importer.generators import gathered, merged
from importer.generators.callouts import callout_from_tag
from importer.generators.tags import image_shortcode, shortcode_args, split_args

Warn = Callable[[str], None]

TAGS = merged("tags")
PAIRED_TAGS = merged("paired_tags")
SHORTCODES = merged("shortcodes")
PAIRED_SHORTCODES = merged("paired_shortcodes")
TAG_CALLOUTS = gathered("callouts", "liquid")
SHORTCODE_CALLOUTS = gathered("callouts", "hugo")


def names(found: frozenset[str] | set[str]) -> str:
    """A regular expression's alternation of tag names, longest first."""
    return "|".join(re.escape(name) for name in sorted(found, key=lambda name: (-len(name), name)))


# Liquid's own paired tag (not a generator's): ``{% capture name %}…{% endcapture %}``.
CAPTURE = "capture"
PAIRED_TAG_NAMES = names({CAPTURE, *PAIRED_TAGS, *TAG_CALLOUTS})
CODE_TAG_NAMES = names(gathered("code_tags"))
CODE_SHORTCODE_NAMES = names(gathered("code_shortcodes"))


def liquid_tag(match: re.Match[str], warn: Warn) -> str:
    """``{% name args %}`` (Liquid, Nunjucks, a Hexo tag plugin)."""
    name, args = match.group("name"), match.group("args")
    rule = TAGS.get(name)
    made = rule(split_args(args), args) if rule else None
    if made is not None:
        return made
    image = as_image(f"Template tag '{name}'", name, args, warn)
    if not image:
        warn(f"Template tag '{name}' is not supported and was removed.")
    return image


def liquid_paired(match: re.Match[str], warn: Warn) -> str:
    """``{% name %}…{% endname %}``: what a rule makes of it, else its content."""
    name, body = match.group("name"), match.group("body").strip()
    if name == CAPTURE:
        warn("Liquid tag 'capture' was removed with its content.")
        return ""
    rule = PAIRED_TAGS.get(name)
    if rule is not None:
        return rule(match.group("args"), body)
    return callout_from_tag(name, match.group("args"), body) or f"\n\n{body}\n\n"


def hugo_shortcode(match: re.Match[str], warn: Warn) -> str:
    """``{{< name args >}}`` (or ``{{% %}}``)."""
    name, args = match.group("name"), match.group("args")
    rule = SHORTCODES.get(name)
    made = rule(*shortcode_args(args), args) if rule else None
    if made is not None:
        return made
    image = as_image(f"Hugo shortcode '{name}'", name, args, warn)
    if not image:
        warn(f"Hugo shortcode '{name.lstrip('/')}' is not supported and was removed.")
    return image


def hugo_paired(match: re.Match[str], warn: Warn) -> str:
    """``{{< name >}}…{{< /name >}}``: what a rule makes of it, else its content (a callout's
    silently: the box goes, its text stays)."""
    name, body, args = match.group("name"), match.group("body"), match.group("args")
    rule = PAIRED_SHORTCODES.get(name)
    made = rule(args, body) if rule else None
    if made is not None:
        return made
    image = as_image(f"Hugo shortcode '{name}'", name, args, warn, " ".join(body.split()))
    if image:
        return image
    if name not in SHORTCODE_CALLOUTS:
        warn(f"Hugo shortcode '{name}' is not supported: its tags were removed, text kept.")
        return f"\n\n{body.strip()}\n\n"
    return callout_from_tag(name, args, body) or f"\n\n{body.strip()}\n\n"


def as_image(what: str, name: str, args: str, warn: Warn, caption: str = "") -> str:
    """A figure for a tag no generator defines that names a picture (a site's own picture
    shortcode), with a warning saying so; "" for any other."""
    image = image_shortcode(name, args, caption)
    if image:
        warn(f"{what} was read as an image.")
    return image
