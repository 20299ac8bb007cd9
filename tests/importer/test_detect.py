"""Finding an old site's generator, posts and images from its repository root (no database).

Each case writes a small site as its generator lays it out: the config file, a posts folder
with a plain post and a page bundle (a folder with the post and its image), a page that is not
a post, a draft, a static folder, a README and theme files.
"""

import json

import pytest

from importer.sources.site import detect_site

from .helpers import write_png, write_post

POST = "---\ntitle: {title}\ndate: 2024-03-0{day}\n---\nA post about {title}.\n"
PAGE = "---\ntitle: About the clinic\n---\nWe are a clinic.\n"
DRAFT = "---\ntitle: Not finished\n---\nSoon.\n"
README = "# The old site\n\nBuild it with npm.\n"


def build(root, files):
    """Write `files` ({path: text, or None for a PNG}) under `root`."""
    for name, text in files.items():
        if text is None:
            write_png(root / name)
        else:
            write_post(root, name, text)


SITES = {
    "eleventy": {
        "files": {
            ".eleventy.js": 'module.exports = function (c) {\n  c.addPassthroughCopy("img");\n'
            '  return { dir: { input: "src", includes: "_includes" } };\n};\n',
            "package.json": json.dumps({"devDependencies": {"@11ty/eleventy": "^2.0.1"}}),
            "src/posts/posts.json": json.dumps({"tags": ["posts"], "layout": "post.njk"}),
            "src/posts/stretching.md": POST.format(title="Stretching", day=1),
            "src/posts/hot-stones/hot-stones.md": POST.format(title="Hot stones", day=2),
            "src/posts/hot-stones/stones.png": None,
            "src/posts/index.md": "---\ntitle: All posts\n---\nThe list.\n",
            "src/about.md": PAGE,
            "src/notes/tagged.md": "---\ntitle: Tagged\ndate: 2024-03-05\ntags: post\n---\nA.\n",
            "src/_includes/post.md": "{{ content }}\n",
            "img/logo.png": None,
            "README.md": README,
            "node_modules/pkg/README.md": README,
        },
        "posts": [
            "src/notes/tagged.md",
            "src/posts/hot-stones/hot-stones.md",
            "src/posts/stretching.md",
        ],
        "post_folders": ["src/posts", "src"],
        "assets": ["src", "img"],
        "left_out": {
            "src/about.md": "a page, not a post: the posts are in src/posts.",
            "src/posts/index.md": "the posts folder's own page (its list of posts), not a post.",
            "src/_includes": "part of the theme or templates (_includes/), not content.",
            "README.md": "README.md describes the folder; it is not a post.",
            "node_modules": "installed packages (node_modules/), not content.",
        },
        "hints": ["@11ty/eleventy ^2.0.1 (package.json)"],
    },
    "jekyll": {
        "files": {
            "_config.yml": "title: Clinic\nmarkdown: kramdown\npermalink: /:year/:title/\n",
            "Gemfile": 'source "https://rubygems.org"\ngem "jekyll", "~> 4.3"\n',
            "_posts/2024-03-01-stretching.md": POST.format(title="Stretching", day=1),
            "_posts/2024-03-02-hot-stones.md": POST.format(title="Hot stones", day=2),
            "_drafts/not-finished.md": DRAFT,
            "about.md": PAGE,
            "_layouts/post.md": "{{ content }}\n",
            "assets/img/stones.png": None,
            "README.md": README,
        },
        "posts": ["_posts/2024-03-01-stretching.md", "_posts/2024-03-02-hot-stones.md"],
        "drafts": ["_drafts/not-finished.md"],
        "post_folders": ["_posts", "_drafts"],
        "assets": ["."],
        "left_out": {
            "about.md": "a page, not a post: the posts are in _posts.",
            "_drafts/not-finished.md": "in the drafts folder _drafts/: not published on the old "
            "site; --include-drafts imports it as a draft.",
            "_layouts": "part of the theme or templates (_layouts/), not content.",
            "README.md": "README.md describes the folder; it is not a post.",
        },
        "hints": ["jekyll ~> 4.3 (Gemfile)"],
    },
    "hugo": {
        "files": {
            "hugo.toml": 'baseURL = "https://example.org/"\ncontentDir = "site-content"\n'
            'staticDir = ["static", "uploads"]\n[params]\nmainSections = ["articles"]\n',
            "netlify.toml": '[build.environment]\nHUGO_VERSION = "0.121.1"\n',
            ".hugo_build.lock": "",
            "site-content/_index.md": "---\ntitle: Home\n---\n",
            "site-content/articles/_index.md": "---\ntitle: Articles\n---\n",
            "site-content/articles/stretching.md": POST.format(title="Stretching", day=1),
            "site-content/articles/hot-stones/index.md": POST.format(title="Hot stones", day=2),
            "site-content/articles/hot-stones/stones.png": None,
            "site-content/articles/hot-stones/aside.md": "---\ntitle: A part\n---\nA.\n",
            "site-content/about.md": PAGE,
            "site-content/blog/other.md": POST.format(title="Other", day=3),
            "archetypes/default.md": "---\ntitle: new\n---\n",
            "themes/ananke/README.md": README,
            "static/img/logo.png": None,
            "uploads/a.png": None,
            "content/old.md": POST.format(title="Old", day=4),
        },
        "posts": [
            "site-content/articles/hot-stones/index.md",
            "site-content/articles/stretching.md",
        ],
        "post_folders": ["site-content/articles"],
        "assets": ["static", "uploads", "site-content"],
        "left_out": {
            "site-content/_index.md": "outside the generator's",  # never reached: see below
        },
        "hints": [
            "Hugo 0.89 or later (.hugo_build.lock)",
            "HUGO_VERSION 0.121.1 (netlify.toml)",
            "mainSections: articles",
        ],
    },
    "hexo": {
        "files": {
            "_config.yml": "title: Clinic\nsource_dir: source\nnew_post_name: :title.md\n"
            "post_asset_folder: true\n",
            "package.json": json.dumps(
                {"hexo": {"version": "7.1.1"}, "dependencies": {"hexo": "^7.0.0"}}
            ),
            "source/_posts/stretching.md": POST.format(title="Stretching", day=1),
            "source/_posts/hot-stones.md": POST.format(title="Hot stones", day=2),
            "source/_posts/hot-stones/stones.png": None,
            "source/_drafts/not-finished.md": DRAFT,
            "source/about/index.md": PAGE,
            "source/images/logo.png": None,
            "scaffolds/post.md": "---\ntitle: {{ title }}\n---\n",
            "themes/landscape/README.md": README,
        },
        "posts": ["source/_posts/hot-stones.md", "source/_posts/stretching.md"],
        "drafts": ["source/_drafts/not-finished.md"],
        "post_folders": ["source/_posts", "source/_drafts"],
        "assets": ["source"],
        "left_out": {
            "source/about/index.md": "a page, not a post: the posts are in source/_posts.",
            "source/_drafts/not-finished.md": "in the drafts folder _drafts/: not published on "
            "the old site; --include-drafts imports it as a draft.",
            "scaffolds": "a template for new posts (scaffolds/), not a post.",
            "themes": "part of the theme or templates (themes/), not content.",
        },
        "hints": [
            "hexo ^7.0.0 (package.json)",
            "hexo 7.1.1 last built it (package.json)",
            "post_asset_folder: true (each post's images beside it)",
        ],
    },
    "zola": {
        "files": {
            "config.toml": 'base_url = "https://example.org"\ncompile_sass = true\n'
            "[markdown]\nhighlight_code = true\n",
            "content/_index.md": "+++\ntitle = 'Home'\n+++\n",
            "content/blog/_index.md": "+++\ntitle = 'Blog'\nsort_by = 'date'\n+++\n",
            "content/blog/stretching.md": "+++\ntitle = 'Stretching'\ndate = 2024-03-01\n+++\nA.\n",
            "content/blog/hot-stones/index.md": "+++\ntitle = 'Stones'\ndate = 2024-03-02\n+++\n",
            "content/blog/hot-stones/stones.png": None,
            "content/about.md": "+++\ntitle = 'About'\n+++\nWe are a clinic.\n",
            "static/img/logo.png": None,
            "templates/page.md": "x\n",
        },
        "posts": ["content/blog/hot-stones/index.md", "content/blog/stretching.md"],
        "post_folders": ["content/blog"],
        "assets": ["static", "content"],
        "left_out": {
            "content/_index.md": "_index files are section pages (lists of posts), not posts.",
            "content/blog/_index.md": "_index files are section pages (lists of posts), not posts.",
            "content/about.md": "a page, not a post: the posts are in content/blog.",
            "templates": "part of the theme or templates (templates/), not content.",
        },
        "hints": [],
    },
    "astro": {
        "files": {
            "astro.config.mjs": "import { defineConfig } from 'astro/config';\n"
            "export default defineConfig({ site: 'https://example.org' });\n",
            "package.json": json.dumps({"dependencies": {"astro": "^4.16.0"}}),
            "src/content/blog/stretching.md": "---\ntitle: Stretching\npubDate: Jul 08 2022\n---\n",
            "src/content/blog/hot-stones/index.md": "---\ntitle: Stones\npubDate: 2022-07-09\n---",
            "src/content/blog/hot-stones/stones.png": None,
            "src/pages/about.md": PAGE,
            "src/assets/hero.png": None,
            "public/favicon.png": None,
            "dist/blog/index.md": "built\n",
        },
        "posts": ["src/content/blog/hot-stones/index.md", "src/content/blog/stretching.md"],
        "post_folders": ["src/content/blog"],
        "assets": ["public", "src"],
        "left_out": {
            "src/pages/about.md": "a page, not a post: the posts are in src/content/blog.",
            "dist": "the built site (dist/), not a source.",
        },
        "hints": ["astro ^4.16.0 (package.json)"],
    },
    "gatsby": {
        "files": {
            "gatsby-config.js": "module.exports = {\n  plugins: [\n    {\n"
            "      resolve: `gatsby-source-filesystem`,\n"
            "      options: { path: `${__dirname}/content/blog`, name: `blog` },\n    },\n"
            "    { resolve: `gatsby-source-filesystem`,\n"
            "      options: { name: `images`, path: `${__dirname}/src/images` } },\n  ],\n};\n",
            "package.json": json.dumps({"dependencies": {"gatsby": "^5.13.0"}}),
            "content/blog/stretching/index.md": POST.format(title="Stretching", day=1),
            "content/blog/hot-stones/index.md": POST.format(title="Hot stones", day=2),
            "content/blog/hot-stones/stones.png": None,
            "content/pages/about.md": PAGE,
            "src/images/logo.png": None,
            "static/favicon.png": None,
            "public/page-data/index.md": "built\n",
        },
        "posts": ["content/blog/hot-stones/index.md", "content/blog/stretching/index.md"],
        "post_folders": ["content/blog"],
        "assets": ["static", "content", "src/images"],
        "left_out": {
            "content/pages/about.md": "a page, not a post: the posts are in content/blog.",
            "public": "the built site (public/), not a source.",
        },
        "hints": ["gatsby ^5.13.0 (package.json)"],
    },
}
# Hugo's case: its pages, bundle parts, sections and theme, spelled out here to keep the table
# above readable.
SITES["hugo"]["left_out"] = {
    "site-content/_index.md": "_index files are section pages (lists of posts), not posts.",
    "site-content/articles/_index.md": "_index files are section pages (lists of posts), not "
    "posts.",
    "site-content/articles/hot-stones/aside.md": "part of the page bundle "
    "site-content/articles/hot-stones/, not a post of its own.",
    "site-content/about.md": "a page, not a post: the posts are in site-content/articles.",
    "site-content/blog/other.md": "a page, not a post: the posts are in site-content/articles.",
    "archetypes": "a template for new posts (archetypes/), not a post.",
    "themes": "part of the theme or templates (themes/), not content.",
    "content/old.md": "outside the generator's content folders, so not part of the site.",
}


