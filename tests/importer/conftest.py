from pathlib import Path

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures" / "importer"


def cases(stage: str, pattern: str) -> list[Path]:
    """Fixture inputs of one stage, named for pytest ids by their file name."""
    return sorted(path for path in (FIXTURES / stage).glob(pattern))
