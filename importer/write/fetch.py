"""Downloading the pictures a post shows from other sites (``import_posts --fetch-images``).

The write stage asks for each external image (``http(s)://`` or ``//`` in an image's src or a
feature image); a download is tried once per address per run and its result kept. Only http
and https are fetched, redirects are followed a few times and never to another scheme, the
whole download has a deadline and a size cap, and what arrives must decode as a picture
(Pillow, or the SVG cleaner): the server's Content-Type is never trusted.

Fetching happens in the writer's process, not in the pure stages' workers: the workers are
forked processes with no shared memory, so "once per address per run" would need a cache
between processes, and the stages stay pure functions of the file (a run of the same files
prepares the same drafts whether or not a site is up). The writer reads local image files at
the same point, so a picture from elsewhere follows the same path into the library.

Addresses on this machine or its private networks (127.0.0.1, 10.x, 192.168.x, link-local
cloud metadata) are not fetched unless ``allow_private`` says so: a post must not make the
importing machine read its own internal services.
"""

from __future__ import annotations

import http.client
import io
import ipaddress
import re
import socket
import ssl
import threading
import time
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import quote, unquote, urljoin, urlsplit

from importer.write.assets import Picture
from importer.write.pictures import RefusedPicture, checked_picture

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT = 20.0
"""Seconds for one address's whole download, redirects included."""
MAX_REDIRECTS = 5
REDIRECTS = frozenset({301, 302, 303, 307, 308})
UNSAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")
URL_SAFE = "/%:@!$&'()*+,;=-._~?"
USER_AGENT = "clinic-blog import_posts (fetching a migrated post's images)"


class FetchError(Exception):
    """Why a download failed, in words for the post's report row."""


@dataclass(frozen=True, slots=True)
class Fetched:
    picture: Picture | None
    note: str = ""
    """For the report: why there is no picture, or what was cleaned out of an SVG."""


@dataclass(slots=True)
class ImageFetcher:
    """Downloads external images for one run, each address tried once."""

    max_bytes: int = MAX_BYTES
    timeout: float = TIMEOUT
    max_redirects: int = MAX_REDIRECTS
    allow_private: bool = False
    results: dict[str, Fetched] = field(default_factory=dict)

    def fetch(self, url: str) -> Fetched:
        """The picture at `url` (``//host/x`` means https), or a note saying why there is none.
        The first call for an address downloads it; later calls answer from the first."""
        if url not in self.results:
            self.results[url] = self.fetch_once(url)
        return self.results[url]

    def fetch_once(self, url: str) -> Fetched:
        try:
            data, final_url = self.download("https:" + url if url.startswith("//") else url)
        except FetchError as error:
            return Fetched(None, f"could not be downloaded ({error}); it stays a link")
        except ValueError as error:  # urllib's and the IDNA codec's word for a malformed address
            return Fetched(
                None,
                f"could not be downloaded (the address is not valid: {error}); it stays a link",
            )
        return as_picture(data, final_url)

    def download(self, url: str) -> tuple[bytes, str]:
        """The body at `url` after redirects, and the address it came from."""
        deadline = time.monotonic() + self.timeout
        for _ in range(self.max_redirects + 1):
            response_url, location, data = self.get(url, deadline)
            if location is None:
                return data, response_url
            url = urljoin(url, location)
        raise FetchError(f"more than {self.max_redirects} redirects")

    def get(self, url: str, deadline: float) -> tuple[str, str | None, bytes]:
        """One request: (url, the redirect's Location or None, the body when not a redirect)."""
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https"):
            raise FetchError(f"{parts.scheme or 'a relative'} address {url[:80]!r} is not fetched")
        if not parts.hostname:
            raise FetchError("the address has no host")
        try:
            port = parts.port or (443 if parts.scheme == "https" else 80)
        except ValueError as error:
            raise FetchError("the address has an invalid port") from error
        address = self.address_of(parts.hostname, port)
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise FetchError(f"it took longer than {self.timeout:g} s")
        kind = PinnedHTTPSConnection if parts.scheme == "https" else PinnedHTTPConnection
        connection = kind(parts.hostname, port, address, remaining)
        # However the server dribbles its answer, the connection is cut at the deadline.
        watchdog = threading.Timer(remaining, connection.cut)
        watchdog.start()
        try:
            # Addresses as written in posts may hold spaces or accented letters; sent escaped.
            path = quote(parts.path or "/", safe=URL_SAFE) + (
                f"?{quote(parts.query, safe=URL_SAFE)}" if parts.query else ""
            )
            connection.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "image/*"})
            response = connection.getresponse()
            body = b"" if response.status in REDIRECTS else self.read_body(response, deadline)
            # A connection cut at the deadline reads as one that ended: that is not an answer.
            if connection.was_cut:
                raise FetchError(f"it took longer than {self.timeout:g} s")
            if response.status in REDIRECTS:
                location = response.getheader("Location")
                if not location:
                    raise FetchError(f"a {response.status} redirect without a Location")
                return url, location, b""
            if response.status != 200:
                raise FetchError(f"the server answered {response.status} {response.reason}")
            return url, None, body
        except (OSError, ValueError, http.client.HTTPException) as error:
            if time.monotonic() >= deadline:
                raise FetchError(f"it took longer than {self.timeout:g} s") from error
            raise FetchError(f"{type(error).__name__}: {error}") from error
        finally:
            watchdog.cancel()
            connection.close()

    def read_body(self, response: http.client.HTTPResponse, deadline: float) -> bytes:
        declared = response.getheader("Content-Length", "")
        if declared.isdigit() and int(declared) > self.max_bytes:
            raise FetchError(f"it is larger than {size_text(self.max_bytes)}")
        body = io.BytesIO()
        while chunk := response.read1(64 * 1024):
            body.write(chunk)
            if body.tell() > self.max_bytes:
                raise FetchError(f"it is larger than {size_text(self.max_bytes)}")
            if time.monotonic() >= deadline:
                raise FetchError(f"it took longer than {self.timeout:g} s")
        return body.getvalue()

    def address_of(self, host: str, port: int) -> str:
        """The IP address to connect to for `host`, checked once and then used for the
        connection (so a second DNS answer cannot point it elsewhere)."""
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except OSError as error:
            raise FetchError(f"{host} cannot be found ({error})") from error
        addresses = [info[4][0] for info in infos]
        if not self.allow_private:
            for address in addresses:
                ip = not_public(address)
                if ip is not None:
                    raise FetchError(
                        f"{host} is on this machine or a private network ({ip}); such "
                        "addresses are not fetched"
                    )
        return addresses[0]