@pytest.mark.parametrize("generator", list(SITES))
def test_a_site_root_gives_its_generator_posts_and_asset_roots(tmp_path, generator):
    case = SITES[generator]
    build(tmp_path, case["files"])

    site = detect_site(tmp_path)

    assert site is not None
    assert site.generator == generator
    assert [p.relative_to(tmp_path).as_posix() for p in site.posts] == case["posts"]
    assert [p.relative_to(tmp_path).as_posix() for p in site.drafts] == case.get("drafts", [])
    folders = [p.relative_to(tmp_path).as_posix() or "." for p in site.post_folders]
    assert folders == case["post_folders"]
    assert [p.relative_to(tmp_path).as_posix() or "." for p in site.asset_roots] == case["assets"]
    left_out = {row.path.relative_to(tmp_path).as_posix(): row.reason for row in site.left_out}
    assert left_out == case["left_out"]
    assert list(site.hints) == case["hints"]


def test_a_folder_without_a_generator_config_is_not_a_site(tmp_path):
    write_post(tmp_path, "stretching.md", POST.format(title="Stretching", day=1))

    assert detect_site(tmp_path) is None
    assert detect_site(tmp_path / "stretching.md") is None


def test_a_site_kept_in_a_repository_docs_folder_is_found(tmp_path):
    build(
        tmp_path,
        {
            "README.md": README,
            "lib/templates/post.md": "---\ntitle: x\ndate: 2024-01-01\n---\n",
            "docs/_config.yml": "markdown: kramdown\n",
            "docs/_posts/2024-03-01-stretching.md": POST.format(title="Stretching", day=1),
        },
    )

    site = detect_site(tmp_path)

    assert site.generator == "jekyll"
    assert site.root == tmp_path / "docs"
    assert site.posts == (tmp_path / "docs/_posts/2024-03-01-stretching.md",)
    assert {row.path.name: row.reason for row in site.left_out} == {
        "README.md": "outside the old site's folder (docs/).",
        "lib": "outside the old site's folder (docs/).",
    }


