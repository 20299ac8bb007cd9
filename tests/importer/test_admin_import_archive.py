"""Unpacking an uploaded site: nothing gets out of its folder, and bombs are refused while they
unpack, whatever their headers claim."""

import gzip
import io
import random
import stat
import tarfile
import zipfile
from pathlib import Path

import pytest

from importer.admin_import.archive import (
    MAX_DEPTH,
    MAX_TAR_HEADER,
    RATIO_FREE_BYTES,
    ArchiveRefused,
    Limits,
    unpack,
)

LIMITS = Limits(unpacked_bytes=20 * 1024 * 1024, files=100, ratio=100)


def zip_bytes(*members, compression=zipfile.ZIP_DEFLATED):
    """A zip of (name, bytes) members, or ZipInfo members given as (ZipInfo, bytes)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression) as archive:
        for name, data in members:
            archive.writestr(name, data)
    return buffer.getvalue()


def zip_link(name, target):
    info = zipfile.ZipInfo(name)
    info.create_system = 3  # Unix, whose mode bits carry the link type
    info.external_attr = (stat.S_IFLNK | 0o777) << 16
    return info, target


def tar_gz(*members):
    """A .tar.gz of TarInfo members, each with its bytes (or None)."""
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for info, data in members:
            if data is not None:
                info.size = len(data)
            archive.addfile(info, io.BytesIO(data) if data is not None else None)
    return buffer.getvalue()


def tar_member(name, data=None, kind=tarfile.REGTYPE, link=""):
    info = tarfile.TarInfo(name)
    info.type = kind
    info.linkname = link
    return info, data


def unpacked(tmp_path, data, limits=LIMITS):
    destination = tmp_path / "upload" / "old-site"
    destination.mkdir(parents=True)
    result = unpack(io.BytesIO(data), destination, limits)
    return destination, result


def files_under(folder: Path) -> list[str]:
    return sorted(path.relative_to(folder).as_posix() for path in folder.rglob("*"))


def test_a_zip_of_a_site_unpacks_as_it_was(tmp_path):
    data = zip_bytes(("site/posts/a.md", b"# A\n"), ("site/img/a.png", b"\x89PNG"))
    folder, result = unpacked(tmp_path, data)
    assert files_under(folder) == [
        "site",
        "site/img",
        "site/img/a.png",
        "site/posts",
        "site/posts/a.md",
    ]
    assert (folder / "site/posts/a.md").read_bytes() == b"# A\n"
    assert result.files == 2
    assert result.notes() == []


@pytest.mark.parametrize(
    "name",
    [
        "../escaped.md",
        "site/../../escaped.md",
        "/etc/cron.d/escaped",
        "C:/Windows/escaped.md",
        "C:escaped.md",
        "..\\..\\escaped.md",
        "\\\\server\\share\\escaped.md",
    ],
)
def test_a_zip_slip_refuses_the_archive_and_writes_nothing_outside(tmp_path, name):
    data = zip_bytes(("site/ok.md", b"fine"), (name, b"owned"))
    with pytest.raises(ArchiveRefused, match="outside itself|absolute path"):
        unpacked(tmp_path, data)
    assert [path.name for path in tmp_path.rglob("escaped*")] == []
    assert not Path("/etc/cron.d/escaped").exists()


def test_a_tar_slip_refuses_the_archive(tmp_path):
    data = tar_gz(tar_member("site/ok.md", b"fine"), tar_member("../../escaped.md", b"owned"))
    with pytest.raises(ArchiveRefused, match="outside itself"):
        unpacked(tmp_path, data)
    assert list(tmp_path.rglob("escaped*")) == []


def test_symlinks_in_a_zip_are_left_out(tmp_path):
    data = zip_bytes(
        ("site/post.md", b"![me](passport.jpg)"),
        zip_link("site/passport.jpg", "/home/me/passport.jpg"),
        zip_link("site/up", "../../.."),
    )
    folder, result = unpacked(tmp_path, data)
    assert files_under(folder) == ["site", "site/post.md"]
    assert not any(path.is_symlink() for path in folder.rglob("*"))
    assert result.notes() == [
        "Left out 2 links (a link could point outside the upload): site/passport.jpg, site/up."
    ]


def test_a_file_written_through_a_zipped_link_stays_inside(tmp_path):
    """The classic two-step: a link to a folder outside, then a file "inside" the link."""
    outside = tmp_path / "outside"
    outside.mkdir()
    data = zip_bytes(zip_link("site/out", str(outside)), ("site/out/owned.md", b"owned"))
    folder, _ = unpacked(tmp_path, data)
    assert list(outside.iterdir()) == []
    assert (folder / "site/out/owned.md").read_bytes() == b"owned"
    assert not (folder / "site/out").is_symlink()


def test_symlinks_and_hard_links_in_a_tar_are_left_out(tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("secret")
    data = tar_gz(
        tar_member("site/post.md", b"a post"),
        tar_member("site/secret.txt", kind=tarfile.SYMTYPE, link=str(outside / "secret.txt")),
        tar_member("site/out", kind=tarfile.SYMTYPE, link=str(outside)),
        tar_member("site/out/owned.md", b"owned"),
        tar_member("site/hard.txt", kind=tarfile.LNKTYPE, link=str(outside / "secret.txt")),
        tar_member("site/fifo", kind=tarfile.FIFOTYPE),
    )
    folder, result = unpacked(tmp_path, data)
    assert files_under(folder) == ["site", "site/out", "site/out/owned.md", "site/post.md"]
    assert not any(path.is_symlink() for path in folder.rglob("*"))
    assert sorted(path.name for path in outside.iterdir()) == ["secret.txt"]
    assert result.notes() == [
        "Left out 3 links (a link could point outside the upload): site/secret.txt, site/out, "
        "site/hard.txt.",
        "Left out 1 special files (devices, pipes): site/fifo.",
    ]


def test_a_zip_bomb_is_refused_by_its_compression_ratio(tmp_path):
    bomb = b"\0" * (RATIO_FREE_BYTES * 4)  # deflates about a thousandfold
    data = zip_bytes(("site/post.md", b"a post"), ("site/bomb.bin", bomb))
    with pytest.raises(ArchiveRefused, match="100 times its compressed size"):
        unpacked(tmp_path, data)
    # Refused while unpacking: at most a chunk past the point where the ratio was crossed.
    assert (tmp_path / "upload/old-site/site/bomb.bin").stat().st_size < RATIO_FREE_BYTES + 65536


def test_many_small_files_past_the_ratio_share_one_allowance(tmp_path):
    """A file may go past the ratio while small, but the allowance is the archive's: a
    thousand such files once unpacked to a GB from a zip of 161 KB."""
    chunk = b"\0" * (RATIO_FREE_BYTES // 4)  # each well under the allowance, far past the ratio
    data = zip_bytes(*[(f"site/{n}.bin", chunk) for n in range(20)])
    limits = Limits(unpacked_bytes=100 * 1024 * 1024, files=100, ratio=100)
    with pytest.raises(ArchiveRefused, match="100 times its compressed size"):
        unpacked(tmp_path, data, limits)
    written = sum(path.stat().st_size for path in tmp_path.rglob("*.bin"))
    assert written <= RATIO_FREE_BYTES + 65536


def test_files_within_the_ratio_do_not_spend_the_allowance(tmp_path):
    spaces = b" " * (RATIO_FREE_BYTES // 2)  # past the ratio: half the allowance
    varied = random.Random(1).randbytes(RATIO_FREE_BYTES // 2)  # hardly compresses
    data = zip_bytes(
        ("site/a.md", spaces), *[(f"site/{n}.bin", varied) for n in range(4)], ("site/b.md", spaces)
    )
    folder, _ = unpacked(
        tmp_path, data, Limits(unpacked_bytes=20 * 1024 * 1024, files=100, ratio=100)
    )
    assert (folder / "site/b.md").stat().st_size == len(spaces)


def test_a_small_file_may_compress_well(tmp_path):
    folder, _ = unpacked(tmp_path, zip_bytes(("site/spaces.md", b" " * 500_000)))
    assert (folder / "site/spaces.md").stat().st_size == 500_000


def test_a_zip_bomb_is_refused_by_its_total_size(tmp_path):
    # Each file well within the ratio (random-looking bytes hardly compress), all of them too
    # much together.
    limits = Limits(unpacked_bytes=3 * 1024 * 1024, files=100, ratio=100)
    chunk = bytes(range(256)) * 4096  # 1 MB
    data = zip_bytes(*[(f"site/{n}.bin", chunk) for n in range(5)], compression=zipfile.ZIP_STORED)
    with pytest.raises(ArchiveRefused, match="unpacks to more than 3 MB"):
        unpacked(tmp_path, data, limits)
    written = sum(path.stat().st_size for path in tmp_path.rglob("*.bin"))
    assert written <= limits.unpacked_bytes


@pytest.mark.parametrize(
    ("field", "claim"),
    [
        ("uncompressed size", 10),  # "only 10 bytes here"
        ("compressed size", 2**31),  # "2 GB went in, so the ratio is fine"
    ],
)
def test_the_sizes_a_zip_claims_are_not_trusted(tmp_path, field, claim):
    data = bytearray(zip_bytes(("site/post.md", b"# A"), ("site/bomb.bin", b"\0" * 2**24)))
    # The field's offset in the bomb's local header and in its central directory entry.
    offsets = {"compressed size": (18, 20), "uncompressed size": (22, 24)}[field]
    for signature, offset in zip((b"PK\x03\x04", b"PK\x01\x02"), offsets, strict=True):
        start = data.index(signature, data.index(signature) + 1)
        data[start + offset : start + offset + 4] = claim.to_bytes(4, "little")
    with pytest.raises(ArchiveRefused):
        unpacked(tmp_path, bytes(data))
    bomb = tmp_path / "upload/old-site/site/bomb.bin"
    assert not bomb.exists() or bomb.stat().st_size <= RATIO_FREE_BYTES + 65536


def test_a_tar_gz_bomb_is_refused_by_its_ratio_while_it_unpacks(tmp_path):
    bomb = b"\0" * (RATIO_FREE_BYTES * 8)
    data = tar_gz(tar_member("site/post.md", b"a post"), tar_member("site/bomb.bin", bomb))
    with pytest.raises(ArchiveRefused, match="100 times its compressed size"):
        unpacked(tmp_path, data)


def test_a_tar_gz_bomb_is_refused_by_its_total_size(tmp_path):
    limits = Limits(unpacked_bytes=2 * 1024 * 1024, files=100, ratio=100_000)
    data = tar_gz(tar_member("site/big.bin", b"\0" * (5 * 1024 * 1024)))
    with pytest.raises(ArchiveRefused, match="unpacks to more than 2 MB"):
        unpacked(tmp_path, data, limits)


def test_a_tar_header_claiming_gigabytes_is_refused_before_it_is_read(tmp_path):
    info = tarfile.TarInfo("././@LongLink")
    info.type = tarfile.GNUTYPE_LONGNAME
    info.size = 4 * 1024**3  # says 4 GB of file name follow; only the header is there
    header = info.tobuf(format=tarfile.GNU_FORMAT)
    with pytest.raises(ArchiveRefused, match="header of 4 GB"):
        unpacked(tmp_path, gzip.compress(header + b"\0" * 1024))
    assert MAX_TAR_HEADER < 4 * 1024**3


def test_too_many_files_are_refused(tmp_path):
    limits = Limits(unpacked_bytes=LIMITS.unpacked_bytes, files=10, ratio=100)
    data = zip_bytes(*[(f"site/{n}.md", b"x") for n in range(11)])
    with pytest.raises(ArchiveRefused, match="more than 10 files and folders"):
        unpacked(tmp_path, data, limits)


def test_too_many_files_in_a_tar_are_refused_as_they_come(tmp_path):
    limits = Limits(unpacked_bytes=LIMITS.unpacked_bytes, files=10, ratio=100)
    data = tar_gz(*[tar_member(f"site/{n}.md", b"x") for n in range(20)])
    with pytest.raises(ArchiveRefused, match="more than 10 files and folders"):
        unpacked(tmp_path, data, limits)
    assert len(list(tmp_path.rglob("*.md"))) <= 10


def test_a_file_listed_twice_is_refused(tmp_path):
    with pytest.warns(UserWarning, match="Duplicate name"):
        data = zip_bytes(("site/a.md", b"first"), ("site/a.md", b"second"))
    with pytest.raises(ArchiveRefused, match="more than once"):
        unpacked(tmp_path, data)


def test_mac_metadata_is_left_out(tmp_path):
    data = zip_bytes(("site/a.md", b"# A"), ("__MACOSX/site/._a.md", b"\0\5\26\7"))
    folder, result = unpacked(tmp_path, data)
    assert files_under(folder) == ["site", "site/a.md"]
    assert result.notes() == ["Left out 1 Mac metadata files (__MACOSX): __MACOSX/site/._a.md."]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"# just a Markdown file\n", "not a .zip or .tar.gz"),
        (zip_bytes(("site/a.md", b"# A" * 1000))[:-10], "damaged or incomplete"),
        (tar_gz(tar_member("site/a.md", b"# A" * 1000))[:60], "damaged or incomplete"),
    ],
)
def test_what_is_not_an_archive_is_refused_clearly(tmp_path, data, message):
    with pytest.raises(ArchiveRefused, match=message):
        unpacked(tmp_path, data)


def test_an_encrypted_zip_is_refused(tmp_path):
    data = bytearray(zip_bytes(("site/a.md", b"# A")))
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        start = data.index(signature)
        data[start + offset] |= 0x1  # the "encrypted" flag
    with pytest.raises(ArchiveRefused, match="encrypted"):
        unpacked(tmp_path, bytes(data))


@pytest.mark.parametrize("depth", [MAX_DEPTH, 1500])
def test_folders_nested_too_deeply_are_refused(tmp_path, depth):
    """Thousands of levels would make deleting the upload recurse past Python's limit."""
    deep = "site/" + "a/" * depth
    archives = [
        zip_bytes((deep + "post.md", b"# A")),
        tar_gz(tar_member(deep + "post.md", b"# A")),
        tar_gz(*[tar_member("site/" + "a/" * level, kind=tarfile.DIRTYPE) for level in (1, depth)]),
    ]
    for number, data in enumerate(archives):
        with pytest.raises(ArchiveRefused, match=f"folders more than {MAX_DEPTH} deep"):
            unpacked(tmp_path / str(number), data)


