"""Callouts: the boxed notes, tips and warnings generators draw around a post's Markdown.

Every generator has its own way of writing one: Docusaurus's admonitions (``:::tip Title``),
GitHub's and Obsidian's alerts (``> [!NOTE]``), Hugo themes' shortcodes
(``{{< notice warning >}}``, ``{{% alert title="X" %}}``, ``{{< callout type="info" >}}``,
``{{< admonition tip "Title" >}}``), Liquid tags (``{% callout note %}``, Hexo NexT's
``{% note info %}``) and kramdown's ``{: .note }`` on a paragraph or quote. Each becomes the
same HTML, ``callout_open`` … ``CALLOUT_CLOSE``, which the convert stage makes a
``CalloutBlock`` of (``blog.blocks.CALLOUT_KINDS``); the words each convention uses for its
kinds are mapped to the block's kinds by ``callout_kind``.
"""

from __future__ import annotations

import html

from importer.generators.tags import shortcode_args

# The block's kinds (blog.blocks.CALLOUT_KINDS), and the other words generators and themes use.
KIND_WORDS = {
    "note": "note", "tip": "tip", "info": "info", "warning": "warning", "danger": "danger",
    "caution": "warning", "important": "info", "hint": "tip", "success": "tip", "check": "tip",
    "done": "tip", "question": "info", "help": "info", "faq": "info", "primary": "info",
    "secondary": "note", "abstract": "note", "summary": "note", "tldr": "note", "todo": "note",
    "example": "note", "quote": "note", "cite": "note", "attention": "warning",
    "warn": "warning", "alert": "warning", "error": "danger", "failure": "danger",
    "fail": "danger", "missing": "danger", "bug": "danger", "critical": "danger",
}  # fmt: skip
# GitHub's alerts: CAUTION is its red one ("negative potential consequences").
ALERT_KINDS = {**KIND_WORDS, "caution": "danger"}
# Names of paired tags and shortcodes that draw a box, whatever kind their arguments give.
BOX_NAMES = frozenset({"callout", "notice", "alert", "admonition", "hint", "aside", "message"})
CALLOUT_NAMES = BOX_NAMES | frozenset(KIND_WORDS) - {"quote", "cite", "done", "check", "fail"}
# The arguments a theme names the kind and the title with.
KIND_ATTRIBUTES = ("type", "kind", "color", "class", "style", "level", "variant")
# Arguments that say how the content is written, not what the box says (11ty.dev's
# ``{% callout "info", "md" %}``), nor an icon (NexT's ``{% note info no-icon %}``).
FORMAT_WORDS = frozenset({"md", "markdown", "html", "block", "inline", "open", "closed"})
CALLOUT_CLOSE = "</aside>"


def callout_kind(word: str, alert: bool = False) -> str:
    """The block's kind for a generator's word (``caution``, ``notice--warning``,
    ``alert-danger``); "" for a word that names no kind."""
    word = word.strip().lower()
    for prefix in ("notice--", "alert-", "admonition-", "callout-", "is-"):
        word = word.removeprefix(prefix)
    return (ALERT_KINDS if alert else KIND_WORDS).get(word, "")


def callout_open(kind: str, title: str = "") -> str:
    """The opening tag of a callout, as the convert stage reads it."""
    title_attribute = f' data-callout-title="{html.escape(title.strip())}"' if title.strip() else ""
    return f'<aside data-callout="{kind or "note"}"{title_attribute}>'


def callout_markdown(kind: str, title: str, body: str) -> str:
    """A callout around Markdown, as blocks of its own: the tags on their own lines, blank
    lines between, so the Markdown inside renders."""
    return f"\n\n{callout_open(kind, title)}\n\n{body.strip()}\n\n{CALLOUT_CLOSE}\n\n"


def callout_from_tag(name: str, args: str, body: str) -> str | None:
    """A paired tag or shortcode named `name` with `args` around `body` as a callout; None for
    one that draws no box (``details``: its content stays as it is)."""
    name = name.lower()
    if name not in CALLOUT_NAMES:
        return None
    attrs, positional = shortcode_args(args)
    kind = callout_kind(name)
    title = attrs.get("title", "") or attrs.get("header", "")
    for attribute in KIND_ATTRIBUTES:
        if callout_kind(attrs.get(attribute, "")):
            kind = callout_kind(attrs[attribute])
            break
    words = [
        word
        for word in positional
        if "icon" not in word.lower() and word.lower() not in FORMAT_WORDS
    ]
    if words and callout_kind(words[0]):
        kind = callout_kind(words[0])
        words = words[1:]
    if not title and words:
        title = " ".join(words)
    return callout_markdown(kind or "note", title, body)