def test_eleventy_without_a_posts_collection_takes_files_with_a_date_and_a_title(tmp_path):
    build(
        tmp_path,
        {
            "eleventy.config.mjs": "export default function (c) {}\n",
            "writing/stretching.md": POST.format(title="Stretching", day=1),
            "writing/undated.md": "---\ntitle: Undated\n---\nA.\n",
            "notes/2024-03-02-untitled.md": "No front matter.\n",
        },
    )

    site = detect_site(tmp_path)

    assert site.posts == (tmp_path / "writing/stretching.md",)
    reasons = {row.path.name: row.reason for row in site.left_out}
    assert reasons == {
        "undated.md": "a page, not a post: it has no date and title in its front matter.",
        "2024-03-02-untitled.md": "a page, not a post: it has no date and title in its front "
        "matter.",
    }


@pytest.mark.parametrize(
    ("files", "expected"),
    [
        # A config naming a folder outside the site is not followed.
        ({"hugo.toml": 'contentDir = "../../elsewhere"\n'}, []),
        (
            {".eleventy.js": 'module.exports = () => ({ dir: { input: "/etc" } });\n'},
            ["blog/stretching.md"],
        ),
        # Code is never run: an input folder computed at build time is not guessed.
        (
            {".eleventy.js": "module.exports = () => ({ dir: { input: process.env.IN } });\n"},
            ["blog/stretching.md"],
        ),
    ],
)
def test_configs_are_read_not_run_and_never_lead_outside_the_site(tmp_path, files, expected):
    site_root = tmp_path / "site"
    build(site_root, {**files, "blog/stretching.md": POST.format(title="Stretching", day=1)})
    build(tmp_path, {"elsewhere/blog/secret.md": POST.format(title="Secret", day=2)})

    site = detect_site(site_root)

    assert [p.relative_to(site_root).as_posix() for p in site.posts] == expected
    assert all(site_root in root.parents or root == site_root for root in site.asset_roots)


