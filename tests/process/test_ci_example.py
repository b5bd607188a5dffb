"""``examples/ci``: each workflow is valid for GitHub Actions, as ``check-jsonschema`` run in its
own process says (what it runs: tests/unit/test_ci_example.py)."""

from __future__ import annotations

import subprocess
import sys

import pytest
from support.paths import REPO

WORKFLOWS = [
    REPO / "examples" / "ci" / name for name in ("inspector-trial.yml", "inspector-billing.yml")
]


@pytest.mark.parametrize("workflow", WORKFLOWS, ids=lambda path: path.name)
def test_the_workflow_is_valid_for_github_actions(workflow):
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(workflow),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
