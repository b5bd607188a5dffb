"""The documented examples run as written: the README's testing example and the ``testing``
module's, each starting what it needs (docs/emulator.md's: tests/emulator/test_docs_examples.py)."""

from __future__ import annotations

from support.docs_code import first_python_block, run_code
from support.paths import REPO

import pulumi_inspector_trial.testing

README = REPO / "README.md"


def test_readme_testing_example_runs() -> None:
    code = first_python_block(README.read_text(encoding="utf-8"), "## Testing your own stacks")
    namespace = run_code(code, str(README))
    assert namespace["run"].known


def test_testing_module_example_runs() -> None:
    docstring = pulumi_inspector_trial.testing.__doc__ or ""
    code = first_python_block(docstring, "## Example Usage")
    namespace = run_code(code, pulumi_inspector_trial.testing.__file__)
    tests = [f for name, f in namespace.items() if name.startswith("test_") and callable(f)]
    assert tests, "the example defines no test"
    for test in tests:
        test()
