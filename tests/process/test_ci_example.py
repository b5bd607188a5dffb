"""``examples/ci``: the workflow is valid for GitHub Actions, as ``check-jsonschema`` run in its own
process says (what it runs: tests/unit/test_ci_example.py)."""

from __future__ import annotations

import subprocess
import sys

from support.paths import REPO

WORKFLOW = REPO / "examples" / "ci" / "inspector-trial.yml"


def test_the_workflow_is_valid_for_github_actions():
    checked = subprocess.run(
        [
            sys.executable,
            "-m",
            "check_jsonschema",
            "--builtin-schema",
            "vendor.github-workflows",
            str(WORKFLOW),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stdout + checked.stderr
