"""The blocks an editor builds a post from. Importer output uses exactly these type names."""

import html
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.core.validators import RegexValidator
from django.db.models import prefetch_related_objects
from django.utils.html import escape, format_html, format_html_join
from django.utils.safestring import SafeString
from wagtail import blocks
from wagtail.admin.telepath import register
from wagtail.blocks.base import get_help_icon
from wagtail.blocks.struct_block import StructBlockAdapter
from wagtail.contrib.table_block.blocks import TableBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images import get_image_model
from wagtail.images.blocks import ImageChooserBlock
from wagtail.rich_text import get_text_for_indexing

from .booking_settings import BookingSettings
from .images import rendition_specs, renditions_prefetch
from .phone import tel_href

PARAGRAPH_FEATURES = [
    "bold",
    "italic",
    "link",
    "document-link",
    "ol",
    "ul",
    "strikethrough",
    "code",
    "superscript",
    "subscript",
]
QUOTE_FEATURES = ["bold", "italic", "link"]

# Wagtail's text for indexing puts a space after these, so "<p>a</p><p>b</p>" reads "a b".
BLOCK_END = re.compile(r"(</(p|h\d|li|blockquote)>)", re.IGNORECASE)
BREAK = re.compile(r"(<(br|hr)\s*/>)", re.IGNORECASE)
# A tag, with quoted attribute values that may hold ">".
TAG = re.compile(r"""<(?:[^>"']|"[^"]*"|'[^']*')*>""")


def rich_text_words(source: str) -> str:
    """The words of stored rich text, as Wagtail's get_text_for_indexing gives them.

    That function strips tags with an HTML parser, and it is what search indexing and a
    post's reading time spend most of their time in. Stored rich text comes from Wagtail's
    editor converter (well-formed tags, "<" and "&" escaped in text), so a pattern reads it
    the same, several times faster; a test holds the two to the same answers."""
    if "<!" in source:  # a comment or doctype: not from the converter
        return get_text_for_indexing(source)
    text = BREAK.sub(r"\1 ", BLOCK_END.sub(r"\1 ", source))
    return html.unescape(TAG.sub("", text).strip())


class BlogRichTextBlock(blocks.RichTextBlock):
    """Rich text whose words are read quickly, for search and reading time."""

    def get_searchable_content(self, value):
        if not self.search_index:
            return []
        return [rich_text_words(value.source)]


class FixedChoiceBlock(blocks.ChoiceBlock):
    """A ChoiceBlock whose choices are written in code, listed once.

    Wagtail hands the form field its choices as a callable (``_get_callable_choices``), so
    that choices read from elsewhere stay current; Django's ChoiceField then lists and
    normalises them anew every time a value is checked: half the time of validating a post's
    blocks, which the importer does for every post before saving it. Migrations see a plain
    ChoiceBlock (``ChoiceBlock.deconstruct``)."""

    def get_field(self, **kwargs):
        field = super().get_field(**kwargs)
        field.choices = list(field.choices)
        return field


# Code in a heading, written as Markdown writes it: `npm install`.
HEADING_CODE = re.compile(r"`([^`\n]+)`")


class HeadingValue(blocks.StructValue):
    def text_html(self) -> SafeString:
        """The heading's text, each part between backticks shown as code."""
        text = self.get("text") or ""
        if "`" not in text:
            return escape(text)
        parts = HEADING_CODE.split(text)
        return SafeString(
            "".join(
                f"<code>{escape(part)}</code>" if index % 2 else escape(part)
                for index, part in enumerate(parts)
            )
        )


