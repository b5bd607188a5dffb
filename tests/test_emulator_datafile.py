"""Emulator data files: every rule docs/emulator.md states is enforced, each refusal naming the
file, the path inside it and the rule, through the real loaders, ``main(argv)`` and the real
``inspector-trial emulator --data`` process."""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, NamedTuple

import botocore.session
import pytest
from plain_messages import sentences

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator import (
    DataFileError,
    load_data_file,
    load_regional_backends,
)
from pulumi_inspector_trial.emulator import datafile_rules as datafile

EMULATOR_DOC = Path(__file__).resolve().parent.parent / "docs" / "emulator.md"
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
    "fault-in-a-region": Bad(
        {"regions": {"eu-west-1": {"faults": {"throttle_first": -1}}}},
        "regions.eu-west-1.faults.throttle_first",
        datafile.FIRST_N,
    ),
}


class StopOnceListening(io.StringIO):
    """The command's stdout: were a file with a broken rule served, the announcement of its
    endpoint stops the emulator as Ctrl-C would, so the test fails at once instead of serving."""

    def write(self, text: str) -> int:
        super().write(text)
        raise KeyboardInterrupt


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


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_load_regional_backends_refuses_a_broken_rule_naming_file_path_and_rule(
    tmp_path: Path, bad: Bad
) -> None:
    path = write(tmp_path, bad.document)

    with pytest.raises(DataFileError) as raised:
        load_regional_backends(path)

    error = raised.value
    assert (error.file, error.path, error.rule) == (path, bad.path, bad.rule)
    assert expected_message(path, bad).fullmatch(str(error)), str(error)
    assert sentences(str(error)) == 1, str(error)


ONE_ORGANISATION = {name: bad for name, bad in BAD.items() if "regions" not in str(bad.document)}


@pytest.mark.parametrize("bad", ONE_ORGANISATION.values(), ids=ONE_ORGANISATION.keys())
def test_load_data_file_refuses_the_same_rules(tmp_path: Path, bad: Bad) -> None:
    path = write(tmp_path, bad.document)

    with pytest.raises(DataFileError) as raised:
        load_data_file(path)

    assert (raised.value.path, raised.value.rule) == (bad.path, bad.rule)


def test_load_data_file_refuses_a_file_with_regions_naming_load_regional_backends(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, {"regions": {"us-east-1": {}}})

    with pytest.raises(DataFileError) as raised:
        load_data_file(path)

    assert (raised.value.path, raised.value.rule) == ("regions", datafile.ONE_ORGANISATION)
    assert "load_regional_backends" in str(raised.value)


def test_every_rule_has_a_bad_document_that_breaks_it() -> None:
    broken = {bad.rule for bad in BAD.values()} | {datafile.ONE_ORGANISATION}

    assert set(datafile.RULES) == broken


def documented_rules() -> list[str]:
    """The bullets of docs/emulator.md's list of data-file rules, as written."""
    text = EMULATOR_DOC.read_text(encoding="utf-8")
    section = text.split("### The rules\n", 1)[1].split("\n#", 1)[0]
    bullets = re.findall(r"^- (.+?)(?=^- |^\S|\Z)", section, re.MULTILINE | re.DOTALL)
    return [" ".join(bullet.replace("`", "").split()) for bullet in bullets]


def test_the_documented_rules_are_exactly_the_rules_enforced() -> None:
    assert documented_rules() == list(datafile.RULES)


@pytest.mark.parametrize("bad", BAD.values(), ids=BAD.keys())
def test_the_emulator_command_refuses_a_broken_rule_with_one_line_and_exit_2(
    tmp_path: Path, bad: Bad
) -> None:
    path = write(tmp_path, bad.document)
    out, err = StopOnceListening(), io.StringIO()

    code = main(["emulator", "--port", "0", "--data", str(path)], stdout=out, stderr=err)

    assert (code, out.getvalue()) == (2, "")
    (line,) = err.getvalue().splitlines()
    assert expected_message(path, bad).fullmatch(line.removeprefix("inspector-trial: ")), line


@pytest.mark.parametrize(
    "name",
    ["member-and-non-member", "end-before-start", "repeated-account", "two-trials-of-a-type"],
)
def test_the_emulator_process_refuses_a_broken_rule_before_it_listens(
    tmp_path: Path, name: str
) -> None:
    bad = BAD[name]
    path = write(tmp_path, bad.document)

    command = ["emulator", "--port", "0", "--data", str(path)]

    process = subprocess.run(
        [sys.executable, "-m", "pulumi_inspector_trial", *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert (process.returncode, process.stdout) == (2, "")
    (line,) = process.stderr.splitlines()
    assert expected_message(path, bad).fullmatch(line.removeprefix("inspector-trial: ")), line


# -- what the rules allow ------------------------------------------------------------------------


def test_a_trial_may_end_when_it_starts(tmp_path: Path) -> None:
    path = write(tmp_path, member(trial(start=1795000000, end=1795000000)))

    organisation, _ = load_data_file(path)

    (only,) = organisation.members[A]
    assert only.start == only.end


def test_an_iso_timestamp_without_an_offset_is_utc_and_epoch_seconds_are_a_number(
    tmp_path: Path,
) -> None:
    path = write(tmp_path, member(trial(start="2026-11-20T00:00:00", end=1800000000.5)))

    organisation, _ = load_data_file(path)

    (only,) = organisation.members[A]
    assert only.start == datetime(2026, 11, 20, tzinfo=timezone.utc)
    assert only.end == datetime.fromtimestamp(1800000000.5, tz=timezone.utc)


def test_every_region_botocore_knows_is_a_region_name(tmp_path: Path) -> None:
    # Read through botocore's own loader, not the file the emulator reads.
    partitions = botocore.session.get_session().get_data("endpoints")["partitions"]
    regions = sorted({region for p in partitions for region in p["regions"]})
    assert {"eusc-de-east-1", "us-gov-west-1", "cn-north-1", "us-iso-east-1"} <= set(regions)

    backends = load_regional_backends(write(tmp_path, {"regions": {r: {} for r in regions}}))

    assert backends.regions == regions


def test_types_repeat_across_accounts_and_an_account_differs_between_regions(
    tmp_path: Path,
) -> None:
    document: dict[str, Any] = {
        "regions": {
            "us-east-1": {"accounts": {A: [TRIAL], B: [TRIAL]}, "usage": {A: [USAGE], B: [USAGE]}},
            "eu-west-1": {"accounts": {B: [TRIAL]}, "nonMembers": [A]},
        },
        "nonMembers": [B],
    }

    backends = load_regional_backends(write(tmp_path, document))

    assert backends["us-east-1"].organisation.is_member(A)
    assert not backends["eu-west-1"].organisation.is_member(A)
    assert backends.default is not None and not backends.default.is_member(B)


def test_a_synthesized_member_may_have_usage_and_faults_take_their_documented_extremes(
    tmp_path: Path,
) -> None:
    document = {
        "synthesizeMembers": True,
        "usage": {B: [USAGE]},
        "faults": {"internal_error_accounts": {A: -1}, "max_requests_per_second": None},
    }

    organisation, faults = load_data_file(write(tmp_path, document))

    assert organisation.usage_of(B)[0].estimated_monthly_cost == 9.0
    assert faults.internal_error_accounts == {A: -1}
    assert faults.max_requests_per_second is None


def test_a_byte_order_mark_before_the_document_is_ignored(tmp_path: Path) -> None:
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps(member()), encoding="utf-8-sig")

    organisation, _ = load_data_file(path)

    assert organisation.is_member(A)
