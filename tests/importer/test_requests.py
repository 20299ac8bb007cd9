"""What a caller asks of a run is read one way (ImportRequest.of), whether it comes from the
command line, the admin's upload form or its background task."""

from dataclasses import replace
from pathlib import Path

from importer.admin_import.models import ImportRun
from importer.admin_import.runner import request_for
from importer.common import MAX_POST_SIZE, ImportRequest
from importer.management.commands.import_posts import Command

ASKED = ImportRequest(
    sources=(Path("site"),),
    assets=(Path("site"),),
    parent="7",
    draft=True,
    include_drafts=True,
    force=True,
    old_url="/blog/{slug}/",
    booking_urls=("https://book.example/a", "https://book.example/b"),
)


def test_the_command_line_asks_through_the_one_mapping():
    arguments = ["site", "--assets", "site", "--parent", "7", "--draft", "--include-drafts"]
    arguments += ["--force", "--old-url", "/blog/{slug}/", "--report", "report.json"]
    arguments += [
        "--booking-url",
        "https://book.example/a",
        "--booking-url",
        "https://book.example/b",
    ]
    options = vars(Command().create_parser("manage.py", "import_posts").parse_args(arguments))

    assert ImportRequest.of(options) == ASKED
    assert ImportRequest.of({**options, "max_size": None}).max_size == MAX_POST_SIZE


def test_the_admin_form_and_its_task_ask_through_the_one_mapping():
    # What the upload form keeps (UploadForm.options), with the upload and the blog it chose.
    options = {
        "draft": True,
        "include_drafts": True,
        "force": True,
        "old_url": "/blog/{slug}/",
        "booking_urls": ["https://book.example/a", "https://book.example/b"],
    }
    run = ImportRun(parent_id=7, source="site", options=options)

    # The admin's runs prepare each post in a process of its own, which the command does not.
    assert request_for(run, dry_run=False) == replace(ASKED, isolate_posts=True)
    assert request_for(run, dry_run=True).dry_run
