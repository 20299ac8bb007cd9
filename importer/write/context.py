"""What the writer shares across a run's posts."""

from __future__ import annotations

from dataclasses import dataclass

from importer.common import Normaliser, RunOptions
from importer.write.assets import AssetIndex


@dataclass(frozen=True, slots=True)
class WriteContext:
    """The run's options, the picture files its posts may use, and the rich text normaliser
    (the convert stage's, handed over) for the words a picture that can't be had leaves."""

    options: RunOptions
    assets: AssetIndex
    normalise: Normaliser