def test_a_site_nested_to_the_limit_unpacks(tmp_path):
    name = "/".join(["a"] * (MAX_DEPTH - 1)) + "/post.md"
    folder, _ = unpacked(tmp_path, zip_bytes((name, b"# A")))
    assert (folder / name).read_bytes() == b"# A"


def test_a_name_too_long_is_refused(tmp_path):
    name = "site/" + ("x" * 200 + "/") * 6 + "post.md"
    with pytest.raises(ArchiveRefused, match="longer than 1,024 bytes"):
        unpacked(tmp_path, tar_gz(tar_member(name, b"# A")))


def test_the_folders_a_file_is_in_count_as_entries(tmp_path):
    limits = Limits(unpacked_bytes=LIMITS.unpacked_bytes, files=50, ratio=100)
    members = [tar_member(f"{n}/" + "a/" * 20 + "post.md", b"# A") for n in range(5)]
    with pytest.raises(ArchiveRefused, match="more than 50 files and folders"):
        unpacked(tmp_path, tar_gz(*members), limits)
    assert sum(1 for _ in (tmp_path / "upload").rglob("*")) <= 51


def test_a_listed_folder_is_counted_once(tmp_path):
    limits = Limits(unpacked_bytes=LIMITS.unpacked_bytes, files=4, ratio=100)
    data = tar_gz(
        tar_member("site", kind=tarfile.DIRTYPE),
        tar_member("site/posts", kind=tarfile.DIRTYPE),
        tar_member("site/posts/a.md", b"# A"),
        tar_member("site/posts/b.md", b"# B"),
    )
    folder, _ = unpacked(tmp_path, data, limits)
    assert files_under(folder) == ["site", "site/posts", "site/posts/a.md", "site/posts/b.md"]


