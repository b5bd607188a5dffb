"""It only ever reads: every request any entry point sends is BatchGetFreeTrialInfo, plus
ListUsageTotals when costs are asked for, ListMembers with members, BatchGetAccountStatus with
account status and AssumeRole when a role is given (the IAM policy granting exactly that:
tests/unit/test_read_only.py)."""

from __future__ import annotations

import io
import json

from support.paths import REPO

from pulumi_inspector_trial.aws.resolver import resolve_free_trials
from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    FRESH_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, ProviderPlugin

POLICY = REPO / "docs" / "iam-policy.json"
ROLE_ARN = "arn:aws:iam::111122223333:role/inspector-delegated-admin"
URN = f"urn:pulumi:dev::read-only::{FREE_TRIAL_INFO_TYPE}::trial"
ACTION_OF = {
    "BatchGetFreeTrialInfo": "inspector2:BatchGetFreeTrialInfo",
    "ListUsageTotals": "inspector2:ListUsageTotals",
    "ListMembers": "inspector2:ListMembers",
    "BatchGetAccountStatus": "inspector2:BatchGetAccountStatus",
    "AssumeRole": "sts:AssumeRole",
}


def policy_actions() -> dict[str, set[str]]:
    document = json.loads(POLICY.read_text(encoding="utf-8"))
    return {s["Sid"]: set(s["Action"]) for s in document["Statement"]}


def test_every_entry_point_only_reads(emulator, monkeypatch, aws_env):
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", emulator.endpoint_url)
    url = emulator.endpoint_url
    ids = [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, NON_MEMBER_ACCOUNT]
    resolve_free_trials(ids, region="us-east-1", endpoint_url=url)
    resolve_free_trials(ids, region="eu-west-1", endpoint_url=url, role_arn=ROLE_ARN)
    for command in ("status", "check"):
        argv = [command, *ids, "--region", "us-east-1", "--endpoint-url", url]
        assert main(argv, stdout=io.StringIO(), stderr=io.StringIO()) == 3
    with_costs = {"status": ["--costs"], "check": ["--max-monthly-cost", "10"]}
    for command, costs in with_costs.items():
        argv = [command, *costs, *ids, "--region", "us-east-1", "--endpoint-url", url]
        assert main(argv, stdout=io.StringIO(), stderr=io.StringIO()) == 3
    organisation = {"status": ["--account-status"], "check": ["--billing-within", "7"]}
    for command, status in organisation.items():
        argv = [command, "--members", *status, "--region", "us-east-1", "--endpoint-url", url]
        assert main(argv, stdout=io.StringIO(), stderr=io.StringIO()) in (0, 1)
    with ProviderPlugin(env=aws_env(AWS_ENDPOINT_URL_STS=url)) as plugin:
        plugin.configure({"aws:region": "us-east-1"})
        inputs = {"account_ids": ids, "endpoint_url": url, "allow_failed_accounts": True}
        plugin.check(URN, {}, inputs)
        plugin.read("freetrialinfo-ro", URN, inputs=inputs)
        plugin.read("freetrialinfo-ro", URN, inputs={**inputs, "role_arn": ROLE_ARN})
        plugin.read("freetrialinfo-ro", URN, inputs={**inputs, "include_costs": True})
        members = {"members": True, "include_account_status": True, "endpoint_url": url}
        plugin.read("freetrialinfo-members", URN, inputs=members)
        id_, outputs = plugin.create(URN, {**inputs, "region": "ap-south-1"})
        plugin.diff(id_, URN, inputs, {**inputs, "account_ids": [FRESH_ACCOUNT]})
        plugin.delete(id_, URN, outputs)

    operations = [r.operation for r in emulator.backend.requests]
    assert set(operations) == set(ACTION_OF)
    assert operations.count("AssumeRole") == 2  # once per process that was given the role
    allowed = set().union(*policy_actions().values())
    assert {ACTION_OF[o] for o in operations} == allowed  # all it needs, and nothing more
