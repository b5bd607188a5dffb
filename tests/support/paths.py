"""Where the repository's files are, for tests that read its docs and examples."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TESTS = REPO / "tests"
FIXTURES = TESTS / "fixtures"
EMULATOR_DOC = REPO / "docs" / "emulator.md"
README = REPO / "README.md"
