"""Stage 4a, expand: template syntax in the Markdown becomes Markdown or plain HTML.

Static sites run their posts through a template language before Markdown: Liquid (Jekyll),
Nunjucks (Eleventy), Hugo shortcodes and Hexo tag plugins. The common tags are converted to
what they rendered (figures, videos, code blocks, links between posts); an unknown tag that
names an image file becomes a figure, other unknown tags are dropped, each with a warning that
names it; ``{% raw %}`` and Hugo's escaped ``{{</* */>}}`` stay
literal. Code is never touched: old sites did not expand tags inside fenced code or inline
code spans either (Hugo and Hexo skip them; Jekyll authors wrap them in ``raw``).

Links to other posts (``post_url``, ``link``, ``ref``, ``relref``) become
``POST_LINK_SCHEME`` URLs that the write stage turns into Wagtail page links.
"""

from __future__ import annotations

import html
import re
import shlex
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from importer.outside_code import Stash, stash_code

# A site-relative address survives the rich-text editor (an unknown scheme would be dropped).
POST_LINK_SCHEME = "/__imported-post__/"

# A post can only name that prefix by writing it out; it is made inert (a dead link stays
# dead, with its "_" percent-encoded) so that it cannot link wherever the run would resolve it.
FORGED_POST_LINK = re.compile(re.escape(POST_LINK_SCHEME))
INERT_POST_LINK = "/%5F" + POST_LINK_SCHEME[2:]

RAW_BLOCK = re.compile(r"{%-?\s*raw\s*-?%}(.*?){%-?\s*endraw\s*-?%}", re.DOTALL)
ESCAPED_SHORTCODE = re.compile(r"{{([<%])/\*(.*?)\*/([>%])}}", re.DOTALL)

# Paired tags whose content is code: (opening, closing) name pairs and how to read the language.
LIQUID_CODE_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*){%-?\s*(?P<name>highlight|codeblock|code)\b(?P<args>[^%]*?)-?%}[ \t]*\n"
    r"(?P<body>.*?)\n?[ \t]*{%-?\s*end(?P=name)\s*-?%}[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
HUGO_CODE_BLOCK = re.compile(
    r"^(?P<indent>[ \t]*){{[<%]\s*(?P<name>highlight|code-toggle|code)\b(?P<args>.*?)[>%]}}[ \t]*\n"
    r"(?P<body>.*?)\n?[ \t]*{{[<%]\s*/\s*(?P=name)\s*[>%]}}[ \t]*$",
    re.DOTALL | re.MULTILINE,
)
HUGO_PAIRED = re.compile(
    r"{{([<%])\s*(?P<name>[\w-]+)(?P<args>[^>%]*?)\s*[>%]}}(?P<body>.*?){{[<%]\s*/\s*(?P=name)\s*[>%]}}",
    re.DOTALL,
)
HUGO_SINGLE = re.compile(r"{{([<%])\s*(?P<name>/?[\w-]+)(?P<args>.*?)\s*[>%]}}", re.DOTALL)
LIQUID_PAIRED = re.compile(
    r"{%-?\s*(?P<name>callout|note|details|blockquote|quote|aside|tip|warning|capture)\b"
    r"(?P<args>[^%]*?)-?%}(?P<body>.*?){%-?\s*end(?P=name)\s*-?%}",
    re.DOTALL,
)
LIQUID_TAG = re.compile(r"{%-?\s*(?P<name>[\w-]+)(?P<args>.*?)-?%}", re.DOTALL)
LIQUID_OUTPUT = re.compile(r"{{-?\s*(?P<expr>.*?)\s*-?}}", re.DOTALL)
# A Markdown link whose address starts with a variable: ``[#12]({{ site.repository }}/issues/12)``.
# The expression stops at the first "}}": free to run on, a failed match retried every later
# "}}" on its line, which took minutes for a long line of such links left unclosed.
LINK_TO_VARIABLE = re.compile(
    r"\[(?P<text>[^\]\n]*)\]\(\s*{{-?\s*(?P<expr>(?:(?!}}).)*?)\s*-?}}[^)\s]*\)"
)