class HeadingBlock(blocks.StructBlock):
    text = blocks.CharBlock(
        max_length=255, help_text="Put code between backticks: Run `npm install`."
    )
    level = FixedChoiceBlock(
        choices=[("h2", "Section (H2)"), ("h3", "Subsection (H3)"), ("h4", "Minor (H4)")],
        default="h2",
    )
    anchor = blocks.CharBlock(
        required=False,
        max_length=255,
        label="Anchor",
        search_index=False,  # an address, not words of the post
        help_text='Optional. Lets a link jump to this heading: the anchor "what-to-wear" is '
        'reached by "#what-to-wear". No spaces.',
        validators=[RegexValidator(r"^[^\s#]*$", "An anchor can't contain spaces or a #.")],
    )

    class Meta:
        icon = "title"
        template = "blocks/heading.html"
        value_class = HeadingValue
        description = "A section heading; H2 for sections, H3 and H4 inside them."
        preview_value = {"text": "What happens during a session?", "level": "h2", "anchor": ""}


class ImageBlock(blocks.StructBlock):
    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        required=False,
        max_length=512,
        help_text="Describe the picture for people who can't see it. Leave empty if decorative.",
    )
    caption = blocks.CharBlock(required=False, max_length=512)
    link = blocks.URLBlock(
        required=False,
        help_text="Optional. Where the picture leads when clicked, such as a sponsor's site.",
    )

    def get_preview_value(self):
        # The block chooser previews the newest picture in the library, so editors see how a
        # real one sits in a post.
        image = get_image_model().objects.order_by("-created_at").first()
        return self.to_python(
            {"image": image.pk if image else None, "alt_text": "", "caption": "A caption"}
        )

    def bulk_to_python(self, values):
        # One query fetches the renditions of every picture in a post, not one query per picture.
        structs = super().bulk_to_python(values)
        images = [struct["image"] for struct in structs if struct["image"]]
        if images:
            prefetch_related_objects(images, renditions_prefetch(*rendition_specs("body")))
        return structs

    class Meta:
        icon = "image"
        template = "blocks/image.html"
        description = "A picture with alt text, an optional caption and an optional link."


class QuoteBlock(blocks.StructBlock):
    text = BlogRichTextBlock(features=QUOTE_FEATURES)
    attribution = blocks.CharBlock(required=False, max_length=255)

    class Meta:
        icon = "openquote"
        template = "blocks/quote.html"
        description = "A quotation, such as a client's words, with who said it."
        preview_value = {
            "text": "<p>I could turn my head again the next morning.</p>",
            "attribution": "A mobile massage client",
        }


CALLOUT_KINDS = [
    ("note", "Note"),
    ("tip", "Tip"),
    ("info", "Info"),
    ("warning", "Warning"),
    ("danger", "Danger"),
]


class CalloutBlock(blocks.StructBlock):
    """A boxed aside: the admonitions, alerts and note shortcodes of static-site generators
    (Docusaurus ``:::tip``, GitHub ``> [!NOTE]``, Hugo's note shortcodes) and an editor's own."""

    kind = FixedChoiceBlock(choices=CALLOUT_KINDS, default="note")
    title = blocks.CharBlock(
        required=False, max_length=255, help_text="Shown above the text; default: the kind."
    )
    text = BlogRichTextBlock(features=PARAGRAPH_FEATURES)

    class Meta:
        icon = "help"
        template = "blocks/callout.html"
        description = "A note, tip or warning set apart from the text."
        preview_value = {
            "kind": "tip",
            "title": "",
            "text": "<p>Drink a glass of water after your massage.</p>",
        }


def unix_newlines(struct_value, *names):
    """Browsers post a textarea's line breaks as CRLF; stored text keeps the LF the importer
    wrote, so saving a post in the editor doesn't rewrite every multi-line field."""
    for name in names:
        if isinstance(struct_value.get(name), str):
            struct_value[name] = struct_value[name].replace("\r\n", "\n")
    return struct_value


class CodeBlock(blocks.StructBlock):
    language = blocks.CharBlock(required=False, max_length=40, help_text="For example: python")
    code = blocks.TextBlock()

    def value_from_datadict(self, data, files, prefix):
        return unix_newlines(super().value_from_datadict(data, files, prefix), "code")

    class Meta:
        icon = "code"
        template = "blocks/code.html"
        description = "Preformatted text or source code, shown exactly as typed."
        preview_value = {"language": "text", "code": "Stretch: 30 seconds\nRest: 10 seconds"}


