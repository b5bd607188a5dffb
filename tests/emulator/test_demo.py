"""``inspector-trial demo`` in-process: the sample organisation's story, its stand-in credentials
and environment, and its emulator stopped (as a real process: tests/process/test_demo.py)."""

from __future__ import annotations

import io
import os
import threading
from datetime import datetime

import pytest
from support.demo_output import decision_lines

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.cli.demo import DEMO_CREDENTIALS
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
)


def run_demo(fixed_now: datetime) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(["demo"], stdout=out, stderr=err, clock=lambda: fixed_now)
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def demo_output(fixed_now: datetime) -> str:
    code, out, err = run_demo(fixed_now)
    assert (code, err) == (0, "")
    return out


def test_demo_exits_0_with_nothing_on_stderr(fixed_now):
    code, out, err = run_demo(fixed_now)
    assert code == 0
    assert err == ""
    assert "Traceback" not in out


def test_demo_shows_the_trial_status_table(demo_output):
    rows = [line.split() for line in demo_output.splitlines()]
    header = next(row for row in rows if row[:2] == ["ACCOUNT", "TYPE"])
    assert header == ["ACCOUNT", "TYPE", "STATUS", "ENDS", "DAYS", "LEFT", "EST./MONTH", "CLOUD"]
    assert [ENDING_SOON_ACCOUNT, "EC2", "ACTIVE", "2026-11-28T18:00:00Z", "2", "$9.50"] in rows
    failed = next(row for row in rows if row[:1] == [NON_MEMBER_ACCOUNT])
    assert failed[:4] == [NON_MEMBER_ACCOUNT, "-", "FAILED", "ACCESS_DENIED"]


def test_demo_prints_one_gating_decision_per_sample_account(demo_output):
    lines = decision_lines(demo_output)
    assert sorted(lines) == sorted(SAMPLE_ACCOUNT_IDS)
    assert lines[FRESH_ACCOUNT] == (
        f"{FRESH_ACCOUNT}: enable EC2, ECR, LAMBDA, LAMBDA_CODE, CODE_REPOSITORY"
    )
    assert lines[ENDING_SOON_ACCOUNT] == (
        f"{ENDING_SOON_ACCOUNT}: enable LAMBDA, CODE_REPOSITORY; "
        "skip EC2, ECR (trial ends in 2 days, under the 3-day minimum); "
        "LAMBDA_CODE (trial inactive)"
    )
    assert lines[EXPIRED_ACCOUNT].startswith(f"{EXPIRED_ACCOUNT}: enable nothing; skip ")
    assert lines[NEW_TYPES_ACCOUNT].startswith(f"{NEW_TYPES_ACCOUNT}: enable EC2, ECR; skip ")


def test_demo_shows_the_non_member_failing_closed_and_why(demo_output):
    line = decision_lines(demo_output)[NON_MEMBER_ACCOUNT]
    assert line.startswith(f"{NON_MEMBER_ACCOUNT}: enable nothing, failing closed")
    assert "ACCESS_DENIED" in line
    assert "not a member" in line


def test_demo_shows_what_the_ci_check_would_say(demo_output):
    assert "inspector-trial check --require-active EC2 --min-days-left 3" in demo_output
    lines = [line.strip() for line in demo_output.splitlines()]
    assert "FAILED: 2 errors, 0 warnings in 4 accounts; could not read 1 account" in lines
    assert any(
        line.startswith(
            f"UNREAD: Free-trial data could not be resolved for 1 account: {NON_MEMBER_ACCOUNT}"
        )
        for line in lines
    )
    assert (
        f"ERROR: Inspector free trial for EC2 in account {ENDING_SOON_ACCOUNT} ends on "
        "2026-11-28, in 2 days (minimum 3)."
    ) in lines
    assert any(line.startswith("Exit code: 3") for line in lines)


def test_demo_shows_each_accounts_estimated_cost_from_the_emulators_usage(demo_output):
    rows = [line.split() for line in demo_output.splitlines()]
    totals = {row[0]: row[-1] for row in rows if row[1:2] == ["TOTAL"]}
    # The sample usage: $37.50 for the expired account, $2.30 of it in no scan type.
    assert totals[EXPIRED_ACCOUNT] == "$37.50"
    assert totals[ENDING_SOON_ACCOUNT] == "$19.65"
    ec2 = next(row for row in rows if row[:2] == [EXPIRED_ACCOUNT, "EC2"])
    assert ec2[-1] == "$12.40"


