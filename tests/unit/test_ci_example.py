"""``examples/ci``: the workflow is valid for GitHub Actions and runs the gate and the pack."""

from __future__ import annotations

from support.paths import REPO

WORKFLOW = REPO / "examples" / "ci" / "inspector-trial.yml"


def test_the_workflow_checks_every_region_and_previews_under_the_policy_pack():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert 'inspector-trial check --region "$INSPECTOR_REGIONS"' in text
    assert "policyPacks: examples/policy-pack" in text
