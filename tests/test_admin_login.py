"""The one admin login (Wagtail's) and how it holds against guessing."""


def test_there_is_no_second_admin_at_django_admin(client, site_tree):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404
