"""In-page links of an imported post work in a real browser: a link to a heading's old anchor,
a footnote reference and the note's link back."""

import json

import pytest
from django.core.management import call_command

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.browser.urls"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

POST = """---
title: Heat or ice
date: 2024-03-02
---
Jump to [the short answer](#the-short-answer) or [aftercare](#aftercare-notes).

Heat relaxes stiff muscles.[^heat] Ice calms a fresh sprain.[^ice]

## The short answer

Heat for stiffness, ice for swelling.

## Aftercare {#aftercare-notes}

Drink water.

[^heat]: Twenty minutes, never on a fresh injury.
[^ice]: Wrapped in a towel.
"""


def target_id(tab):
    """The id of the element the address's fragment points at, as the browser resolved it."""
    return tab.page.evaluate("document.querySelector(':target')?.id ?? null")


def test_in_page_links_and_footnotes_lead_where_they_did(visit, site_tree, tmp_path):
    (tmp_path / "heat-or-ice.md").write_text(POST, encoding="utf-8")
    report = tmp_path / "report.json"
    call_command("import_posts", str(tmp_path), "--report", str(report), verbosity=0)
    url = json.loads(report.read_text())["posts"][0]["url"]

    tab = visit("desktop")
    tab.goto(url)
    body = tab.page.locator(".post__body")

    body.get_by_role("link", name="the short answer").click()
    assert target_id(tab) == "the-short-answer"
    body.get_by_role("link", name="aftercare").click()
    assert target_id(tab) == "aftercare-notes"

    body.get_by_role("link", name="[2]").click()
    assert target_id(tab) == "fn-2"
    assert "Wrapped in a towel." in tab.page.locator("#fn-2").inner_text()
    tab.page.locator("#fn-2").get_by_role("link", name="Back to reference 2").click()
    assert target_id(tab) == "fnref-2"
    assert tab.page.locator("#fnref-2").inner_text() == "[2]"
    tab.assert_healthy()
