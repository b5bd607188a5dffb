"""The documented examples run as written, so they cannot drift from the code they describe."""

from __future__ import annotations

import re
from typing import Any

import pytest
from support.paths import REPO

README = REPO / "README.md"
EMULATOR_DOC = README.parent / "docs" / "emulator.md"

_PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.DOTALL)


def first_python_block(text: str, after: str) -> str:
    """The first fenced Python block that follows the line ``after``."""
    start = text.index(after)
    found = _PYTHON_BLOCK.search(text, start)
    assert found is not None, f"no Python block after {after!r}"
    return found.group(1)


def run_code(code: str, filename: str) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__name__": "docs_example"}
    exec(compile(code, filename, "exec"), namespace)
    return namespace


def test_emulator_doc_python_example_runs_without_any_credentials(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    code = first_python_block(EMULATOR_DOC.read_text(encoding="utf-8"), "In Python, for tests:")
    namespace = run_code(code, str(EMULATOR_DOC))
    assert namespace["backend"].request_count() == 1
