"""Several regions in one run of the command line: trials are regional, and so is the emulator.

The emulator serves a different organisation per region (chosen by the region a request is
signed for); the command line reads every region at once and says which line is from where.
"""

from __future__ import annotations

import io
import json
import math
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest
from support.cli_runner import Outcome

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.domain.trials import ACTIVE, INACTIVE, FreeTrial
from pulumi_inspector_trial.emulator import EmulatorServer, Organisation, RegionalBackends
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT

EAST, WEST = "us-east-1", "eu-west-1"


@pytest.fixture
def organisations(fixed_now: datetime) -> dict[str, Organisation]:
    """EC2's trial runs in us-east-1 and has ended in eu-west-1; the non-member is a member in
    eu-west-1 only."""
    running = FreeTrial(
        "EC2", fixed_now - timedelta(days=3), fixed_now + timedelta(days=12), ACTIVE
    )
    ended = FreeTrial(
        "EC2", fixed_now - timedelta(days=20), fixed_now - timedelta(days=5), INACTIVE
    )
    return {
        EAST: Organisation(
            members={FRESH_ACCOUNT: (running,)}, non_members=frozenset({NON_MEMBER_ACCOUNT})
        ),
        WEST: Organisation(members={FRESH_ACCOUNT: (ended,), NON_MEMBER_ACCOUNT: (running,)}),
    }


@pytest.fixture
def regional(organisations: dict[str, Organisation]) -> Iterator[EmulatorServer]:
    with EmulatorServer(RegionalBackends(organisations)) as server:
        yield server


@pytest.fixture
def run(fixed_now: datetime):
    def run(server: EmulatorServer, *argv: str) -> Outcome:
        out, err = io.StringIO(), io.StringIO()
        code = main(
            [*argv, "--endpoint-url", server.endpoint_url],
            stdout=out,
            stderr=err,
            clock=lambda: fixed_now,
        )
        return Outcome(code, out.getvalue(), err.getvalue())

    return run


def test_json_entries_carry_the_region_they_were_read_in(run, regional):
    outcome = run(
        regional, "status", "--output", "json", "--region", f"{EAST},{WEST}", FRESH_ACCOUNT
    )
    assert outcome.code == 0, outcome.stderr
    document = json.loads(outcome.stdout)
    statuses = {
        a["region"]: a["free_trial_info"][0]["status"]
        for a in document["accounts"]
        if a["account_id"] == FRESH_ACCOUNT
    }
    assert statuses == {EAST: "ACTIVE", WEST: "INACTIVE"}
    assert set(document) == {"accounts", "failed_accounts"}


def test_an_account_failed_in_one_region_is_listed_there_only(run, regional):
    outcome = run(
        regional,
        "status",
        "--output",
        "json",
        "--region",
        EAST,
        "--region",
        WEST,
        NON_MEMBER_ACCOUNT,
    )
    assert outcome.code == 3
    document = json.loads(outcome.stdout)
    assert [(f["account_id"], f["region"]) for f in document["failed_accounts"]] == [
        (NON_MEMBER_ACCOUNT, EAST)
    ]
    assert [(a["account_id"], a["region"]) for a in document["accounts"]] == [
        (NON_MEMBER_ACCOUNT, WEST)
    ]
    assert f"{EAST}:" in outcome.stderr and NON_MEMBER_ACCOUNT in outcome.stderr


def test_the_table_has_a_region_column_only_for_several_regions(run, regional):
    one = run(regional, "status", "--region", EAST, FRESH_ACCOUNT)
    two = run(regional, "status", "--region", f"{EAST},{WEST}", FRESH_ACCOUNT)
    assert one.stdout.splitlines()[0].split()[:2] == ["ACCOUNT", "TYPE"]
    assert two.stdout.splitlines()[0].split()[:3] == ["ACCOUNT", "REGION", "TYPE"]
    rows = [line.split() for line in two.stdout.splitlines()[1:]]
    # By account, then region.
    assert [(row[1], row[3]) for row in rows] == [(WEST, "INACTIVE"), (EAST, "ACTIVE")]


def test_each_region_costs_ceil_n_over_100_requests_and_repeats_are_read_once(run):
    ids = [f"{100000000000 + i}" for i in range(250)]
    synthesized = Organisation(members={}, synthesize_members=True)
    with EmulatorServer(RegionalBackends(default=synthesized)) as server:
        outcome = run(
            server,
            "status",
            "--output",
            "json",
            "--region",
            f"{EAST},{WEST}",
            "--region",
            EAST,
            "--region",
            "ap-south-1",
            *ids,
        )
        per_region = Counter(r.signing_region for r in server.backend.requests)
    assert outcome.code == 0, outcome.stderr
    assert per_region == {region: math.ceil(250 / 100) for region in (EAST, WEST, "ap-south-1")}
    assert len(json.loads(outcome.stdout)["accounts"]) == 250 * 3


def test_check_names_the_region_of_each_finding(run, regional):
    outcome = run(
        regional, "check", "--require-active", "EC2", "--region", f"{EAST},{WEST}", FRESH_ACCOUNT
    )
    assert outcome.code == 1
    errors = [line for line in outcome.stdout.splitlines() if line.startswith("ERROR:")]
    assert errors == [
        f"ERROR: Inspector free trial for EC2 in account {FRESH_ACCOUNT} in {WEST} is INACTIVE "
        f"(ended {errors[0].rsplit('ended ', 1)[1][:10]})."
    ]
    assert "in 1 account and 2 regions" in outcome.stdout


def test_check_json_findings_carry_their_region(run, regional):
    outcome = run(
        regional,
        "check",
        "--require-active",
        "EC2",
        "--output",
        "json",
        "--region",
        f"{EAST},{WEST}",
        FRESH_ACCOUNT,
    )
    document = json.loads(outcome.stdout)
    assert document["regions"] == sorted([EAST, WEST])
    assert [(f["region"], f["severity"]) for f in document["findings"]] == [(WEST, "error")]


def test_a_region_that_cannot_be_read_is_named_while_the_others_print(run, regional):
    # ap-east-1 is served by no organisation: the emulator answers as AWS does for an opt-in
    # region that is not enabled.
    outcome = run(
        regional, "status", "--output", "json", "--region", f"{EAST},ap-east-1", FRESH_ACCOUNT
    )
    assert outcome.code == 3
    document = json.loads(outcome.stdout)
    assert {a["region"] for a in document["accounts"]} == {EAST}
    lines = outcome.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("inspector-trial: ap-east-1: ")
    assert "enable the region" in lines[0]  # what AWS's answer means for an opt-in region
    assert "Traceback" not in outcome.stderr


def test_the_exit_code_is_the_worst_over_the_regions(run, regional):
    # A policy violated in eu-west-1 (1) and a region that cannot be read (3): 3.
    outcome = run(
        regional,
        "check",
        "--require-active",
        "EC2",
        "--region",
        f"{EAST},{WEST},ap-east-1",
        FRESH_ACCOUNT,
    )
    assert outcome.code == 3
    assert f"in {WEST} is INACTIVE" in outcome.stdout


@pytest.mark.parametrize("value", ["mars", "us-east-1,", "us-east-1,EU"])
def test_a_bad_region_is_refused_by_name_before_any_request(run, regional, value):
    outcome = run(regional, "status", "--region", value, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "--region" in outcome.stderr
    assert regional.backend.requests == []
