"""Every generator module fulfils the same contract (importer.generators.base.Generator), each
run on a small site of its own (tests/fixtures/sites/<generator>/)."""

import datetime as dt
from pathlib import Path, PurePosixPath

import pytest

from importer.common import PostAuthor
from importer.generators import (
    EXPORT_FORMATS,
    GENERATORS,
    UNKNOWN,
    Evidence,
    find_generator,
    generator_named,
)
from importer.generators.addresses import address_values
from importer.generators.authors import PostPlace
from importer.sources import detect_site
from importer.stages import tags

from .helpers import write_post

SITES = Path(__file__).resolve().parent.parent / "fixtures" / "sites"

# What each generator finds in its site: how it is detected (None: not from its root yet),
# its posts and drafts, and files it leaves out with a word of the reason.
SITE_FACTS = {
    "eleventy": (
        Evidence.OWN_CONFIG,
        ["src/blog/2024-05-01-hot-stones.md"],
        [],
        {"README.md": "describes the folder", "src/_includes": "theme",
         "src/about.md": "a page", "src/blog/index.md": "its list of posts"},
    ),
    "jekyll": (
        Evidence.CONFIG_KEYS,
        ["_posts/2024-04-20-warm-up.md", "_posts/2024-05-02-neck-stretches.md"],
        ["_drafts/rest-days.md"],
        {"about.md": "a page"},
    ),
    "hugo": (
        Evidence.OWN_CONFIG,
        ["content/posts/recovery.md", "content/posts/warm-up/index.md"],
        [],
        {"archetypes": "template for new posts", "content/about.md": "a page",
         "content/posts/_index.md": "section pages"},
    ),
    "hexo": (
        Evidence.CONFIG_KEYS,
        ["source/_posts/desk-posture.md"],
        ["source/_drafts/idea.md"],
        {"scaffolds": "template for new posts", "source/about/index.md": "a page"},
    ),
    "zola": (
        Evidence.CONFIG_KEYS,
        ["content/blog/sleep.md"],
        [],
        {"content/about.md": "a page", "content/blog/_index.md": "section pages"},
    ),
    "gatsby": (Evidence.OWN_CONFIG, ["content/blog/first-visit/index.md"], [], {}),
    "astro": (
        Evidence.OWN_CONFIG,
        ["src/content/blog/after-care.md"],
        [],
        {"src/pages/about.md": "a page"},
    ),
    "docusaurus": (
        Evidence.OWN_CONFIG,
        ["blog/2024-06-01-welcome.md", "blog/2024-06-02-hot-stones/index.md",
         "blog/2024/06/03/neck-care.md", "blog/gift-cards.md"],
        [],
        {"docs": "docs", "versioned_docs": "docs", "README.md": "describes the folder",
         "CONTRIBUTING.md": "describes the folder",
         "blog/_partials/_signature.md": "leaves it out"},
    ),
    "nextjs": (Evidence.PACKAGE, ["posts/massage-and-sport.mdx"], [], {}),
}  # fmt: skip
HEADING = "Hot Stones & You: Part 2"


@pytest.mark.parametrize("generator", GENERATORS, ids=lambda generator: generator.name)
def test_each_generator_finds_its_own_site(generator):
    root = SITES / generator.name
    evidence, posts, drafts, left_out = SITE_FACTS[generator.name]

    detection = generator.detect(root)
    site = detect_site(root)

    if evidence is None:
        assert detection is None and site is None  # read as a folder of posts, for now
        return
    assert detection.evidence == evidence
    assert find_generator(root)[1] is generator
    assert site.generator == generator.name
    assert sorted(str(path.relative_to(root)) for path in site.posts) == sorted(posts)
    assert [str(path.relative_to(root)) for path in site.drafts] == drafts
    reasons = {str(row.path.relative_to(root)): row.reason for row in site.left_out}
    for path, words in left_out.items():
        assert words in reasons.pop(path)
    assert set(reasons) <= set(drafts)
    assert all(folder.is_dir() for folder in site.asset_roots)


