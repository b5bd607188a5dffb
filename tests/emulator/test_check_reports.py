"""``inspector-trial check`` never reports a pass beside something it could not read.

Every output (text, json, github) takes its verdict from everything that was asked: accounts,
regions and, with a budget, estimated costs. What could not be read is listed (JSON ``unread``),
annotated (``::error``, one per region and one per region's group of failed accounts) and named on
stderr, and the exit code is 3 whatever the policy says of the rest.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

import pytest
from support.cli_runner import Cli, at
from support.plain_messages import closed_port_url

from pulumi_inspector_trial.domain.trials import ACTIVE, FreeTrial
from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    InspectorBackend,
    Organisation,
    RegionalBackends,
    sample_organisation,
)
from pulumi_inspector_trial.emulator.exceptions import AccessDeniedException
from pulumi_inspector_trial.emulator.sample import (
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

EAST, UNSERVED = "us-east-1", "ap-east-1"
TITLE = "Inspector free trial"


@pytest.fixture
def regional(fixed_now: datetime) -> Iterator[EmulatorServer]:
    """us-east-1 serves the sample organisation; any other region answers as an opt-in region
    the account has not enabled."""
    with EmulatorServer(RegionalBackends({EAST: sample_organisation(fixed_now)})) as server:
        yield server


def check(cli: Cli, endpoint_url: str, output: str, *argv: str) -> Any:
    return cli("check", "--endpoint-url", endpoint_url, "--output", output, *argv)


# --- a region that cannot be read ---------------------------------------------------------------


def test_json_of_an_unreachable_endpoint_is_not_ok_and_lists_the_region(cli):
    outcome = check(cli, closed_port_url(), "json", "--region", EAST, FRESH_ACCOUNT)
    assert outcome.code == 3
    document = json.loads(outcome.stdout)
    assert document["ok"] is False
    assert document["checked_accounts"] == [] and document["regions"] == []
    (unread,) = document["unread"]
    assert unread["kind"] == "region" and unread["region"] == EAST
    assert unread["message"].startswith("Could not connect to the Inspector endpoint")
    assert outcome.message == unread["message"]  # and stderr says the same, once


def test_github_of_an_unreachable_endpoint_is_an_error_and_never_a_pass(cli):
    outcome = check(cli, closed_port_url(), "github", "--region", EAST, FRESH_ACCOUNT)
    assert outcome.code == 3
    (line,) = outcome.stdout.splitlines()
    assert line.startswith(f"::error title={TITLE}::{EAST}: Could not connect to")
    assert "pass" not in outcome.stdout


def test_text_of_an_unreachable_endpoint_is_incomplete_never_ok(cli):
    outcome = check(cli, closed_port_url(), "text", "--region", EAST, FRESH_ACCOUNT)
    assert outcome.code == 3
    lines = outcome.stdout.splitlines()
    assert lines[0].startswith(f"UNREAD: {EAST}: Could not connect to")
    assert lines[-1] == "INCOMPLETE: 0 errors, 0 warnings in 0 accounts; could not read 1 region"
    assert "OK" not in outcome.stdout


def test_json_of_two_regions_one_unreadable_lists_it_beside_what_was_read(cli, regional):
    outcome = check(
        cli, regional.endpoint_url, "json", "--region", f"{EAST},{UNSERVED}", FRESH_ACCOUNT
    )
    assert outcome.code == 3
    document = json.loads(outcome.stdout)
    assert document["ok"] is False
    assert document["regions"] == [EAST]
    assert document["checked_accounts"] == [FRESH_ACCOUNT]
    assert [(u["kind"], u["region"]) for u in document["unread"]] == [("region", UNSERVED)]
    assert "enable the region" in document["unread"][0]["message"]
    assert outcome.stderr.startswith(f"inspector-trial: {UNSERVED}: ")


def test_github_of_two_regions_one_unreadable_annotates_it(cli, regional):
    outcome = check(
        cli, regional.endpoint_url, "github", "--region", f"{EAST},{UNSERVED}", FRESH_ACCOUNT
    )
    assert outcome.code == 3
    errors = [line for line in outcome.stdout.splitlines() if line.startswith("::error")]
    assert [line.split("::")[2].split(":")[0] for line in errors] == [UNSERVED]
    assert "pass" not in outcome.stdout


def test_a_violated_policy_beside_an_unreadable_region_exits_3_and_says_both(cli, regional):
    outcome = check(
        cli,
        regional.endpoint_url,
        "text",
        "--require-active",
        "EC2",
        "--region",
        f"{EAST},{UNSERVED}",
        EXPIRED_ACCOUNT,
    )
    assert outcome.code == 3
    assert outcome.stdout.splitlines()[-1] == (
        "FAILED: 1 error, 0 warnings in 1 account; could not read 1 region"
    )


# --- failed accounts ----------------------------------------------------------------------------


def test_json_lists_each_failed_account_with_region_and_code(cli, emulator):
    outcome = check(cli, emulator.endpoint_url, "json", "--region", EAST, NON_MEMBER_ACCOUNT)
    assert outcome.code == 3
    document = json.loads(outcome.stdout)
    assert document["ok"] is False
    assert document["checked_accounts"] == []
    assert [(u["kind"], u["account_id"], u["region"], u["code"]) for u in document["unread"]] == [
        ("account", NON_MEMBER_ACCOUNT, EAST, "ACCESS_DENIED")
    ]


def test_github_summarises_a_thousand_failed_accounts_in_one_annotation(cli, make_emulator):
    ids = [f"{200000000000 + n}" for n in range(1_000)]
    emulator = make_emulator(Organisation(members={}))  # nobody is a member
    outcome = check(cli, emulator.endpoint_url, "github", "--region", EAST, *ids)
    assert outcome.code == 3
    (line,) = outcome.stdout.splitlines()
    assert line.startswith(
        f"::error title={TITLE}::{EAST}: Free-trial data could not be resolved for 1,000 accounts "
        "(1,000 ACCESS_DENIED)"
    )
    assert len(line) < 1_000


def test_accounts_that_pass_beside_a_failed_one_are_not_said_to_pass(cli, emulator):
    outcome = check(
        cli, emulator.endpoint_url, "github", "--region", EAST, FRESH_ACCOUNT, NON_MEMBER_ACCOUNT
    )
    assert outcome.code == 3
    assert "pass" not in outcome.stdout
    assert outcome.stdout.startswith(f"::error title={TITLE}::{EAST}: Free-trial data could not")


def test_every_account_read_and_passing_is_the_one_pass(cli, emulator):
    outcome = check(cli, emulator.endpoint_url, "github", "--region", EAST, FRESH_ACCOUNT)
    assert outcome.code == 0, outcome.stderr
    assert outcome.stdout.splitlines() == [f"::notice title={TITLE}::The 1 account passes"]


# --- estimated costs ----------------------------------------------------------------------------


class _UsageDenied(InspectorBackend):
    """The sample organisation, with ListUsageTotals denied: the trials can be read, the costs
    cannot (a role granted inspector2:BatchGetFreeTrialInfo only)."""

    def list_usage_totals(self, *args: Any, **kwargs: Any) -> dict[str, Any]:
        raise AccessDeniedException()


def test_costs_that_cannot_be_read_under_a_budget_make_the_report_incomplete(
    cli, start_emulator, fixed_now
):
    server = start_emulator(_UsageDenied(sample_organisation(fixed_now)))
    try:
        outcome = check(
            cli,
            server.endpoint_url,
            "json",
            "--region",
            EAST,
            "--max-monthly-cost",
            "50",
            FRESH_ACCOUNT,
        )
    finally:
        server.stop()
    assert outcome.code == 3
    document = json.loads(outcome.stdout)
    assert document["ok"] is False
    (unread,) = document["unread"]
    assert unread["kind"] == "region" and unread["region"] == EAST
    assert "inspector2:ListUsageTotals" in unread["message"]


def test_costs_are_not_read_without_a_budget_so_they_cannot_fail_the_check(
    cli, start_emulator, fixed_now
):
    server = start_emulator(_UsageDenied(sample_organisation(fixed_now)))
    try:
        outcome = check(cli, server.endpoint_url, "json", "--region", EAST, FRESH_ACCOUNT)
    finally:
        server.stop()
    assert outcome.code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["ok"] is True


# --- a trial past its end -----------------------------------------------------------------------


def test_a_trial_still_active_after_its_end_is_ended_in_check_and_the_status_table(
    cli, make_emulator, fixed_now
):
    stale = FreeTrial("EC2", fixed_now - timedelta(days=20), fixed_now - timedelta(hours=1), ACTIVE)
    emulator = make_emulator(Organisation(members={FRESH_ACCOUNT: (stale,)}))
    table = cli("status", *at(emulator), FRESH_ACCOUNT)
    gate = cli("check", *at(emulator), "--require-active", "EC2", FRESH_ACCOUNT)
    document = json.loads(cli("status", *at(emulator), "--output", "json", FRESH_ACCOUNT).stdout)
    assert table.code == 0
    (row,) = [line.split() for line in table.stdout.splitlines()[1:]]
    assert row[1:3] == ["EC2", "ENDED"]
    assert row[4] == "-"  # no days left
    assert gate.code == 1 and "ended on" in gate.stdout
    # JSON keeps what the service sent.
    assert document["accounts"][0]["free_trial_info"][0]["status"] == ACTIVE


def test_an_active_trial_within_its_dates_keeps_its_status_and_days_in_the_table(
    cli, make_emulator, fixed_now
):
    running = FreeTrial(
        "EC2", fixed_now - timedelta(days=2), fixed_now + timedelta(days=5, hours=1), ACTIVE
    )
    emulator = make_emulator(Organisation(members={FRESH_ACCOUNT: (running,)}))
    table = cli("status", *at(emulator), FRESH_ACCOUNT)
    (row,) = [line.split() for line in table.stdout.splitlines()[1:]]
    assert row[1:3] == ["EC2", "ACTIVE"] and row[4] == "5"
