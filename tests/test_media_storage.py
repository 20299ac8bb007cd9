"""Media on S3-compatible object storage, against a real S3 server (moto's, on 127.0.0.1): an
import stores originals and renditions there, each with its content type, SVG as a download,
and the pages link them."""

import json
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from io import StringIO
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.core.management import call_command

from blog.models import BlogPage
from config.storage import object_parameters
from tests.importer.helpers import write_png, write_post

boto3 = pytest.importorskip("boto3")
pytest.importorskip("moto.server", reason="moto[server] is a dev dependency")

BUCKET = "clinic-media"
DOWNLOAD = {"ContentDisposition": "attachment"}
DRAWING = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="40" height="20" viewBox="0 0 40 20">'
    '<rect width="40" height="20" fill="teal"/></svg>'
)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def s3_endpoint():
    """moto's S3 server in its own process, for this module's tests."""
    port = free_port()
    server = Path(sys.executable).with_name("moto_server")
    command = [str(server)] if server.exists() else [shutil.which("moto_server")]
    process = subprocess.Popen(
        [*command, "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise RuntimeError("moto_server did not start") from None
                time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        process.terminate()
        process.wait(timeout=10)


@pytest.fixture
def s3_media(s3_endpoint, settings, monkeypatch):
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    client = boto3.client("s3", endpoint_url=s3_endpoint, region_name="us-east-1")
    client.create_bucket(Bucket=BUCKET)
    # Public media, as the README asks of the bucket: anyone may read, only the site writes.
    public_read = {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Effect": "Allow",
                "Principal": "*",
                "Action": "s3:GetObject",
                "Resource": f"arn:aws:s3:::{BUCKET}/*",
            }
        ],
    }
    client.put_bucket_policy(Bucket=BUCKET, Policy=json.dumps(public_read))
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "config.storage.MediaStorage",
            "OPTIONS": {
                "bucket_name": BUCKET,
                "endpoint_url": s3_endpoint,
                "region_name": "us-east-1",
                "file_overwrite": False,
                "querystring_auth": False,
            },
        },
    }
    yield client
    for item in client.list_objects_v2(Bucket=BUCKET).get("Contents", []):
        client.delete_object(Bucket=BUCKET, Key=item["Key"])
    client.delete_bucket(Bucket=BUCKET)


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("original_images/stones.png", {"ContentType": "image/png"}),
        ("images/stones.2e16d0ba.fill-1200x630.format-jpeg.jpg", {"ContentType": "image/jpeg"}),
        ("images/a.webp", {"ContentType": "image/webp"}),
        ("original_images/map.svg", {"ContentType": "image/svg+xml", **DOWNLOAD}),
        ("documents/page.html", {"ContentType": "text/html", **DOWNLOAD}),
        ("documents/prices.pdf", {"ContentType": "application/pdf"}),
        ("documents/no-extension", {"ContentType": "application/octet-stream"}),
    ],
)
def test_object_types_come_from_the_name_and_active_types_download(name, expected):
    assert object_parameters(name) == expected


def test_an_import_stores_originals_and_renditions_on_s3_and_pages_link_them(
    s3_media, s3_endpoint, site_tree, client, tmp_path
):
    posts = tmp_path / "posts"
    write_png(posts / "stones.png", size=(1600, 1000))
    (posts / "map.svg").write_text(DRAWING)
    write_post(
        posts,
        "stones.md",
        "---\ntitle: Hot stones\ndate: 2026-01-06\nimage: ./stones.png\nimageAlt: Stones\n---\n"
        "Warm stones.\n\n![How to find us](./map.svg)\n",
    )

    call_command("import_posts", str(posts), stdout=StringIO(), stderr=StringIO())

    post = BlogPage.objects.get(title="Hot stones")
    html = client.get(post.url).content.decode()
    page = BeautifulSoup(html, "html.parser")
    sources = {img["src"] for img in page.select("main img")} | {
        candidate.split()[0]
        for tag in page.select("main source[srcset], main img[srcset]")
        for candidate in tag["srcset"].split(",")
    }
    bucket_url = f"{s3_endpoint}/{BUCKET}/"
    assert sources and all(src.startswith(bucket_url) for src in sources), sources

    stored = {item["Key"] for item in s3_media.list_objects_v2(Bucket=BUCKET).get("Contents", [])}
    assert {key for key in stored if key.startswith("original_images/")} == {
        "original_images/stones.png",
        "original_images/map.svg",
    }
    assert any(key.startswith("images/") for key in stored)
    for key in stored:
        head = s3_media.head_object(Bucket=BUCKET, Key=key)
        assert head["ContentType"] == object_parameters(key)["ContentType"], key
        if key.endswith(".svg"):
            assert head["ContentDisposition"] == "attachment", key
        else:
            assert "ContentDisposition" not in head, key
    # Every picture the page links is there to fetch.
    for src in sources:
        with urllib.request.urlopen(src, timeout=10) as response:  # noqa: S310 - local test server
            assert response.status == 200
