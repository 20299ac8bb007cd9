"""The import_posts command on the clinic's own post, end to end: the page it makes, the
report row it writes and the summary it prints."""

import datetime

from wagtail.contrib.redirects.models import Redirect
from wagtail.images import get_image_model

from blog.models import BlogPage

from .helpers import (
    report_of,
    run,
)

Image = get_image_model()
MST = datetime.timezone(datetime.timedelta(hours=-7))


def test_a_clinic_post_imports_repaired_and_structured(site_tree, clinic_post, client, tmp_path):
    report = report_of(tmp_path, clinic_post)

    assert report["summary"]["created"] == 1
    page = BlogPage.objects.get()
    assert page.title == "Hot Stone Massage: A Warm Way to Unwind, and Who It’s For"
    assert page.live
    assert page.date == datetime.datetime(2026, 1, 6, 20, 50, tzinfo=MST)
    assert page.first_published_at == page.date
    assert page.search_description == "What a hot stone massage feels like, and who it suits."
    assert page.intro == page.search_description
    assert page.author.name == "Clinic Team"
    assert [tag.name for tag in page.tags.all()] == ["stone therapy"]
    assert page.feature_image.title == "Smooth basalt stones on a towel"
    assert page.feature_image_alt == "Smooth basalt stones on a towel"

    kinds = [block.block_type for block in page.body]
    assert kinds == [
        "paragraph",
        "divider",
        "heading",
        "paragraph",
        "heading",
        "paragraph",
        "image",
        "heading",
        "paragraph",
        "booking_cta",
        "paragraph",
    ]
    headings = [block.value["text"] for block in page.body if block.block_type == "heading"]
    assert headings == ["What Is a Hot Stone Massage?", "Who It Helps", "Book a Hot Stone Massage"]
    body_html = "".join(str(block.value) for block in page.body if block.block_type == "paragraph")
    for item in ("Shoulders", "Lower back", "Calves", "Feel cold all winter"):
        assert f">{item}</li>" in body_html
    assert "“deep” muscle—gently" in body_html
    assert "⭐" in body_html
    cta = next(block.value for block in page.body if block.block_type == "booking_cta")
    actions = [(action.block_type, dict(action.value)) for action in cta["actions"]]
    assert actions == [
        (
            "book_online",
            {
                "label": "Reserve Your Visit Online (In-Clinic)",
                "url": "https://stonemassage.ca/book/",
            },
        ),
        ("call", {"label": "Phone Us for a Home Visit (Mobile)", "phone": "587-938-0458"}),
    ]
    image_block = next(block.value for block in page.body if block.block_type == "image")
    assert image_block["alt_text"] == "A stone warmer at 50 degrees"

    html = client.get(page.url).content.decode()
    assert 'href="https://stonemassage.ca/book/"' in html
    assert 'href="tel:+15879380458"' in html
    for mojibake in ("‚Ä", "üë", "üì", "\uf8ff"):
        assert mojibake not in html
    assert Redirect.objects.get(old_path="/2026/01/hot-stones.html").redirect_page_id == page.pk

    record = page.import_record
    assert record.source_path == "posts/hot-stones.md"
    assert record.revision_id == page.latest_revision_id
    assert record.repairs and record.repairs[0]["line"] == 2
    post = report["posts"][0]
    assert post["status"] == "created"
    assert post["page_id"] == page.pk
    assert post["url"] == page.url
    assert post["live"] is True
    assert post["repairs"] == record.repairs
    assert set(post) == {
        "source",
        "status",
        "page_id",
        "url",
        "live",
        "repairs",
        "warnings",
        "error",
        "notes",
        "coverage",
        "unresolved_links",
    }
    assert post["coverage"] == 1.0


def test_summary_table_and_verbose_lines(site_tree, clinic_post):
    out = run(clinic_post, verbosity=2)
    assert f"[1/1] created   {clinic_post}" in out
    assert "Import summary" in out
    assert "Created        1" in out
