"""``inspector-trial``'s commands, called as ``main(argv)`` in-process against the emulator.

How a command fails when the service, the network or the credentials do (exit code 3 and its
message) is pinned in one place, test_fault_matrix.py; this file pins the commands themselves
(without a network: tests/unit/test_cli.py; as a real process: tests/process/test_cli.py).
"""

from __future__ import annotations

import errno
import io
import json
from datetime import timedelta

import pytest
from support.cli_runner import assert_plain_error, at

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.cli.status import ExitCode
from pulumi_inspector_trial.domain.trials import AccountTrials, FreeTrial, FreeTrialResult
from pulumi_inspector_trial.emulator import (
    Organisation,
    sample_organisation,
)
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.gating import GatingPolicy, decide

MEMBER_ACCOUNTS = (FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT)
TITLE = "::error title=Inspector free trial::"


# --- status ------------------------------------------------------------------------------------


def test_status_table_lists_each_account_and_trial_type(cli, emulator, fixed_now):
    outcome = cli("status", *at(emulator), *MEMBER_ACCOUNTS)
    assert outcome.code == 0
    assert outcome.stderr == ""
    header, *rows = outcome.stdout.splitlines()
    assert header.split()[:3] == ["ACCOUNT", "TYPE", "STATUS"]
    members = sample_organisation(fixed_now).members
    assert {tuple(row.split()[:3]) for row in rows} == {
        (account_id, trial.type, trial.status)
        for account_id in MEMBER_ACCOUNTS
        for trial in members[account_id]
    }


def test_status_table_shows_whole_days_left_of_active_trials(cli, emulator):
    outcome = cli("status", *at(emulator), ENDING_SOON_ACCOUNT)
    days_left = {row.split()[1]: row.split()[4] for row in outcome.stdout.splitlines()[1:]}
    assert days_left == {
        "EC2": "2",
        "ECR": "2",
        "LAMBDA": "9",
        "LAMBDA_CODE": "-",
        "CODE_REPOSITORY": "9",
    }


def test_status_table_lists_a_failed_account_last_with_its_code(cli, emulator):
    outcome = cli("status", *at(emulator), NON_MEMBER_ACCOUNT, FRESH_ACCOUNT)
    last = outcome.stdout.splitlines()[-1].split()
    assert last[:4] == [NON_MEMBER_ACCOUNT, "-", "FAILED", "ACCESS_DENIED"]


def test_status_json_is_exactly_the_contract_document(cli, emulator, fixed_now):
    outcome = cli("status", *at(emulator), "--output", "json", *reversed(MEMBER_ACCOUNTS))
    assert outcome.code == 0
    document = json.loads(outcome.stdout)
    members = sample_organisation(fixed_now).members
    # The emulator keeps trials of its own: the client's shape is built from their fields.
    expected = FreeTrialResult(
        accounts=tuple(
            AccountTrials(i, tuple(FreeTrial(**vars(t)) for t in members[i]))
            for i in MEMBER_ACCOUNTS
        )
    ).to_dict()
    # The contract's shapes, each entry with the region it was read in.
    for account in expected["accounts"]:
        account["region"] = "us-east-1"
    assert document == expected
    assert set(document) == {"accounts", "failed_accounts"}
    assert [a["account_id"] for a in document["accounts"]] == sorted(MEMBER_ACCOUNTS)
    for account in document["accounts"]:
        assert set(account) == {"account_id", "region", "free_trial_info"}
        for trial in account["free_trial_info"]:
            assert set(trial) - {"cloud_provider"} == {"type", "start", "end", "status"}
            assert trial["start"].endswith("Z") and trial["end"].endswith("Z")
    assert document["failed_accounts"] == []


def test_status_json_keeps_cloud_provider_only_where_the_service_sent_it(cli, emulator):
    outcome = cli("status", *at(emulator), "--output", "json", NEW_TYPES_ACCOUNT)
    trials = json.loads(outcome.stdout)["accounts"][0]["free_trial_info"]
    with_provider = {t["type"]: t["cloud_provider"] for t in trials if "cloud_provider" in t}
    assert with_provider == {"MACHINE_IMAGE": "AWS"}


def test_status_json_lists_failed_accounts_and_exits_3(cli, emulator):
    outcome = cli("status", *at(emulator), "--output", "json", NON_MEMBER_ACCOUNT, FRESH_ACCOUNT)
    assert outcome.code == 3
    document = json.loads(outcome.stdout)
    assert [a["account_id"] for a in document["accounts"]] == [FRESH_ACCOUNT]
    assert document["failed_accounts"] == [
        {
            "account_id": NON_MEMBER_ACCOUNT,
            "region": "us-east-1",
            "code": "ACCESS_DENIED",
            "message": f"Account {NON_MEMBER_ACCOUNT} is not a member of the organization.",
        }
    ]


