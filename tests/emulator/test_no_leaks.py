"""No credential reaches the terminal, an error message or a log: the command line, every fault's
message and ``--debug`` logs with an assumed role, against the emulator, searched for the
environment's distinctive keys, token and profile secret (state and outputs: tests/plugin/).
"""

from __future__ import annotations

import io
import logging
import re

import pytest
from support.fault_scenarios import SCENARIOS, SYNTHESIZED, run_client
from support.leaks import ASSUMED_KEY_ID, ROLE_ARN, assert_no_secret
from support.plain_messages import closed_port_url

from pulumi_inspector_trial.aws.resolver import resolve_free_trials
from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator import FaultPlan
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT


def recorded_credentials(emulator) -> tuple[str, ...]:
    """The key id and session token each BatchGetFreeTrialInfo request was signed with."""
    found = []
    for request in emulator.backend.requests:
        headers = {k.lower(): v for k, v in request.headers.items()}
        if request.operation == "BatchGetFreeTrialInfo":
            found += re.findall(r"Credential=([^/]+)/", headers.get("authorization", ""))
            found.append(headers.get("x-amz-security-token", ""))
    return tuple(f for f in found if f)


@pytest.mark.parametrize(
    "extra",
    [["--output", "json"], ["--output", "table"], ["--profile", "leaky"]],
    ids=["json", "table", "profile"],
)
@pytest.mark.parametrize("command", ["status", "check"])
def test_the_command_line_prints_no_credential(secret_env, emulator, command, extra):
    if command == "check" and extra[-1] == "table":
        extra = ["--output", "github"]
    argv = [command, FRESH_ACCOUNT, NON_MEMBER_ACCOUNT, "--region", "us-east-1"]
    argv += ["--endpoint-url", emulator.endpoint_url, *extra]
    out, err = io.StringIO(), io.StringIO()
    assert main(argv, stdout=out, stderr=err) == 3  # the non-member fails; data still printed
    assert NON_MEMBER_ACCOUNT in out.getvalue() + err.getvalue()
    assert_no_secret(out.getvalue() + err.getvalue())


# The client's error rows that these credentials do not cure; with failed accounts the client
# returns data, whose messages the command-line test above searches.
CLIENT_ERRORS = [s for s in SCENARIOS if s.error and s.credentials and not s.failed]


@pytest.mark.parametrize("scenario", CLIENT_ERRORS, ids=str)
def test_no_fault_message_holds_a_credential(secret_env, make_emulator, scenario):
    emulator = make_emulator(SYNTHESIZED, FaultPlan(**scenario.faults))
    endpoint_url = closed_port_url() if scenario.refused else emulator.endpoint_url
    outcome = run_client(scenario, endpoint_url)
    assert outcome.message is not None, "the fault did not fail the call"
    assert_no_secret(outcome.message)


def test_debug_logs_hold_no_credential_even_with_an_assumed_role(
    secret_env, emulator, monkeypatch, caplog
):
    monkeypatch.setenv("AWS_ENDPOINT_URL_STS", emulator.endpoint_url)
    with caplog.at_level(logging.DEBUG):  # the root logger, botocore's loggers included
        for role_arn in (None, ROLE_ARN):
            resolve_free_trials(
                [FRESH_ACCOUNT],
                region="us-east-1",
                endpoint_url=emulator.endpoint_url,
                role_arn=role_arn,
            )
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Sending http request" in logged  # botocore did log the signed requests
    assumed = recorded_credentials(emulator)
    assert any(ASSUMED_KEY_ID.fullmatch(c) for c in assumed)  # the role was used
    assert_no_secret(logged, *assumed)
    assert not ASSUMED_KEY_ID.search(logged)
    own = [r.getMessage() for r in caplog.records if r.name.startswith("pulumi_inspector_trial")]
    assert_no_secret("\n".join(own), *assumed)
