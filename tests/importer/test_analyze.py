"""`import_posts SOURCE --analyze`: what an import would do, from the posts' outlines (no
database for the analysis itself; the command tests check it writes nothing)."""

import json
from pathlib import Path

import pytest
from django.core.management.base import CommandError

from importer.common import ImportRequest
from importer.run import analyze, summary_text

from .helpers import mac_roman_mojibake, report_of, write_png, write_post

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"

STRETCHING = """---
title: Stretching after a massage
date: 2024-03-01
author: Dana
tags: [post, stretching, recovery]
image: /img/cover.png
layout: post.njk
---
Stretch gently. It’s good for you. Write `![alt](/img/not-an-image.png)` for a picture.

![Our stretching room](room.png)
![A chart that went missing](/img/chart.png)
<img src="https://example.com/logo.png" alt="x">

{% youtube abc123 %}
{% include cta.html %}
{% highlight python %}
x = 1
{% endhighlight %}

```liquid
{% include ignored-in-code.html %}
```

    {{ also.ignored }}

Written by {{ author }} for {{ site.title }}.
"""
HOT_STONES = """---
title: Hot stones
date: 2024-04-02
author: Sam
tags: recovery
---
{{< figure src="stones.png" caption="Warm basalt" >}}
{{< note >}}Book early.{{< /note >}}
{{< unknowncode x >}}

It’s warm 👉 book early.
"""


@pytest.fixture
def eleventy_site(tmp_path):
    root = tmp_path / "old-site"
    write_post(root, ".eleventy.js", 'module.exports = () => ({ dir: { input: "src" } });\n')
    write_post(root, "src/posts/posts.json", '{"tags": ["posts"]}')
    write_post(root, "src/posts/stretching.md", STRETCHING)
    write_png(root / "src/posts/room.png")
    write_png(root / "src/img/cover.png")
    write_post(root, "src/posts/hot-stones.md", mac_roman_mojibake(HOT_STONES))
    write_png(root / "src/posts/stones.png")
    write_post(root, "src/posts/copy/stretching.md", STRETCHING.replace("03-01", "03-09"))
    write_post(root, "src/posts/broken.md", "---\ntitle: [unclosed\n---\nBody.\n")
    write_post(root, "src/about.md", "---\ntitle: About\n---\nWe are a clinic.\n")
    return root


def test_analysis_reports_what_the_import_would_do(eleventy_site):
    result = analyze(ImportRequest(sources=(eleventy_site,))).as_dict()

    site = result["sites"][0]
    assert site["generator"] == "eleventy"
    assert site["post_folders"] == [str(eleventy_site / "src/posts")]
    assert result["posts"] == 3
    assert result["posts_by_folder"] == {str(eleventy_site / "src/posts"): 3}
    assert result["left_out"] == [
        {
            "source": str(eleventy_site / "src/about.md"),
            "reason": "a page, not a post: the posts are in src/posts.",
        }
    ]
    keys = {row["key"]: (row["posts"], row["field"]) for row in result["front_matter"]}
    assert keys == {
        "title": (3, "title"),
        "date": (3, "date and first published"),
        "author": (3, "author"),
        "tags": (3, "tags"),
        "image": (2, "feature image"),
        "layout": (2, "ignored"),
    }
    becomes = {
        row["tag"]: (row["count"], row["posts"], row["becomes"]) for row in result["templates"]
    }
    assert becomes == {
        "{% youtube %}": (2, 2, "converted"),
        "{% include %}": (2, 2, "removed (with a warning)"),
        "{% highlight %}": (2, 2, "converted"),
        "{{ author }}": (2, 2, "the front matter value"),
        "{{ site.title }}": (2, 2, "removed (with a warning)"),
        "{{< figure >}}": (1, 1, "converted"),
        "{{< note >}}": (1, 1, "converted"),
        "{{< unknowncode >}}": (1, 1, "removed (with a warning)"),
    }
    images = result["images"]
    # Per copy of the stretching post: the feature image, room.png (beside the first copy
    # only), chart.png (nowhere), the logo (on another site); and the hot stones figure.
    assert (images["referenced"], images["found"], images["external"]) == (9, 4, 2)
    missing = sorted((row["post"].split("src/")[1], row["reference"]) for row in images["missing"])
    assert missing == [
        ("posts/copy/stretching.md", "/img/chart.png"),
        ("posts/copy/stretching.md", "room.png"),
        ("posts/stretching.md", "/img/chart.png"),
    ]
    assert [row["source"] for row in result["encoding_damage"]] == [
        str(eleventy_site / "src/posts/hot-stones.md")
    ]
    example = result["encoding_damage"][0]["example"]
    assert example["after"] in HOT_STONES.split("\n")
    assert example["before"] != example["after"]
    assert result["dates"]["first"][:10] == "2024-03-01"
    assert result["dates"]["last"][:10] == "2024-04-02"
    assert result["tags"] == [
        {"name": "recovery", "posts": 3},
        {"name": "stretching", "posts": 2},
    ]
    assert result["authors"] == [{"name": "Dana", "posts": 2}, {"name": "Sam", "posts": 1}]
    assert result["slug_collisions"] == [
        {
            "slug": "stretching",
            "sources": [
                str(eleventy_site / "src/posts/copy/stretching.md"),
                str(eleventy_site / "src/posts/stretching.md"),
            ],
        }
    ]
    assert [row["source"] for row in result["failures"]] == [
        str(eleventy_site / "src/posts/broken.md")
    ]
    assert "the YAML front matter is invalid" in result["failures"][0]["error"]
    json.dumps(result)  # the report is JSON as it is