def test_account_ids_file_skips_comments_and_blank_lines(cli, emulator, tmp_path):
    ids_file = tmp_path / "accounts.txt"
    ids_file.write_text(
        f"# production\n{FRESH_ACCOUNT}\n\n"
        f"   {EXPIRED_ACCOUNT}   # legacy\n"
        f"#{ENDING_SOON_ACCOUNT}\n",
        encoding="utf-8",
    )
    outcome = cli("status", *at(emulator), "--account-ids-file", str(ids_file))
    assert outcome.code == 0
    assert [sorted(r.account_ids) for r in emulator.backend.requests] == [
        [FRESH_ACCOUNT, EXPIRED_ACCOUNT]
    ]


def test_account_ids_file_adds_to_ids_on_the_command_line(cli, emulator, tmp_path):
    ids_file = tmp_path / "accounts.txt"
    ids_file.write_text(f"{FRESH_ACCOUNT}\n", encoding="utf-8")
    outcome = cli("status", *at(emulator), "--account-ids-file", str(ids_file), EXPIRED_ACCOUNT)
    assert outcome.code == 0
    assert sorted(emulator.backend.requests[0].account_ids) == [FRESH_ACCOUNT, EXPIRED_ACCOUNT]


def test_account_ids_file_dash_reads_stdin(cli, emulator):
    stdin = f"{NEW_TYPES_ACCOUNT}  # from a pipe\n\n{FRESH_ACCOUNT}\n"
    outcome = cli("status", *at(emulator), "--account-ids-file", "-", stdin=stdin)
    assert outcome.code == 0
    assert sorted(emulator.backend.requests[0].account_ids) == [FRESH_ACCOUNT, NEW_TYPES_ACCOUNT]


def test_missing_account_ids_file_exits_2_naming_it(cli, emulator, tmp_path):
    missing = tmp_path / "no-such-accounts.txt"
    outcome = cli("status", *at(emulator), "--account-ids-file", str(missing))
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert str(missing) in outcome.stderr
    assert emulator.backend.requests == []


def test_invalid_account_ids_exit_2_naming_each_before_any_request(cli, emulator):
    outcome = cli(
        "status", *at(emulator), FRESH_ACCOUNT, "12345", "not-an-account", "1234567890123"
    )
    assert outcome.code == 2
    assert_plain_error(outcome)
    for bad in ("12345", "not-an-account", "1234567890123"):
        assert repr(bad) in outcome.stderr
    assert FRESH_ACCOUNT not in outcome.stderr
    assert emulator.backend.requests == []


def test_an_invalid_id_in_the_ids_file_exits_2_before_any_request(cli, emulator):
    outcome = cli(
        "status", *at(emulator), "--account-ids-file", "-", stdin=f"{FRESH_ACCOUNT}\nabc\n"
    )
    assert outcome.code == 2
    assert "line 2." in outcome.stderr  # named by number: a bad line is never echoed
    assert "abc" not in outcome.stderr
    assert emulator.backend.requests == []


@pytest.mark.parametrize("command", ["status", "check"])
def test_no_account_ids_exits_2(cli, emulator, command):
    outcome = cli(command, *at(emulator))
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert "account id" in outcome.stderr.lower()
    assert emulator.backend.requests == []


def test_an_empty_ids_file_counts_as_no_account_ids(cli, emulator):
    outcome = cli("status", *at(emulator), "--account-ids-file", "-", stdin="# nothing yet\n\n")
    assert outcome.code == 2
    assert emulator.backend.requests == []


def test_unknown_option_exits_2_naming_it(cli, emulator):
    outcome = cli("status", *at(emulator), "--colour", "always", FRESH_ACCOUNT)
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert "--colour" in outcome.stderr
    assert emulator.backend.requests == []


