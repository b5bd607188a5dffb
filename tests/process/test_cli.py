"""``inspector-trial`` as a real subprocess, proving the entry points: help and usage errors, the
emulator command, a closed pipe or full disk, and ``status`` against the emulator (the commands
in-process: tests/emulator/test_cli.py).
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
from support.cli_runner import at

from pulumi_inspector_trial.cli.status import ExitCode
from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

MEMBER_ACCOUNTS = (FRESH_ACCOUNT, ENDING_SOON_ACCOUNT, EXPIRED_ACCOUNT, NEW_TYPES_ACCOUNT)
CONSOLE_SCRIPT = Path(sys.executable).with_name("inspector-trial")


# --- as a real process -------------------------------------------------------------------------


def run_process(*argv: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    # The timeout only keeps a hung process from holding the suite.
    return subprocess.run(argv, capture_output=True, text=True, timeout=60, env=env, check=False)


def test_python_dash_m_help_exits_0(aws_env):
    process = run_process(sys.executable, "-m", "pulumi_inspector_trial", "--help", env=aws_env())
    assert process.returncode == 0, process.stderr
    assert "usage: inspector-trial" in process.stdout


def test_console_script_help_exits_0(aws_env):
    assert CONSOLE_SCRIPT.exists(), f"{CONSOLE_SCRIPT} is not installed"
    process = run_process(str(CONSOLE_SCRIPT), "--help", env=aws_env())
    assert process.returncode == 0, process.stderr
    for command in ("status", "check", "emulator", "demo"):
        assert command in process.stdout


def test_console_script_usage_error_exits_2_without_a_traceback(aws_env):
    argv = ["status", "--region", "us-east-1", "42"]
    process = run_process(str(CONSOLE_SCRIPT), *argv, env=aws_env())
    assert process.returncode == 2
    assert "'42'" in process.stderr
    assert "Traceback" not in process.stderr


@pytest.mark.timeout(60)
def test_emulator_process_serves_boto3_until_interrupted(aws_env):
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "emulator", "--port", "0"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=aws_env(),
    )
    try:
        assert process.stdout is not None
        first_line = process.stdout.readline()
        assert first_line.startswith("Inspector emulator listening on http://127.0.0.1:")
        endpoint_url = first_line.rsplit(" ", 1)[1].strip()
        client = boto3.client("inspector2", region_name="us-east-1", endpoint_url=endpoint_url)
        response = client.batch_get_free_trial_info(accountIds=[FRESH_ACCOUNT, NON_MEMBER_ACCOUNT])
        assert [a["accountId"] for a in response["accounts"]] == [FRESH_ACCOUNT]
        assert [f["accountId"] for f in response["failedAccounts"]] == [NON_MEMBER_ACCOUNT]
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=20) == 0
        assert "Traceback" not in process.stderr.read()  # type: ignore[union-attr]
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


def test_a_closed_pipe_ends_the_process_without_a_traceback(emulator, aws_env):
    process = subprocess.Popen(
        [str(CONSOLE_SCRIPT), "status", *at(emulator), *MEMBER_ACCOUNTS],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=aws_env(),
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()  # like `| head` exiting before the command writes anything
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 141
    assert "Traceback" not in stderr
    assert stderr == ""


@pytest.mark.parametrize(
    "argv",
    [
        ["status", "--output", "json", *MEMBER_ACCOUNTS],
        ["check", "--require-active", "EC2", *MEMBER_ACCOUNTS],
    ],
    ids=["status", "check"],
)
def test_a_full_disk_ends_the_process_with_one_sentence_and_its_own_code(emulator, aws_env, argv):
    command, *rest = argv
    with open("/dev/full", "w") as full:
        process = subprocess.run(
            [str(CONSOLE_SCRIPT), command, *at(emulator), *rest],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=aws_env(),
            check=False,
        )
    assert process.returncode == ExitCode.OUTPUT_FAILED
    assert process.stderr == "inspector-trial: Cannot write the output: No space left on device.\n"


def test_help_to_a_full_disk_exits_with_the_output_code(aws_env):
    with open("/dev/full", "w") as full:
        process = subprocess.run(
            [str(CONSOLE_SCRIPT), "status", "--help"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=aws_env(),
            check=False,
        )
    assert process.returncode == ExitCode.OUTPUT_FAILED
    assert "Traceback" not in process.stderr
    assert process.stderr.count("\n") == 1


def test_console_script_status_resolves_against_the_emulator(emulator, aws_env):
    argv = ["status", *at(emulator), "--output", "json", FRESH_ACCOUNT]
    process = run_process(str(CONSOLE_SCRIPT), *argv, env=aws_env())
    assert process.returncode == 0, process.stderr
    document = json.loads(process.stdout)
    assert [a["account_id"] for a in document["accounts"]] == [FRESH_ACCOUNT]
    assert emulator.backend.request_count() == 1


def test_the_console_script_checks_the_bill_of_the_whole_organisation(emulator, aws_env):
    argv = ["check", "--members", "--billing-within", "7", "--output", "json", *at(emulator)]
    process = run_process(str(CONSOLE_SCRIPT), *argv, env=aws_env())
    assert process.returncode == ExitCode.POLICY_VIOLATED, process.stderr
    document = json.loads(process.stdout)
    assert document["checked_accounts"] == list(MEMBER_ACCOUNTS)
    assert {"error", "notice"} <= {f["severity"] for f in document["findings"]}
    assert emulator.backend.request_count("ListMembers") == 1