NAT64 = ipaddress.ip_network("64:ff9b::/96")
"""The well-known prefix a NAT64 gateway translates to the IPv4 address in the last 32 bits."""
LOCAL_NAT64 = ipaddress.ip_network("64:ff9b:1::/48")
"""A network's own NAT64 prefixes (RFC 8215): never globally reachable."""
IPV4_COMPATIBLE = ipaddress.ip_network("::/96")
"""The deprecated IPv4-compatible form, ``::a.b.c.d``."""
IPV4_TRANSLATED = ipaddress.ip_network("::ffff:0:0:0/96")
"""SIIT's IPv4-translated form, ``::ffff:0:a.b.c.d``."""


def not_public(address: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """The address that makes `address` (as getaddrinfo gives it) one on this machine or a
    private network, or None for a public address. An IPv6 address that carries an IPv4 one
    (mapped ``::ffff:a.b.c.d``, IPv4-compatible ``::a.b.c.d``, translated ``::ffff:0:a.b.c.d``,
    NAT64 ``64:ff9b::a.b.c.d``, 6to4 ``2002:AABB:CCDD::``, Teredo's client) is judged by that
    IPv4 address too, since the network delivers it there: Python's ``is_global`` calls most of
    these forms global whatever they carry. A network's own NAT64 prefix (``64:ff9b:1::/48``)
    is never public."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if not ip.is_global:
        return ip.ipv4_mapped if ip.version == 6 and ip.ipv4_mapped else ip
    if ip.version == 4:
        return None
    if ip in LOCAL_NAT64:
        return ip
    for carried in embedded_ipv4(ip):
        if not carried.is_global:
            return carried
    return None


def embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    """The IPv4 addresses `ip` carries, by the forms ``not_public`` names."""
    last = ipaddress.IPv4Address(ip.packed[-4:])
    found = []
    if ip.ipv4_mapped:
        found.append(ip.ipv4_mapped)
    if ip.sixtofour:
        found.append(ip.sixtofour)
    if ip.teredo:
        found.extend(ip.teredo)
    if any(ip in network for network in (NAT64, IPV4_COMPATIBLE, IPV4_TRANSLATED)):
        found.append(last)
    return found


class PinnedHTTPConnection(http.client.HTTPConnection):
    """An HTTP connection to the address `address_of` checked, sending the URL's host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        super().__init__(host, port, timeout=timeout)
        self.address = address
        self.was_cut = False

    def connect(self) -> None:
        self.sock = socket.create_connection((self.address, self.port), self.timeout)

    def cut(self) -> None:
        """Wake a read blocked on a slow server (called from the watchdog thread)."""
        self.was_cut = True
        if self.sock is not None:
            try:
                self.sock.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class PinnedHTTPSConnection(http.client.HTTPSConnection):
    """As PinnedHTTPConnection, with the certificate checked against the URL's host name."""

    def __init__(self, host: str, port: int, address: str, timeout: float):
        self.tls = ssl.create_default_context()
        super().__init__(host, port, timeout=timeout, context=self.tls)
        self.address = address
        self.was_cut = False

    def connect(self) -> None:
        sock = socket.create_connection((self.address, self.port), self.timeout)
        self.sock = self.tls.wrap_socket(sock, server_hostname=self.host)

    cut = PinnedHTTPConnection.cut


def as_picture(data: bytes, url: str) -> Fetched:
    """A downloaded body as a picture for the library, judged by its bytes alone, through the
    same gate as a file of the imported site (importer.write.pictures)."""
    name = PurePosixPath(unquote(urlsplit(url).path)).name
    suffix = PurePosixPath(name).suffix if len(PurePosixPath(name).suffix) <= 6 else ""
    try:
        stored, data, note = checked_picture(file_stem(url) + suffix, data)
    except RefusedPicture as refusal:
        return Fetched(None, f"was downloaded but {refusal}; it stays a link")
    return Fetched(Picture(stored, data), note)


def size_text(size: int) -> str:
    return f"{size / 2**20:g} MB" if size >= 2**20 else f"{size // 1024} KB"


def file_stem(url: str) -> str:
    """A file name (without extension) for the library, from the address's last part."""
    name = PurePosixPath(unquote(urlsplit(url).path)).stem
    return UNSAFE_NAME.sub("-", name).strip("-._")[:80] or "image"
