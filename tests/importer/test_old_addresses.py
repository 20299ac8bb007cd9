"""A post's old address is where its generator published it, computed from the site's config
and the generator's own rules when no --old-url is given; the new page's slug drops what the
generator dropped of the file's name. Checked against sites built by Hugo and Jekyll."""

import shutil
from pathlib import Path

import pytest

from .addresses_helpers import SITES, built_addresses, computed

HUGO = SITES / "addresses" / "hugo"
JEKYLL = SITES / "addresses" / "jekyll"
ELEVENTY = SITES / "addresses" / "eleventy"
HUGO_LANGUAGES = SITES / "addresses" / "hugo-languages"
ELEVENTY_BINARY = Path(__file__).resolve().parents[2] / "node_modules" / ".bin" / "eleventy"

# Each post: (its address as Hugo 0.111 built it, the new page's slug).
HUGO_ADDRESSES = {
    # :slug is the urlized title when the post has no slug: dots kept, the bundle's sort
    # prefix gone from the address, so from the new slug too.
    "content/posts/0316-a-release/index.md": (
        "/2019/05/24/announcing-v2.3-faster-better/",
        "announcing-v2-3-faster-better",
    ),
    "content/posts/with-slug.md": ("/2020/01/02/my-own-slug.v2/", "my-own-slug-v2"),
    # urlize: lower case, punctuation dropped, "#", "_" and "~" kept, the "/" a folder.
    "content/posts/Long_Title.md": (
        "/2020/03/04/ça-va-cest-lété-100-naïve-café_au_lait-#1--more-~-tilde-/-slash/",
        "ça-va-cest-lété-100-naïve-café_au_lait-1-more-tilde-slash",
    ),
    # :sections is every nested folder with an _index page; :filename urlized.
    "content/notes/sub/Deep Note.md": ("/n/notes/sub/deep-note/", "deep-note"),
    "content/misc/x.md": ("/m/misc-title-here/", "misc-title-here"),
    "content/other/Some_File.md": ("/o/some_file/february/36/6/other/", "some_file"),
    # No pattern for the section: its path, spaces made hyphens, lower case; slug for name.
    "content/plain/Sub Dir/My File.md": ("/plain/sub-dir/my-file/", "my-file"),
    "content/plain/slugged.md": ("/plain/slug-with-space/", "slug-with-space"),
    # `url` wins, as written.
    "content/plain/url-post.md": ("/Custom/URL.html", "url"),
}
# config/_default/ (permalinks.toml, languages.toml); baseURL's path leads every address; a
# page in French (its file's or its bundle's) under /fr/.
HUGO_LANGUAGE_ADDRESSES = {
    "content/blog/0105-first-visit/index.md": (
        "/journal/2023/your-first-visit-what-to-expect/",
        "your-first-visit-what-to-expect",
    ),
    "content/blog/0105-first-visit/index.fr.md": (
        "/journal/fr/2023/votre-première-visite/",
        "votre-première-visite",
    ),
    "content/blog/aftercare.fr.md": ("/journal/fr/2023/apres-massage/", "apres-massage"),
}
JEKYLL_ADDRESSES = {
    # The default style, `date`: categories (lower case), date, :title (the file's slug, case
    # kept), .html.
    "_posts/2020-01-02-My_Post.v2.md": ("/tips/self care/2020/01/02/My_Post.v2.html", "my_post-v2"),
    # A time with an offset is read in the site's time zone (UTC): the next day.
    "_posts/2020-03-04-plain.md": ("/2020/03/05/plain.html", "plain"),
    "_posts/2020-03-05-own.md": ("/custom/own/", "own"),
    "_posts/2020-03-06-slugged.md": ("/health/2020/03/06/A-Better-Slug!.html", "a-better-slug"),
    # The folder above _posts is a category, before the front matter's words.
    "blog/_posts/2021-05-06-in-blog.md": ("/blog/extra/words/2021/05/06/in-blog.html", "in-blog"),
    # A `defaults` entry's permalink for its folder.
    "news/_posts/2021-07-08-news-item.md": ("/news/2021/7/news-item/", "news-item"),
}

ELEVENTY_ADDRESSES = {
    # A directory data file's permalink, page.fileSlug without the file's date.
    "notes/2021-03-04-a-note.md": ("/n/a-note/", "a-note"),
    # The post's own permalink, `title | slugify` filled in ("&" is "and").
    "notes/titled.md": ("/t/cafe-time-and-co/", "cafe-time-and-co"),
    # Eleventy's default keeps the date and the case; the new slug drops the date.
    "posts/2020-01-02-dated-post.md": ("/posts/2020-01-02-dated-post/", "dated-post"),
    "posts/Plain_Name.md": ("/posts/Plain_Name/", "plain_name"),
    # A file named as its folder is the folder's page.
    "posts/sub/sub.md": ("/posts/sub/", "sub"),
}


