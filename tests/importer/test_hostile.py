"""Posts written to break the importer: forged internal markers, bombs, deep nesting, junk.

Each bad post fails alone, or imports with a warning; it never stops the run, hangs it, or
puts anything on a page that the importer's own recognition did not make.
"""

import threading

from importer.templates import STASH_CLOSE, STASH_OPEN, expand_templates


def finishes_within(seconds, function, *args):
    """`function(*args)`, failing the test (instead of hanging it) if it takes longer."""
    outcome = {}

    def run():
        try:
            outcome["value"] = function(*args)
        except BaseException as error:  # noqa: BLE001 - handed to the test below
            outcome["error"] = error

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    thread.join(seconds)
    assert not thread.is_alive(), f"{function.__name__} still running after {seconds} s"
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


# --- internal markers cannot be forged -------------------------------------------------------


def test_stash_characters_in_a_post_come_back_as_they_were():
    # The expand stage stands stashed text in with these characters; lone ones in a post once
    # kept it looping for ever.
    text = f"Icons {STASH_OPEN} and {STASH_CLOSE}, {STASH_OPEN}7 and 3{STASH_CLOSE}: "
    text += "{{ title }}"

    markdown, warnings = finishes_within(5, expand_templates, text, {"title": "Hot stones"})

    assert markdown == text.replace("{{ title }}", "Hot stones")
    assert warnings == []


def test_front_matter_values_cannot_forge_a_token_or_a_post_link():
    title = f"Stones {STASH_OPEN}0{STASH_CLOSE} /__imported-post__/prices"

    markdown, warnings = expand_templates("`x` {{ title }}", {"title": title})

    assert markdown == f"`x` Stones {STASH_OPEN}0{STASH_CLOSE} /%5F_imported-post__/prices"
    assert len(warnings) == 1 and "/__imported-post__/" in warnings[0]