# The opening and closing tags of the paired patterns above, found on their own so that a tag
# is only tried where its closing tag follows (see sub_paired).
RAW_OPEN = re.compile(r"{%-?\s*(?P<name>raw)\s*-?%}")
RAW_CLOSE = re.compile(r"{%-?\s*end(?P<name>raw)\s*-?%}")
ESCAPED_OPEN = re.compile(r"{{[<%]/\*(?P<name>)")
ESCAPED_CLOSE = re.compile(r"\*/[>%]}}(?P<name>)")
LIQUID_CODE_OPEN = re.compile(
    r"^[ \t]*{%-?\s*(?P<name>highlight|codeblock|code)\b[^%]*?-?%}[ \t]*\n", re.MULTILINE
)
LIQUID_CODE_CLOSE = re.compile(
    r"[ \t]*{%-?\s*end(?P<name>highlight|codeblock|code)\s*-?%}[ \t]*$", re.MULTILINE
)
HUGO_CODE_OPEN = re.compile(
    r"^[ \t]*{{[<%]\s*(?P<name>highlight|code-toggle|code)\b[^\n]*?[>%]}}[ \t]*\n", re.MULTILINE
)
HUGO_CODE_CLOSE = re.compile(
    r"[ \t]*{{[<%]\s*/\s*(?P<name>highlight|code-toggle|code)\s*[>%]}}[ \t]*$", re.MULTILINE
)
HUGO_OPEN = re.compile(r"{{[<%]\s*(?P<name>[\w-]+)[^>%]*?\s*[>%]}}")
HUGO_CLOSE = re.compile(r"{{[<%]\s*/\s*(?P<name>[\w-]+)\s*[>%]}}")
LIQUID_PAIRED_NAMES = r"callout|note|details|blockquote|quote|aside|tip|warning|capture"
LIQUID_OPEN = re.compile(rf"{{%-?\s*(?P<name>{LIQUID_PAIRED_NAMES})\b[^%]*?-?%}}")
LIQUID_CLOSE = re.compile(rf"{{%-?\s*end(?P<name>{LIQUID_PAIRED_NAMES})\s*-?%}}")

# Shortcodes a site wrote for its own pictures: a src-like attribute, or an image file.
IMAGE_SOURCE_ATTRIBUTES = ("src", "image", "image_path", "img")
IMAGE_PATH = re.compile(r"\.(?:png|jpe?g|gif|webp|avif|svg)(?:[?#]\S*)?$", re.IGNORECASE)
TEMPLATE_INCLUDES = frozenset({"include", "include_relative", "render", "partial", "renderFile"})
IMAGE_NAME = re.compile(r"im(?:a)?g|figure|photo|picture|screenshot", re.IGNORECASE)

GITHUB_ISSUES = "https://github.com/gohugoio/hugo/issues/"
QUOTED = re.compile(r"""^(["'])(.*)\1$""", re.DOTALL)


@dataclass(slots=True)
class Expansion:
    """Working state of one expansion: stashed literal text and the warnings so far."""

    variables: dict[str, Any]
    stash: Stash = field(default_factory=Stash)
    warnings: list[str] = field(default_factory=list)

    def keep(self, text: str) -> str:
        """Set text aside so that no later rule touches it; it returns verbatim at the end."""
        return self.stash.keep(text)

    def warn(self, message: str) -> None:
        if message not in self.warnings:
            self.warnings.append(message)