def test_a_broken_config_is_still_a_site_with_the_generator_defaults(tmp_path):
    build(
        tmp_path,
        {
            "_config.yml": "title: [unclosed\n",
            "_posts/2024-03-01-stretching.md": POST.format(title="Stretching", day=1),
        },
    )

    site = detect_site(tmp_path)

    assert site.generator == "jekyll"
    assert site.posts == (tmp_path / "_posts/2024-03-01-stretching.md",)


def test_links_to_files_outside_the_site_are_not_read(tmp_path):
    site_root = tmp_path / "site"
    build(
        tmp_path,
        {
            "private/diary.md": POST.format(title="Diary", day=1),
            "private/Gemfile": 'gem "jekyll", "9.9"\n',
        },
    )
    build(site_root, {"_config.yml": "markdown: kramdown\n", "_posts/2024-03-02-a.md": POST})
    (site_root / "_posts" / "2024-03-01-diary.md").symlink_to(tmp_path / "private/diary.md")
    (site_root / "Gemfile").symlink_to(tmp_path / "private/Gemfile")

    site = detect_site(site_root)

    assert site.posts == (site_root / "_posts/2024-03-02-a.md",)
    assert {row.path.name: row.reason for row in site.left_out} == {
        "2024-03-01-diary.md": "2024-03-01-diary.md is a link to a file outside the site; "
        "it was not read."
    }
    assert site.hints == ()


def test_astro_collections_named_by_a_content_config_and_src_dir(tmp_path):
    build(
        tmp_path,
        {
            "astro.config.ts": "export default defineConfig({ srcDir: './www' });\n",
            "www/content.config.ts": "const blog = defineCollection({\n"
            "  loader: glob({ pattern: '**/*.md', base: './data/blog' }),\n});\n",
            "data/blog/stretching.md": POST.format(title="Stretching", day=1),
            "www/pages/about.md": PAGE,
            "public/logo.png": None,
        },
    )

    site = detect_site(tmp_path)

    assert site.posts == (tmp_path / "data/blog/stretching.md",)
    assert site.asset_roots == (tmp_path / "public", tmp_path / "www", tmp_path / "data/blog")
    assert {row.path.name: row.reason for row in site.left_out} == {
        "about.md": "a page, not a post: the posts are in data/blog."
    }
