"""Cleaning an SVG drawing down to what draws, by allowlist, before it reaches public media.

An SVG is a document: opened on its own (its /media/ address, or a rendition of it) it runs its
scripts and follows its links with the site's origin. A denylist of tag names misses what a
browser still reads as script (``<s:script xmlns:s="http://www.w3.org/2000/svg">``, which
Wagtail's renditions then rewrite as a plain ``<script>``), so the file is parsed as XML and
rebuilt from elements and attributes known to only draw, chosen by namespace URI (never by
prefix). The lists follow the SVG 2 element and attribute indexes, narrowed the way DOMPurify's
SVG profile and the svg-sanitizer library narrow them; what they leave out the importer never
needs: script, foreignObject, event handlers, links anywhere but inside the drawing, fonts and
cursors loaded from elsewhere.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

SVG = "http://www.w3.org/2000/svg"
XLINK = "http://www.w3.org/1999/xlink"
XML = "http://www.w3.org/XML/1998/namespace"

# Elements that draw, group, describe, or paint (SVG 2 and filter effects), by local name in the
# SVG namespace. Left out: script, foreignObject, iframe and the other HTML-ish ones, font-face
# and cursor (they load files), discard, and any element this list does not name.
ELEMENTS = frozenset(
    {
        "svg", "g", "defs", "desc", "title", "metadata", "symbol", "use", "switch", "a", "view",
        "path", "rect", "circle", "ellipse", "line", "polyline", "polygon", "image",
        "text", "tspan", "textPath",
        "linearGradient", "radialGradient", "stop", "pattern", "clipPath", "mask", "marker",
        "style",
        "filter", "feBlend", "feColorMatrix", "feComponentTransfer", "feComposite",
        "feConvolveMatrix", "feDiffuseLighting", "feDisplacementMap", "feDistantLight",
        "feDropShadow", "feFlood", "feFuncA", "feFuncB", "feFuncG", "feFuncR", "feGaussianBlur",
        "feImage", "feMerge", "feMergeNode", "feMorphology", "feOffset", "fePointLight",
        "feSpecularLighting", "feSpotLight", "feTile", "feTurbulence",
        "animate", "animateMotion", "animateTransform", "set", "mpath",
    }
)  # fmt: skip
ANIMATIONS = frozenset({"animate", "animateMotion", "animateTransform", "set"})

# Attributes without a namespace, compared lower-cased (authoring tools disagree on case).
# Presentation, geometry, gradients, filters, text and animation timing; no event handlers,
# no href (see LINK_ATTRIBUTES), nothing that names a file to load.
ATTRIBUTES = frozenset(
    {
        "id", "class", "style", "lang", "version", "baseprofile", "viewbox",
        "preserveaspectratio", "zoomandpan", "x", "y", "width", "height", "transform",
        "transform-origin", "d", "pathlength", "points", "cx", "cy", "r", "rx", "ry", "fx", "fy",
        "fr", "x1", "y1", "x2", "y2", "dx", "dy", "rotate", "textlength", "lengthadjust",
        "startoffset", "method", "spacing", "side", "systemlanguage",
        "fill", "fill-opacity", "fill-rule", "stroke", "stroke-width", "stroke-opacity",
        "stroke-linecap", "stroke-linejoin", "stroke-miterlimit", "stroke-dasharray",
        "stroke-dashoffset", "opacity", "color", "paint-order", "vector-effect", "display",
        "visibility", "overflow", "clip", "clip-path", "clip-rule", "mask", "mask-type",
        "filter", "marker-start", "marker-mid", "marker-end", "mix-blend-mode", "isolation",
        "shape-rendering", "text-rendering", "image-rendering", "color-interpolation",
        "color-interpolation-filters", "color-rendering",
        "font-family", "font-size", "font-size-adjust", "font-stretch", "font-style",
        "font-variant", "font-weight", "letter-spacing", "word-spacing", "text-anchor",
        "text-decoration", "dominant-baseline", "alignment-baseline", "baseline-shift",
        "writing-mode", "direction", "unicode-bidi", "white-space",
        "gradientunits", "gradienttransform", "spreadmethod", "offset", "stop-color",
        "stop-opacity", "patternunits", "patterncontentunits", "patterntransform",
        "clippathunits", "maskunits", "maskcontentunits", "markerunits", "markerwidth",
        "markerheight", "refx", "refy", "orient",
        "filterunits", "primitiveunits", "in", "in2", "result", "mode", "type", "values",
        "tablevalues", "slope", "intercept", "amplitude", "exponent", "k1", "k2", "k3", "k4",
        "operator", "order", "kernelmatrix", "divisor", "bias", "targetx", "targety", "edgemode",
        "kernelunitlength", "preservealpha", "surfacescale", "diffuseconstant",
        "specularconstant", "specularexponent", "lighting-color", "azimuth", "elevation",
        "pointsatx", "pointsaty", "pointsatz", "limitingconeangle", "z", "scale",
        "xchannelselector", "ychannelselector", "flood-color", "flood-opacity", "stddeviation",
        "radius", "basefrequency", "numoctaves", "seed", "stitchtiles",
        "attributename", "attributetype", "begin", "dur", "end", "min", "max", "restart",
        "repeatcount", "repeatdur", "calcmode", "keytimes", "keysplines", "keypoints", "from",
        "to", "by", "additive", "accumulate", "path",
    }
)  # fmt: skip
LINK_ATTRIBUTES = frozenset({"href", f"{{{XLINK}}}href"})
OTHER_NAMESPACED = frozenset({f"{{{XML}}}space", f"{{{XML}}}lang", f"{{{XLINK}}}title"})
# Pictures embedded in the file itself: raster data cannot run script or reach the network (the
# exception DOMPurify also makes for <image>). An embedded SVG could, so it is not one of them.
EMBEDDED_RASTER = re.compile(r"data:image/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/=\s]*\Z", re.I)
PICTURE_ELEMENTS = frozenset({"image", "feImage"})

CSS_ESCAPE = re.compile(r"\\([0-9a-fA-F]{1,6})\s?|\\(.)", re.DOTALL)
CSS_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)


def without_css_comments(css: str) -> str:
    """`css` less its comments, in time linear in it: the pattern alone searches the rest of
    the text from every ``/*`` left open, so it only reads up to the last ``*/``. (A comment
    left open stays, as CSS_LOADS must still see what follows it.)"""
    end = css.rfind("*/")
    if end < 0:
        return css
    return CSS_COMMENT.sub("", css[: end + 2]) + css[end + 2 :]


# What in CSS loads something: url(...) unless it names an element of the drawing, @import,
# image-set() and src() (which take a bare string), and the old script hooks.
CSS_LOADS = re.compile(
    r"url\(\s*['\"]?\s*(?!#)|@import|image-set\(|src\(|expression\(|-moz-binding|behavior\s*:"
    r"|javascript:"
)


class UnusableSvg(Exception):
    """The file cannot be cleaned: it is not well-formed XML, not an SVG drawing, or it
    declares entities. The message says which, for the report."""


@dataclass(slots=True)
class CleanedSvg:
    data: bytes
    """The file's own bytes when nothing was removed and it is UTF-8 (every part of it is then
    known to only draw); else the drawing rebuilt, UTF-8, from what the allowlists keep."""
    removed: list[str] = field(default_factory=list)
    """What was taken out, each named once, in the order found ("<script>", "onload=")."""


class _Builder(ET.TreeBuilder):
    """A tree builder that notes the processing instructions it is handed (which the tree
    itself leaves out): an <?xml-stylesheet?> can load an XSLT file that runs script."""

    def __init__(self) -> None:
        super().__init__()
        self.instructions: list[str] = []

    def pi(self, target: str, text: str | None = None) -> None:
        self.instructions.append(target)


def clean_svg(data: bytes) -> CleanedSvg:
    """`data` (an SVG file in any encoding XML allows: a BOM, or its declaration's) as a drawing
    that can only draw; raises ``UnusableSvg`` when there is no safe drawing to keep."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=False, forbid_entities=True)
    # Declarations inside <!DOCTYPE svg [...]> can give elements attributes the file doesn't
    # show where they apply; the parser applies them (and they are checked), but the file's
    # own bytes would carry the declarations, so such a file is always stored rebuilt.
    declarations: list[bool] = []
    parser.parser.StartDoctypeDeclHandler = lambda name, system, public, internal: (
        declarations.append(bool(internal))
    )
    try:
        parser.feed(data)
        root = parser.close()
    except DefusedXmlException as error:
        raise UnusableSvg("it declares XML entities (<!ENTITY>), which can hide content") from error
    except ET.ParseError as error:
        raise UnusableSvg(f"it is not well-formed XML ({error})") from error
    if root.tag != f"{{{SVG}}}svg":
        raise UnusableSvg("its outermost element is not an SVG <svg> element")
    removed = dict.fromkeys(f"<?{target}?>" for target in builder.instructions)
    if any(declarations):
        removed["the declarations in its <!DOCTYPE>"] = None
    clean_tree(root, removed)
    if not removed and is_utf8(data):
        return CleanedSvg(data)
    # The prefixes Willow (Wagtail's image library) registers too, so both write plain SVG.
    ET.register_namespace("", SVG)
    ET.register_namespace("xlink", XLINK)
    try:
        cleaned = ET.tostring(root, encoding="utf-8")
    except RecursionError as error:
        raise UnusableSvg("it is nested too deeply to clean") from error
    return CleanedSvg(cleaned, list(removed))


def is_utf8(data: bytes) -> bool:
    """Whether `data` is UTF-8 (or ASCII), which every reader of the library's files expects;
    a drawing in another encoding is stored rebuilt in UTF-8, with nothing else changed."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def clean_tree(root: ET.Element, removed: dict[str, None]) -> None:
    """Remove from `root` (in place) every element and attribute the allowlists don't keep,
    noting each in `removed`. Walks with its own stack: a deeply nested file must not
    exhaust Python's."""
    clean_attributes(root, removed)
    stack = [root]
    while stack:
        parent = stack.pop()
        kept: list[ET.Element] = []
        for child in parent:
            reason = refused_element(child)
            if not reason:
                clean_attributes(child, removed)
                kept.append(child)
                continue
            removed[reason] = None
            # The text after a removed element stays (in a <text>, those are words).
            if child.tail and kept:
                kept[-1].tail = (kept[-1].tail or "") + child.tail
            elif child.tail:
                parent.text = (parent.text or "") + child.tail
        if len(kept) != len(parent):
            parent[:] = kept
        stack.extend(kept)


def refused_element(element: ET.Element) -> str:
    """Why `element` goes (with everything inside it), or "" if it stays."""
    tag = element.tag
    if not isinstance(tag, str):  # a comment: the builder keeps none, but be sure
        return "a comment"
    namespace, _, name = tag[1:].partition("}") if tag.startswith("{") else ("", "", tag)
    if namespace != SVG:
        return f"<{name}> (not SVG)" if namespace else f"<{name}> (no namespace)"
    if name not in ELEMENTS:
        return f"<{name}>"
    if name == "style" and loads_something(element.text or ""):
        return "a <style> that loads files"
    if name in ANIMATIONS:
        target = element.get("attributeName", "")
        local = target.rpartition(":")[2].lower()
        if local == "href" or local not in ATTRIBUTES or local.startswith("on"):
            return f'<{name} attributeName="{target}">'
    return ""


def clean_attributes(element: ET.Element, removed: dict[str, None]) -> None:
    name = element.tag.rpartition("}")[2]
    for attribute, value in list(element.attrib.items()):
        reason = refused_attribute(name, attribute, value)
        if reason:
            removed[reason] = None
            del element.attrib[attribute]


def refused_attribute(element: str, attribute: str, value: str) -> str:
    """Why `attribute` goes from `element`, or "" if it stays."""
    local = attribute.rpartition("}")[2]
    if local.lower().startswith("on"):
        return f"{local}= (an event handler)"
    if attribute in LINK_ATTRIBUTES:
        if value.strip().startswith("#"):
            return ""
        if element in PICTURE_ELEMENTS and EMBEDDED_RASTER.match(value.strip()):
            return ""
        return f"a link to {value.strip()[:60]!r}"
    if attribute.startswith("{"):
        if attribute in OTHER_NAMESPACED:
            return ""
        namespace = attribute[1:].partition("}")[0]
        return f"{local}= (from {namespace})"
    # data-* attributes hold an authoring tool's notes; nothing in an image reads them.
    if local.lower() not in ATTRIBUTES and not local.startswith("data-"):
        return f"{local}="
    if loads_something(value):
        return f"{local}= (loads a file)"
    return ""


def loads_something(css: str) -> bool:
    """Whether CSS (a <style>, a style attribute, a presentation attribute's value) refers to
    anything outside the drawing. Escapes and comments are undone first, as a browser does."""
    text = without_css_comments(CSS_ESCAPE.sub(unescape_css, css)).lower()
    return bool(CSS_LOADS.search(text))


def unescape_css(match: re.Match[str]) -> str:
    if match.group(1):
        code = int(match.group(1), 16)
        return chr(code) if 0 < code <= 0x10FFFF else "\ufffd"
    return match.group(2)