def expand_templates(markdown: str, variables: dict[str, Any]) -> tuple[str, list[str]]:
    """Return Markdown free of template syntax, and a warning per tag that was dropped."""
    warnings: list[str] = []
    markdown = disarm_post_links(markdown, warnings)
    if "{%" not in markdown and "{{" not in markdown:
        return markdown, warnings
    state = Expansion(variables, warnings=warnings)
    text = state.stash.protect(markdown)
    text = sub_paired(RAW_BLOCK, RAW_OPEN, RAW_CLOSE, lambda m: state.keep(m.group(1)), text)
    text = sub_paired(
        ESCAPED_SHORTCODE,
        ESCAPED_OPEN,
        ESCAPED_CLOSE,
        lambda m: state.keep(f"{{{{{m[1]}{m[2]}{m[3]}}}}}"),
        text,
    )
    text = sub_paired(
        LIQUID_CODE_BLOCK,
        LIQUID_CODE_OPEN,
        LIQUID_CODE_CLOSE,
        lambda m: state.keep(code_fence(m, liquid_language)),
        text,
    )
    text = sub_paired(
        HUGO_CODE_BLOCK,
        HUGO_CODE_OPEN,
        HUGO_CODE_CLOSE,
        lambda m: state.keep(code_fence(m, hugo_language)),
        text,
    )
    text = stash_code(text, state.stash)
    text = sub_paired(HUGO_PAIRED, HUGO_OPEN, HUGO_CLOSE, lambda m: hugo_paired(m, state), text)
    text = sub_closed(HUGO_SINGLE, (">}}", "%}}"), lambda m: hugo_shortcode(m, state), text)
    for _ in range(3):  # paired tags may nest (a note inside a callout)
        text = sub_paired(
            LIQUID_PAIRED, LIQUID_OPEN, LIQUID_CLOSE, lambda m: liquid_paired(m, state), text
        )
    text = sub_closed(LIQUID_TAG, ("%}",), lambda m: liquid_tag(m, state), text)
    text = LINK_TO_VARIABLE.sub(lambda m: link_to_variable(m, state), text)
    text = sub_closed(LIQUID_OUTPUT, ("}}",), lambda m: liquid_output(m, state), text)
    return state.stash.restore(text), state.warnings


Replacement = Callable[[re.Match[str]], str]


def sub_paired(
    pattern: re.Pattern[str],
    opening: re.Pattern[str],
    closing: re.Pattern[str],
    replace: Replacement,
    text: str,
) -> str:
    """``pattern.sub(replace, text)`` for a pattern of an opening tag, a body and a closing
    tag of the same name, in time linear in the text.

    The pattern alone tries every opening tag and searches the rest of the text for its
    closing tag: a post with thousands of tags that are never closed (Hugo's own single
    shortcodes look like openings) took hours. Here it is only tried at openings with a
    closing tag of their name somewhere after them, where it stops at the first."""
    last_closing: dict[str, int] = {}
    for match in closing.finditer(text):
        last_closing[match.group("name")] = match.start()
    if not last_closing:
        return text
    out: list[str] = []
    position = 0
    for candidate in opening.finditer(text):
        start = candidate.start()
        if start < position or last_closing.get(candidate.group("name"), -1) < candidate.end():
            continue
        match = pattern.match(text, start)
        if match is None:
            continue
        out.append(text[position:start])
        out.append(replace(match))
        position = match.end()
    out.append(text[position:])
    return "".join(out)


def sub_closed(
    pattern: re.Pattern[str], closers: tuple[str, ...], replace: Replacement, text: str
) -> str:
    """``pattern.sub(replace, text)`` for a tag that ends at the first of `closers`, in time
    linear in the text: tags opened after the last closer (which the pattern would each
    search to the end of the text for) are left as they are, as the pattern leaves them."""
    ends = [text.rfind(closer) + len(closer) for closer in closers if closer in text]
    if not ends:
        return text
    end = max(ends)
    return pattern.sub(replace, text[:end]) + text[end:]


def disarm_post_links(text: str, warnings: list[str]) -> str:
    """`text` with the prefix of links between posts made inert where the post writes it."""
    if POST_LINK_SCHEME not in text:
        return text
    message = (
        f"The post's text has addresses starting {POST_LINK_SCHEME}, which the importer uses "
        f"for links between posts; they were written {INERT_POST_LINK} instead."
    )
    if message not in warnings:
        warnings.append(message)
    return FORGED_POST_LINK.sub(INERT_POST_LINK, text)


def code_fence(match: re.Match[str], language_of: Callable[[str], str]) -> str:
    indent = match.group("indent")
    lines = match.group("body").split("\n")
    # The tag's own indentation (inside a list item) is not part of the code.
    body = "\n".join(line[len(indent) :] if line.startswith(indent) else line for line in lines)
    marker = "~~~~" if "```" in body else "```"
    fenced = f"{marker}{language_of(match.group('args'))}\n{body}\n{marker}"
    return "\n".join(indent + line if line else line for line in fenced.split("\n"))


