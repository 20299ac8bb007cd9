"""`import_posts SOURCE --analyze`: what an import would do, from the posts' outlines (no
database for the analysis itself; the command tests check it writes nothing)."""

import json

import pytest

from importer.common.post import RunOptions
from importer.run.analyze import analyze, summary_text

from .helpers import mac_roman_mojibake, write_png, write_post

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
    result = analyze([eleventy_site], [], RunOptions(time_zone="UTC")).as_dict()

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
    text = summary_text(analyze([eleventy_site], [], RunOptions(time_zone="UTC")).as_dict())

    assert "Site: eleventy at" in text
    assert "MISSING" in text and "/img/chart.png" in text
    assert "{% include %} -> removed (with a warning)" in text
    assert "stretching: " in text  # the slug collision
    assert "FAILED" in text and "broken.md" in text
    assert "about.md: a page" not in text
    every = summary_text(
        analyze([eleventy_site], [], RunOptions(time_zone="UTC")).as_dict(), every_file=True
    )
    assert f"{eleventy_site / 'src/about.md'}: a page, not a post" in every


def test_a_plain_folder_is_analysed_as_the_import_would_read_it(tmp_path):
    write_post(tmp_path, "posts/a.md", STRETCHING)

    result = analyze([tmp_path / "posts"], [tmp_path], RunOptions(time_zone="UTC")).as_dict()

    assert result["sites"] == []
    assert result["posts"] == 1
    assert result["images"]["found"] == 0