@pytest.mark.parametrize("generator", [*GENERATORS, UNKNOWN], ids=lambda g: g.name or "unknown")
def test_each_generator_reads_a_post_through_the_contract(generator):
    front_matter = {
        "title": "Hot stones",
        "slug": "hot-stones",
        "author": {"name": "Dana Reyes"},
        "image": {"src": "stones.png", "alt": "Warm stones"},
        "draft": True,
        "permalink": "/notes/hot-stones/",
        "aliases": ["old-hot-stones"],
    }
    path = SITES / "eleventy" / "src" / "blog" / "2024-05-01-hot-stones.md"
    values = address_values("hot-stones", dt.datetime(2024, 5, 1), path, (path.parent,))

    assert generator.slug(front_matter, "2024-05-01-hot-stones") == "hot-stones"
    assert generator.own_old_url(front_matter, "", values) == "/notes/hot-stones/"
    assert generator.old_urls(front_matter, "", values) == (
        "/notes/hot-stones/",
        "/notes/old-hot-stones",
    )
    place = PostPlace(path, path.parent, path.parent)
    assert generator.authors(front_matter, place).authors == (PostAuthor("Dana Reyes"),)
    cover = generator.cover(front_matter, path)
    assert (cover.src, cover.alt) == ("stones.png", "Warm stones")
    assert generator.is_draft(front_matter)
    assert generator.page_reason({"layout": "tag-list"}, dated=True)
    assert not generator.page_reason({"layout": "post"}, dated=True)
    assert generator.heading_slug(HEADING)
    assert generator.site_files() == {}


def test_heading_ids_follow_each_generators_rule():
    slugs = {generator.name: generator.heading_slug(HEADING) for generator in GENERATORS}

    assert slugs.pop("eleventy") == "hot-stones-%26-you%3A-part-2"  # markdown-it-anchor
    assert set(slugs.values()) == {"hot-stones--you-part-2"}  # github-slugger


@pytest.mark.parametrize("generator", GENERATORS, ids=lambda generator: generator.name)
def test_each_generators_tags_become_markdown(generator):
    words = ["hello.png", "Alt", "text"]
    made = [rule(words, " ".join(words)) for rule in generator.tags.values()]
    made += [
        rule({"src": "hello.png", "id": "dQw4w9WgXcQ"}, ["hello.png"], 'src="hello.png"')
        for rule in generator.shortcodes.values()
    ]
    made += [rule("hello.png", "A note") for rule in generator.paired_tags.values()]
    made += [rule("hello.png", "A note") for rule in generator.paired_shortcodes.values()]

    # A rule answers None for arguments that are not its (a post's id that is no number).
    assert all(text is None or (isinstance(text, str) and text) for text in made)
    assert sum(text is None for text in made) <= 3
    for name in (*generator.tags, *generator.paired_tags, *generator.callouts):
        assert (
            name in tags.TAGS
            or name in tags.PAIRED_TAGS
            or name in tags.TAG_CALLOUTS
            or (generator.syntax == "hugo" and name in tags.SHORTCODE_CALLOUTS)
        )


@pytest.mark.parametrize("name", EXPORT_FORMATS)
def test_each_exporting_generator_says_where_a_post_goes(name):
    generator = generator_named(name)
    day = dt.date(2024, 5, 1)

    path = generator.post_path("hot-stones", day, bundle=False)
    video = generator.video("youtube", "dQw4w9WgXcQ")

    assert path.suffix == ".md" and "hot-stones" in path.name
    assert generator.image_folder(path) in (path.parent, path.parent / "images")
    assert "dQw4w9WgXcQ" in video
    assert {
        "eleventy": PurePosixPath("posts/hot-stones.md"),
        "hugo": PurePosixPath("content/posts/hot-stones.md"),
        "jekyll": PurePosixPath("_posts/2024-05-01-hot-stones.md"),
    }[name] == path
    if generator.bundles:
        assert generator.post_path("hot-stones", day, bundle=True).name == "index.md"


def test_the_strongest_evidence_wins_then_the_registrys_order(tmp_path):
    both = tmp_path / "both"
    write_post(both, "hugo.toml", 'title = "Clinic"\n')
    write_post(both, "_config.yml", "markdown: kramdown\n")
    zola = tmp_path / "zola"
    # Zola's own key (base_url) and a key Hugo has too (taxonomies): Zola's site.
    write_post(zola, "config.toml", 'base_url = "https://x.example"\ntaxonomies = []\n')
    docs = tmp_path / "repo"
    write_post(docs, "docs/_config.yml", "plugins: []\n")
    packaged = tmp_path / "packaged"
    write_post(packaged, "package.json", '{"devDependencies": {"astro": "4", "hexo": "7"}}')

    assert find_generator(both)[1].name == "hugo"
    assert find_generator(zola)[1].name == "zola"
    assert find_generator(docs)[:2] == (docs / "docs", generator_named("jekyll"))
    assert find_generator(packaged)[1:] == (generator_named("astro"), None)
    assert find_generator(tmp_path / "nothing") is None
