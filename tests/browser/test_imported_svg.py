"""An imported SVG opened on its own in a real browser (its /media/ address, as a visitor who
right-clicks "open image" would): neither the stored original nor any rendition runs script."""

import json

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.browser.urls"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A script under another prefix of the SVG namespace, an onload handler, a javascript: link and
# an HTML island: each runs when the file is opened as a document, unless the importer cleans it.
HOSTILE_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg" '
    'xmlns:xlink="http://www.w3.org/1999/xlink" width="60" height="30" onload="alert(1)">'
    '<rect width="60" height="30" fill="teal"/><s:script>alert(2)</s:script>'
    '<a xlink:href="javascript:alert(3)"><circle cx="15" cy="15" r="10"/></a>'
    '<foreignObject width="60" height="30"><body xmlns="http://www.w3.org/1999/xhtml">'
    '<img src="x" onerror="alert(4)"/></body></foreignObject></svg>'
)

# What a denylist of tag names let through: the SVG namespace's script under another prefix.
PREFIXED_SCRIPT = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg" width="60" '
    'height="30"><rect width="60" height="30"/><s:script>alert(2)</s:script>'
    '<circle cx="15" cy="15" r="10"/></svg>'
)

FIND_SCRIPT = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    if (el.localName === "script" || el.localName === "foreignObject") found.push(el.localName);
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push(`${el.localName} ${attr.name}`);
      if (/javascript:/i.test(attr.value)) found.push(`${el.localName} ${attr.name}`);
    }
  }
  for (const el of document.querySelectorAll("*")) el.dispatchEvent(new Event("click"));
  return found;
}"""


@pytest.mark.parametrize("svg", [PREFIXED_SCRIPT, HOSTILE_SVG], ids=["prefixed-script", "all"])
def test_an_imported_svg_opened_on_its_own_runs_nothing(visit, site_tree, tmp_path, svg):
    (tmp_path / "chart.svg").write_text(svg, encoding="utf-8")
    (tmp_path / "chart.md").write_text(
        "---\ntitle: Chart\ndate: 2024-01-02\n---\n\n![A chart](chart.svg)\n", encoding="utf-8"
    )
    report = tmp_path / "report.json"
    call_command("import_posts", str(tmp_path), "--report", str(report), verbosity=0)
    url = json.loads(report.read_text())["posts"][0]["url"]

    tab = visit("desktop")
    tab.goto(url)
    tab.load_every_image()
    image = get_image_model().objects.get()
    files = [image.file.url] + [rendition.url for rendition in image.renditions.all()]
    assert len(files) > 1, "the page rendered no renditions of the SVG"
    for address in files:
        response = tab.goto(address)
        assert response.headers["content-type"].startswith("image/svg+xml"), address
        assert tab.page.evaluate(FIND_SCRIPT) == [], address
        assert tab.page.locator("circle").count() == 1, address  # the drawing is still there
    assert tab.dialogs == [] and tab.page_errors == []