def liquid_language(args: str) -> str:
    """``{% highlight ruby linenos %}`` and Hexo's ``{% codeblock title lang:js %}``."""
    words = split_args(args)
    for word in words:
        if word.startswith("lang:"):
            return word[5:]
    if words and ":" not in words[0] and "=" not in words[0] and "://" not in words[0]:
        return words[0] if len(words) == 1 or words[1] in ("linenos",) else ""
    return ""


def hugo_language(args: str) -> str:
    attrs, positional = shortcode_args(args)
    if "lang" in attrs:
        return attrs["lang"]
    if positional:
        return positional[0]
    return "toml" if "file" in attrs else ""


def split_args(args: str) -> list[str]:
    try:
        return shlex.split(args.replace(",", " "))
    except ValueError:
        return args.replace(",", " ").split()


def shortcode_args(args: str) -> tuple[dict[str, str], list[str]]:
    attrs: dict[str, str] = {}
    positional: list[str] = []
    for word in split_args(args):
        name, sep, value = word.partition("=")
        if sep and re.fullmatch(r"[\w-]+", name):
            attrs[name] = value
        else:
            positional.append(word)
    return attrs, positional


def video_embed(url: str) -> str:
    return f'\n\n<iframe src="{html.escape(url)}"></iframe>\n\n'


def youtube(video_id: str) -> str:
    return video_embed(f"https://www.youtube.com/watch?v={video_id}")


def vimeo(video_id: str) -> str:
    return video_embed(f"https://vimeo.com/{video_id}")


def figure(src: str, alt: str = "", caption: str = "") -> str:
    img = f'<img src="{html.escape(src)}" alt="{html.escape(alt)}">'
    if caption:
        return f"\n\n<figure>{img}<figcaption>{html.escape(caption)}</figcaption></figure>\n\n"
    return f"\n\n<figure>{img}</figure>\n\n"


def post_link(target: str) -> str:
    """A link to another post by its file: the write stage resolves it to a page."""
    name = target.strip().strip("\"'").rsplit("/", 1)[-1]
    name = re.sub(r"\.(md|markdown|mdx|html)$", "", name)
    return f"{POST_LINK_SCHEME}{name}"


def hugo_paired(match: re.Match[str], state: Expansion) -> str:
    name, body = match.group("name"), match.group("body")
    attrs, positional = shortcode_args(match.group("args"))
    if name == "imgproc" and positional:
        return figure(positional[0], caption=" ".join(body.split()))
    if name == "figure":
        return figure(attrs.get("src", ""), attrs.get("alt", ""), body.strip())
    image = image_shortcode(name, match.group("args"), caption=" ".join(body.split()))
    if image:
        state.warn(f"Hugo shortcode '{name}' was read as an image.")
        return image
    if name not in ("note", "tip", "warning", "admonition", "details", "callout", "aside"):
        state.warn(f"Hugo shortcode '{name}' is not supported: its tags were removed, text kept.")
    return f"\n\n{body.strip()}\n\n"


def hugo_shortcode(match: re.Match[str], state: Expansion) -> str:
    name = match.group("name")
    attrs, positional = shortcode_args(match.group("args"))
    first = attrs.get("id") or (positional[0] if positional else "")
    if name == "figure":
        caption = attrs.get("caption") or attrs.get("title", "")
        return figure(attrs.get("src", ""), attrs.get("alt", ""), caption)
    if name in ("youtube", "vimeo") and first:
        return youtube(first) if name == "youtube" else vimeo(first)
    if name == "imgproc" and positional:
        return figure(positional[0])
    if name == "gh":
        return ", ".join(github_link(arg) for arg in positional)
    if name in ("ref", "relref") and first:
        return post_link(first)
    image = image_shortcode(name, match.group("args"))
    if image:
        state.warn(f"Hugo shortcode '{name}' was read as an image.")
        return image
    state.warn(f"Hugo shortcode '{name.lstrip('/')}' is not supported and was removed.")
    return ""


