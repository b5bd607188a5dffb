"""The documented examples run as written: docs/emulator.md's Python example runs in-process
against its emulator without any credentials (the README's and testing module's: tests/process/)."""

from __future__ import annotations

import pytest
from support.docs_code import first_python_block, run_code
from support.paths import REPO

README = REPO / "README.md"
EMULATOR_DOC = README.parent / "docs" / "emulator.md"


def test_emulator_doc_python_example_runs_without_any_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    code = first_python_block(EMULATOR_DOC.read_text(encoding="utf-8"), "In Python, for tests:")
    namespace = run_code(code, str(EMULATOR_DOC))
    assert namespace["backend"].request_count() == 1
