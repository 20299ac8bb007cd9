"""--fetch-images: pictures hosted elsewhere, downloaded from a server these tests start on
127.0.0.1 (no other network)."""

import collections
import io
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.core.management import call_command
from PIL import Image as PILImage
from wagtail.images import get_image_model

from blog.models import BlogPage
from importer.write.fetch import ImageFetcher

from .helpers import write_post

Image = get_image_model()


def png_bytes(colour: str = "teal", size=(6, 4), mode="RGB") -> bytes:
    buffer = io.BytesIO()
    PILImage.new(mode, size, colour).save(buffer, "PNG")
    return buffer.getvalue()


HOSTILE_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" xmlns:s="http://www.w3.org/2000/svg" width="8" '
    b'height="8"><rect width="8" height="8"/><s:script>alert(1)</s:script></svg>'
)
# path -> (status, headers, body)
ROUTES = {
    "/pics/room.png": (200, {"Content-Type": "image/png"}, png_bytes("white")),
    "/pics/desk": (200, {"Content-Type": "application/octet-stream"}, png_bytes("brown")),
    "/pics/chart.svg": (200, {"Content-Type": "image/svg+xml"}, HOSTILE_SVG),
    # The server says PNG; the bytes are a web page.
    "/pics/lies.png": (200, {"Content-Type": "image/png"}, b"<html><body>Login</body></html>"),
    "/pics/missing.png": (404, {}, b"not here"),
    "/pics/moved.png": (302, {"Location": "/pics/room.png"}, b""),
    "/pics/to-file.png": (302, {"Location": "file:///etc/passwd"}, b""),
    "/pics/loop.png": (302, {"Location": "/pics/loop.png"}, b""),
    "/pics/huge.png": (200, {"Content-Type": "image/png"}, png_bytes() + b"\0" * 300_000),
    # A few KB that would decode to 60 million pixels.
    "/pics/bomb.png": (200, {}, png_bytes(0, (10_000, 6_000), "1")),
}


class Handler(BaseHTTPRequestHandler):
    hits: collections.Counter

    def do_GET(self):  # noqa: N802 - http.server's name
        self.hits[self.path] += 1
        if self.path == "/pics/slow.png":
            return self.dribble()
        if self.path == "/pics/endless.png":
            return self.endless()
        if self.path == "/pics/headers.png":
            return self.dribble_headers()
        status, headers, body = ROUTES.get(self.path, (404, {}, b""))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def dribble(self):
        """A server that never finishes: a byte at a time, each well inside a socket timeout."""
        self.send_response(200)
        self.send_header("Content-Length", "100000")
        self.end_headers()
        try:
            for _ in range(200):
                self.wfile.write(b"\0")
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass  # the client gave up, as it should

    def dribble_headers(self):
        """A server that answers a header line at a time, never reaching the body."""
        try:
            self.wfile.write(b"HTTP/1.1 200 OK\r\n")
            for number in range(60):
                self.wfile.write(f"X-Wait-{number}: 1\r\n".encode())
                self.wfile.flush()
                time.sleep(0.05)
        except OSError:
            pass

    def endless(self):
        """A body with no declared length that goes on until the client hangs up."""
        self.send_response(200)
        self.end_headers()
        try:
            for _ in range(1000):
                self.wfile.write(b"\0" * 65536)
        except OSError:
            pass

    def log_message(self, *args):
        pass


@pytest.fixture
def server():
    handler = type("Handler", (Handler,), {"hits": collections.Counter()})
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}"
    yield base, handler.hits
    httpd.shutdown()
    httpd.server_close()


def fetcher(**limits) -> ImageFetcher:
    return ImageFetcher(allow_private=True, **{"timeout": 2.0, **limits})


def test_a_picture_is_downloaded_checked_and_named_by_its_content(server):
    base, hits = server
    fetch = fetcher()

    room = fetch.fetch(f"{base}/pics/room.png")
    desk = fetch.fetch(f"{base}/pics/desk")
    again = fetch.fetch(f"{base}/pics/room.png")

    assert room.picture.name == "room.png" and room.picture.data == ROUTES["/pics/room.png"][2]
    assert desk.picture.name == "desk.png" and desk.note == ""
    assert again is room and hits["/pics/room.png"] == 1  # one try per address per run


def test_a_redirect_to_another_http_address_is_followed(server):
    base, hits = server

    moved = fetcher().fetch(f"{base}/pics/moved.png")

    assert moved.picture.data == ROUTES["/pics/room.png"][2]
    assert hits["/pics/moved.png"] == hits["/pics/room.png"] == 1


@pytest.mark.parametrize(
    ("path", "note"),
    [
        ("/pics/missing.png", "could not be downloaded (the server answered 404 Not Found)"),
        ("/pics/to-file.png", "could not be downloaded (file address 'file:///etc/passwd'"),
        ("/pics/loop.png", "could not be downloaded (more than 3 redirects)"),
        ("/pics/huge.png", "could not be downloaded (it is larger than 195 KB)"),
        ("/pics/endless.png", "could not be downloaded (it is larger than 195 KB)"),
        ("/pics/slow.png", "could not be downloaded (it took longer than 1 s)"),
        ("/pics/headers.png", "could not be downloaded (it took longer than 1 s)"),
        ("/pics/bomb.png", "was downloaded but has more than 50 million pixels"),
        ("/pics/lies.png", "was downloaded but is not a PNG, JPEG, GIF, WebP, AVIF or usable SVG"),
    ],
)
def test_each_failure_says_why_and_is_not_retried(server, path, note):
    base, hits = server
    fetch = fetcher(max_bytes=200_000, max_redirects=3, timeout=1.0)

    started = time.monotonic()
    first = fetch.fetch(base + path)
    second = fetch.fetch(base + path)

    assert time.monotonic() - started < 5
    assert first.picture is None and first.note.startswith(note), first.note
    assert second is first
    assert hits[path] == (4 if path == "/pics/loop.png" else 1)


