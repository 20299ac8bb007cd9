"""Imported posts in a real browser: hostile HTML stays inert, an editor sees where a post came
from, and editing an imported post loses nothing."""

import json

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from blog.models import BlogPage
from tests.browser.helpers import PASSWORD, log_in
from tests.browser.hostile import PAYLOAD, hostile_post
from tests.helpers import picture_bytes

pytestmark = [
    pytest.mark.browser,
    pytest.mark.urls("tests.browser.urls"),
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# Everything on the page that could run code: handler attributes, javascript: URLs, and any
# <script> that isn't JSON-LD data.
FIND_EXECUTABLE = """() => {
  const found = [];
  for (const el of document.querySelectorAll("*")) {
    for (const attr of el.attributes) {
      if (attr.name.startsWith("on")) found.push(`${el.tagName} ${attr.name}`);
      const runs = /^\\s*javascript:/i.test(attr.value);
      if (runs) found.push(`${el.tagName} ${attr.name}=${attr.value}`);
    }
  }
  for (const script of document.scripts) {
    const data = script.type === "application/ld+json";
    if (!data) found.push(`script ${script.outerHTML.slice(0, 80)}`);
  }
  return found;
}"""


TRIGGER_EVERYTHING = """() => {
  for (const el of document.querySelectorAll("body *")) {
    for (const type of ["mouseover", "mouseenter", "focus", "click", "error", "load"]) {
      if (type === "click" && el.closest("a, button, form")) continue;  // stay on the page
      el.dispatchEvent(new Event(type, { bubbles: true }));
    }
  }
}"""


def assert_inert(tab, path):
    tab.goto(path)
    tab.load_every_image()
    # Fire the events handlers hide behind on every element, as a curious visitor would.
    tab.page.evaluate(TRIGGER_EVERYTHING)
    assert tab.page.evaluate(FIND_EXECUTABLE) == [], path
    assert tab.dialogs == [], path
    assert tab.page_errors == [], path


@pytest.mark.parametrize("viewport", ["phone", "desktop"])
def test_a_post_full_of_hostile_html_opens_and_nothing_runs(visit, site_tree, viewport):
    post = hostile_post(site_tree.blog)
    tab = visit(viewport)

    for path in (post.url, "/", "/blog/", "/search/?q=hostile"):
        assert_inert(tab, path)
    # The payloads are on the page as text a visitor can read, not as markup.
    tab.goto(post.url)
    assert PAYLOAD in tab.page.get_by_role("heading", level=1).inner_text()
    assert tab.page.locator(".block-code code").inner_text() == PAYLOAD
    # Buttons of the booking block only ever lead to web pages or a phone.
    hrefs = tab.page.locator("main .booking-cta a").evaluate_all("els => els.map(a => a.href)")
    assert all(href.startswith(("https://", "http://", "tel:")) for href in hrefs), hrefs
    tab.assert_healthy()


def stored(page):
    """A post's content as saved, minus what the editor adds without changing it: block ids and
    the rich text editor's per-paragraph keys."""
    page = BlogPage.objects.get(pk=page.pk)

    def clean(value):
        if isinstance(value, dict):
            return {key: clean(item) for key, item in value.items() if key != "id"}
        if isinstance(value, list):
            return [clean(item) for item in value]
        if isinstance(value, str) and "data-block-key" in value:
            soup = BeautifulSoup(value, "html.parser")
            for tag in soup.find_all(attrs={"data-block-key": True}):
                del tag["data-block-key"]
            return str(soup)
        return value

    return {
        "body": clean(json.loads(json.dumps(page.body.get_prep_value()))),
        "title": page.title,
        "slug": page.slug,
        "intro": page.intro,
        "search_description": page.search_description,
        "date": page.date,
        "author": page.author_id,
        "feature_image": page.feature_image_id,
        "feature_image_alt": page.feature_image_alt,
        "tags": sorted(tag.name for tag in page.tags.all()),
        "url_path": page.url_path,
    }


def kept(original, saved):
    """Whether `saved` still holds everything in `original` (dicts may have gained keys)."""
    if isinstance(original, dict):
        return isinstance(saved, dict) and all(
            key in saved and kept(value, saved[key]) for key, value in original.items()
        )
    if isinstance(original, list):
        return (
            isinstance(saved, list)
            and len(saved) == len(original)
            and all(kept(a, b) for a, b in zip(original, saved, strict=True))
        )
    return original == saved


# Every block type the importer makes, and text the old site's encoding broke ("It‚Äôs").
EVERY_BLOCK = """---
title: Therapeutic massage explained
description: What a session is like, and who it helps.
author: Dana Stone
date: 2021-03-14T09:30:00-07:00
image: room.jpg
imageAlt: A calm treatment room
tags: [massage, therapeutic massage]
---
It‚Äôs **focused** work on *specific* muscles, ~~not~~ a spa day, with `H2O` after,
x<sup>2</sup> and a [link](https://example.com/?a=1&b=2).

## A session, minute by minute

1. Talk
   - where it hurts
2. Treat

> I could turn my head again the next morning.
>
> ‚Äî A client

```text
Stretch 30s
Rest 10s
```

| Length | Price |
|--------|-------|
| 60 min | $110  |

<iframe src="https://www.youtube.com/embed/abcdefghijk"></iframe>

---

![Warm stones in a row](room.jpg)

### Book online

[Book online](https://stonemassage.ca/book/)

Call [587-938-0458](tel:587-938-0458)
"""


def test_editing_an_imported_post_shows_its_origin_and_loses_nothing(
    visit, site_tree, django_user_model, tmp_path
):
    django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)
    (tmp_path / "therapeutic-massage-explained.md").write_text(EVERY_BLOCK, encoding="utf-8")
    (tmp_path / "room.jpg").write_bytes(picture_bytes())
    report = tmp_path / "report.json"
    call_command("import_posts", str(tmp_path), "--report", str(report), verbosity=0)
    post = BlogPage.objects.get(pk=json.loads(report.read_text())["posts"][0]["page_id"])
    before = stored(post)
    assert {block["type"] for block in before["body"]} >= {
        "paragraph",
        "heading",
        "quote",
        "code",
        "table",
        "embed",
        "divider",
        "image",
        "booking_cta",
    }
    tab = visit("desktop")
    log_in(tab)

    tab.goto(f"/admin/pages/{post.pk}/edit/")
    tab.page.get_by_role("tab", name="Settings").click()
    origin = tab.page.get_by_role("region", name="Imported from")
    assert "therapeutic-massage-explained.md" in origin.inner_text()
    assert "became “It’s" in origin.inner_text()
    tab.screenshot("editor-imported-post-origin")
    tab.page.get_by_role("tab", name="Content").click()
    intro = tab.page.get_by_role("textbox", name="Intro")
    intro.fill(intro.input_value() + " Updated.")
    tab.page.get_by_role("button", name="More actions").click()
    with tab.page.expect_navigation():
        tab.page.get_by_role("button", name="Publish").click()
    assert "has been published" in tab.page.locator(".messages").inner_text()

    after = stored(post)
    assert after["intro"] == before["intro"] + " Updated."
    after["intro"] = before["intro"]
    # Block by block, so a difference names the block it is in. The editor may add settings of
    # its own (the table editor stores cell metadata); everything the import wrote must remain.
    assert len(after["body"]) == len(before["body"])
    for saved, imported in zip(after["body"], before["body"], strict=True):
        assert kept(imported, saved), (imported, saved)
    assert {**after, "body": None} == {**before, "body": None}
    assert BlogPage.objects.get(pk=post.pk).live
    assert tab.page_errors == [] and tab.foreign_requests == []


def test_importing_hostile_markdown_gives_a_page_where_nothing_runs(visit, site_tree, tmp_path):
    source = tmp_path / "hostile.md"
    source.write_text(
        "---\ntitle: Hostile\ndate: 2024-01-02\n---\n\n"
        '<script>alert("script")</script>\n\n'
        '<p onclick="alert(1)" onmouseover="alert(2)">Hover me</p>\n\n'
        '[click me](javascript:alert(3)) and <a href="javascript:alert(4)">me</a>\n\n'
        '<img src="x" onerror="alert(5)">\n\n<iframe src="javascript:alert(6)"></iframe>\n',
        encoding="utf-8",
    )
    report = tmp_path / "report.json"
    call_command("import_posts", str(source), "--report", str(report), verbosity=0)
    url = json.loads(report.read_text())["posts"][0]["url"]

    tab = visit("desktop")
    assert_inert(tab, url)
    assert "Hover me" in tab.page.locator("main").inner_text()
