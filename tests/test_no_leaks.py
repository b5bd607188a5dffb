"""No credential reaches state, outputs, the terminal, an error message or a log.

The environment carries distinctive access keys, a session token and a profile whose secret is
just as distinctive; every place a value could surface is searched for them. With ``role_arn``,
the assumed role's temporary credentials (read back from the headers the emulator recorded) are
searched for too, and the AssumeRole call is shown to happen in the provider process.
"""

from __future__ import annotations

import base64
import io
import json
import logging
import re
from collections.abc import Iterator
from pathlib import Path

import grpc
import pytest
from fault_scenarios import SCENARIOS, SYNTHESIZED, run_client
from plain_messages import closed_port_url

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.domain.redaction import redact
from pulumi_inspector_trial.emulator import FaultPlan
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT
from pulumi_inspector_trial.read.service import resolve_free_trials
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, ProviderPlugin, serialized_provider

ACCESS_KEY_ID = "AKIAZZLEAKCHECK00001"
SECRET_ACCESS_KEY = "leakcheck/Secret+Access+KEY"
SESSION_TOKEN = "leakcheck-Session-TOKEN-value"
PROFILE_KEY_ID = "AKIAZZPROFILELEAK001"
PROFILE_SECRET = "profile-SECRET-leakcheck-value"
SECRETS = (ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, PROFILE_KEY_ID, PROFILE_SECRET)
ROLE_ARN = "arn:aws:iam::111122223333:role/inspector-admin"
URN = f"urn:pulumi:dev::leaks::{FREE_TRIAL_INFO_TYPE}::trial"
ASSUMED_KEY_ID = re.compile(r"ASIA[0-9A-F]{16}")


def assert_no_secret(text: str, *extra: str) -> None:
    for secret in (*SECRETS, *extra):
        assert secret not in text, f"{secret!r} leaked"


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    credentials = tmp_path / "credentials"
    credentials.write_text(
        f"[leaky]\naws_access_key_id = {PROFILE_KEY_ID}\n"
        f"aws_secret_access_key = {PROFILE_SECRET}\n",
        encoding="utf-8",
    )
    values = {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        "AWS_SESSION_TOKEN": SESSION_TOKEN,
        "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def plugin(secret_env: dict[str, str], emulator, aws_env) -> Iterator[ProviderPlugin]:
    env = aws_env(**secret_env, AWS_ENDPOINT_URL_STS=emulator.endpoint_url)
    with ProviderPlugin(env=env) as running:
        running.configure({"aws:region": "us-east-1"})
        yield running


def recorded_credentials(emulator) -> tuple[str, ...]:
    """The key id and session token each BatchGetFreeTrialInfo request was signed with."""
    found = []
    for request in emulator.backend.requests:
        headers = {k.lower(): v for k, v in request.headers.items()}
        if request.operation == "BatchGetFreeTrialInfo":
            found += re.findall(r"Credential=([^/]+)/", headers.get("authorization", ""))
            found.append(headers.get("x-amz-security-token", ""))
    return tuple(f for f in found if f)


def test_the_serialized_provider_holds_no_credential(secret_env):
    assert_no_secret(base64.b64decode(serialized_provider()).decode("latin-1"))


@pytest.mark.parametrize("profile", [None, "leaky"])
def test_read_outputs_hold_no_credential(plugin, emulator, profile):
    inputs = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    if profile:
        inputs["profile"] = profile
    _, outputs = plugin.read("freetrialinfo-leaks", URN, inputs=inputs)
    assert outputs["accounts"]
    assert_no_secret(json.dumps(outputs))
    signed_with = recorded_credentials(emulator)
    assert (PROFILE_KEY_ID if profile else ACCESS_KEY_ID) in signed_with  # they were in use


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


def test_redaction_masks_every_shape_botocore_logs():
    samples = [
        "headers={'Authorization': b'AWS4-HMAC-SHA256 Credential=AKIAX/20261126/us-east-1/"
        "inspector2/aws4_request, SignedHeaders=host, Signature=0123abcd'}",
        "{'X-Amz-Security-Token': b'TOKENVALUE'}",
        "x-amz-security-token:TOKENVALUE\n",
        "<AccessKeyId>ASIAX</AccessKeyId><SecretAccessKey>SECRETX</SecretAccessKey>"
        "<SessionToken>TOKENVALUE</SessionToken>",
        '{"AccessKeyId": "ASIAX", "SecretAccessKey": "SECRETX", "Token": "TOKENVALUE"}',
        "Signature:\n0123abcd",
    ]
    for sample in samples:
        cleaned = redact(sample)
        for value in ("AKIAX", "ASIAX", "SECRETX", "TOKENVALUE", "0123abcd"):
            assert value not in cleaned, cleaned


def test_an_assumed_role_is_assumed_in_the_provider_process_and_never_surfaces(plugin, emulator):
    inputs = {
        "account_ids": [FRESH_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
        "role_arn": ROLE_ARN,
    }
    assert emulator.backend.request_count("AssumeRole") == 0  # this process made no STS call
    _, outputs = plugin.read("freetrialinfo-leaks", URN, inputs=inputs)
    assert emulator.backend.request_count("AssumeRole") == 1
    assumed = recorded_credentials(emulator)
    assert assumed and all(c not in (ACCESS_KEY_ID, SESSION_TOKEN) for c in assumed)
    state = json.dumps(outputs) + base64.b64decode(serialized_provider()).decode("latin-1")
    assert_no_secret(state, *assumed)
    assert outputs["role_arn"] == ROLE_ARN  # the role is a setting, not a credential

    emulator.backend.faults.deny_all = True
    with pytest.raises(grpc.RpcError) as error:
        plugin.read("freetrialinfo-leaks", URN, inputs={**inputs, "account_ids": ["999988887777"]})
    assert ROLE_ARN in error.value.details()  # the message says which role to check
    assert_no_secret(error.value.details(), *assumed)
