"""Media files, where Django serves them, are sent inert: a sandbox policy and nosniff."""

import pytest
from django.urls import include, path

from config.media import media_urlpatterns

urlpatterns = media_urlpatterns() + [path("", include("config.urls"))]

SVG = b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>'


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("drawing.svg", SVG, "image/svg+xml"),
        ("page.html", b"<script>alert(1)</script>", "text/html"),
        ("stones.jpg", b"\xff\xd8\xff\xe0 not really a jpeg", "image/jpeg"),
    ],
)
def test_media_are_served_with_a_sandbox_policy_and_nosniff(
    client, settings, tmp_path, name, content, content_type
):
    settings.MEDIA_ROOT = tmp_path
    (tmp_path / "original_images").mkdir()
    (tmp_path / "original_images" / name).write_bytes(content)

    response = client.get(f"/media/original_images/{name}")

    assert response.status_code == 200
    assert response["Content-Type"].startswith(content_type)
    assert response["X-Content-Type-Options"] == "nosniff"
    policy = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    assert "sandbox" in policy
    assert "default-src 'none'" in policy
    assert b"".join(response.streaming_content) == content


@pytest.mark.urls(__name__)
def test_nothing_outside_media_is_served(client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MEDIA_ROOT.mkdir()
    (tmp_path / "secret.txt").write_text("secret")
    for url in ("/media/../secret.txt", "/media/%2e%2e/secret.txt"):
        assert client.get(url).status_code in (400, 404), url
