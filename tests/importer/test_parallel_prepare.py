"""Large runs prepare posts in worker processes; the outcome is the same as one at a time."""

import gc
import json
import os
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from blog.models import BlogPage
from importer.run import toolkit, workers
from importer.stages import pipeline

from .helpers import mac_roman_mojibake, write_post

POST = """---
title: "Post {number}: what it’s like"
date: 2026-02-{day:02d}T09:00:00-07:00
tags: [wellness]
---
## Section {number}

Massage **number {number}** for tight shoulders.
"""


@pytest.mark.parametrize("parallel_from", [2, 10_000], ids=["workers", "in-process"])
def test_workers_and_in_process_import_the_same(site_tree, tmp_path, monkeypatch, parallel_from):
    monkeypatch.setattr(workers, "PARALLEL_FROM", parallel_from)
    convert_html = pipeline.convert_html

    def fails_on_post_5(html, *args, **kwargs):
        if "Section 5<" in html:
            raise ValueError("a converter bug")
        return convert_html(html, *args, **kwargs)

    # Forked workers inherit the patch, so a post failing late in a worker is covered too.
    monkeypatch.setattr(pipeline, "convert_html", fails_on_post_5)
    folder = tmp_path / "posts"
    for number in range(1, 13):
        text = POST.format(number=number, day=number)
        # The post that fails late has damaged text: its report row still lists the repairs.
        write_post(
            folder, f"post-{number:02d}.md", mac_roman_mojibake(text) if number == 5 else text
        )
    write_post(folder, "broken.md", "---\ntitle: [unclosed\n---\nBody\n")

    report_path = tmp_path / "report.json"
    with pytest.raises(CommandError, match="2 of 13"):
        call_command("import_posts", str(folder), "--report", str(report_path), stdout=StringIO())
    report = json.loads(report_path.read_text())

    statuses = {row["source"].rsplit("/", 1)[-1]: row["status"] for row in report["posts"]}
    assert statuses.pop("broken.md") == "failed"
    assert statuses.pop("post-05.md") == "failed"
    errors = {row["source"].rsplit("/", 1)[-1]: row["error"] for row in report["posts"]}
    assert errors["post-05.md"] == "ValueError: a converter bug"
    repairs = {row["source"].rsplit("/", 1)[-1]: row["repairs"] for row in report["posts"]}
    assert [repair["line"] for repair in repairs["post-05.md"]] == [2]
    assert set(statuses.values()) == {"created"}
    assert [row["source"] for row in report["posts"]] == sorted(
        str(path) for path in folder.glob("*.md")
    )
    titles = sorted(BlogPage.objects.live().values_list("title", flat=True))
    assert titles == sorted(f"Post {n}: what it’s like" for n in range(1, 13) if n != 5)
    page = BlogPage.objects.get(title__startswith="Post 7:")
    assert page.body[0].block_type == "heading"
    assert "<b>number 7</b>" in str(page.body[1].value)


def test_a_worker_that_dies_fails_its_post_and_a_rerun_finishes(site_tree, tmp_path, monkeypatch):
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    folder = tmp_path / "posts"
    for number in range(1, 13):
        write_post(folder, f"post-{number:02d}.md", POST.format(number=number, day=number))
    convert_html = pipeline.convert_html

    def dies_on_post_9(html, *args, **kwargs):
        if "Section 9<" in html:
            os._exit(1)  # as the kernel's out-of-memory killer would stop it
        return convert_html(html, *args, **kwargs)

    monkeypatch.setattr(pipeline, "convert_html", dies_on_post_9)
    with pytest.raises(CommandError, match="1 of 12 post"):
        call_command("import_posts", str(folder), stdout=StringIO())
    # The run went on without the post its worker died on.
    assert BlogPage.objects.count() == 11
    assert not BlogPage.objects.filter(title__startswith="Post 9:").exists()

    monkeypatch.setattr(pipeline, "convert_html", convert_html)
    call_command("import_posts", str(folder), stdout=StringIO())
    assert BlogPage.objects.live().count() == 12


def test_a_run_with_workers_leaves_the_heap_out_of_the_collectors_walks_until_it_ends(
    site_tree, tmp_path, monkeypatch
):
    """What the process holds when the workers start is frozen (gc.freeze), so neither the
    writer nor the forked workers walk it; the run's end gives it back to the collector."""
    monkeypatch.setattr(workers, "PARALLEL_FROM", 2)
    frozen_while_writing = []
    write_one = toolkit.write_post

    def noting(*args, **kwargs):
        frozen_while_writing.append(gc.get_freeze_count())
        return write_one(*args, **kwargs)

    monkeypatch.setattr(toolkit, "write_post", noting)
    folder = tmp_path / "posts"
    for number in range(1, 4):
        write_post(folder, f"post-{number}.md", POST.format(number=number, day=number))
    call_command("import_posts", str(folder), stdout=StringIO())

    assert BlogPage.objects.count() == 3
    assert len(frozen_while_writing) == 3
    assert all(count > 10_000 for count in frozen_while_writing)
    assert gc.get_freeze_count() == 0
