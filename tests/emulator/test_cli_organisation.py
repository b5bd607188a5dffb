"""``status`` and ``check`` over the whole organisation, through ``main(argv)`` against the
emulator: ``--members``, ``--account-status`` (the ENABLED column, ``enabled_types`` in JSON) and
``check --billing-within`` (the bill that is coming, and free scanning unused)."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from support.cli_runner import at
from support.factories import status_unreadable_for
from support.schemas import CHECK, STATUS, errors_of, printed

from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

MEMBERS = [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT]
BILLED = [
    (ENDING_SOON_ACCOUNT, "EC2"),
    (ENDING_SOON_ACCOUNT, "ECR"),
    (ENDING_SOON_ACCOUNT, "LAMBDA_CODE"),
    (EXPIRED_ACCOUNT, "EC2"),
]
"""What the sample organisation has enabled whose trial has ended or ends within 7 days."""
UNUSED = [
    (FRESH_ACCOUNT, "CODE_REPOSITORY"),
    (FRESH_ACCOUNT, "LAMBDA_CODE"),
    (ENDING_SOON_ACCOUNT, "CODE_REPOSITORY"),
    (NEW_TYPES_ACCOUNT, "ECR"),
]
"""Running trials of types the sample organisation has not enabled."""


def rows_of(table: str) -> list[list[str]]:
    return [line.split() for line in table.splitlines()]


# --- --members ---------------------------------------------------------------------------------


def test_status_members_shows_the_associated_members(cli, emulator):
    outcome = cli("status", "--members", *at(emulator))

    assert outcome.code == 0, outcome.stderr
    shown = {row[0] for row in rows_of(outcome.stdout)[1:]}
    assert shown == set(MEMBERS)
    assert emulator.backend.request_count("ListMembers") == 1


def test_members_together_with_account_ids_is_bad_input_naming_both(cli, emulator):
    outcome = cli("status", "--members", FRESH_ACCOUNT, *at(emulator))

    assert outcome.code == 2
    assert "--members" in outcome.message and "ACCOUNT_ID" in outcome.message
    assert emulator.backend.requests == []


def test_neither_ids_nor_members_names_members_as_a_way(cli, emulator):
    outcome = cli("status", *at(emulator))

    assert outcome.code == 2
    assert "--members" in outcome.message


# --- --account-status --------------------------------------------------------------------------


def test_the_table_has_an_enabled_column_with_account_status(cli, emulator):
    outcome = cli("status", "--account-status", FRESH_ACCOUNT, *at(emulator))

    header, *rows = rows_of(outcome.stdout)
    assert header[:6] == ["ACCOUNT", "TYPE", "STATUS", "ENDS", "DAYS", "LEFT"]
    assert header[6] == "ENABLED"
    enabled = {row[1]: row[5] for row in rows}
    assert enabled == {
        "EC2": "yes",
        "ECR": "yes",
        "LAMBDA": "yes",
        "LAMBDA_CODE": "no",
        "CODE_REPOSITORY": "no",
    }
    assert emulator.backend.request_count("BatchGetAccountStatus") == 1


def test_without_account_status_there_is_no_enabled_column_nor_status_request(cli, emulator):
    outcome = cli("status", FRESH_ACCOUNT, *at(emulator))

    assert "ENABLED" not in outcome.stdout.splitlines()[0]
    assert emulator.backend.request_count("BatchGetAccountStatus") == 0


def test_json_entries_carry_enabled_types_and_match_the_schema(emulator, fixed_now):
    code, document = printed(
        fixed_now, "status", "--members", "--account-status", "--output", "json", *at(emulator)
    )

    assert code == 0
    assert errors_of(STATUS, document) == []
    enabled = {a["account_id"]: a["enabled_types"] for a in document["accounts"]}
    assert enabled == {
        FRESH_ACCOUNT: ["EC2", "ECR", "LAMBDA"],
        ENDING_SOON_ACCOUNT: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE"],
        EXPIRED_ACCOUNT: ["EC2"],
        NEW_TYPES_ACCOUNT: ["EC2"],
    }


def test_json_without_account_status_has_no_enabled_types(emulator, fixed_now):
    _, document = printed(fixed_now, "status", "--output", "json", FRESH_ACCOUNT, *at(emulator))

    assert all("enabled_types" not in a for a in document["accounts"])


def test_the_status_schema_refuses_enabled_types_that_are_not_type_names():
    document = {
        "accounts": [
            {
                "account_id": FRESH_ACCOUNT,
                "region": "us-east-1",
                "free_trial_info": [],
                "enabled_types": ["ec2"],
            }
        ],
        "failed_accounts": [],
    }
    assert errors_of(STATUS, document)


# --- check --billing-within --------------------------------------------------------------------


def test_billing_within_fails_each_enabled_type_whose_trial_ends_or_ended(cli, emulator):
    outcome = cli("check", "--members", "--billing-within", "7", *at(emulator))

    assert outcome.code == 1
    errors = [line for line in outcome.stdout.splitlines() if line.startswith("ERROR:")]
    assert len(errors) == len(BILLED)
    for account_id, scan_type in BILLED:
        assert any(f"{scan_type} in account {account_id}" in line for line in errors)
    assert "ends on" in outcome.stdout and "billing starts then" in outcome.stdout
    assert "it is billed now" in outcome.stdout
    assert outcome.stdout.splitlines()[-1].startswith("FAILED:")
    assert emulator.backend.request_count("BatchGetAccountStatus") == 1


def test_billing_in_two_regions_names_each_bill_in_its_region(cli, emulator):
    outcome = cli(
        "check", "--members", "--billing-within", "7", *at(emulator, "--region", "eu-west-1")
    )

    assert outcome.code == 1
    errors = [line for line in outcome.stdout.splitlines() if line.startswith("ERROR:")]
    assert len(errors) == 2 * len(BILLED)
    for region in ("us-east-1", "eu-west-1"):
        for account_id, scan_type in BILLED:
            assert any(f"{scan_type} in account {account_id} in {region}" in e for e in errors)
    # Each region lists its members and reads their status once.
    assert emulator.backend.request_count("ListMembers") == 2
    assert emulator.backend.request_count("BatchGetAccountStatus") == 2


def test_running_trials_of_types_not_enabled_are_notices_never_failures(cli, emulator):
    outcome = cli("check", "--members", "--billing-within", "7", *at(emulator))

    notices = [line for line in outcome.stdout.splitlines() if line.startswith("NOTICE:")]
    assert len(notices) == len(UNUSED)
    assert all(line.endswith("free scanning unused.") for line in notices)
    for account_id, scan_type in UNUSED:
        assert any(f"{scan_type} in account {account_id}" in line for line in notices)


def test_only_notices_pass(cli, emulator):
    outcome = cli("check", "--billing-within", "7", FRESH_ACCOUNT, *at(emulator))

    assert outcome.code == 0, outcome.output
    assert "NOTICE:" in outcome.stdout
    assert outcome.stdout.splitlines()[-1] == "OK: 1 account checked"


def test_billing_within_0_counts_only_what_is_billed_already(cli, emulator):
    outcome = cli("check", "--billing-within", "0", ENDING_SOON_ACCOUNT, *at(emulator))

    errors = [line for line in outcome.stdout.splitlines() if line.startswith("ERROR:")]
    assert [("LAMBDA_CODE" in line) for line in errors] == [True]


def test_with_costs_each_billing_finding_states_its_estimate(cli, emulator):
    outcome = cli("check", "--billing-within", "7", "--costs", ENDING_SOON_ACCOUNT, *at(emulator))

    errors = [line for line in outcome.stdout.splitlines() if line.startswith("ERROR:")]
    assert any("EC2" in line and "(estimated $9.50/month)" in line for line in errors)
    assert any("LAMBDA_CODE" in line and "(estimated $2.75/month)" in line for line in errors)
    assert emulator.backend.request_count("ListUsageTotals") == 1


def test_without_costs_no_estimate_is_claimed_nor_asked(cli, emulator):
    outcome = cli("check", "--billing-within", "7", ENDING_SOON_ACCOUNT, *at(emulator))

    assert "estimated" not in outcome.stdout
    assert emulator.backend.request_count("ListUsageTotals") == 0


def test_the_json_report_of_billing_matches_its_schema(emulator, fixed_now):
    code, document = printed(
        fixed_now,
        "check",
        "--members",
        "--billing-within",
        "7",
        "--output",
        "json",
        *at(emulator),
    )

    assert code == 1
    assert errors_of(CHECK, document) == []
    assert document["ok"] is False
    errors = {
        (f["account_id"], f["trial_type"]) for f in document["findings"] if f["severity"] == "error"
    }
    notices = {
        (f["account_id"], f["trial_type"])
        for f in document["findings"]
        if f["severity"] == "notice"
    }
    assert errors == set(BILLED)
    assert notices == set(UNUSED)


def test_the_github_report_annotates_the_bill_and_the_unused_trials(cli, emulator):
    outcome = cli(
        "check", "--members", "--billing-within", "7", "--output", "github", *at(emulator)
    )

    lines = outcome.stdout.splitlines()
    assert sum(line.startswith("::error ") for line in lines) == len(BILLED)
    assert sum("free scanning unused" in line for line in lines if line.startswith("::notice "))
    assert not any("pass" in line for line in lines)


def test_an_account_whose_status_cannot_be_read_is_unread_and_nothing_passes(
    cli, make_emulator, fixed_now: datetime
):
    server = make_emulator(status_unreadable_for(FRESH_ACCOUNT, fixed_now))

    text = cli("check", "--billing-within", "7", FRESH_ACCOUNT, *at(server))
    github = cli("check", "--billing-within", "7", "--output", "github", FRESH_ACCOUNT, *at(server))
    as_json = cli("check", "--billing-within", "7", "--output", "json", FRESH_ACCOUNT, *at(server))

    assert (text.code, github.code, as_json.code) == (3, 3, 3)
    assert "OK" not in text.stdout and "pass" not in github.stdout
    assert any(line.startswith("::error ") for line in github.stdout.splitlines())
    document = json.loads(as_json.stdout)
    assert document["ok"] is False
    assert [u["account_id"] for u in document["unread"]] == [FRESH_ACCOUNT]


@pytest.mark.parametrize("days", ["-1", "seven", "1.5"])
def test_a_bad_number_of_days_is_bad_input_naming_the_flag(cli, emulator, days):
    outcome = cli("check", "--billing-within", days, FRESH_ACCOUNT, *at(emulator))

    assert outcome.code == 2
    assert "--billing-within" in outcome.message
    assert emulator.backend.requests == []


def test_a_non_member_asked_by_id_is_unread_with_billing(cli, emulator):
    outcome = cli(
        "check", "--billing-within", "7", FRESH_ACCOUNT, NON_MEMBER_ACCOUNT, *at(emulator)
    )

    assert outcome.code == 3
    assert outcome.stdout.splitlines()[-1].startswith("INCOMPLETE:")
