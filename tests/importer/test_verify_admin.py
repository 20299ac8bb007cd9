"""The admin's preview checks the pages against the old site's build when the upload holds one
beside its source (`_site`, `public`, `build`), as `import_posts --verify-against` does."""

import pytest
from django.urls import reverse

from .built_sites import GENERATORS
from .old_site import zip_of
from .test_admin_import import preview_of, rows

JEKYLL = GENERATORS[0]


@pytest.fixture
def commits(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def upload_root(settings, tmp_path):
    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    return settings.IMPORTER_UPLOAD_ROOT


def test_the_preview_checks_the_pages_against_the_uploaded_build(
    editor_client,
    site_tree,
    upload_root,
    commits,
    tmp_path,
):
    site = JEKYLL.build(tmp_path)

    run = preview_of(editor_client, commits, zip_of(site))

    found = rows(run)
    warm = found["jekyll-site/_posts/2024-03-04-warming-up.md"].row["verified"]
    assert warm["address"] == JEKYLL.addresses["warming-up"]
    assert warm["words_in"] == 1.0 and warm["pictures_missing"] == []
    page = editor_client.get(reverse("import_posts:run", args=[run.pk])).content.decode()
    assert "100% of its built page" in page


def test_without_a_build_the_preview_checks_nothing(
    editor_client,
    site_tree,
    upload_root,
    commits,
    tmp_path,
):
    site = JEKYLL.build(tmp_path)
    for path in sorted((site / "_site").rglob("*"), reverse=True):
        path.rmdir() if path.is_dir() else path.unlink()

    run = preview_of(editor_client, commits, zip_of(site))

    assert all("verified" not in post.row for post in rows(run).values())
