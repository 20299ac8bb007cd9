"""The posts `make bench` generates are shaped like the clinic's seed post."""

import random

import frontmatter
import ftfy

from bench.run import generate, make_post


def test_a_generated_post_is_shaped_like_the_seed():
    raw = make_post(7, random.Random(1))
    text = raw.decode("utf-8")
    assert "‚Äô" in text  # "’" read as Mac Roman and saved again, as in the seed

    post = frontmatter.loads(ftfy.fix_text(text, uncurl_quotes=False))
    assert "’" in post["title"]
    assert post["tags"] and post["description"] and post["date"]
    assert post.content.count("\n## ") == 9
    assert post.content.count("\n- ") >= 8 and post.content.count("**") >= 4
    assert "](https://" in post.content
    assert "<https://stonemassage.ca/book/>" in post.content
    assert "**587-938-0458**" in post.content
    assert 5_000 < len(raw) < 7_500


def test_generated_posts_differ_and_have_unique_titles(tmp_path):
    folder = generate(tmp_path, 30)
    posts = [frontmatter.loads(path.read_text()) for path in sorted(folder.glob("*.md"))]
    assert len(posts) == 30
    assert len({post["title"] for post in posts}) == 30
    assert len({post.content for post in posts}) == 30
