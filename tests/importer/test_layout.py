"""The importer stays in packages of small modules and small functions: a reader can follow one
post through it, and each generator's knowledge is in one place."""

import ast
from pathlib import Path

import pytest

IMPORTER = Path(__file__).resolve().parents[2] / "importer"
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60
# The app's own modules, the Django and Wagtail way; everything else lives in a package.
APP_MODULES = {"__init__.py", "apps.py", "models.py", "wagtail_hooks.py"}
PACKAGES = {
    "common", "generators", "sources", "stages", "write", "run", "export", "verify",
    "wagtail_internals",
}  # fmt: skip
GENERATORS = {
    "eleventy", "jekyll", "hugo", "hexo", "zola", "gatsby", "astro", "docusaurus", "nextjs"
}  # fmt: skip


def modules() -> list[Path]:
    return sorted(path for path in IMPORTER.rglob("*.py") if "migrations" not in path.parts)


def test_the_importer_folder_holds_only_the_app_modules_and_packages():
    own = {path.name for path in IMPORTER.glob("*.py")}
    assert own <= APP_MODULES
    for name in PACKAGES:
        assert (IMPORTER / name / "__init__.py").is_file(), f"{name} has no front door"


def test_each_generator_has_its_module():
    found = {path.stem for path in (IMPORTER / "generators").glob("*.py")}
    assert found >= GENERATORS


@pytest.mark.parametrize("path", modules(), ids=lambda path: str(path.relative_to(IMPORTER)))
def test_no_module_or_function_is_too_long(path):
    text = path.read_text(encoding="utf-8")
    assert text.count("\n") <= MAX_MODULE_LINES, f"{path.name} has more than 400 lines"
    long = [
        f"{node.name} ({node.end_lineno - node.lineno + 1} lines)"
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)
        and node.end_lineno - node.lineno + 1 > MAX_FUNCTION_LINES
    ]
    assert long == [], f"functions over {MAX_FUNCTION_LINES} lines in {path.name}: {long}"