class FootnotesBlock(BlogRichTextBlock):
    """Numbered notes at the end of a post, written as a numbered list: item N is note N. A
    reference in the text is a link to ``#fn-N``; the template gives each note its id and a
    link back to the reference (rich text can't hold ids)."""

    def __init__(self, **kwargs):
        super().__init__(features=PARAGRAPH_FEATURES, **kwargs)

    class Meta:
        icon = "list-ol"
        template = "blocks/footnotes.html"
        label = "Footnotes"
        description = (
            "Numbered notes for the end of a post, one list item each; link to note 1 from the "
            'text with the address "#fn-1".'
        )
        preview_value = (
            "<ol><li>Measured at the first visit.</li>"
            "<li>Ask your therapist for a plan that suits you.</li></ol>"
        )


class DividerBlock(blocks.StaticBlock):
    class Meta:
        icon = "horizontalrule"
        template = "blocks/divider.html"
        description = "A horizontal rule between sections."
        admin_text = "A horizontal line between sections."
        preview_value = None


@dataclass(frozen=True)
class BookingAction:
    """One resolved button of a booking call-to-action, ready for the template."""

    kind: str  # "book_online" or "call"
    label: str
    href: str
    detail: str = ""  # the number itself, when the label doesn't show it


class BookOnlineBlock(blocks.StructBlock):
    label = blocks.CharBlock(required=False, max_length=80, help_text='Default: "Book online".')
    url = blocks.URLBlock(
        required=False, help_text="Leave empty to use the booking link from Booking settings."
    )

    class Meta:
        icon = "date"
        label = "Book online"


class CallBlock(blocks.StructBlock):
    label = blocks.CharBlock(required=False, max_length=80, help_text='Default: "Call".')
    phone = blocks.CharBlock(
        required=False,
        max_length=40,
        help_text="As you'd write it, e.g. 587-938-0458. Leave empty to use Booking settings.",
    )

    class Meta:
        icon = "mobile-alt"
        label = "Call"


class BookingCTAValue(blocks.StructValue):
    """Booking call-to-action with every empty field filled from the site's BookingSettings."""

    def resolved_actions(self, booking_settings):
        # An empty block still offers both ways to book: that is what editors expect.
        actions = [(child.block_type, child.value) for child in self.get("actions") or []] or [
            ("book_online", {}),
            ("call", {}),
        ]
        resolved = []
        for kind, value in actions:
            if kind == "book_online":
                url = value.get("url") or getattr(booking_settings, "booking_url", "")
                # The admin form only accepts web addresses, but imported or API-written values
                # skip it: a "javascript:" link must never become a button.
                if url and urlsplit(url.strip()).scheme.lower() in ("http", "https"):
                    resolved.append(BookingAction(kind, value.get("label") or "Book online", url))
            elif kind == "call":
                phone = value.get("phone") or getattr(booking_settings, "phone_number", "")
                href = tel_href(phone)
                if href:
                    label = value.get("label") or f"Call {phone}"
                    # A label such as "Call for mobile massage" hides the number from anyone
                    # who can't tap to dial (a desktop visitor), so the button shows it too.
                    detail = "" if phone in label else phone
                    resolved.append(BookingAction(kind, label, href, detail))
        return resolved


class BookingCTABlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=255, help_text='e.g. "Book a massage"')
    text = blocks.TextBlock(required=False, help_text="One or two sentences.")
    service = FixedChoiceBlock(
        choices=[
            ("in_clinic", "In-clinic"),
            ("mobile", "Mobile (we come to you)"),
            ("both", "In-clinic and mobile"),
        ],
        default="both",
        help_text="Mobile and both show the mobile-service note from Booking settings.",
    )
    actions = blocks.StreamBlock(
        [("book_online", BookOnlineBlock()), ("call", CallBlock())],
        required=False,
        help_text="Leave empty to offer both: the booking link and the phone number from "
        "Booking settings.",
    )

    def value_from_datadict(self, data, files, prefix):
        return unix_newlines(super().value_from_datadict(data, files, prefix), "text")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        request = (parent_context or {}).get("request")
        booking_settings = BookingSettings.for_request_or_default(request)
        context["booking_settings"] = booking_settings
        context["actions"] = value.resolved_actions(booking_settings)
        return context

    class Meta:
        icon = "date"
        template = "blocks/booking_cta.html"
        value_class = BookingCTAValue
        label = "Booking call-to-action"
        description = 'The "Book online" and "Call" buttons; empty fields use Booking settings.'
        preview_value = {
            "heading": "Book a therapeutic massage",
            "text": "In the clinic or at your home, with a Registered Massage Therapist.",
            "service": "both",
            "actions": [],
        }


