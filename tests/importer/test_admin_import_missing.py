"""A re-upload that no longer holds posts imported before from its site lists them with their
pages, and offers to unpublish them; nothing is ever deleted."""

import re

from django.contrib.messages import get_messages
from django.urls import reverse

from blog.models import BlogPage
from importer.admin_import.models import ImportRun

from .helpers import run, write_post
from .old_site import upload, zip_of


def post(title: str, day: int) -> str:
    return f"---\ntitle: {title}\ndate: 2024-01-{day:02}\n---\nAbout {title}.\n"


def test_a_re_upload_lists_the_posts_it_no_longer_holds_and_can_unpublish_them(
    editor_client, site_tree, tmp_path, settings, django_capture_on_commit_callbacks
):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    posts = tmp_path / "posts"
    for day, title in enumerate(["Neck pain", "Hot stones", "Gift cards"], start=1):
        write_post(posts, f"{title.lower().replace(' ', '-')}.md", post(title, day))
    other = tmp_path / "elsewhere"
    write_post(other, "unrelated.md", post("Another site's post", 9))
    run(posts, verbosity=0)
    run(other, verbosity=0)
    (posts / "gift-cards.md").unlink()
    (posts / "hot-stones.md").unlink()
    BlogPage.objects.filter(title="Hot stones").update(live=False)  # unpublished already

    with django_capture_on_commit_callbacks(execute=True):
        upload(editor_client, zip_of(posts), name="posts.zip")
    preview = ImportRun.objects.get(from_command=False)
    page = editor_client.get(reverse("import_posts:run", args=[preview.pk])).content.decode()
    section = page.split("Imported before, missing from this upload")[1].split("</section>")[0]
    section = re.sub(r"<(?:/?span[^>]*|wbr)>", "", section)  # paths wrap between folders
    gifts = BlogPage.objects.get(title="Gift cards")
    stones = BlogPage.objects.get(title="Hot stones")
    assert "Gift cards" in section and "posts/gift-cards.md" in section
    assert "Hot stones" in section
    assert f'value="{gifts.pk}"' in section
    assert f'value="{stones.pk}"' not in section  # not live: nothing to unpublish
    assert "Neck pain" not in section  # still in the upload
    assert "Another site" not in section  # imported from another folder

    unrelated = BlogPage.objects.get(title="Another site's post")
    response = editor_client.post(
        reverse("import_posts:unpublish", args=[preview.pk]),
        {"page": [gifts.pk, unrelated.pk]},
    )
    assert [str(m) for m in get_messages(response.wsgi_request)][0].startswith(
        "Unpublished 1 page: Gift cards."
    )
    gifts.refresh_from_db()
    unrelated.refresh_from_db()
    assert not gifts.live and unrelated.live  # only a listed page, and never deleted
    assert BlogPage.objects.count() == 4
    assert gifts.get_latest_revision() is not None
