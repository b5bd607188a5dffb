"""Emulator data files, good and broken: one bad document per rule of docs/emulator.md."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import NamedTuple

from pulumi_inspector_trial.emulator import datafile_rules as datafile

A = "111122223333"
B = "444455556666"
N = "555566667777"
TRIAL = {"type": "EC2", "start": 1795000000, "end": 1796000000, "status": "ACTIVE"}
USAGE = {"type": "EC2_INSTANCE_HOURS", "total": 720, "estimatedMonthlyCost": 9.0}
DROP = object()


def trial(**changes: object) -> dict[str, object]:
    return {k: v for k, v in {**TRIAL, **changes}.items() if v is not DROP}


def usage(**changes: object) -> dict[str, object]:
    return {k: v for k, v in {**USAGE, **changes}.items() if v is not DROP}


def member(*trials: object, **more: object) -> dict[str, object]:
    """A document with account A holding ``trials`` (one good trial if none), plus ``more``."""
    return {"accounts": {A: list(trials) if trials else [TRIAL]}, **more}


class Bad(NamedTuple):
    document: object
    """A JSON document, or the raw text of the file."""
    path: str
    """Where the message says the problem is."""
    rule: str


# One or more bad documents per rule; the ids say which rule and how it is broken.
BAD = {
    # -- reading
    "not-json": Bad("{not json", "line 1, column 2", datafile.DOCUMENT),
    "not-an-object": Bad([A], "the document", datafile.DOCUMENT),
    "nested-too-deeply": Bad("[" * 100_000, "the document", datafile.DOCUMENT),
    "number-too-long": Bad(
        '{"faults": {"throttle_first": ' + "9" * 5000 + "}}", "the document", datafile.DOCUMENT
    ),
    "repeated-account": Bad(
        f'{{"accounts": {{"{A}": [], "{A}": []}}}}', f"accounts['{A}']", datafile.UNIQUE_KEYS
    ),
    "repeated-top-level-key": Bad(
        '{"faults": {}, "accounts": {}, "faults": {"deny_all": true}}',
        "faults",
        datafile.UNIQUE_KEYS,
    ),
    "repeated-deep-in-a-region": Bad(
        '{"regions": {"eu-west-1": {"accounts": {"' + A + '": [{"type": "EC2", "type": "ECR", '
        '"start": 1, "end": 2, "status": "ACTIVE"}]}}}}',
        f"regions.eu-west-1.accounts['{A}'][0].type",
        datafile.UNIQUE_KEYS,
    ),
    "unknown-top-level-key": Bad({"acounts": {}}, "acounts", datafile.TOP_LEVEL_KEYS),
    # -- accounts and their trials
    "accounts-not-a-mapping": Bad({"accounts": [A]}, "accounts", datafile.ACCOUNTS),
    "trials-not-a-list": Bad({"accounts": {A: TRIAL}}, f"accounts['{A}']", datafile.ACCOUNTS),
    "short-account-id": Bad({"accounts": {"1234": []}}, "accounts['1234']", datafile.ACCOUNT_ID),
    "long-account-id": Bad(
        {"accounts": {"1111222233334": []}}, "accounts['1111222233334']", datafile.ACCOUNT_ID
    ),
    "trial-not-an-object": Bad(member("EC2"), f"accounts['{A}'][0]", datafile.TRIAL),
    "trial-missing-start": Bad(
        member(trial(start=DROP)), f"accounts['{A}'][0].start", datafile.TRIAL
    ),
    "trial-unknown-key": Bad(member(trial(colour=1)), f"accounts['{A}'][0].colour", datafile.TRIAL),
    "trial-empty-type": Bad(member(trial(type="")), f"accounts['{A}'][0].type", datafile.TYPE),
    "trial-type-not-a-string": Bad(
        member(trial(type=3)), f"accounts['{A}'][0].type", datafile.TYPE
    ),
    "timestamp-words": Bad(
        member(trial(start="last tuesday")), f"accounts['{A}'][0].start", datafile.TIMESTAMP
    ),
    "timestamp-boolean": Bad(
        member(trial(end=True)), f"accounts['{A}'][0].end", datafile.TIMESTAMP
    ),
    "timestamp-digits-in-a-string": Bad(
        member(trial(start="1795000000")), f"accounts['{A}'][0].start", datafile.TIMESTAMP
    ),
    "timestamp-out-of-range": Bad(
        member(trial(end=10**12)), f"accounts['{A}'][0].end", datafile.TIMESTAMP
    ),
    "timestamp-nan": Bad(
        f'{{"accounts": {{"{A}": [{{"type": "EC2", "start": NaN, "end": 1, '
        '"status": "ACTIVE"}]}}',
        f"accounts['{A}'][0].start",
        datafile.TIMESTAMP,
    ),
    "status": Bad(member(trial(status="ENABLED")), f"accounts['{A}'][0].status", datafile.STATUS),
    "trial-cloud-provider-number": Bad(
        member(trial(cloudProvider=3)), f"accounts['{A}'][0].cloudProvider", datafile.CLOUD_PROVIDER
    ),
    "trial-cloud-provider-empty": Bad(
        member(trial(cloudProvider="")),
        f"accounts['{A}'][0].cloudProvider",
        datafile.CLOUD_PROVIDER,
    ),
    "trial-cloud-provider-null": Bad(
        member(trial(cloudProvider=None)),
        f"accounts['{A}'][0].cloudProvider",
        datafile.CLOUD_PROVIDER,
    ),
    "end-before-start": Bad(
        member(trial(start="2026-11-20T00:00:00Z", end="2026-11-19T23:59:59Z")),
        f"accounts['{A}'][0].end",
        datafile.END_AFTER_START,
    ),
    "two-trials-of-a-type": Bad(
        member(trial(), trial(status="INACTIVE")),
        f"accounts['{A}'][1].type",
        datafile.ONE_TRIAL_PER_TYPE,
    ),
    # -- non-members and synthesized members
    "non-members-not-a-list": Bad({"nonMembers": N}, "nonMembers", datafile.NON_MEMBERS),
    "non-member-not-an-id": Bad({"nonMembers": ["abc"]}, "nonMembers[0]", datafile.ACCOUNT_ID),
    "non-member-a-number": Bad({"nonMembers": [int(N)]}, "nonMembers[0]", datafile.ACCOUNT_ID),
    "non-member-twice": Bad({"nonMembers": [N, B, N]}, "nonMembers[2]", datafile.LISTED_ONCE),
    "member-and-non-member": Bad(
        member(nonMembers=[N, A]), "nonMembers[1]", datafile.MEMBER_OR_NOT
    ),
    "synthesize-not-a-boolean": Bad(
        {"synthesizeMembers": "yes"}, "synthesizeMembers", datafile.SYNTHESIZE
    ),
    # -- usage
    "usage-not-a-mapping": Bad(member(usage=[]), "usage", datafile.USAGE),
    "usage-bad-id": Bad(member(usage={"12345": []}), "usage['12345']", datafile.ACCOUNT_ID),
    "usage-not-a-list": Bad(member(usage={A: USAGE}), f"usage['{A}']", datafile.USAGE),
    "usage-total-not-an-object": Bad(
        member(usage={A: ["EC2_INSTANCE_HOURS"]}), f"usage['{A}'][0]", datafile.USAGE_TOTAL
    ),
    "usage-unknown-key": Bad(
        member(usage={A: [usage(price=1)]}), f"usage['{A}'][0].price", datafile.USAGE_TOTAL
    ),
    "usage-missing-total": Bad(
        member(usage={A: [usage(total=DROP)]}), f"usage['{A}'][0].total", datafile.USAGE_TOTAL
    ),
    "usage-missing-cost": Bad(
        member(usage={A: [usage(estimatedMonthlyCost=DROP)]}),
        f"usage['{A}'][0].estimatedMonthlyCost",
        datafile.USAGE_TOTAL,
    ),
    "usage-empty-type": Bad(
        member(usage={A: [usage(type="")]}), f"usage['{A}'][0].type", datafile.TYPE
    ),
    "usage-negative-cost": Bad(
        member(usage={A: [usage(estimatedMonthlyCost=-1)]}),
        f"usage['{A}'][0].estimatedMonthlyCost",
        datafile.AMOUNT,
    ),
    "usage-total-text": Bad(
        member(usage={A: [usage(total="1")]}), f"usage['{A}'][0].total", datafile.AMOUNT
    ),
    "usage-total-boolean": Bad(
        member(usage={A: [usage(total=True)]}), f"usage['{A}'][0].total", datafile.AMOUNT
    ),
    "usage-total-infinite": Bad(
        f'{{"accounts": {{"{A}": []}}, "usage": {{"{A}": [{{"type": "X", "total": 1e999, '
        '"estimatedMonthlyCost": 1}]}}',
        f"usage['{A}'][0].total",
        datafile.AMOUNT,
    ),
    "usage-currency": Bad(
        member(usage={A: [usage(currency="EUR")]}), f"usage['{A}'][0].currency", datafile.CURRENCY
    ),
    "usage-cloud-provider": Bad(
        member(usage={A: [usage(cloudProvider=3)]}),
        f"usage['{A}'][0].cloudProvider",
        datafile.CLOUD_PROVIDER,
    ),
    "two-usage-totals-of-a-type": Bad(
        member(usage={A: [usage(), usage(total=1)]}),
        f"usage['{A}'][1].type",
        datafile.ONE_USAGE_PER_TYPE,
    ),
    "usage-of-an-unlisted-account": Bad(
        member(usage={B: [USAGE]}), f"usage['{B}']", datafile.USAGE_OF_MEMBERS
    ),
    "usage-of-a-non-member": Bad(
        member(nonMembers=[N], usage={N: [USAGE]}), f"usage['{N}']", datafile.USAGE_OF_MEMBERS
    ),
    # -- faults
    "faults-not-an-object": Bad({"faults": []}, "faults", datafile.FAULTS),
    "unknown-fault": Bad(
        {"faults": {"throttle_sometimes": 1}}, "faults.throttle_sometimes", datafile.FAULTS
    ),
    "latency-negative": Bad(
        {"faults": {"latency_seconds": -1}}, "faults.latency_seconds", datafile.LATENCY
    ),
    "latency-nan": Bad(
        '{"faults": {"latency_seconds": NaN}}', "faults.latency_seconds", datafile.LATENCY
    ),
    "throttle-first-negative": Bad(
        {"faults": {"throttle_first": -1}}, "faults.throttle_first", datafile.FIRST_N
    ),
    "server-error-first-fraction": Bad(
        {"faults": {"server_error_first": 1.5}}, "faults.server_error_first", datafile.FIRST_N
    ),
    "deny-all-text": Bad({"faults": {"deny_all": "yes"}}, "faults.deny_all", datafile.SWITCH),
    "throttle-always-number": Bad(
        {"faults": {"throttle_always": 1}}, "faults.throttle_always", datafile.SWITCH
    ),
    "rate-zero": Bad(
        {"faults": {"max_requests_per_second": 0}}, "faults.max_requests_per_second", datafile.RATE
    ),
    "internal-errors-not-a-mapping": Bad(
        {"faults": {"internal_error_accounts": [A]}},
        "faults.internal_error_accounts",
        datafile.INTERNAL_ERRORS,
    ),
    "internal-errors-count": Bad(
        {"faults": {"internal_error_accounts": {A: "twice"}}},
        f"faults.internal_error_accounts['{A}']",
        datafile.INTERNAL_ERRORS,
    ),
    "internal-errors-bad-id": Bad(
        {"faults": {"internal_error_accounts": {"42": 1}}},
        "faults.internal_error_accounts['42']",
        datafile.ACCOUNT_ID,
    ),
    "access-denied-not-a-list": Bad(
        {"faults": {"access_denied_accounts": A}},
        "faults.access_denied_accounts",
        datafile.ACCESS_DENIED_ACCOUNTS,
    ),
    "access-denied-twice": Bad(
        {"faults": {"access_denied_accounts": [A, A]}},
        "faults.access_denied_accounts[1]",
        datafile.LISTED_ONCE,
    ),
    "malformed-kind": Bad(
        {"faults": {"malformed": "truncated"}}, "faults.malformed", datafile.MALFORMED
    ),
    # -- regions
    "regions-not-a-mapping": Bad({"regions": ["eu-west-1"]}, "regions", datafile.REGIONS),
    "region-not-an-object": Bad(
        {"regions": {"eu-west-1": []}}, "regions.eu-west-1", datafile.REGIONS
    ),
    "not-a-region-name": Bad({"regions": {"eu-west": {}}}, "regions.eu-west", datafile.REGION_NAME),
    "region-of-no-partition": Bad(
        {"regions": {"xx-west-1": {}}}, "regions.xx-west-1", datafile.REGION_NAME
    ),
    "region-name-in-capitals": Bad(
        {"regions": {"EU-WEST-1": {}}}, "regions.EU-WEST-1", datafile.REGION_NAME
    ),
    "unknown-region-key": Bad(
        {"regions": {"eu-west-1": {"acounts": {}}}},
        "regions.eu-west-1.acounts",
        datafile.REGION_KEYS,
    ),
    "status-in-a-region": Bad(
        {"regions": {"eu-west-1": member(trial(status="ON"))}},
        f"regions.eu-west-1.accounts['{A}'][0].status",
        datafile.STATUS,
    ),
    "member-and-non-member-in-a-region": Bad(
        {"regions": {"eu-west-1": member(nonMembers=[A])}},
        "regions.eu-west-1.nonMembers[0]",
        datafile.MEMBER_OR_NOT,
    ),
    "usage-of-a-non-member-in-a-region": Bad(
        {"regions": {"eu-west-1": {"usage": {B: [USAGE]}}}},
        f"regions.eu-west-1.usage['{B}']",
        datafile.USAGE_OF_MEMBERS,
    ),
    # -- membership and account status
    "relationships-not-a-mapping": Bad(
        member(relationships=[A]), "relationships", datafile.RELATIONSHIPS
    ),
    "relationship-unknown": Bad(
        member(relationships={A: "FRIENDS"}), f"relationships['{A}']", datafile.RELATIONSHIP
    ),
    "relationship-bad-id": Bad(
        member(relationships={"42": "INVITED"}), "relationships['42']", datafile.ACCOUNT_ID
    ),
    "relationship-of-a-non-member": Bad(
        member(relationships={B: "INVITED"}), f"relationships['{B}']", datafile.STATUS_OF_MEMBERS
    ),
    "account-status-not-a-mapping": Bad(
        member(accountStatus=[A]), "accountStatus", datafile.ACCOUNT_STATUS
    ),
    "account-status-entry-not-an-object": Bad(
        member(accountStatus={A: "ENABLED"}), f"accountStatus['{A}']", datafile.ACCOUNT_STATUS
    ),
    "account-status-key-in-capitals": Bad(
        member(accountStatus={A: {"EC2": "ENABLED"}}),
        f"accountStatus['{A}'].EC2",
        datafile.RESOURCE_KEY,
    ),
    "account-status-unknown-status": Bad(
        member(accountStatus={A: {"ec2": "ON"}}),
        f"accountStatus['{A}'].ec2",
        datafile.RESOURCE_STATUS,
    ),
    "account-status-of-a-non-member": Bad(
        member(accountStatus={B: {"ec2": "ENABLED"}}),
        f"accountStatus['{B}']",
        datafile.STATUS_OF_MEMBERS,
    ),
    "member-count-without-synthesis": Bad(
        member(synthesizedMemberCount=10), "synthesizedMemberCount", datafile.MEMBER_COUNT
    ),
    "member-count-negative": Bad(
        {"synthesizeMembers": True, "synthesizedMemberCount": -1},
        "synthesizedMemberCount",
        datafile.MEMBER_COUNT,
    ),
    "fault-in-a-region": Bad(
        {"regions": {"eu-west-1": {"faults": {"throttle_first": -1}}}},
        "regions.eu-west-1.faults.throttle_first",
        datafile.FIRST_N,
    ),
}


def write(tmp_path: Path, document: object, name: str = "organisation.json") -> Path:
    path = tmp_path / name
    text = document if isinstance(document, str) else json.dumps(document)
    path.write_text(text, encoding="utf-8")
    return path


def expected_message(path: Path, bad: Bad) -> re.Pattern[str]:
    """``Emulator data file FILE: PATH <what is wrong>; RULE.``"""
    return re.compile(
        rf"Emulator data file {re.escape(str(path))}: {re.escape(bad.path)} [^\n]+; "
        rf"{re.escape(bad.rule)}\."
    )
