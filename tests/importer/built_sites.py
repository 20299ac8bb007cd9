"""The fixture sites of tests/fixtures/sites/verify built by their real generators (Hugo,
Jekyll, Eleventy), for `import_posts --verify-against`; a test is skipped, saying which, when
its generator is not installed (.ci/run and `make` install all three)."""

import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from .helpers import write_png

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "sites" / "verify"
ROOT = Path(__file__).resolve().parents[2]
BUILD_SECONDS = 180


@dataclass(frozen=True)
class Generator:
    name: str
    build_dir: str
    """Where its standard build writes the site."""
    pictures: str
    """The folder its site keeps /img/ pictures in."""
    addresses: dict[str, str]
    """Each post's file stem, and the address the generator gives its page."""

    def command(self) -> list[str] | None:
        """The build command, or None when the generator is not installed."""
        if self.name == "eleventy":
            binary = ROOT / "node_modules" / ".bin" / "eleventy"
            return [str(binary), "--quiet"] if binary.exists() else None
        found = shutil.which(self.name)
        if found is None:
            return None
        return [found, "--quiet"] if self.name == "hugo" else [found, "build", "--quiet"]

    def build(self, tmp_path: Path) -> Path:
        """The fixture site copied under `tmp_path` with its picture, built; its root."""
        command = self.command()
        if command is None:
            pytest.skip(f"{self.name} is not installed (.ci/run installs it): site not built")
        site = tmp_path / f"{self.name}-site"
        shutil.copytree(FIXTURES / self.name, site)
        write_png(site / self.pictures / "towels.png", "orange")
        subprocess.run(command, cwd=site, check=True, capture_output=True, timeout=BUILD_SECONDS)
        return site


GENERATORS = [
    Generator(
        "jekyll",
        "_site",
        "img",
        {
            "warming-up": "/journal/2024/03/warming-up/",
            "upper-back": "/journal/2024/03/upper-back/",
            "hydration": "/journal/2024/03/hydration/",
        },
    ),
    Generator(
        "hugo",
        "public",
        "static/img",
        {
            # Hugo's :slug is the title when the post has no slug.
            "warming-up": "/2024/03/warming-up-before-a-deep-tissue-session/",
            "upper-back": "/2024/03/stretches-for-the-upper-back/",
            "hydration": "/2024/03/drinking-water-after-a-massage/",
        },
    ),
    Generator(
        "eleventy",
        "_site",
        "src/img",
        {
            "warming-up": "/notes/warming-up/",
            "upper-back": "/notes/upper-back/",
            "hydration": "/notes/hydration/",
        },
    ),
]