def test_a_damaged_lzma_member_is_refused_clearly(tmp_path):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("site/a.md", b"# A")
        archive.writestr("site/b.md", bytes(range(256)) * 20, compress_type=zipfile.ZIP_LZMA)
    data = bytearray(buffer.getvalue())
    start = data.index(b"site/b.md") + len("site/b.md") + 9  # past the LZMA properties
    data[start : start + 32] = bytes(byte ^ 0xFF for byte in data[start : start + 32])
    with pytest.raises(ArchiveRefused, match="damaged or incomplete"):
        unpacked(tmp_path, bytes(data))


def test_zip_names_flagged_utf8_that_are_not_are_refused_clearly(tmp_path):
    data = bytearray(zip_bytes(("site/AAAA.md", b"# A")))
    data = data.replace(b"AAAA", b"\xff\xfe\xfd\xfc")
    for signature, offset in ((b"PK\x03\x04", 7), (b"PK\x01\x02", 9)):
        data[data.index(signature) + offset] |= 0x08  # the "names are UTF-8" flag
    with pytest.raises(ArchiveRefused, match="one is not"):
        unpacked(tmp_path, bytes(data))


def test_tar_names_that_are_not_utf8_are_refused_naming_the_file(tmp_path):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.USTAR_FORMAT) as archive:
        archive.encoding = "latin-1"
        info = tarfile.TarInfo("site/h\xe9llo.md")
        archive.addfile(info, io.BytesIO(b""))
    with pytest.raises(ArchiveRefused, match="not UTF-8 text: site/h\ufffdllo.md"):
        unpacked(tmp_path, buffer.getvalue())


