"""``examples/ci``, read as a document: the workflow checks every region and previews under the
policy pack (its validity for GitHub Actions: tests/process/test_ci_example.py)."""

from __future__ import annotations

from support.paths import REPO

WORKFLOW = REPO / "examples" / "ci" / "inspector-trial.yml"


def test_the_workflow_checks_every_region_and_previews_under_the_policy_pack():
    text = WORKFLOW.read_text(encoding="utf-8")
    assert 'inspector-trial check --region "$INSPECTOR_REGIONS"' in text
    assert "policyPacks: examples/policy-pack" in text


BILLING = REPO / "examples" / "ci" / "inspector-billing.yml"


def test_the_weekly_workflow_checks_what_the_members_have_enabled_before_it_bills():
    text = BILLING.read_text(encoding="utf-8")
    assert "schedule:" in text and 'cron: "0 7 * * 1"' in text
    assert "inspector-trial check --members" in text
    assert '--billing-within "$BILLING_WITHIN_DAYS" --costs --output github' in text
