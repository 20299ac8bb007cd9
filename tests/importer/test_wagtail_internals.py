"""importer.wagtail_internals was read against one Wagtail release: another one must be read
again before the import runs on it."""

import re

import wagtail

from importer import wagtail_internals


def feature_release(version: str) -> tuple[int, int]:
    major, minor = re.match(r"(\d+)\.(\d+)", version).groups()
    return int(major), int(minor)


def test_the_installed_wagtail_is_the_release_the_internals_were_checked_against():
    # Feature releases (8.1, 9.0) may change the private API the module leans on; patch
    # releases (8.0.x) fix bugs only, per Wagtail's release policy, so they pass.
    checked = feature_release(wagtail_internals.WAGTAIL_VERSION)
    installed = feature_release(wagtail.__version__)
    assert installed == checked, (
        f"Wagtail {wagtail.__version__} is installed, but importer/wagtail_internals/ was "
        f"checked against Wagtail {wagtail_internals.WAGTAIL_VERSION}. Read each function "
        "there against the Wagtail source it cites, adjust it, run tests/importer, then set "
        "WAGTAIL_VERSION (and the version its docstring names) to the installed release."
    )


def test_the_module_names_the_version_it_was_checked_against():
    assert f"Wagtail {wagtail_internals.WAGTAIL_VERSION}" in wagtail_internals.__doc__
