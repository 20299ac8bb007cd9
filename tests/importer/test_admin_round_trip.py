"""An imported page survives the admin editor: open the edit view, save, nothing differs."""

import json
from io import StringIO

from django.core.management import call_command
from django.urls import reverse
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.test.utils.form_data import nested_form_data, querydict_from_html, streamfield

from blog.models import BlogPage

from .helpers import CLINIC_POST, mac_roman_mojibake, write_png, write_post

EVERY_BLOCK = """---
title: Everything at once
date: 2026-05-05 10:00:00 -0600
---
Intro with **bold**, *italic*, ~~struck~~, `code`, H<sub>2</sub>O, m<sup>2</sup> and a
[link](https://example.com/?a=1&b=2), then a line break\\
right here.[^1]

1. First
   - nested bullet
2. Second

> Rest is part of the treatment.
>
> — Our therapist

```python
print("stretch")
```

| Length | Price |
|--------|-------|
| 60 min | $110  |

<iframe src="https://www.youtube.com/embed/abc123XYZ_-"></iframe>

---

![A calm treatment room](room.png)

See [the hot stones post]({% post_url hot-stones %}).

[^1]: A footnote, with *emphasis*.
"""


def form_value(block, state):
    """What the block's client-side widget posts for a form state it was given unchanged."""
    if isinstance(block, blocks.StreamBlock):
        return streamfield(
            [(child["type"], form_value(block.child_blocks[child["type"]], child["value"]))
             for child in state]
        )  # fmt: skip
    if isinstance(block, blocks.StructBlock):
        return {name: form_value(child, state[name]) for name, child in block.child_blocks.items()}
    if isinstance(block, TableBlock):
        return json.dumps(state)
    if isinstance(block, ImageChooserBlock):
        return state["id"] if state else ""
    if isinstance(block, blocks.StaticBlock):
        return ""
    if isinstance(state, list):  # select widgets keep their choice in a list
        return state[0] if state else ""
    return "" if state is None else state


def stored(page):
    """The body as stored, without the block ids the form regenerates."""

    def strip(value):
        if isinstance(value, list):
            return [strip(item) for item in value]
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if k != "id"}
        return value

    return strip(list(page.body.raw_data))


def test_imported_pages_survive_the_editor_unchanged(site_tree, editor_client, tmp_path):
    folder = tmp_path / "posts"
    write_png(folder / "stones.png", "gray")
    write_png(folder / "warmer.png", "orange")
    write_png(folder / "room.png", "white")
    write_post(folder, "hot-stones.md", mac_roman_mojibake(CLINIC_POST))
    write_post(folder, "everything.md", EVERY_BLOCK)
    call_command("import_posts", str(folder), stdout=StringIO())

    pages = list(BlogPage.objects.order_by("pk"))
    assert len(pages) == 2
    kinds = {block.block_type for page in pages for block in page.body}
    assert kinds == {
        "heading", "paragraph", "image", "quote", "code", "table", "embed", "divider",
        "booking_cta", "footnotes",
    }  # fmt: skip
    for page in pages:
        before = stored(page)
        edit_url = reverse("wagtailadmin_pages:edit", args=[page.pk])
        response = editor_client.get(edit_url)
        assert response.status_code == 200

        data = querydict_from_html(response.content.decode(), form_id="page-edit-form")
        for key in [key for key in data if key == "body" or key.startswith("body-")]:
            del data[key]
        stream_block = BlogPage.body.field.stream_block
        data.update(
            nested_form_data(
                {"body": form_value(stream_block, stream_block.get_form_state(page.body))}
            )
        )
        response = editor_client.post(edit_url, data)

        assert response.status_code == 302, response.content.decode()[:3000]
        page.refresh_from_db()
        saved = page.get_latest_revision_as_object()
        assert page.latest_revision_id != page.import_record.revision_id  # the editor saved
        assert stored(saved) == before
        if page.slug == "everything":
            assert '<a linktype="page" id="' in str(before)
        assert saved.title == page.title
        assert list(saved.tags.names()) == list(page.tags.names())
