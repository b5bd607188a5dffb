"""``examples/ci``, read as a document: the workflow checks every region and previews under the
policy pack (its validity for GitHub Actions: tests/process/test_ci_example.py)."""

from __future__ import annotations

from support.paths import REPO

WORKFLOW = REPO / "examples" / "ci" / "inspector-trial.yml"


def test_the_workflow_checks_every_region_and_previews_under_the_policy_pack():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert 'inspector-trial check --region "$INSPECTOR_REGIONS"' in text
    assert "policyPacks: examples/policy-pack" in text
