"""Front matter an MDX post exports as JavaScript (``export const meta = {...}``)."""

from importer.common import PostDraft, RunOptions
from importer.stages import STAGES, build_context, run_stages
from importer.stages.mdx.meta import exported_meta
from importer.stages.parse.post import parse_post

OPTIONS = RunOptions(time_zone="America/Edmonton")


def test_values_only_the_site_could_compute_are_left_out_with_a_warning_naming_them():
    body = (
        "import { therapist } from '@/people'\n"
        "export const meta = {\n"
        "  title: 'Neck care',\n"
        "  author: therapist,\n"
        "  readingTime: computeMinutes(),\n"
        "  date: new Date('2024-05-01'),\n"
        "}\n\nText.\n"
    )
    fields, rest, warnings = exported_meta(body)

    assert fields == {"title": "Neck care", "date": "2024-05-01"}
    assert rest == "import { therapist } from '@/people'\n\nText.\n"
    assert len(warnings) == 2
    assert "'author'" in warnings[0] and "'@/people'" in warnings[0]
    assert "'readingTime'" in warnings[1]


def test_an_object_that_is_never_closed_or_is_not_javascript_is_reported_and_kept():
    for body in (
        "export const meta = {\n  title: 'Open',\n\nText.\n",
        "export const meta = { title: 'Bad' 'syntax' }\n\nText.\n",
        "export const meta = { tags: " + "[" * 4000 + "]" * 4000 + " }\n\nText.\n",
    ):
        fields, rest, warnings = exported_meta(body)
        assert fields == {} and rest == body
        assert warnings and "'meta' object" in warnings[0] and "not" in warnings[0]


def test_braces_and_quotes_inside_strings_and_comments_do_not_end_the_object():
    body = (
        "export const meta = {\n"
        "  title: 'A } brace',  // a } in a comment\n"
        '  description: "She said \\"}\\"",\n'
        "  /* { */ tags: [`x}`],\n"
        "};\nAfter.\n"
    )
    fields, rest, warnings = exported_meta(body)

    assert fields == {"title": "A } brace", "description": 'She said "}"', "tags": ["x}"]}
    assert rest == "After.\n" and warnings == []


def test_front_matter_wins_over_the_export_and_md_files_are_not_read_as_mdx(tmp_path):
    text = (
        "---\ntitle: From front matter\ndate: 2024-06-01\n---\n"
        "export const meta = {\n  title: 'From the export',\n  description: 'Exported',\n}\n"
    )
    mdx = parse_post(text, tmp_path / "post.mdx", OPTIONS)
    assert (mdx.title, mdx.description) == ("From front matter", "Exported")
    assert "export const" not in mdx.body

    markdown = parse_post(text, tmp_path / "post.md", OPTIONS)
    assert markdown.description == "" and "export const meta" in markdown.body


def test_the_warnings_reach_the_posts_report(tmp_path):
    path = tmp_path / "post.mdx"
    path.write_text(
        "import { me } from './people'\nexport const meta = { title: 'T', date: '2024-01-02', "
        "author: me }\n\nBody.\n",
        encoding="utf-8",
    )
    draft = run_stages(PostDraft(path=path, raw=path.read_bytes()), build_context(OPTIONS), STAGES)

    assert draft.post.title == "T"
    assert any("'author'" in warning for warning in draft.warnings)
