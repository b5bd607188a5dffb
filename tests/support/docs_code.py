"""Running the Python examples of README.md and docs/*.md as written."""

from __future__ import annotations

import re
from typing import Any

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
