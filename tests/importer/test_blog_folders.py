"""A Docusaurus site is found at its root, and a site whose config names no posts folder (a
Next.js blog, a repository of no known generator) has its blog folder found by its posts:
docs, versioned docs, READMEs and CONTRIBUTING are never posts, and the analysis and the
run's report say which folder was chosen and why."""

from pathlib import Path

from importer.common import ImportRequest
from importer.run import analyze, summary_text
from importer.sources import detect_site

from .addresses_helpers import computed
from .helpers import report_of, write_post

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
DOCUSAURUS = SITES / "docusaurus"
NEXTJS = SITES / "blog-folders" / "nextjs"
NO_GENERATOR = SITES / "blog-folders" / "no-generator"


def reasons(site, root):
    return {row.path.relative_to(root).as_posix(): row.reason for row in site.left_out}


def posts(site, root):
    return sorted(path.relative_to(root).as_posix() for path in site.posts)


def post(title, date="2024-01-01"):
    return f"---\ntitle: {title}\ndate: {date}\n---\nText.\n"


def test_a_docusaurus_site_is_found_at_its_root_with_its_blog_folder():
    site = detect_site(DOCUSAURUS)

    assert site.generator == "docusaurus"
    assert posts(site, DOCUSAURUS) == [
        "blog/2024-06-01-welcome.md",
        "blog/2024-06-02-hot-stones/index.md",
        "blog/2024/06/03/neck-care.md",
        "blog/gift-cards.md",
    ]
    left_out = reasons(site, DOCUSAURUS)
    assert "docs" in left_out["docs"]
    assert "earlier versions" in left_out["versioned_docs"]
    assert "describes the folder" in left_out["README.md"]
    assert "describes the folder" in left_out["CONTRIBUTING.md"]
    assert "starts with '_'" in left_out["blog/_partials/_signature.md"]


def test_docusaurus_addresses_are_its_blog_routes():
    assert computed(DOCUSAURUS) == {
        # `slug` wins; the page is named by its last part.
        "blog/2024-06-01-welcome.md": ("/blog/welcome", "welcome"),
        # The date in the file's or folders' names becomes YYYY/MM/DD/, the rest follows.
        "blog/2024-06-02-hot-stones/index.md": ("/blog/2024/06/02/hot-stones", "hot-stones"),
        "blog/2024/06/03/neck-care.md": ("/blog/2024/06/03/neck-care", "neck-care"),
        "blog/gift-cards.md": ("/blog/news/gift-cards", "gift-cards"),
    }


def test_a_docusaurus_blog_path_and_route_come_from_its_config(tmp_path):
    (tmp_path / "docusaurus.config.ts").write_text(
        "export default { presets: [['classic', { docs: false, blog: {\n"
        "  path: 'news', routeBasePath: 'updates', showReadingTime: true } }]] };\n"
    )
    write_post(tmp_path / "news", "2024-02-03-opening.md", "---\ntitle: Opening day\n---\nHi.\n")

    site = detect_site(tmp_path)

    assert posts(site, tmp_path) == ["news/2024-02-03-opening.md"]
    assert computed(tmp_path)["news/2024-02-03-opening.md"][0] == "/updates/2024/02/03/opening"


def test_a_nextjs_blog_folder_is_found_by_its_posts_never_docs_or_readmes():
    site = detect_site(NEXTJS)

    assert site.generator == "nextjs"
    assert posts(site, NEXTJS) == [
        "blog/posts/2024-04-10-cupping.mdx",
        "blog/posts/sports-massage.md",
    ]
    left_out = reasons(site, NEXTJS)
    assert set(left_out) == {"docs", "versioned_docs", "README.md", "CONTRIBUTING.md"}
    assert any(hint.startswith("blog folder blog/posts/: it holds 2") for hint in site.hints)


def test_a_site_of_no_known_generator_gets_its_blog_folder_by_its_posts():
    site = detect_site(NO_GENERATOR)

    assert site.generator == ""
    assert [p.relative_to(NO_GENERATOR).as_posix() for p in site.post_folders] == ["content/posts"]
    assert posts(site, NO_GENERATOR) == [
        "content/posts/2023/hot-stones.md",
        "content/posts/desk-posture.md",
    ]
    left_out = reasons(site, NO_GENERATOR)
    assert "a page, not a post" in left_out["content/pages/about.md"]
    assert "documentation" in left_out["docs"]


def test_a_folder_whose_posts_are_all_in_it_is_still_a_plain_folder_of_posts(tmp_path):
    write_post(tmp_path / "2023", "a.md", post("A", "2023-01-01"))
    write_post(tmp_path / "2024", "b.md", post("B"))
    write_post(tmp_path, "c.md", post("C"))

    assert detect_site(tmp_path) is None


def test_the_analysis_says_which_blog_folder_it_chose_and_why():
    result = analyze(ImportRequest(sources=(NEXTJS,))).as_dict()

    assert result["posts"] == 2
    text = summary_text(result)
    assert "Site: nextjs" in text
    assert "blog folder blog/posts/: it holds 2 of the site's 2 Markdown files outside docs" in text


def test_the_runs_report_says_which_blog_folder_it_chose(site_tree, tmp_path):
    report = report_of(tmp_path, NO_GENERATOR, dry_run=True)

    (site,) = report["sites"]
    assert site["generator"] == ""
    assert site["post_folders"] == [str(NO_GENERATOR / "content" / "posts")]
    assert any("blog folder content/posts/" in hint for hint in site["hints"])
    statuses = {Path(row["source"]).name: row["status"] for row in report["posts"]}
    assert statuses == {
        "hot-stones.md": "created",
        "desk-posture.md": "created",
        "about.md": "skipped",
        "docs": "skipped",
        "README.md": "skipped",
    }


def test_a_folder_holding_only_its_blog_folder_stays_a_plain_folder_of_posts(tmp_path):
    # Nothing there but the posts: as before, the posts are known by their path in the folder.
    write_post(tmp_path / "posts", "a.md", post("A", "2023-01-01"))
    write_post(tmp_path / "posts", "b.md", post("B"))

    assert detect_site(tmp_path) is None