def test_a_sparse_tar_member_is_refused(tmp_path):
    """A sparse file's holes are not in the archive: 50 MB from a few hundred bytes."""
    size = 50 * 1024 * 1024
    sparse_map = f"1\n{size - 1}\n1\n".encode().ljust(512, b"\0") + b"Z".ljust(512, b"\0")
    info = tarfile.TarInfo("site/sparse.bin")
    info.pax_headers = {
        "GNU.sparse.major": "1",
        "GNU.sparse.minor": "0",
        "GNU.sparse.name": "site/sparse.bin",
        "GNU.sparse.realsize": str(size),
    }
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz", format=tarfile.PAX_FORMAT) as archive:
        info.size = len(sparse_map)
        archive.addfile(info, io.BytesIO(sparse_map))
    with pytest.raises(ArchiveRefused, match="sparse file"):
        unpacked(tmp_path, buffer.getvalue())
    assert list(tmp_path.rglob("sparse.bin")) == []


def test_zip_entries_sharing_their_bytes_are_refused(tmp_path):
    data = bytearray(zip_bytes(("site/a.md", b"# A" * 100), ("site/b.md", b"# B" * 100)))
    second = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 1)
    data[second + 42 : second + 46] = (0).to_bytes(4, "little")  # b.md's data is a.md's
    with pytest.raises(ArchiveRefused, match="overlap"):
        unpacked(tmp_path, bytes(data))


