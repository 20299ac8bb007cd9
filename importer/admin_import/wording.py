"""The importer's messages as the admin says them: sentences with their fix, naming the upload
form's choices and the run page's actions instead of the command's options."""

from __future__ import annotations

import re

# The command's words in the importer's messages, and what the admin offers instead: the
# admin never names a command-line option.
FLAG_PHRASES = [
    (
        re.compile(r"Re-run with --force to import over it \(([^)]*)\)\.?"),
        "To import over it, overwrite editors' changes from this page, or tick “Import over "
        r"pages an editor has changed” when uploading (\1).",
    ),
    (
        re.compile(r"or raise the limit with --max-size if it really is one post"),
        "then upload the site again",
    ),
    (re.compile(r"(under|into) --assets"), "anywhere in the upload"),
    (re.compile(r"the --assets folders?"), "the upload"),
    (
        re.compile(r"\(?--fetch-images downloads it\)?"),
        "(add it to the image library and the page by hand)",
    ),
    (
        re.compile(r"--include-drafts imports it as a draft"),
        "“Also import the old site's drafts folder” imports it as a draft",
    ),
    (re.compile(r"; --old-origin sends them to the old site"), ""),
    (re.compile(r"--old-url"), "Old address pattern"),
    (re.compile(r"--parent( ID)?"), "Import into"),
    (re.compile(r"--verify-against"), "the upload (with the old site's build folder)"),
]
RAW_ERROR = re.compile(r"^(?:[\w ]+: )?([A-Z]\w*(?:Error|Exception)): (.*)$", re.DOTALL)
BAD_DATE = re.compile(r"month must be in|day is out of range|year \d+ is out of range")


def readable(text: str) -> str:
    """An importer message as the admin says it: a sentence with its fix, naming the upload
    form's choices instead of the command's options, never a bare exception."""
    if not text:
        return text
    match = RAW_ERROR.match(text.strip())
    if match:
        detail = match.group(2).rstrip(".")
        if BAD_DATE.search(detail):
            return (
                f"Its date is not a real date ({detail}). Fix: correct the date in its front "
                "matter on the old site (YYYY-MM-DD), then upload the site again."
            )
        return (
            f"The post could not be read ({detail}). Fix: check its front matter and "
            "Markdown on the old site, then upload the site again; if it still fails, the "
            "worker's log has the details."
        )
    for pattern, replacement in FLAG_PHRASES:
        text = pattern.sub(replacement, text)
    return text[:1].upper() + text[1:]
