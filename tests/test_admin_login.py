"""The one admin login (Wagtail's) and how it holds against guessing."""

import datetime

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import F
from django.test import Client


def test_there_is_no_second_admin_at_django_admin(client, site_tree):
    assert client.get("/django-admin/").status_code == 404
    assert client.get("/django-admin/login/").status_code == 404


PASSWORD = "a-long-editor-password"


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", PASSWORD)


def sign_in(client, username, password, address="203.0.113.7", **headers):
    return client.post(
        "/admin/login/",
        {"username": username, "password": password},
        REMOTE_ADDR=address,
        **headers,
    )


def is_signed_in(response):
    return response.status_code == 302 and "_auth_user_id" in response.client.session


def refused(response):
    text = response.content.decode()
    return response.status_code == 429 and "Too many failed sign-ins" in text


def test_a_handful_of_failures_from_one_address_pauses_sign_in_from_it(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, f"guess{attempt}", "wrong")
        assert response.status_code == 200  # the form again, with its error
    assert refused(sign_in(client, "guess-last", "wrong"))

    # Even the right password is refused from that address for now, with a clear message...
    response = sign_in(client, "editor", PASSWORD)
    assert refused(response)
    assert "signing in is refused for 0:15:00" in response.content.decode()
    # ...while the editor, elsewhere, still signs in.
    assert is_signed_in(sign_in(Client(), "editor", PASSWORD, address="198.51.100.20"))


def test_a_handful_of_failures_for_one_user_pauses_sign_in_for_them(client, editor):
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(Client(), "editor", "wrong", address=f"198.51.100.{attempt + 1}")

    response = sign_in(client, "editor", PASSWORD, address="192.0.2.99")
    assert refused(response)
    assert not is_signed_in(response)


def test_the_pause_ends_after_the_cool_off_time(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "editor", "wrong")
    assert refused(sign_in(client, "editor", PASSWORD))

    # The cool-off time passes: every failure recorded so far becomes that much older.
    AccessAttempt.objects.update(
        attempt_time=F("attempt_time") - settings.AXES_COOLOFF_TIME - datetime.timedelta(seconds=1)
    )
    assert is_signed_in(sign_in(client, "editor", PASSWORD))


def test_a_good_sign_in_clears_the_count(client, editor):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "editor", "wrong")
    assert is_signed_in(sign_in(client, "editor", PASSWORD))
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "editor", "wrong")
    assert is_signed_in(sign_in(client, "editor", PASSWORD))


def test_x_forwarded_for_is_ignored_unless_proxies_are_trusted(client, editor, settings):
    # Without a trusted proxy, a made-up header doesn't give each guess a new address.
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{attempt}", "wrong", HTTP_X_FORWARDED_FOR=f"10.0.0.{attempt}")
    assert refused(sign_in(client, "editor", PASSWORD, HTTP_X_FORWARDED_FOR="10.0.0.200"))


def test_behind_a_trusted_proxy_the_address_it_saw_counts(client, editor, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "127.0.0.1"
    for attempt in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, f"guess{attempt}", "wrong", proxy, HTTP_X_FORWARDED_FOR="203.0.113.7")
    # The guesser is paused; an editor elsewhere behind the same proxy is not.
    assert refused(sign_in(client, "x", "y", proxy, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7"))
    assert is_signed_in(
        sign_in(Client(), "editor", PASSWORD, proxy, HTTP_X_FORWARDED_FOR="198.51.100.20")
    )