def test_uploads_waiting_together_have_a_limit(tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from importer.admin_import import uploads

    settings.IMPORTER_UPLOAD_ROOT = tmp_path / "uploads"
    settings.IMPORTER_UPLOADS_WAITING_MAX_BYTES = 5 * 1024 * 1024 // 2
    varied = bytes(range(256)) * 4096  # 1 MB that hardly compresses
    data = zip_bytes(("site/a.bin", varied), compression=zipfile.ZIP_STORED)

    first = uploads.unpack_upload(SimpleUploadedFile("one.zip", data))
    second = uploads.unpack_upload(SimpleUploadedFile("two.zip", data))
    with pytest.raises(ArchiveRefused, match="IMPORTER_UPLOADS_WAITING_MAX_BYTES") as refused:
        uploads.unpack_upload(SimpleUploadedFile("three.zip", data + b""))
    assert "Fix: confirm or cancel the previews waiting" in str(refused.value)
    assert len(list(settings.IMPORTER_UPLOAD_ROOT.iterdir())) == 2  # the refused one deleted

    uploads.delete(first[0])  # an import ends: its room is free again
    third = uploads.unpack_upload(SimpleUploadedFile("three.zip", data))
    assert (third[1] / "a.bin").stat().st_size == len(varied)
    assert second[0].exists()
