"""docs/iam-policy.json grants each read and AssumeRole separately, and no wildcard (every entry
point only reading: tests/process/test_read_only.py)."""

from __future__ import annotations

import json

from support.paths import REPO

POLICY = REPO / "docs" / "iam-policy.json"


def policy_actions() -> dict[str, set[str]]:
    document = json.loads(POLICY.read_text(encoding="utf-8"))
    return {s["Sid"]: set(s["Action"]) for s in document["Statement"]}


def test_the_iam_policy_grants_each_read_and_assume_role_separately():
    actions = policy_actions()
    assert actions["ReadInspectorFreeTrialInfo"] == {"inspector2:BatchGetFreeTrialInfo"}
    assert actions["ReadInspectorUsageTotalsOnlyForCostFeatures"] == {"inspector2:ListUsageTotals"}
    assert actions["ListInspectorMembersOnlyForMembers"] == {"inspector2:ListMembers"}
    assert actions["ReadInspectorAccountStatusOnlyForAccountStatus"] == {
        "inspector2:BatchGetAccountStatus"
    }
    assert actions["AssumeTheRoleGivenAsRoleArnOnlyWhenOneIsUsed"] == {"sts:AssumeRole"}
    statements = json.loads(POLICY.read_text(encoding="utf-8"))["Statement"]
    assert all(s["Effect"] == "Allow" and "*" not in "".join(s["Action"]) for s in statements)