def github_link(arg: str) -> str:
    """Hugo's own ``gh`` shortcode links an issue number or a GitHub user."""
    if arg.startswith("@"):
        return f"[{arg}](https://github.com/{arg[1:]})"
    if arg.isdigit():
        return f"[#{arg}]({GITHUB_ISSUES}{arg})"
    return arg


def liquid_paired(match: re.Match[str], state: Expansion) -> str:
    name, body = match.group("name"), match.group("body").strip()
    if name == "capture":
        state.warn("Liquid tag 'capture' was removed with its content.")
        return ""
    if name in ("blockquote", "quote"):
        return "\n\n" + "\n".join(f"> {line}" for line in body.split("\n")) + "\n\n"
    return f"\n\n{body}\n\n"


def liquid_tag(match: re.Match[str], state: Expansion) -> str:
    name, args = match.group("name"), match.group("args")
    words = split_args(args)
    first = words[0] if words else ""
    if name in ("youtube", "youtubeEmbed") and first:
        return youtube(first)
    if name == "vimeo" and first:
        return vimeo(first)
    if name in ("post_url", "link", "post_link") and first:
        return post_link(first)
    if name in ("asset_img", "img", "image") and words:
        src = next((w for w in words if "/" in w or "." in w), first)
        rest = words[words.index(src) + 1 :]
        text = " ".join(w for w in rest if not w.isdigit())
        return figure(src, alt=text, caption="")
    if name in ("asset_path", "asset_link") and first:
        return first
    if name == "indieweblink" and words:
        return f"[{words[0]}]({words[1]})" if len(words) > 1 else words[0]
    image = image_shortcode(name, args)
    if image:
        state.warn(f"Template tag '{name}' was read as an image.")
        return image
    state.warn(f"Template tag '{name}' is not supported and was removed.")
    return ""


def image_shortcode(name: str, args: str, caption: str = "") -> str:
    """A figure for a site's own image shortcode (``{% inTextImg "/img/x.png" "alt" %}``,
    ``{{< img src="x.png" alt="…" >}}``, ``{% include figure image_path="…" %}``): one that
    names an image file in a ``src``-like attribute or its first argument; "" for others."""
    attrs, positional = shortcode_args(args)
    src = next((attrs[key] for key in IMAGE_SOURCE_ATTRIBUTES if attrs.get(key)), "")
    rest = positional
    # An include's argument is a template file inlined whole (often an SVG icon), not a picture.
    by_position = name not in TEMPLATE_INCLUDES
    if not src and by_position and positional and IMAGE_PATH.search(positional[0]):
        src, rest = positional[0], positional[1:]
    if not src or not (IMAGE_PATH.search(src) or IMAGE_NAME.search(name)):
        return ""
    alt = attrs.get("alt") or " ".join(word for word in rest if not word.isdigit())
    return figure(src, alt, caption or attrs.get("caption") or attrs.get("title", ""))


def link_to_variable(match: re.Match[str], state: Expansion) -> str:
    """Without the variable the address would point nowhere on the new site; keep the text."""
    if variable_value(match.group("expr"), state.variables) is not None:
        return match.group()
    state.warn(
        f"Template variable '{match.group('expr').split('|', 1)[0].strip()}' has no value "
        "here; the link to it was removed and its text kept."
    )
    return match.group("text")


def variable_value(expr: str, variables: dict[str, Any]) -> str | None:
    path = expr.split("|", 1)[0].strip()
    literal = QUOTED.match(path)
    if literal:  # {{ "https://..." | someFilter }} prints the string itself
        return literal.group(2)
    value: Any = variables
    for part in path.removeprefix("page.").split("."):
        value = value.get(part) if isinstance(value, dict) else None
    if isinstance(value, (str, int, float)) and not isinstance(value, bool):
        return str(value)
    return None


def liquid_output(match: re.Match[str], state: Expansion) -> str:
    """``{{ title }}`` prints a front matter value; anything else needs the old site's data."""
    value = variable_value(match.group("expr"), state.variables)
    if value is not None:
        # Front matter text, whatever characters it holds, is text: no token, no post link.
        return state.stash.keep(disarm_post_links(value, state.warnings), literal=True)
    path = match.group("expr").split("|", 1)[0].strip()
    state.warn(f"Template variable '{path}' has no value here and was removed.")
    return ""
