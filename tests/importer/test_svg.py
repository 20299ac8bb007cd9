"""Cleaning SVG drawings by allowlist before they reach public media (no database)."""

import xml.etree.ElementTree as ET

import pytest

from importer.write.assets import picture_from
from importer.write.svg import SVG, UnusableSvg, clean_svg

OPEN = '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink">'
CLOSE = "</svg>"


def drawing(inner: str) -> bytes:
    return f'{OPEN}<rect width="4" height="4" fill="teal"/>{inner}{CLOSE}'.encode()


def names(data: bytes) -> list[str]:
    """Every element and attribute in the cleaned file, as the browser would see them."""
    root = ET.fromstring(data)
    found = []
    for element in root.iter():
        found.append(element.tag)
        found.extend(f"{element.tag.rpartition('}')[2]}@{name}" for name in element.attrib)
    return found


# (hostile inner content, what the report names as removed, text that must not survive)
HOSTILE = [
    ("<script>alert(1)</script>", ["<script>"], "alert"),
    # The prefix is the author's choice: this is the SVG namespace's script all the same.
    (
        '<s:script xmlns:s="http://www.w3.org/2000/svg">alert(1)</s:script>',
        ["<script>"],
        "alert",
    ),
    (
        '<foreignObject><body xmlns="http://www.w3.org/1999/xhtml"><iframe src="x"/></body>'
        "</foreignObject>",
        ["<foreignObject>"],
        "iframe",
    ),
    (
        '<h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(1)</h:script>',
        ["<script> (not SVG)"],
        "alert",
    ),
    ('<circle r="2" onload="alert(1)" ONCLICK="x()"/>', ["onload= (an event handler)"], "alert"),
    (
        '<a href="javascript:alert(1)"><circle r="2"/></a>',
        ["a link to 'javascript:alert(1)'"],
        "javascript",
    ),
    (
        '<a xlink:href="https://evil.example/"><circle r="2"/></a>',
        ["a link to 'https://evil.example/'"],
        "evil",
    ),
    ('<use href="other.svg#icon"/>', ["a link to 'other.svg#icon'"], "other.svg"),
    ('<image href="data:image/svg+xml;base64,PHN2Zz4="/>', ["a link to"], "svg+xml"),
    (
        '<a href="#top"><animate attributeName="href" to="javascript:alert(1)"/></a>',
        ['<animate attributeName="href">'],
        "javascript",
    ),
    (
        '<a href="#top"><set attributeName="xlink:href" to="javascript:alert(1)"/></a>',
        ['<set attributeName="xlink:href">'],
        "javascript",
    ),
    ('<set attributeName="onclick" to="alert(1)"/>', ['<set attributeName="onclick">'], "alert"),
    (
        "<style>@import url(https://evil.example/x.css);</style>",
        ["a <style> that loads files"],
        "evil",
    ),
    ("<style>rect { fill: u\\72l(https://evil.example/p) }</style>", ["a <style>"], "evil"),
    (
        "<rect style=\"background: image-set('https://evil.example/p')\"/>",
        ["style= (loads a file)"],
        "evil",
    ),
    ('<rect fill="url(https://evil.example/p.svg#g)"/>', ["fill= (loads a file)"], "evil"),
    (
        '<rect inkscape:label="x" xmlns:inkscape="http://www.inkscape.org/namespaces/inkscape"/>',
        ["label="],
        "inkscape",
    ),
    ('<font-face font-family="x"><font-face-src/></font-face>', ["<font-face>"], "font-face"),
]


@pytest.mark.parametrize(("inner", "removed", "gone"), HOSTILE)
def test_what_could_run_script_or_load_files_is_removed_and_named(inner, removed, gone):
    cleaned = clean_svg(drawing(inner))

    assert gone not in cleaned.data.decode()
    for name in removed:
        assert any(item.startswith(name) for item in cleaned.removed), cleaned.removed
    kept = names(cleaned.data)
    assert f"{{{SVG}}}rect" in kept and "rect@fill" in kept
    for tag in kept:
        namespace = tag.partition("}")[0].lstrip("{")
        assert "@" in tag or namespace == SVG, tag
        assert "@on" not in tag.lower()


