"""What a post links to and shows, through the import_posts command: linked files become
documents."""

import re

from wagtail.documents import get_document_model

from blog.models import BlogPage
from importer.write import documents

from .helpers import report_of, write_post

DOCUMENT_LINK = re.compile(r'<a linktype="document" id="(\d+)">([^<]*)</a>')


def post(title, body):
    return f"---\ntitle: {title}\ndate: 2024-02-15\n---\n{body}\n"


def body_of(slug):
    return "".join(
        str(block.value.source if hasattr(block.value, "source") else block.value)
        for block in BlogPage.objects.get(slug=slug).body
    )


def test_linked_files_of_the_site_become_documents(site_tree, tmp_path, monkeypatch):
    site = tmp_path / "site"
    (site / "files").mkdir(parents=True)
    (site / "files" / "prices.pdf").write_bytes(b"%PDF-1.4 price list")
    (site / "posts" / "forms").mkdir(parents=True)
    (site / "posts" / "forms" / "intake.pdf").write_bytes(b"%PDF-1.4 intake form")
    big = site / "files" / "video-archive.zip"
    big.write_bytes(b"0" * 2048)
    write_post(
        site / "posts",
        "prices.md",
        post(
            "Prices",
            "See [the price list](/files/prices.pdf), [the form](forms/intake.pdf), "
            "[again](/files/prices.pdf), [gone](/files/old-menu.pdf) "
            "and [the archive](/files/video-archive.zip).",
        ),
    )
    monkeypatch.setattr(documents, "MAX_DOCUMENT_SIZE", 1024)

    report = report_of(tmp_path, site / "posts", "--assets", site)

    Document = get_document_model()
    assert sorted(Document.objects.values_list("title", flat=True)) == ["intake", "prices"]
    links = DOCUMENT_LINK.findall(body_of("prices"))
    prices = Document.objects.get(title="prices")
    assert links == [
        (str(prices.pk), "the price list"),
        (str(Document.objects.get(title="intake").pk), "the form"),
        (str(prices.pk), "again"),
    ]
    assert prices.file.read() == b"%PDF-1.4 price list"
    body = body_of("prices")
    assert 'href="/files/old-menu.pdf"' in body and 'href="/files/video-archive.zip"' in body
    warnings = " ".join(report["posts"][0]["warnings"])
    assert "old-menu.pdf was not found" in warnings
    assert "video-archive.zip is 2.0 KB, more than the 1.0 KB" in warnings
