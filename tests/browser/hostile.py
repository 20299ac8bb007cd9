"""A post with a hostile value in every field a template prints.

The importer strips scripts, handlers and javascript: links (tests/browser/test_imported_posts.py
proves it end to end). This post goes further and stores the payloads themselves, as an API
client, a future importer bug or a careless data fix could, to prove the templates' own escaping
and the booking block's link check hold on their own. Rich text is HTML by design, written only
by the admin's editor or the importer's sanitiser, so its payloads here are text.
"""

import datetime

from blog.models import Author
from tests.helpers import EDMONTON, add_post, create_image

PAYLOAD = '<script>alert("script")</script><img src=x onerror=alert("onerror")>'


def hostile_post(blog):
    author, _ = Author.objects.get_or_create(name=PAYLOAD)
    return add_post(
        blog,
        author=author,
        feature_image=create_image("Feature picture"),
        date=datetime.datetime(2021, 3, 14, 9, 30, tzinfo=EDMONTON),
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
