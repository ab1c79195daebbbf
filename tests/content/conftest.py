import shutil
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def small_content(tmp_path) -> Path:
    """A writable copy of the small sample curriculum (tests/content/fixtures/small)."""
    root = tmp_path / "content"
    shutil.copytree(FIXTURES / "small", root)
    return root


@pytest.fixture
def edit():
    """Replace text in a curriculum file; fails loudly when the text is not there."""

    def replace(path: Path, old: str, new: str, count: int = 1) -> None:
        text = path.read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {path}"
        path.write_text(text.replace(old, new, count), encoding="utf-8")

    return replace


def line_of(path: Path, text: str) -> int:
    """The 1-based line of the first line holding `text`."""
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if text in line:
            return number
    raise AssertionError(f"{text!r} not in {path}")
