"""Only people with the importer.run_import permission (superusers, the "Migrators" group) see
"Import posts" or reach any of its pages."""

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from importer.admin_import.models import ImportRun, ImportRunPost

pytestmark = pytest.mark.django_db

# The admin's menu is drawn from JSON in the page.
MENU_LINK = '"url": "/admin/import-posts/"'


@pytest.fixture
def migrator(django_user_model, client):
    user = django_user_model.objects.create_user("migrator", "m@example.com", "pw")
    user.groups.add(Group.objects.get(name="Migrators"))
    client.force_login(user)
    return user


@pytest.fixture
def editor_without_it(django_user_model, client):
    """A member of Wagtail's own Editors group: the admin, the pages, but not imports."""
    user = django_user_model.objects.create_user("ed", "ed@example.com", "pw")
    user.groups.add(Group.objects.get(name="Editors"))
    client.force_login(user)
    return user


@pytest.fixture
def run(site_tree, django_user_model):
    run = ImportRun.objects.create(
        parent=site_tree.blog, upload_name="old-site.zip", status=ImportRun.Status.PREVIEWED
    )
    post = ImportRunPost.objects.create(
        run=run, dry_run=True, position=0, source="old-site/a.md", status="created"
    )
    return run, post


def admin_pages(run, post):
    """What people open or submit: refused as the admin refuses a page."""
    return [
        ("get", reverse("import_posts:index")),
        ("post", reverse("import_posts:index")),
        ("get", reverse("import_posts:run", args=[run.pk])),
        ("post", reverse("import_posts:confirm", args=[run.pk])),
        ("post", reverse("import_posts:cancel", args=[run.pk])),
        ("post", reverse("import_posts:stop", args=[run.pk])),
        ("post", reverse("import_posts:again", args=[run.pk])),
        ("post", reverse("import_posts:overwrite", args=[run.pk])),
        ("post", reverse("import_posts:keep", args=[run.pk])),
        ("post", reverse("import_posts:unpublish", args=[run.pk])),
        ("get", reverse("import_posts:post", args=[run.pk, post.pk])),
    ]


def fetched(run, post):
    """What pages fetch, download or frame: a plain 403."""
    return [
        ("get", reverse("import_posts:progress", args=[run.pk])),
        ("get", reverse("import_posts:report", args=[run.pk])),
        ("get", reverse("import_posts:before", args=[run.pk, post.pk])),
        ("get", reverse("import_posts:after", args=[run.pk, post.pk])),
    ]


def test_the_migrators_group_may_sign_in_and_import_and_nothing_else():
    group = Group.objects.get(name="Migrators")
    assert sorted(group.permissions.values_list("content_type__app_label", "codename")) == [
        ("importer", "run_import"),
        ("wagtailadmin", "access_admin"),
    ]


def test_a_migrator_sees_import_posts_in_the_menu_and_can_open_it(client, migrator, site_tree):
    assert MENU_LINK in client.get(reverse("wagtailadmin_home")).content.decode()
    response = client.get(reverse("import_posts:index"))
    assert response.status_code == 200
    assert "Upload the old site" in response.content.decode()


def test_a_superuser_sees_it_too(editor_client, site_tree):
    assert MENU_LINK in editor_client.get(reverse("wagtailadmin_home")).content.decode()


def test_an_editor_without_the_permission_sees_no_menu_item(client, editor_without_it, site_tree):
    response = client.get(reverse("wagtailadmin_home"))
    assert response.status_code == 200
    assert MENU_LINK not in response.content.decode()
    assert "Import posts" not in response.content.decode()


def test_every_import_url_is_refused_without_the_permission(client, editor_without_it, run):
    run, post = run
    for method, url in admin_pages(run, post):
        response = getattr(client, method)(url, follow=True)
        assert response.redirect_chain == [(reverse("wagtailadmin_home"), 302)], url
        page = response.content.decode()
        assert "Sorry, you do not have permission to access this area." in page, url
    for method, url in fetched(run, post):
        response = getattr(client, method)(url)
        assert response.status_code == 403, f"{method.upper()} {url}: {response.status_code}"
    run.refresh_from_db()
    assert run.status == ImportRun.Status.PREVIEWED  # not confirmed, not cancelled


def test_the_permission_can_be_given_to_other_groups(editor_client, site_tree):
    """It is listed on the admin's group page, with Wagtail's other permissions."""
    editors = Group.objects.get(name="Editors")
    response = editor_client.get(reverse("wagtailusers_groups:edit", args=[editors.pk]))
    permission = Permission.objects.get(codename="run_import")
    assert f'value="{permission.pk}"' in response.content.decode()