def booking_defaults_hint(booking_settings) -> SafeString:
    """What an empty booking block will offer, in the words an editor reads above the block.

    The admin shows block help text as HTML, and the settings are typed by any editor with
    access to them: every value is escaped, so the hint can only ever be text."""
    offers = []
    if booking_settings.booking_url:
        offers.append(format_html("“Book online” goes to {}", booking_settings.booking_url))
    if booking_settings.phone_number:
        offers.append(format_html("“Call” dials {}", booking_settings.phone_number))
    if not offers:
        return escape(
            "Booking settings have no booking link or phone number yet: add them under Settings."
        )
    return format_html(
        "Empty fields use Booking settings: {}.",
        format_html_join("; ", "{}", ((offer,) for offer in offers)),
    )


class BookingCTABlockAdapter(StructBlockAdapter):
    """Puts the current Booking settings in the booking block's help text. The admin builds the
    block definitions on every editor load, so the hint is always the settings as they are now."""

    def js_args(self, block):
        name, children, meta = super().js_args(block)
        meta["helpText"] = booking_defaults_hint(BookingSettings.for_request_or_default(None))
        meta["helpIcon"] = get_help_icon()
        return [name, children, meta]


register(BookingCTABlockAdapter(), BookingCTABlock)


# Bodies whose words were read inside `searchable_content_read_once`, in this thread.
_read_once = threading.local()


@contextmanager
def searchable_content_read_once() -> Iterator[None]:
    """Inside, each body's words for search are read once however often they are asked for.

    The SQLite search backend asks for every field of an object three times, once each for its
    title, body and autocomplete texts (``ObjectIndexer`` in modelsearch/backends/database/
    sqlite/sqlite.py), and a post's body is most of what indexing it costs. Only the values
    read inside are kept, with the values themselves, so none is mistaken for another."""
    _read_once.bodies = {}
    try:
        yield
    finally:
        del _read_once.bodies


class BlogStreamBlock(blocks.StreamBlock):
    heading = HeadingBlock()
    paragraph = BlogRichTextBlock(
        features=PARAGRAPH_FEATURES,
        icon="pilcrow",
        template="blocks/paragraph.html",
        description="Text with bold, italics, links and lists.",
        preview_value=(
            "<p>Massage with a purpose: <b>less pain</b>, easier movement, and a calmer "
            "nervous system.</p>"
        ),
    )
    image = ImageBlock()
    quote = QuoteBlock()
    code = CodeBlock()
    table = TableBlock(
        template="blocks/table.html",
        description="Rows and columns of plain text, such as a price list.",
        preview_value={
            "data": [["Length", "Price"], ["60 minutes", "$110"], ["90 minutes", "$150"]],
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "table_caption": "Massage prices",
        },
    )
    embed = EmbedBlock(
        icon="media",
        template="blocks/embed.html",
        description="A YouTube or Vimeo video, by its address.",
    )
    divider = DividerBlock()
    booking_cta = BookingCTABlock()
    footnotes = FootnotesBlock()
    callout = CalloutBlock()

    def get_searchable_content(self, value):
        bodies = getattr(_read_once, "bodies", None)
        if bodies is None:
            return super().get_searchable_content(value)
        if id(value) not in bodies:
            bodies[id(value)] = (value, super().get_searchable_content(value))
        return bodies[id(value)][1]
