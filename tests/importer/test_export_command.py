"""export_posts' options: what is exported, where each file goes, and failures."""

import datetime as dt

import pytest
import yaml
from django.core.management.base import CommandError

from tests.helpers import add_post, create_image

from .export_helpers import export

EDMONTON = dt.timezone(dt.timedelta(hours=-7))
SEOUL = dt.timezone(dt.timedelta(hours=9))
TEXT = [{"type": "paragraph", "value": '<p data-block-key="a">Hello.</p>'}]


@pytest.fixture
def posts(site_tree):
    """A live post of a day, one written in Seoul with a picture, and a draft."""
    winter = add_post(
        site_tree.blog,
        title="Winter hours",
        date=dt.datetime(2024, 1, 15, tzinfo=EDMONTON),
        tags=["hours"],
        body=TEXT,
    )
    picture = create_image("Warm stones")
    seoul = add_post(
        site_tree.blog,
        title="Hot stones in Seoul",
        date=dt.datetime(2025, 3, 2, 8, 30, tzinfo=SEOUL),
        date_utc_offset=540,
        tags=["stone therapy", "Travel"],
        feature_image=picture,
        feature_image_alt="Basalt stones",
        intro="A visit to a spa.",
        body=[{"type": "image", "value": {"image": picture.pk, "alt_text": "", "caption": ""}}],
    )
    draft = add_post(
        site_tree.blog,
        title="Spring prices",
        date=dt.datetime(2025, 4, 1, 12, 0, tzinfo=EDMONTON),
        live=False,
        body=TEXT,
    )
    return winter, seoul, draft


def written(folder):
    return sorted(
        path.relative_to(folder).as_posix() for path in folder.rglob("*") if path.is_file()
    )


def front_matter(path):
    return yaml.safe_load(path.read_text().split("---\n")[1])


@pytest.mark.parametrize(
    "fmt, files",
    [
        (
            "eleventy",
            [
                "posts/hot-stones-in-seoul.md",
                "posts/images/Warm-stones.jpg",
                "posts/spring-prices.md",
                "posts/winter-hours.md",
            ],
        ),
        (
            "hugo",
            [
                "content/posts/hot-stones-in-seoul/Warm-stones.jpg",
                "content/posts/hot-stones-in-seoul/index.md",
                "content/posts/spring-prices.md",
                "content/posts/winter-hours.md",
            ],
        ),
        (
            "jekyll",
            [
                "_posts/2024-01-15-winter-hours.md",
                "_posts/2025-03-02-hot-stones-in-seoul.md",
                "_posts/2025-04-01-spring-prices.md",
                "assets/images/Warm-stones.jpg",
            ],
        ),
    ],
)
def test_each_format_names_its_files_as_the_generator_does(posts, tmp_path, fmt, files):
    output = export(tmp_path, "--format", fmt, "--posts-only")
    assert written(tmp_path) == files
    assert "Exported      3" in output and "Pictures      1" in output


@pytest.mark.parametrize(
    "fmt, site",
    [
        (
            "eleventy",
            [
                "_includes/base.njk",
                "_includes/post.njk",
                "eleventy.config.js",
                "index.njk",
                "package.json",
                "posts/posts.json",
            ],
        ),
        (
            "hugo",
            [
                "hugo.toml",
                "layouts/_default/baseof.html",
                "layouts/_default/list.html",
                "layouts/_default/single.html",
                "layouts/index.html",
            ],
        ),
        ("jekyll", ["_config.yml", "_layouts/default.html", "_layouts/post.html", "index.html"]),
    ],
)
def test_a_whole_site_has_the_generators_config_and_layouts(posts, tmp_path, fmt, site):
    export(tmp_path / "site", "--format", fmt)
    export(tmp_path / "posts", "--format", fmt, "--posts-only")
    extra = set(written(tmp_path / "site")) - set(written(tmp_path / "posts"))
    assert sorted(extra) == site


