"""Redirects from old addresses and links between posts, in import_posts' simplest cases
(every form an old address takes is in test_links_between_posts.py)."""

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import ReferenceIndex

from blog.models import BlogPage

from .helpers import (
    report_of,
    run,
    write_post,
)


def test_links_between_imported_posts_become_page_links(site_tree, tmp_path):
    folder = tmp_path / "_posts"
    write_post(folder, "2025-01-01-welcome.md", "---\ntitle: Welcome\n---\nHello.\n")
    write_post(
        folder,
        "2025-02-01-follow-up.md",
        "---\ntitle: Follow-up\n---\nSee [our welcome]({% post_url 2025-01-01-welcome %}) "
        "and [the old address](/blog/welcome/).\n",
    )

    run(folder, old_url="/blog/{slug}/")

    welcome = BlogPage.objects.get(slug="welcome")
    follow_up = BlogPage.objects.get(slug="follow-up")
    paragraph = follow_up.body[0].value.source
    assert paragraph.count(f'<a linktype="page" id="{welcome.pk}">') == 2


def test_links_to_newer_posts_become_page_links_in_the_import_revision(site_tree, tmp_path):
    folder = tmp_path / "_posts"
    write_post(
        folder,
        "2025-01-01-welcome.md",
        "---\ntitle: Welcome\n---\n"
        "Next, read [our follow-up]({% post_url 2025-02-01-follow-up %}).\n",
    )
    write_post(folder, "2025-02-01-follow-up.md", "---\ntitle: Follow-up\n---\nHello again.\n")

    run(folder)

    welcome = BlogPage.objects.get(slug="welcome")
    follow_up = BlogPage.objects.get(slug="follow-up")
    page_link = f'<a linktype="page" id="{follow_up.pk}">our follow-up</a>'
    assert page_link in welcome.body[0].value.source
    # Fixed in the import's own revision: no extra revision, and no "edited since import".
    assert welcome.revisions.count() == 1
    assert page_link in welcome.latest_revision.as_object().body[0].value.source
    assert not welcome.import_record.edited_since_import
    assert ReferenceIndex.get_references_to(follow_up).filter(object_id=str(welcome.pk)).exists()
    assert run(folder, verbosity=2).count("unchanged") >= 2


def test_a_link_to_a_post_that_is_not_imported_keeps_its_text(site_tree, tmp_path):
    write_post(
        tmp_path,
        "2025-02-01-follow-up.md",
        "---\ntitle: Follow-up\n---\nSee [our welcome]({% post_url 2025-01-01-welcome %}).\n",
    )

    report = report_of(tmp_path, tmp_path / "2025-02-01-follow-up.md")

    paragraph = BlogPage.objects.get().body[0].value.source
    assert paragraph == '<p data-block-key="00000">See our welcome.</p>'
    assert report["posts"][0]["warnings"] == [
        "Link to post '2025-01-01-welcome' not found; its text is kept."
    ]


def test_an_existing_redirect_elsewhere_is_left_alone(site_tree, make_post, tmp_path):
    other = make_post(title="Prices", slug="prices")
    Redirect.objects.create(old_path="/old/prices", site=None, redirect_page=other)
    write_post(
        tmp_path, "a.md", "---\ntitle: A\ndate: 2025-01-01\npermalink: /old/prices/\n---\nText.\n"
    )

    report = report_of(tmp_path, tmp_path / "a.md")

    assert Redirect.objects.get(old_path="/old/prices").redirect_page_id == other.pk
    assert report["posts"][0]["warnings"] == [
        "Old address /old/prices already redirects elsewhere; it was left as it is."
    ]
