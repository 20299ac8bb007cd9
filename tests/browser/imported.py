"""Posts as the importer leaves them: a published BlogPage whose body holds converted blocks.

Until the importer is merged, the browser tests build these pages directly, in the stored form
the importer's convert stage produces (Wagtail's own rich text format, the block type names of
blog.blocks), so the editor and visitor sides are proven on the same data the importer writes.
"""

import datetime

from blog.models import Author
from tests.conftest import EDMONTON, add_post, create_image


def imported_post(blog, **fields):
    """A long post using every block type and every field, the way an imported post looks."""
    author, _ = Author.objects.get_or_create(name="Dana Stone")
    defaults = {
        "title": "Therapeutic massage explained",
        "slug": "therapeutic-massage-explained",
        "intro": "It’s more than relaxation: what therapeutic massage does, and who it’s for 👉",
        "search_description": "What therapeutic massage is, what a session is like, and booking.",
        "author": author,
        "feature_image": create_image("Therapist at work"),
        "feature_image_alt": "A therapist easing a client’s shoulder",
        "tags": ["massage", "therapeutic massage"],
        "date": datetime.datetime(2021, 3, 14, 9, 30, tzinfo=EDMONTON),
        "body": [
            {"type": "heading", "value": {"text": "What is it?", "level": "h2"}},
            {
                "type": "paragraph",
                "value": '<p>It’s <b>focused</b> work on <i>specific</i> muscles, <a href="'
                'https://en.wikipedia.org/wiki/Massage">as the encyclopedia says</a>, with '
                "<code>H2O</code> after, <s>no</s> and x<sup>2</sup>, H<sub>2</sub>.</p>"
                "<ul><li>Neck and shoulders</li><li>Lower back</li></ul>"
                "<ol><li>Talk</li><li>Treat</li><li>Stretch</li></ol>",
            },
            {"type": "heading", "value": {"text": "A session, minute by minute", "level": "h3"}},
            {
                "type": "image",
                "value": {
                    "image": create_image("Treatment room").pk,
                    "alt_text": "A calm treatment room",
                    "caption": "Our Edmonton clinic",
                },
            },
            {
                "type": "quote",
                "value": {
                    "text": "<p>I could turn my head again the <b>next</b> morning.</p>",
                    "attribution": "A mobile massage client",
                },
            },
            {"type": "code", "value": {"language": "text", "code": "Stretch 30s\nRest 10s"}},
            {
                "type": "table",
                "value": {
                    "data": [["Length", "Price"], ["60 minutes", "$110"], ["90 minutes", "$150"]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": False,
                    "table_caption": "Prices",
                },
            },
            {"type": "embed", "value": "https://www.youtube.com/watch?v=abcdefghijk"},
            {"type": "divider", "value": None},
            {
                "type": "booking_cta",
                "value": {
                    "heading": "Book a therapeutic massage",
                    "text": "In the clinic or at home.",
                    "service": "mobile",
                    "actions": [
                        {
                            "type": "book_online",
                            "value": {
                                "label": "Book online",
                                "url": "https://stonemassage.ca/book/",
                            },
                        },
                        {
                            "type": "call",
                            "value": {"label": "Call for mobile massage", "phone": "587-938-0458"},
                        },
                    ],
                },
            },
        ],
    }
    defaults.update(fields)
    return add_post(blog, **defaults)


# What a post full of hostile HTML becomes once converted: every <script>, on* attribute and
# javascript: link removed by the importer, and any of it written as text kept as harmless text.
# Fields the templates print (titles, alt text, captions, labels, code, table cells) carry the raw
# payloads, because they reach the page only through Django's escaping, which is what is tested.
PAYLOAD = '<script>alert("script")</script><img src=x onerror=alert("onerror")>'


def hostile_post(blog):
    return imported_post(
        blog,
        title=f"Hostile {PAYLOAD}",
        slug="hostile",
        intro=PAYLOAD,
        search_description=PAYLOAD,
        feature_image_alt=f'" onmouseover="alert(1)" x="{PAYLOAD}',
        tags=["<script>alert(1)</script>"],
        body=[
            {"type": "heading", "value": {"text": PAYLOAD, "level": "h2"}},
            {
                "type": "paragraph",
                "value": "<p>&lt;script&gt;alert(1)&lt;/script&gt; and "
                "&lt;a href=&quot;javascript:alert(1)&quot;&gt;click&lt;/a&gt;</p>"
                "<p>A link that was javascript: is plain text now: click me</p>",
            },
            {
                "type": "image",
                "value": {
                    "image": create_image("Plain picture").pk,
                    "alt_text": '" onerror="alert(1)',
                    "caption": PAYLOAD,
                },
            },
            {
                "type": "quote",
                "value": {"text": "<p>&lt;b onclick=alert(1)&gt;</p>", "attribution": PAYLOAD},
            },
            {"type": "code", "value": {"language": '"><script>alert(1)</script>', "code": PAYLOAD}},
            {
                "type": "table",
                "value": {
                    "data": [[PAYLOAD, "x"], ["javascript:alert(1)", PAYLOAD]],
                    "first_row_is_table_header": True,
                    "first_col_is_header": True,
                    "table_caption": PAYLOAD,
                },
            },
            {"type": "embed", "value": "javascript:alert(1)"},
            {
                "type": "booking_cta",
                "value": {
                    "heading": PAYLOAD,
                    "text": PAYLOAD,
                    "actions": [
                        {
                            "type": "book_online",
                            "value": {"label": PAYLOAD, "url": "javascript:alert(1)"},
                        },
                        {
                            "type": "call",
                            "value": {"label": PAYLOAD, "phone": "javascript:alert(1)"},
                        },
                    ],
                },
            },
        ],
    )