@pytest.mark.parametrize(("command", "output"), [("status", "yaml"), ("check", "table")])
def test_bad_output_format_exits_2_naming_it(cli, emulator, command, output):
    outcome = cli(command, *at(emulator), "--output", output, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert f"'{output}'" in outcome.stderr
    assert emulator.backend.requests == []


@pytest.mark.parametrize("timeout", ["0", "-5", "soon", "inf", "nan"])
def test_bad_timeout_exits_2_naming_it(cli, emulator, timeout):
    outcome = cli("status", *at(emulator), "--timeout", timeout, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert f"'{timeout}'" in outcome.stderr
    assert emulator.backend.requests == []


@pytest.mark.parametrize(
    ("option", "value"),
    [("--region", "Mars"), ("--endpoint-url", "localhost:4580"), ("--role-arn", "admin")],
)
def test_bad_aws_settings_exit_2_naming_them_before_any_request(cli, emulator, option, value):
    outcome = cli("status", "--region", "us-east-1", option, value, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert repr(value) in outcome.stderr
    assert emulator.backend.requests == []


# --- check -------------------------------------------------------------------------------------


def test_check_exits_0_when_the_policy_holds(cli, emulator):
    outcome = cli(
        "check", *at(emulator), "--require-active", "EC2,ECR", "--min-days-left", "5", FRESH_ACCOUNT
    )
    assert outcome.code == 0
    assert outcome.stdout.strip() == "OK: 1 account checked"
    assert outcome.stderr == ""


def test_check_require_active_exits_1_when_a_trial_is_inactive(cli, emulator):
    outcome = cli("check", *at(emulator), "--require-active", "EC2", FRESH_ACCOUNT, EXPIRED_ACCOUNT)
    assert outcome.code == 1
    assert outcome.stdout.splitlines() == [
        f"ERROR: Inspector free trial for EC2 in account {EXPIRED_ACCOUNT} is INACTIVE "
        "(ended 2026-11-05).",
        "FAILED: 1 error, 0 warnings in 2 accounts",
    ]


def test_check_require_active_is_repeatable_and_splits_on_commas(cli, emulator):
    outcome = cli(
        "check",
        *at(emulator),
        "--require-active",
        "EC2",
        "--require-active",
        "ECR,LAMBDA_CODE",
        ENDING_SOON_ACCOUNT,
    )
    assert outcome.code == 1
    assert outcome.stdout.count("ERROR: ") == 1
    assert "LAMBDA_CODE" in outcome.stdout


def test_check_min_days_left_violation_names_the_end_date_and_days_left(cli, emulator):
    outcome = cli("check", *at(emulator), "--min-days-left", "5", ENDING_SOON_ACCOUNT)
    assert outcome.code == 1
    errors = [line for line in outcome.stdout.splitlines() if line.startswith("ERROR: ")]
    assert errors == [
        f"ERROR: Inspector free trial for {trial_type} in account {ENDING_SOON_ACCOUNT} ends on "
        "2026-11-28, in 2 days (minimum 5)."
        for trial_type in ("EC2", "ECR")
    ]


def test_check_agrees_with_gating_on_a_type_the_service_sends_twice(cli, make_emulator, fixed_now):
    def ec2(days_left: int) -> FreeTrial:
        end = fixed_now + timedelta(days=days_left, hours=1)
        return FreeTrial("EC2", end - timedelta(days=15), end, "ACTIVE")

    trials = (ec2(2), ec2(12))  # the entry ending soon first, as the service may list it
    emulator = make_emulator(Organisation(members={FRESH_ACCOUNT: trials}))
    outcome = cli(
        "check", *at(emulator), "--require-active", "EC2", "--min-days-left", "3", FRESH_ACCOUNT
    )
    decision = decide(
        FreeTrialResult(accounts=(AccountTrials(FRESH_ACCOUNT, trials),)),
        ["EC2"],
        GatingPolicy(min_days_left=3),
        at=fixed_now,
    )[FRESH_ACCOUNT]
    assert outcome.code == 0, outcome.output
    assert decision.enable == ("EC2",)


def test_check_exits_3_when_an_account_cannot_be_resolved(cli, emulator):
    outcome = cli(
        "check", *at(emulator), "--require-active", "EC2", FRESH_ACCOUNT, NON_MEMBER_ACCOUNT
    )
    assert outcome.code == 3
    assert NON_MEMBER_ACCOUNT in outcome.stdout  # the report still lists it
    assert_plain_error(outcome)
    assert NON_MEMBER_ACCOUNT in outcome.stderr


def test_check_unresolved_accounts_outrank_a_policy_violation(cli, emulator):
    outcome = cli(
        "check", *at(emulator), "--require-active", "EC2", EXPIRED_ACCOUNT, NON_MEMBER_ACCOUNT
    )
    assert outcome.code == 3


@pytest.mark.parametrize("types", ["ec2", "EC2,,ECR", "EC-2", ""])
def test_check_bad_require_active_type_exits_2_before_any_request(cli, emulator, types):
    outcome = cli("check", *at(emulator), "--require-active", types, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert "trial type" in outcome.stderr
    assert emulator.backend.requests == []


@pytest.mark.parametrize("days", ["-1", "three", "2.5"])
def test_check_bad_min_days_left_exits_2_before_any_request(cli, emulator, days):
    outcome = cli("check", *at(emulator), "--min-days-left", days, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert_plain_error(outcome)
    assert f"'{days}'" in outcome.stderr
    assert emulator.backend.requests == []


def test_check_github_output_is_one_error_annotation_per_violation(cli, emulator):
    outcome = cli(
        "check",
        *at(emulator),
        "--require-active",
        "EC2",
        "--min-days-left",
        "3",
        "--output",
        "github",
        FRESH_ACCOUNT,
        ENDING_SOON_ACCOUNT,
        EXPIRED_ACCOUNT,
    )
    assert outcome.code == 1
    assert outcome.stdout.splitlines() == [
        f"{TITLE}Inspector free trial for EC2 in account {ENDING_SOON_ACCOUNT} ends on "
        "2026-11-28, in 2 days (minimum 3).",
        f"{TITLE}Inspector free trial for EC2 in account {EXPIRED_ACCOUNT} is INACTIVE "
        "(ended 2026-11-05).",
    ]


def test_check_github_output_is_a_notice_when_every_account_passes(cli, emulator):
    outcome = cli(
        "check",
        *at(emulator),
        "--require-active",
        "EC2",
        "--output",
        "github",
        FRESH_ACCOUNT,
        NEW_TYPES_ACCOUNT,
    )
    assert outcome.code == 0
    assert outcome.stdout.splitlines() == [
        "::notice title=Inspector free trial::All 2 accounts pass"
    ]


def test_check_json_output_has_the_documented_keys(cli, emulator):
    outcome = cli(
        "check", *at(emulator), "--require-active", "EC2", "--output", "json", *MEMBER_ACCOUNTS
    )
    assert outcome.code == 1
    document = json.loads(outcome.stdout)
    assert set(document) == {"ok", "checked_accounts", "regions", "findings", "unread"}
    assert document["ok"] is False
    assert document["checked_accounts"] == sorted(MEMBER_ACCOUNTS)
    assert document["regions"] == ["us-east-1"]
    assert document["unread"] == []
    assert document["findings"]
    for finding in document["findings"]:
        assert set(finding) == {"severity", "account_id", "region", "trial_type", "message"}
        assert finding["region"] == "us-east-1"  # one region: named in the data, not the text
        assert "us-east-1" not in finding["message"]
    assert {(f["severity"], f["account_id"], f["trial_type"]) for f in document["findings"]} == {
        ("error", EXPIRED_ACCOUNT, "EC2"),
        ("warning", ENDING_SOON_ACCOUNT, "EC2"),
    }


# --- as a real process -------------------------------------------------------------------------


class _ClosedPipe(io.StringIO):
    def write(self, text: str) -> int:
        raise BrokenPipeError(32, "Broken pipe")


def test_a_reader_that_goes_away_ends_the_command_quietly(emulator, fixed_now):
    err = io.StringIO()
    code = main(
        ["status", *at(emulator), FRESH_ACCOUNT],
        stdout=_ClosedPipe(),
        stderr=err,
        clock=lambda: fixed_now,
    )
    assert code == 141
    assert err.getvalue() == ""


class _FullDisk(io.StringIO):
    def write(self, text: str) -> int:
        raise OSError(errno.ENOSPC, "No space left on device")


class _FullDiskOnFlush(io.StringIO):
    """Buffered output: the writes succeed, the disk fills when they are flushed."""

    def flush(self) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")


@pytest.mark.parametrize("stream", [_FullDisk, _FullDiskOnFlush])
@pytest.mark.parametrize("output", ["table", "json"])
def test_output_that_cannot_be_written_is_one_sentence_and_its_own_code(
    emulator, fixed_now, stream, output
):
    err = io.StringIO()
    code = main(
        ["status", *at(emulator), "--output", output, FRESH_ACCOUNT],
        stdout=stream(),
        stderr=err,
        clock=lambda: fixed_now,
    )
    assert code == ExitCode.OUTPUT_FAILED != 1  # never read as a violated policy
    assert err.getvalue() == (
        "inspector-trial: Cannot write the output: No space left on device.\n"
    )


def test_a_check_whose_verdict_cannot_be_written_exits_with_the_output_code(emulator, fixed_now):
    err = io.StringIO()
    argv = ["check", *at(emulator), "--require-active", "EC2", "--output", "json", EXPIRED_ACCOUNT]
    code = main(argv, stdout=_FullDisk(), stderr=err, clock=lambda: fixed_now)
    assert code == ExitCode.OUTPUT_FAILED
    assert "Cannot write the output" in err.getvalue()