def test_demo_shows_what_a_budget_keeps_after_the_trial(demo_output):
    kept = decision_lines(demo_output, budgeted=True)
    # Cheapest first within $20: ECR $3.10, LAMBDA_CODE $4.20, LAMBDA $6.00 ($13.30); then
    # CODE_REPOSITORY ($9.50) and EC2 ($12.40) would pass the budget.
    assert kept[EXPIRED_ACCOUNT].startswith(
        f"{EXPIRED_ACCOUNT}: enable ECR, LAMBDA, LAMBDA_CODE; skip EC2 (trial inactive; "
        "est. $12.40/month would pass the $20.00 budget ($13.30 used))"
    )
    assert NON_MEMBER_ACCOUNT not in kept  # fails closed, budget or not


def organisation_section(output: str) -> list[str]:
    section = output.split("\n4. ", 1)[1].split("\n5. ", 1)[0]
    return [line.strip() for line in section.splitlines()]


def test_demo_shows_the_members_and_what_each_has_enabled(demo_output):
    lines = organisation_section(demo_output)
    members = ", ".join([FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT])
    assert f"Members (inspector2:ListMembers): {members}" in lines
    assert f"{ENDING_SOON_ACCOUNT}  EC2, ECR, LAMBDA, LAMBDA_CODE" in lines
    assert f"{EXPIRED_ACCOUNT}  EC2" in lines
    assert NON_MEMBER_ACCOUNT not in " ".join(lines)


def test_demo_shows_what_will_bill_with_its_estimate_and_the_unused_trials(demo_output):
    lines = organisation_section(demo_output)
    assert (
        f"ERROR: Inspector EC2 in account {ENDING_SOON_ACCOUNT} is enabled and its free trial "
        "ends on 2026-11-28, in 2 days: billing starts then (estimated $9.50/month)."
    ) in lines
    assert any(
        line.startswith(f"ERROR: Inspector EC2 in account {EXPIRED_ACCOUNT} is enabled")
        and "it is billed now (estimated $12.40/month)" in line
        for line in lines
    )
    notices = [line for line in lines if line.startswith("NOTICE:")]
    assert notices and all(line.endswith("free scanning unused.") for line in notices)
    assert "FAILED: 4 errors, 0 warnings in 4 accounts" in lines
    assert any(line.startswith("Exit code: 1") for line in lines)


def test_demo_ends_with_how_to_use_it_for_real(demo_output):
    assert "inspector-trial status --costs --region us-east-1 ACCOUNT_ID..." in demo_output
    assert "AWS_ENDPOINT_URL_INSPECTOR2=" in demo_output


def test_demo_emulator_hint_sets_dummy_credentials(demo_output):
    assert "export AWS_ACCESS_KEY_ID=x AWS_SECRET_ACCESS_KEY=x" in demo_output


def test_demo_works_without_any_aws_configuration(fixed_now, monkeypatch):
    for name in ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"):
        monkeypatch.delenv(name)
    code, out, _ = run_demo(fixed_now)
    assert code == 0
    assert len(decision_lines(out)) == len(SAMPLE_ACCOUNT_IDS)


def test_demo_ignores_a_configured_profile_that_does_not_exist(fixed_now, monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    code, _, err = run_demo(fixed_now)
    assert (code, err) == (0, "")
    assert os.environ["AWS_PROFILE"] == "no-such-profile"


def test_demo_restores_the_environment_it_found(fixed_now, monkeypatch):
    monkeypatch.delenv("AWS_ACCESS_KEY_ID")
    monkeypatch.setenv("AWS_SESSION_TOKEN", "a-session-token")
    before = dict(os.environ)
    run_demo(fixed_now)
    assert dict(os.environ) == before


def test_demo_never_prints_its_stand_in_credentials(demo_output):
    for value in DEMO_CREDENTIALS.values():
        assert value not in demo_output


def test_demo_stops_its_emulator(fixed_now):
    run_demo(fixed_now)
    serving = [t.name for t in threading.enumerate() if t.name.startswith("inspector-trial-emul")]
    assert serving == []
