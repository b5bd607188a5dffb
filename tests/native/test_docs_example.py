"""The README's example of testing through the native plugin runs as written."""

from __future__ import annotations

from support.docs_code import first_python_block, run_code
from support.paths import README


def test_readme_native_plugin_example_runs() -> None:
    text = README.read_text(encoding="utf-8")
    code = first_python_block(text, "For TypeScript, Go, C#, Java or YAML programs")
    namespace = run_code(code, str(README))
    assert namespace["gate"].failures == []