def test_a_drawing_with_nothing_to_remove_keeps_everything():
    source = drawing(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="red"/></linearGradient>'
        '<clipPath id="c"><circle r="3"/></clipPath></defs>'
        '<g clip-path="url(#c)" data-name="layer 1"><path d="M0 0L4 4" fill="url(#g)"/></g>'
        '<use xlink:href="#g"/><a href="#top"><text x="1">Stretch <tspan>daily</tspan></text></a>'
        '<animate attributeName="opacity" from="0" to="1" dur="1s"/>'
        '<image href="data:image/png;base64,iVBORw0KGgo="/><style>rect { fill: url(#g) }</style>'
    )

    cleaned = clean_svg(source)

    assert cleaned.removed == []
    assert cleaned.data == source  # stored as it was: the library finds it again by its hash
    assert picture_from("chart.svg", source)[1] == ""
    kept = names(cleaned.data)
    for name in ("use@{http://www.w3.org/1999/xlink}href", "a@href", "g@data-name", "image@href"):
        assert name in kept
    assert "Stretch " in cleaned.data.decode() and "url(#g)" in cleaned.data.decode()


@pytest.mark.parametrize(
    "encode",
    [
        lambda text: text.encode("utf-16"),  # with a byte-order mark
        lambda text: text.replace("UTF-16", "UTF-16LE").encode("utf-16-le"),
        lambda text: text.replace("UTF-16", "windows-1252").encode("cp1252"),
    ],
    ids=["utf-16-bom", "utf-16le-declared", "windows-1252-declared"],
)
def test_any_encoding_xml_allows_is_read_and_cleaned(encode):
    text = (
        '<?xml version="1.0" encoding="UTF-16"?>'
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg">'
        "<text>Caf\u00e9</text><s:script>alert(1)</s:script></svg>"
    )

    cleaned = clean_svg(encode(text))

    assert cleaned.removed == ["<script>"]
    assert b"alert" not in cleaned.data
    assert "Café" in cleaned.data.decode("utf-8")


def test_attributes_declared_in_the_doctype_are_checked_and_the_file_rebuilt():
    source = (
        b'<!DOCTYPE svg [<!ATTLIST rect onclick CDATA "alert(1)" fill CDATA "red">]>' + drawing("")
    )

    cleaned = clean_svg(source)

    assert cleaned.removed == ["the declarations in its <!DOCTYPE>", "onclick= (an event handler)"]
    assert b"ATTLIST" not in cleaned.data and b"alert" not in cleaned.data


def test_a_clean_drawing_in_utf_16_is_stored_in_utf_8_without_a_warning():
    source = drawing("<text>Café</text>").decode().encode("utf-16")

    cleaned = clean_svg(source)

    assert cleaned.removed == []
    assert cleaned.data.startswith(b"<svg") and "Café" in cleaned.data.decode("utf-8")


def test_words_after_a_removed_element_stay():
    cleaned = clean_svg(drawing("<text>Warm <script>x()</script>stones</text>"))

    assert "<text>Warm stones</text>" in cleaned.data.decode()


def test_processing_instructions_are_removed_and_named():
    source = b'<?xml-stylesheet type="text/xsl" href="https://evil.example/x.xsl"?>' + drawing("")

    cleaned = clean_svg(source)

    assert cleaned.removed == ["<?xml-stylesheet?>"]
    assert b"evil" not in cleaned.data


@pytest.mark.parametrize(
    ("source", "reason"),
    [
        (
            b'<!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]>'
            b'<svg xmlns="http://www.w3.org/2000/svg"><text>&b;</text></svg>',
            "declares XML entities",
        ),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><rect>', "not well-formed XML"),
        (b"<svg><script>alert(1)</script></svg>", "not an SVG <svg> element"),
        (b'<html xmlns="http://www.w3.org/2000/svg"/>', "not an SVG <svg> element"),
        (b"\x89PNG\r\n\x1a\n", "not well-formed XML"),
    ],
    ids=["entities", "truncated", "no-namespace", "other-root", "binary"],
)
def test_a_file_that_cannot_be_cleaned_is_refused_with_the_reason(source, reason):
    with pytest.raises(UnusableSvg, match=reason):
        clean_svg(source)
    picture, note = picture_from("x.svg", source)
    assert picture is None and note.endswith("it was left out")
    # A file that starts as a PNG is judged as one, whatever its name.
    assert reason in note or "is a damaged PNG picture" in note


def test_deep_nesting_neither_crashes_nor_keeps_script():
    depth = 3000
    source = (OPEN + "<g>" * depth + "<script>alert(1)</script>" + "</g>" * depth + CLOSE).encode()

    try:
        cleaned = clean_svg(source)
    except UnusableSvg as error:
        assert "nested too deeply" in str(error)
    else:
        assert b"alert" not in cleaned.data and cleaned.removed == ["<script>"]