def test_the_summary_names_each_section(eleventy_site):
    text = summary_text(analyze(ImportRequest(sources=(eleventy_site,))).as_dict())

    assert "Site: eleventy at" in text
    assert "MISSING" in text and "/img/chart.png" in text
    assert "{% include %} -> removed (with a warning)" in text
    assert "stretching: " in text  # the slug collision
    assert "FAILED" in text and "broken.md" in text
    assert "about.md: a page" not in text
    every = summary_text(
        analyze(ImportRequest(sources=(eleventy_site,))).as_dict(), every_file=True
    )
    assert f"{eleventy_site / 'src/about.md'}: a page, not a post" in every


def test_a_plain_folder_is_analysed_as_the_import_would_read_it(tmp_path):
    write_post(tmp_path, "posts/a.md", STRETCHING)

    result = analyze(ImportRequest(sources=(tmp_path / "posts",), assets=(tmp_path,))).as_dict()

    assert result["sites"] == []
    assert result["posts"] == 1
    assert result["images"]["found"] == 0


def test_the_analysis_and_the_import_agree_on_which_files_are_posts(site_tree, tmp_path):
    """Every file the import skips is left out of the analysis, for the same reason, and every
    file the analysis counts as a post the import reads as one (or fails, as predicted)."""
    posts = tmp_path / "posts"
    write_post(posts, "a.md", STRETCHING)
    write_post(posts, "b.md", STRETCHING.replace("03-01", "03-02").replace("Stretching", "Rest"))
    write_post(posts, "README.md", "# Our posts\n")
    write_post(posts, "_index.md", "---\ntitle: Posts\n---\n")
    write_post(posts, "index.md", "---\ntitle: All posts\n---\nThe list.\n")
    write_post(posts, "old.html", "---\ntitle: Old\ndate: 2020-01-01\n---\n<p>Old.</p>\n")
    write_post(posts, "tags.md", "---\ntitle: Tags\nlayout: tag-list\n---\n")
    write_post(posts, "broken.md", "---\ntitle: [unclosed\n---\nBody.\n")
    write_post(tmp_path, "elsewhere/secret.md", STRETCHING)
    (posts / "linked.md").symlink_to(tmp_path / "elsewhere" / "secret.md")
    sources = (posts, posts / "a.md")  # a.md is found twice
    site = SITES / "hugo"

    analysis = analyze(ImportRequest(sources=(*sources, site)))
    with pytest.raises(CommandError, match="1 of 15 post"):  # broken.md
        report_of(tmp_path, *sources, site)
    rows = json.loads((tmp_path / "report.json").read_text())["posts"]

    read = {row["source"] for row in rows if row["status"] not in ("skipped", "failed")}
    assert {post["source"] for post in analysis.posts} == read
    failed = {row["source"] for row in rows if row["status"] == "failed"}
    assert (
        {failure["source"] for failure in analysis.failures} == failed == {str(posts / "broken.md")}
    )
    skipped = sorted((row["source"], row["error"]) for row in rows if row["status"] == "skipped")
    left_out = sorted((str(row.path), row.reason) for row in analysis.plan.left_out)
    assert [source for source, _ in left_out] == [source for source, _ in skipped]
    assert all(
        error.endswith(reason) for (_, error), (_, reason) in zip(skipped, left_out, strict=True)
    )
    assert len(skipped) == 10  # 6 files of the folder, a.md again, 3 files of the Hugo site