def test_hugo_addresses_follow_its_permalinks_and_urlize():
    assert computed(HUGO) == HUGO_ADDRESSES


def test_hugo_addresses_follow_its_config_folder_languages_and_base_path():
    assert computed(HUGO_LANGUAGES) == HUGO_LANGUAGE_ADDRESSES


def test_jekyll_addresses_follow_its_permalink_styles_and_categories():
    assert computed(JEKYLL) == JEKYLL_ADDRESSES


def test_eleventy_addresses_follow_permalinks_in_front_matter_and_data_files():
    assert computed(ELEVENTY) == ELEVENTY_ADDRESSES


def test_an_eleventy_permalink_that_needs_the_sites_code_falls_back_with_a_warning(tmp_path):
    shutil.copytree(ELEVENTY, tmp_path, dirs_exist_ok=True)
    post = tmp_path / "posts" / "2020-01-02-dated-post.md"
    post.write_text(
        '---\ntitle: Dated\npermalink: "/{{ page.date | year }}/x/"\n---\nx\n', encoding="utf-8"
    )

    found = computed(tmp_path, warnings=True)["posts/2020-01-02-dated-post.md"]

    assert found[0] == "/posts/2020-01-02-dated-post/"
    assert "needs the old site's code" in found[2][0] and "--old-url" in found[2][0]


def test_old_url_overrides_the_computed_addresses():
    found = computed(HUGO, old_url="/blog/{name}/")

    assert found["content/posts/with-slug.md"][0] == "/blog/with-slug/"
    assert found["content/plain/url-post.md"][0] == "/Custom/URL.html"  # its own, as before


@pytest.mark.parametrize(
    ("site", "command", "output", "expected"),
    [
        (HUGO, ["hugo", "--quiet"], "public", HUGO_ADDRESSES),
        (HUGO_LANGUAGES, ["hugo", "--quiet"], "public", HUGO_LANGUAGE_ADDRESSES),
        (JEKYLL, ["jekyll", "build", "--quiet"], "_site", JEKYLL_ADDRESSES),
        (ELEVENTY, [str(ELEVENTY_BINARY), "--quiet"], "_site", ELEVENTY_ADDRESSES),
    ],
    ids=["hugo", "hugo-languages", "jekyll", "eleventy"],
)
def test_computed_addresses_are_where_the_real_generator_put_the_pages(
    tmp_path, site, command, output, expected
):
    copy = tmp_path / site.name
    shutil.copytree(site, copy)

    built = built_addresses(copy, command, output)

    # The build is served from baseURL's path (/journal/), which its folder doesn't show.
    served = {address.removeprefix("/journal") for address, _ in computed(copy).values()}
    assert {address.removeprefix("/journal") for address, _ in expected.values()} <= built
    assert served <= built


def test_a_github_pages_jekyll_site_without_a_config_gets_jekylls_default_addresses(tmp_path):
    (tmp_path / "Gemfile").write_text("gem 'github-pages', group: :jekyll_plugins\n")
    posts = tmp_path / "_posts"
    posts.mkdir()
    (posts / "2010-08-23-readme-first.md").write_text("---\ntitle: README first\n---\nHi.\n")

    assert computed(tmp_path) == {
        "_posts/2010-08-23-readme-first.md": ("/2010/08/23/readme-first.html", "readme-first")
    }


def write(path, text):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("site", "expected"),
    [
        # Hexo's default permalink, :year/:month/:day/:title/.
        ("hexo", {"source/_posts/desk-posture.md": ("/2024/02/14/desk-posture/", "desk-posture")}),
        # Zola: the section's path, then the file's name.
        ("zola", {"content/blog/sleep.md": ("/blog/sleep/", "sleep")}),
        # Gatsby's blog starter: the path under the folder gatsby-source-filesystem reads.
        ("gatsby", {"content/blog/first-visit/index.md": ("/first-visit/", "first-visit")}),
        # Astro's blog template: /<collection>/<entry>/.
        ("astro", {"src/content/blog/after-care.md": ("/blog/after-care/", "after-care")}),
    ],
)
def test_each_generators_default_addresses(site, expected):
    assert computed(SITES / site) == expected


def test_hexo_addresses_follow_its_permalink_root_and_dated_file_names(tmp_path):
    write(
        tmp_path / "_config.yml",
        "title: Clinic\nroot: /news/\nnew_post_name: :year-:month-:day-:title.md\n"
        "permalink: :category/:year/:title.html\n",
    )
    posts = tmp_path / "source" / "_posts"
    write(posts / "2024-03-05-hot-stones.md", "---\ntitle: Hot stones\ndate: 2024-03-05\n---\n")
    write(
        posts / "2024-04-01-neck.md",
        "---\ntitle: Neck\ndate: 2024-04-01\ncategories: [Self Care, Desk]\n---\n",
    )

    assert computed(tmp_path) == {
        "source/_posts/2024-03-05-hot-stones.md": (
            "/news/uncategorized/2024/hot-stones.html",
            "hot-stones",
        ),
        "source/_posts/2024-04-01-neck.md": ("/news/Self-Care/Desk/2024/neck.html", "neck"),
    }