def test_an_svg_download_is_stored_cleaned(server):
    base, _ = server

    chart = fetcher().fetch(f"{base}/pics/chart.svg")

    assert chart.picture.name == "chart.svg"
    assert b"script" not in chart.picture.data and b"<rect" in chart.picture.data
    assert "removed for safety: <script>" in chart.note


@pytest.mark.parametrize(
    "url",
    ["ftp://127.0.0.1/x.png", "file:///etc/passwd", "data:image/png;base64,iVBORw0KGgo="],
)
def test_only_http_and_https_are_fetched(url):
    fetched = fetcher().fetch(url)

    assert fetched.picture is None and "is not fetched" in fetched.note


@pytest.mark.parametrize(
    "url", ["http://[::1/x.png", "http://x..y/z.png", "http://localhost:99999/x.png"]
)
def test_a_malformed_address_fails_its_image_not_the_post(url):
    fetched = fetcher().fetch(url)

    assert fetched.picture is None
    assert fetched.note.startswith("could not be downloaded (")
    assert fetched.note.endswith("; it stays a link")


def test_https_checks_the_server_speaks_tls(server):
    base, _ = server

    fetched = fetcher().fetch(base.replace("http:", "https:") + "/pics/room.png")

    assert fetched.picture is None and "SSLError" in fetched.note


def test_addresses_on_this_machine_are_not_fetched_unless_allowed(server):
    base, hits = server

    fetched = ImageFetcher().fetch(f"{base}/pics/room.png")
    mapped = ImageFetcher().fetch(base.replace("127.0.0.1", "[::ffff:127.0.0.1]") + "/pics/x.png")
    metadata = ImageFetcher().fetch("http://169.254.169.254/latest/meta-data/")

    assert fetched.picture is None
    assert "127.0.0.1 is on this machine or a private network" in fetched.note
    assert "private network (127.0.0.1)" in mapped.note
    assert "169.254.169.254 is on this machine or a private network" in metadata.note
    assert sum(hits.values()) == 0


def run(tmp_path, *args):
    path = tmp_path / "report.json"
    call_command("import_posts", *[str(a) for a in args], "--report", str(path), stdout=StringIO())
    return {row["source"].rsplit("/", 1)[-1]: row for row in json.loads(path.read_text())["posts"]}


@pytest.fixture
def external_posts(tmp_path, server):
    base, _ = server
    folder = tmp_path / "posts"
    write_post(
        folder,
        "a.md",
        f"---\ntitle: A\ndate: 2026-01-01\nimage: {base}/pics/desk\n---\n"
        f"![The room]({base}/pics/room.png)\n\n![Gone]({base}/pics/missing.png)\n",
    )
    write_post(
        folder,
        "b.md",
        f'---\ntitle: B\ndate: 2026-01-02\n---\n<img src="{base}/pics/room.png" alt="Room">\n',
    )
    return folder


def test_the_command_downloads_external_images_into_the_library(
    site_tree, settings, tmp_path, server, external_posts
):
    base, hits = server
    settings.IMPORTER_FETCH_PRIVATE_ADDRESSES = True

    rows = run(tmp_path, external_posts, "--fetch-images")

    assert sorted(Image.objects.values_list("title", flat=True)) == ["A", "The room"]
    a, b = BlogPage.objects.order_by("date")
    assert a.feature_image.title == "A"
    assert [block.block_type for block in a.body] == ["image", "paragraph"]
    assert f'href="{base}/pics/missing.png"' in a.body[1].value.source  # still a link
    assert b.body[0].value["image"] == a.body[0].value["image"]
    assert hits["/pics/room.png"] == 1  # two posts, one download
    assert rows["a.md"]["warnings"] == [
        f"Image {base}/pics/missing.png could not be downloaded (the server answered 404 Not "
        "Found); it stays a link."
    ]
    assert rows["b.md"]["warnings"] == []


def test_without_the_option_external_images_stay_links(site_tree, tmp_path, server, external_posts):
    base, hits = server

    rows = run(tmp_path, external_posts)

    assert Image.objects.count() == 0
    assert sum(hits.values()) == 0
    (a,) = BlogPage.objects.filter(slug="a")
    # Both links in one paragraph, as the text they stand for runs on the page.
    assert [block.block_type for block in a.body] == ["paragraph"]
    assert a.body[0].value.source.count("<p ") == 2
    assert rows["a.md"]["warnings"] == [
        f"Image {base}/pics/room.png is on another site; kept as a link (--fetch-images "
        "downloads it).",
        f"Image {base}/pics/missing.png is on another site; kept as a link (--fetch-images "
        "downloads it).",
        f"Feature image {base}/pics/desk is on another site; none was set (--fetch-images "
        "downloads it).",
    ]