def test_front_matter_holds_the_keys_the_importer_reads(posts, tmp_path):
    export(tmp_path)
    seoul = front_matter(tmp_path / "posts/hot-stones-in-seoul.md")
    assert seoul == {
        "title": "Hot stones in Seoul",
        # As text with its offset: Eleventy would read a YAML date as a UTC instant.
        "date": "2025-03-02T08:30:00+09:00",
        "permalink": "/posts/hot-stones-in-seoul/",
        "templateEngineOverride": "md",
        "slug": "hot-stones-in-seoul",
        "description": "A visit to a spa.",
        "tags": ["stone therapy", "Travel"],
        "image": "/posts/images/Warm-stones.jpg",
        "imageAlt": "Basalt stones",
        "draft": False,
    }
    assert front_matter(tmp_path / "posts/winter-hours.md")["date"] == dt.date(2024, 1, 15)
    draft = front_matter(tmp_path / "posts/spring-prices.md")
    assert draft["draft"] is True
    assert draft["permalink"] is False and draft["eleventyExcludeFromCollections"] is True
    text = (tmp_path / "posts/hot-stones-in-seoul.md").read_text()
    assert "![](/posts/images/Warm-stones.jpg)" in text


def test_each_generator_gets_its_date_address_and_drafts(posts, tmp_path):
    export(tmp_path / "hugo", "--format", "hugo")
    seoul = front_matter(tmp_path / "hugo/content/posts/hot-stones-in-seoul/index.md")
    assert seoul["date"] == dt.datetime(2025, 3, 2, 8, 30, tzinfo=SEOUL)
    assert seoul["url"] == "/posts/hot-stones-in-seoul/"
    assert seoul["aliases"] == ["/blog/hot-stones-in-seoul/"]
    assert seoul["image"] == "Warm-stones.jpg"
    assert front_matter(tmp_path / "hugo/content/posts/spring-prices.md")["draft"] is True

    export(tmp_path / "jekyll", "--format", "jekyll")
    seoul = front_matter(tmp_path / "jekyll/_posts/2025-03-02-hot-stones-in-seoul.md")
    # Jekyll takes the day from the file name; the time and offset are for the importer.
    assert "date" not in seoul
    assert seoul["pubDate"] == dt.datetime(2025, 3, 2, 8, 30, tzinfo=SEOUL)
    assert seoul["permalink"] == "/2025/03/02/hot-stones-in-seoul/"
    assert seoul["render_with_liquid"] is False
    assert seoul["image"] == "/assets/images/Warm-stones.jpg"
    draft = front_matter(tmp_path / "jekyll/_posts/2025-04-01-spring-prices.md")
    assert draft["published"] is False


def test_a_dry_run_writes_nothing(posts, tmp_path):
    output = export(tmp_path / "out", "--dry-run")
    assert not (tmp_path / "out").exists()
    assert "dry run: nothing was written" in output
    assert "Exported      3" in output


def test_since_tag_and_state_choose_the_posts(posts, tmp_path):
    export(tmp_path / "since", "--since", "2025-03-02", "--posts-only")
    assert written(tmp_path / "since") == [
        "posts/hot-stones-in-seoul.md",
        "posts/images/Warm-stones.jpg",
        "posts/spring-prices.md",
    ]
    export(tmp_path / "tag", "--tag", "travel", "--tag", "hours", "--posts-only")
    assert [name for name in written(tmp_path / "tag") if name.endswith(".md")] == [
        "posts/hot-stones-in-seoul.md",
        "posts/winter-hours.md",
    ]
    export(tmp_path / "live", "--live-only", "--posts-only")
    assert "posts/spring-prices.md" not in written(tmp_path / "live")
    export(tmp_path / "drafts", "--drafts", "--posts-only")
    assert written(tmp_path / "drafts") == ["posts/spring-prices.md"]


def test_parent_by_id_slug_or_address(posts, site_tree, tmp_path):
    for parent in (str(site_tree.blog.pk), "blog", "/blog/"):
        export(tmp_path / parent.strip("/"), "--parent", parent, "--posts-only")
        assert len(written(tmp_path / parent.strip("/"))) == 4
    with pytest.raises(CommandError, match="no blog index 'news'"):
        export(tmp_path / "news", "--parent", "news")
    with pytest.raises(CommandError, match="not a date"):
        export(tmp_path / "bad", "--since", "last week")


def test_a_post_that_cannot_be_written_fails_after_the_others(posts, tmp_path):
    _, seoul, _ = posts
    seoul.feature_image.file.delete(save=False)  # its picture's file is gone from storage
    with pytest.raises(CommandError, match="1 of 3 post"):
        export(tmp_path, "--posts-only")
    assert written(tmp_path) == ["posts/spring-prices.md", "posts/winter-hours.md"]
