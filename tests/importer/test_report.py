"""The report keeps full rows on disk and writes them, in the order posts were found, as JSON."""

import json

from hypothesis import given, settings
from hypothesis import strategies as st

from importer.common import PostResult, PostStatus, PostWarning, WarningCode
from importer.run.report import ImportReport, row_json

REPAIR = {"line": 3, "before": "Itâ€™s", "after": "It’s", "fixes": ["encode:macroman"]}


def test_rows_added_as_posts_finish_are_reported_in_the_order_found(tmp_path):
    report = ImportReport()
    report.add(1, PostResult("b.md", "failed", error="field 'date': not a date."))
    report.add(0, PostResult("a.md", "created", page_id=7, url="/blog/a/", repairs=[REPAIR]))
    report.add(3, PostResult("a.md", "skipped", error="listed more than once."))
    report.add(2, PostResult("c.md", "skipped", error="c.md describes the folder."))
    path = tmp_path / "report.json"

    report.write_json(path)

    written = json.loads(path.read_text("utf-8"))
    assert [row["source"] for row in written["posts"]] == ["a.md", "b.md", "c.md", "a.md"]
    assert written["posts"][0]["repairs"] == [REPAIR]
    assert written["posts"][1]["error"] == "field 'date': not a date."
    assert written["summary"] == {
        "found": 4,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "conflict": 0,
        "skipped": 2,
        "failed": 1,
        "unresolved_links": 0,
    }
    assert written["dry_run"] is False
    assert not list(tmp_path.glob(".*partial"))
    assert [post.source for post in report.failed] == ["b.md"]
    assert "1 post(s) had encoding repairs, 0 had warnings." in report.summary_table()


def test_a_repaired_line_with_unicode_line_separators_is_reported_as_it_was(tmp_path):
    # JSON leaves U+2028, U+2029 and U+0085 unescaped: indenting the rows must not split there.
    repair = {**REPAIR, "before": "one\u2028two\x85three\u2029Itâ€™s", "after": "It’s"}
    report = ImportReport()
    report.add(0, PostResult("a.md", "created", repairs=[repair]))
    path = tmp_path / "report.json"

    report.write_json(path)

    assert json.loads(path.read_text("utf-8"))["posts"][0]["repairs"] == [repair]


def test_an_empty_run_writes_a_valid_report(tmp_path):
    path = tmp_path / "report.json"
    ImportReport(dry_run=True).write_json(path)
    assert json.loads(path.read_text("utf-8")) == {
        "summary": dict.fromkeys(
            [
                "found",
                "created",
                "updated",
                "unchanged",
                "conflict",
                "skipped",
                "failed",
                "unresolved_links",
            ],
            0,
        ),
        "posts": [],
        "lowest_coverage": [],
        "dry_run": True,
    }


def test_each_converted_post_has_its_word_coverage_and_the_lowest_five_are_named(tmp_path):
    report = ImportReport(dry_run=True)
    shares = [0.99, 0.5, 1.0, 0.97, 0.8, 0.93]
    for number, share in enumerate(shares):
        report.add(number, PostResult(f"p{number}.md", "created", coverage=share))
    report.add(len(shares), PostResult("broken.md", "failed", error="field 'date': not a date."))
    path = tmp_path / "report.json"

    report.write_json(path)

    written = json.loads(path.read_text("utf-8"))
    assert [row["coverage"] for row in written["posts"]] == [*shares, None]
    assert written["lowest_coverage"] == [
        {"source": "p1.md", "coverage": 0.5},
        {"source": "p4.md", "coverage": 0.8},
        {"source": "p5.md", "coverage": 0.93},
        {"source": "p3.md", "coverage": 0.97},
        {"source": "p0.md", "coverage": 0.99},
    ]
    table = report.summary_table()
    assert "Lowest word coverage" in table
    assert "  50.00%  p1.md" in table
    assert "p2.md" not in table


def test_warnings_keep_who_gave_them_and_the_report_says_the_same_strings(tmp_path):
    report = ImportReport()
    written = PostResult("a.md", PostStatus.CREATED, page_id=7)
    written.warn(WarningCode.IMAGE, "Image x.png was not found.")
    report.add(0, written)
    # A row read back from storage (the admin's, an import record's) says only the message.
    report.add(1, PostResult("b.md", "unchanged", page_id=8, warnings=["Said before."]))
    # Found once a.md's page was written: its indexing failed.
    report.add_warning(PostWarning("Not indexed.", WarningCode.INDEX, "a.md"))
    report.add_warning(PostWarning("Not indexed.", WarningCode.INDEX, "a.md"))  # said once
    path = tmp_path / "report.json"

    report.write_json(path)

    rows = json.loads(path.read_text("utf-8"))["posts"]
    assert rows[0]["status"] == "created"
    assert rows[0]["warnings"] == ["Image x.png was not found.", "Not indexed."]
    assert rows[1]["warnings"] == ["Said before."]
    assert [(w.code, w.post, w.message) for w in report.warnings()] == [
        (WarningCode.IMAGE, "a.md", "Image x.png was not found."),
        (WarningCode.INDEX, "a.md", "Not indexed."),
        (WarningCode.EARLIER, "b.md", "Said before."),
    ]


# What a row holds: text of any kind (repaired lines, warnings), counts, flags, nested lists.
TEXT = st.text(st.characters(exclude_categories=["Cs"]))
VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-(2**53), 2**53) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=20,
)


@settings(max_examples=300, deadline=None, derandomize=True, database=None)
@given(st.dictionaries(TEXT, VALUES, max_size=8))
def test_a_row_is_written_as_pythons_json_module_would_write_it(row):
    assert row_json(row) == json.dumps(row, indent=2, ensure_ascii=False)


def test_a_rows_coverage_reads_back_as_the_same_number():
    for coverage in (0.0, 1.0, 0.987654321, 1 / 3, 1e-07):
        assert json.loads(row_json({"coverage": coverage})) == {"coverage": coverage}