def test_zola_addresses_drop_a_file_names_date_and_follow_slug_and_path(tmp_path):
    write(tmp_path / "config.toml", 'base_url = "https://clinic.example"\ncompile_sass = false\n')
    blog = tmp_path / "content" / "blog"
    write(blog / "_index.md", "+++\ntitle = 'Blog'\n+++\n")
    write(blog / "2024-01-02-Warm Up.md", "+++\ntitle = 'Warm up'\n+++\n")
    write(blog / "cool.md", "+++\ntitle = 'Cool'\ndate = 2024-02-02\nslug = 'cool-down'\n+++\n")
    write(blog / "own.md", "+++\ntitle = 'Own'\ndate = 2024-03-03\npath = 'care/own'\n+++\n")

    assert computed(tmp_path) == {
        "content/blog/2024-01-02-Warm Up.md": ("/blog/warm-up/", "warm-up"),
        "content/blog/cool.md": ("/blog/cool-down/", "cool-down"),
        "content/blog/own.md": ("/care/own/", "own"),
    }


def test_hugo_case_kept_ugly_urls_and_slugs_from_dated_file_names(tmp_path):
    write(
        tmp_path / "hugo.toml",
        'baseURL = "https://clinic.example/"\ntitle = "Clinic"\ndisablePathToLower = true\n'
        'uglyURLs = true\n[frontmatter]\n  date = [":filename", ":default"]\n',
    )
    shutil.copytree(HUGO / "layouts", tmp_path / "layouts")
    notes = tmp_path / "content" / "Notes"
    write(notes / "2024-02-03-Hot-Stones.md", '---\ntitle: "Hot Stones"\n---\nWarm.\n')
    write(notes / "Neck Care.md", '---\ntitle: "Neck Care"\ndate: 2024-03-04\n---\nRoll.\n')
    expected = {
        # The file name's date is the post's; the rest of the name its slug.
        "content/Notes/2024-02-03-Hot-Stones.md": ("/Notes/Hot-Stones.html", "hot-stones"),
        "content/Notes/Neck Care.md": ("/Notes/Neck-Care.html", "neck-care"),
    }

    assert computed(tmp_path) == expected
    built = built_addresses(tmp_path, ["hugo", "--quiet"], "public")
    assert {address for address, _ in expected.values()} <= built


def test_jekyll_collections_dir_is_no_category(tmp_path):
    write(tmp_path / "_config.yml", "title: Clinic\ncollections_dir: stuff\npermalink: pretty\n")
    write(tmp_path / "stuff" / "_posts" / "2024-01-02-a-post.md", "---\ntitle: A\n---\nx\n")
    write(tmp_path / "stuff" / "health" / "_posts" / "2024-01-03-b.md", "---\ntitle: B\n---\nx\n")

    assert computed(tmp_path) == {
        "stuff/_posts/2024-01-02-a-post.md": ("/2024/01/02/a-post/", "a-post"),
        "stuff/health/_posts/2024-01-03-b.md": ("/health/2024/01/03/b/", "b"),
    }


def test_hugo_content_mounted_per_language(tmp_path):
    mounts = "".join(
        f'[[module.mounts]]\n  source = "content/{lang}"\n  target = "content"\n  lang = "{lang}"\n'
        for lang in ("en", "de")
    )
    write(
        tmp_path / "hugo.toml",
        'baseURL = "https://clinic.example/"\ntitle = "Clinic"\ndefaultContentLanguage = "en"\n'
        "[languages.en]\n  weight = 1\n[languages.de]\n  weight = 2\n" + mounts,
    )
    shutil.copytree(HUGO / "layouts", tmp_path / "layouts")
    write(
        tmp_path / "content/en/news/open-late.md", "---\ntitle: Open late\ndate: 2024-02-03\n---\n"
    )
    write(
        tmp_path / "content/de/news/laenger.md", "---\ntitle: Länger offen\ndate: 2024-02-03\n---\n"
    )
    expected = {
        # The mounted folder is the content folder: no /en/ section, the German page under /de/.
        "content/en/news/open-late.md": ("/news/open-late/", "open-late"),
        "content/de/news/laenger.md": ("/de/news/laenger/", "laenger"),
    }

    assert computed(tmp_path) == expected
    built = built_addresses(tmp_path, ["hugo", "--quiet"], "public")
    assert {address for address, _ in expected.values()} <= built
