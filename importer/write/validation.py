"""What Wagtail would refuse in a post's page, found before it is saved and reported as the
post's fault: the editor's own checks on its body, and Wagtail's reasons for refusing a page.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from wagtail.blocks import StreamBlockValidationError

from blog.models import BlogPage
from importer.common import ImporterError
from importer.wagtail_internals import model_field

# What to do when Wagtail refuses a page for one of these fields; they can only go wrong when
# the site changes while the run goes on, so running it again finds them as they now are.
RERUN_FIXES = {
    "slug": "a page with this address was added under the blog while the import ran; run the "
    "import again and the post takes the next free address.",
    "author": "the author was deleted while the import ran; run the import again to recreate it.",
    "feature_image": "the picture was deleted while the import ran; run the import again to "
    "bring it back.",
}


def refused(error: ValidationError) -> ImporterError:
    """Wagtail's reasons for refusing a page, as the importer reports a bad post."""
    fields = error.message_dict
    name = next(iter(fields))
    reasons = " ".join(fields[name]).rstrip(".")
    return ImporterError(
        f"Wagtail refused the page: {reasons}.",
        field="" if name == NON_FIELD_ERRORS else name,
        fix=RERUN_FIXES.get(name, "correct the post and run the import again."),
    )


BODY_FIX = "correct that part of the post (or leave it out) and run the import again."


def validate_body(body: list[dict[str, Any]]) -> None:
    """Check a post's blocks as the editor would on saving: with BlogPage.body's own
    StreamBlock ``clean()``. Wagtail's ``full_clean`` does not look inside a StreamField, so
    without this a value the editor would refuse is saved, and may fail the page when shown."""
    stream_block = model_field(BlogPage, "body").stream_block
    for number, block in enumerate(body, start=1):
        # to_python drops a block of a type it doesn't know, silently.
        if not isinstance(block, dict) or block.get("type") not in stream_block.child_blocks:
            kind = block.get("type") if isinstance(block, dict) else type(block).__name__
            raise ImporterError(
                f"block {number} ({kind}) is not a type of block a post can hold.",
                field="body",
                fix=BODY_FIX,
            )
    try:
        stream_block.clean(stream_block.to_python(body))
    except ValidationError as error:
        raise invalid_body(error, body) from error
    except Exception:  # noqa: BLE001 - a value of the wrong shape: found block by block
        for number, block in enumerate(body, start=1):
            kind = block["type"]
            child = stream_block.child_blocks[kind]
            try:
                child.clean(child.to_python(block.get("value")))
            except ValidationError as error:
                raise invalid_body(StreamBlockValidationError({number - 1: error}), body) from error
            except Exception as error:  # noqa: BLE001 - reported as the block's fault
                raise ImporterError(
                    f"block {number} ({kind}) is not a value the block can hold "
                    f"({type(error).__name__}: {error}).",
                    field="body",
                    fix=BODY_FIX,
                ) from error
        raise


def invalid_body(error: ValidationError, body: list[dict[str, Any]]) -> ImporterError:
    """The first reason a body was refused, naming its block ("block 4 (booking_cta)")."""
    data = error.as_json_data() if hasattr(error, "as_json_data") else {"messages": error.messages}
    where, reasons = first_block_error(data)
    if where and isinstance(where[0], int) and where[0] < len(body):
        where[0] = f"block {where[0] + 1} ({body[where[0]].get('type')})"
    place = " > ".join(str(part) for part in where) or "the body"
    return ImporterError(
        f"{place} is not valid: {' '.join(reasons)}",
        field="body",
        fix=BODY_FIX,
    )


def first_block_error(data: dict[str, Any]) -> tuple[list[Any], list[str]]:
    """Where in a block's error data (Wagtail's ``as_json_data``) the first message is."""
    if data.get("messages"):
        return [], list(data["messages"])
    children = data.get("blockErrors") or {}
    items = enumerate(children) if isinstance(children, list) else children.items()
    for key, child in items:
        if child:
            where, reasons = first_block_error(child)
            return [key, *where], reasons
    return [], ["Wagtail refused it."]
