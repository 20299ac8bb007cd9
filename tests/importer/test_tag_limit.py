"""A post keeps the first few dozen tags its front matter lists; the rest are left out, with a
warning in its report row."""

from blog.models import BlogPage

from .helpers import report_of, write_post


def test_tags_past_the_limit_are_left_out_with_a_warning(site_tree, tmp_path, settings):
    settings.IMPORTER_MAX_TAGS_PER_POST = 5
    tags = "".join(f"  - topic {n}\n" for n in range(40))
    write_post(
        tmp_path / "posts", "a.md", f"---\ntitle: A\ndate: 2025-01-01\ntags:\n{tags}---\nHi.\n"
    )

    report = report_of(tmp_path, tmp_path / "posts")

    row = report["posts"][0]
    assert row["status"] == "created"
    page = BlogPage.objects.get()
    assert sorted(tag.name for tag in page.tags.all()) == [f"topic {n}" for n in range(5)]
    assert row["warnings"] == [
        "The post has 40 tags; the first 5 were kept and 'topic 5', 'topic 6', 'topic 7', "
        "'topic 8', 'topic 9' and 30 more were left out (the setting IMPORTER_MAX_TAGS_PER_POST "
        "is the limit)."
    ]


def test_the_default_limit_keeps_a_few_dozen(site_tree, tmp_path):
    tags = "".join(f"  - topic {n:02}\n" for n in range(31))
    write_post(
        tmp_path / "posts", "a.md", f"---\ntitle: A\ndate: 2025-01-01\ntags:\n{tags}---\nHi.\n"
    )

    report = report_of(tmp_path, tmp_path / "posts")

    assert BlogPage.objects.get().tags.count() == 30
    assert "the first 30 were kept and 'topic 30' was left out" in report["posts"][0]["warnings"][0]
