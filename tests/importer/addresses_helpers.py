"""Each post's old address and new slug as an import from a site's root computes them, and the
addresses a real generator's build gave its pages."""

import shutil
import subprocess
from pathlib import Path

import pytest

from importer.common import RunOptions
from importer.generators import generator_named
from importer.sources import plan_sources
from importer.stages.parse import parse_post

SITES = Path(__file__).resolve().parents[1] / "fixtures" / "sites"
BUILD_SECONDS = 180


def computed(root: Path, old_url: str = "", warnings: bool = False) -> dict[str, tuple]:
    """{post path under `root`: (its old address, its new slug[, its warnings])}."""
    plan = plan_sources([root], [])
    options = RunOptions(
        old_url_template=old_url,
        source_roots=tuple(plan.sources),
        site_roots=tuple(site.root for site in plan.sites),
        site_addresses=tuple(site.addresses for site in plan.sites if site.addresses),
        time_zone="UTC",
    )
    found = {}
    for path in plan.paths:
        generator = generator_named(plan.generator_of(path))
        post = parse_post(path.read_text(encoding="utf-8"), path, options, None, generator)
        facts = (post.old_url, post.slug) + ((post.warnings,) if warnings else ())
        found[path.relative_to(root).as_posix()] = facts
    return found


def built_addresses(site: Path, command: list[str], output: str) -> set[str]:
    """Build `site` with `command` (skipped when the generator is not installed): the address
    of each page it wrote, as a browser asks for it."""
    if shutil.which(command[0]) is None:
        pytest.skip(f"{command[0]} is not installed (.ci/run installs it): site not built")
    subprocess.run(command, cwd=site, check=True, capture_output=True, timeout=BUILD_SECONDS)
    addresses = set()
    for page in (site / output).rglob("*.html"):
        path = "/" + page.relative_to(site / output).as_posix()
        addresses.add(path.removesuffix("index.html"))
    return addresses
