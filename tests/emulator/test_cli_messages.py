"""What ``inspector-trial`` says when something is wrong: true, bounded, and safe to print.

Each test runs ``main`` in-process with real boto3 against the package's emulator on 127.0.0.1
(or, where the emulator cannot send what is needed, botocore's Stubber on the process's cached
client), and pins one message: the exit code, the value it names, and what it must never show.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import botocore.session
import pytest
from botocore.stub import Stubber
from support.cli_runner import at
from support.plain_messages import closed_port_url

from pulumi_inspector_trial.aws.client import inspector_client
from pulumi_inspector_trial.cli.render import CLI_ADVICE
from pulumi_inspector_trial.domain.trials import FreeTrial
from pulumi_inspector_trial.emulator import EmulatorServer, FaultPlan, Organisation
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT
from pulumi_inspector_trial.read.query import MAX_TOTAL_TIMEOUT, AwsSettings, ResolveLimits


def signed_region(emulator: EmulatorServer) -> str:
    """The region the one request the emulator answered was signed for (SigV4's scope)."""
    (request,) = emulator.backend.requests
    authorization = {k.lower(): v for k, v in request.headers.items()}["authorization"]
    match = re.search(r"Credential=[^/]+/\d{8}/([^/]+)/inspector2/aws4_request", authorization)
    assert match, authorization
    return match.group(1)


def botocore_trial_types() -> list[str]:
    """What the installed botocore's model says ``freeTrialInfo[].type`` may be."""
    model = botocore.session.get_session().get_service_model("inspector2")
    shape = model.shape_for("FreeTrialInfo").members["type"]
    return list(shape.enum)


# --- endpoints and regions from the environment -----------------------------------------------


def test_a_malformed_environment_endpoint_exits_2_naming_the_variable_and_value(
    cli, emulator, monkeypatch
):
    monkeypatch.setenv("AWS_ENDPOINT_URL_INSPECTOR2", "not a url")
    outcome = cli("status", "--region", "us-east-1", FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "AWS_ENDPOINT_URL_INSPECTOR2" in outcome.message
    assert "'not a url'" in outcome.message


@pytest.mark.parametrize("variable", ["AWS_ENDPOINT_URL_INSPECTOR2", "AWS_ENDPOINT_URL"])
def test_a_password_in_an_environment_endpoint_is_never_printed_nor_used(
    cli, emulator, monkeypatch, variable
):
    # The emulator's own port: were the URL used, the request would reach it.
    port = emulator.endpoint_url.rsplit(":", 1)[1]
    monkeypatch.setenv(variable, f"http://user:hunter2@127.0.0.1:{port}")
    outcome = cli("status", "--region", "us-east-1", FRESH_ACCOUNT)
    assert outcome.code == 2
    assert variable in outcome.message
    assert "hunter2" not in outcome.output
    assert emulator.backend.requests == []


def test_aws_region_alone_is_the_region_status_reads(cli, emulator, monkeypatch):
    monkeypatch.delenv("AWS_DEFAULT_REGION", raising=False)
    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    outcome = cli("status", "--endpoint-url", emulator.endpoint_url, FRESH_ACCOUNT)
    assert outcome.code == 0, outcome.output
    assert signed_region(emulator) == "eu-west-3"


def test_aws_region_wins_over_aws_default_region(cli, emulator, monkeypatch):
    monkeypatch.setenv("AWS_REGION", "eu-west-3")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "ap-south-1")
    outcome = cli("status", "--endpoint-url", emulator.endpoint_url, FRESH_ACCOUNT)
    assert outcome.code == 0, outcome.output
    assert signed_region(emulator) == "eu-west-3"


def test_a_bad_aws_region_exits_2_naming_the_variable_before_any_request(
    cli, emulator, monkeypatch
):
    monkeypatch.setenv("AWS_REGION", "Mars")
    outcome = cli("status", "--endpoint-url", emulator.endpoint_url, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "AWS_REGION" in outcome.message
    assert "'Mars'" in outcome.message
    assert emulator.backend.requests == []


@pytest.mark.parametrize("command", ["status", "check"])
def test_no_region_anywhere_is_bad_input_naming_every_way_to_set_one(cli, emulator, command):
    outcome = cli(command, "--endpoint-url", emulator.endpoint_url, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert outcome.stdout == ""
    for way in ("--region", "aws:region", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS config file"):
        assert way in outcome.message
    assert outcome.message.count(". ") == 0  # one sentence
    assert emulator.backend.requests == []


def test_the_profiles_region_in_the_aws_config_file_is_the_region_read(
    cli, emulator, monkeypatch, tmp_path
):
    config = tmp_path / "aws-config"
    # A named profile takes its credentials from its own section, not the environment.
    config.write_text(
        "[profile ci]\nregion = eu-west-3\naws_access_key_id = x\naws_secret_access_key = x\n"
    )
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    outcome = cli(
        "check",
        "--endpoint-url",
        emulator.endpoint_url,
        "--profile",
        "ci",
        "--output",
        "json",
        FRESH_ACCOUNT,
    )
    assert outcome.code == 0, outcome.stderr
    assert json.loads(outcome.stdout)["regions"] == ["eu-west-3"]
    assert {r.signing_region for r in emulator.backend.requests} == {"eu-west-3"}


def test_a_malformed_region_in_the_aws_config_file_exits_2_naming_it(
    cli, emulator, monkeypatch, tmp_path
):
    config = tmp_path / "aws-config"
    config.write_text("[default]\nregion = Mars\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    outcome = cli("status", "--endpoint-url", emulator.endpoint_url, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "'Mars'" in outcome.message and "AWS config file" in outcome.message
    assert emulator.backend.requests == []


# --- profiles ---------------------------------------------------------------------------------


@pytest.mark.parametrize("variable", ["AWS_PROFILE", "AWS_DEFAULT_PROFILE"])
def test_an_unknown_profile_from_the_environment_is_named_with_its_variable(
    cli, emulator, monkeypatch, variable
):
    monkeypatch.setenv(variable, "no-such-profile")
    outcome = cli("status", *at(emulator), FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "'no-such-profile'" in outcome.message
    assert variable in outcome.message
    assert "None" not in outcome.message
    assert emulator.backend.requests == []


def test_an_unknown_profile_from_the_option_is_named_without_a_variable(cli, emulator, monkeypatch):
    outcome = cli("status", *at(emulator), "--profile", "no-such-profile", FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "'no-such-profile'" in outcome.message
    assert "AWS_PROFILE" not in outcome.message


def test_check_names_an_unknown_profile_even_with_required_types(cli, emulator, monkeypatch):
    # botocore cannot load its models under an unknown AWS_PROFILE: the profile is the news.
    monkeypatch.setenv("AWS_PROFILE", "no-such-profile")
    outcome = cli("check", *at(emulator), "--require-active", "EC2", FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "'no-such-profile'" in outcome.message
    assert "AWS_PROFILE" in outcome.message


# --- --require-active ------------------------------------------------------------------------


def test_check_refuses_an_unknown_trial_type_naming_it_before_any_request(cli, emulator):
    outcome = cli("check", *at(emulator), "--require-active", "EC3", FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "'EC3'" in outcome.message
    assert "--require-active" in outcome.message
    assert emulator.backend.requests == []


def test_check_lists_every_trial_type_botocore_knows_when_refusing_one(cli, emulator):
    outcome = cli("check", *at(emulator), "--require-active", "EC3", FRESH_ACCOUNT)
    listed = outcome.message.split("expected one of ", 1)[1].split(" (", 1)[0]
    assert listed.split(", ") == sorted(botocore_trial_types())


def test_check_refuses_an_unknown_type_among_comma_separated_ones(cli, emulator):
    outcome = cli("check", *at(emulator), "--require-active", "EC2,EC3,ECR", FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "'EC3'" in outcome.message
    assert "'EC2'" not in outcome.message
    assert emulator.backend.requests == []


def test_check_takes_its_trial_types_from_botocores_model_not_a_frozen_list(
    cli, emulator, monkeypatch, tmp_path
):
    # botocore reads models from AWS_DATA_PATH first: one that knows one more type.
    loader = botocore.session.get_session().get_component("data_loader")
    model = loader.load_service_model("inspector2", "service-2")
    api_version = model["metadata"]["apiVersion"]
    model["shapes"]["FreeTrialType"]["enum"].append("QUANTUM_CIRCUIT")
    path = tmp_path / "models" / "inspector2" / api_version / "service-2.json"
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps(model), encoding="utf-8")
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path / "models"))

    refused = cli("check", *at(emulator), "--require-active", "EC3", FRESH_ACCOUNT)
    assert "QUANTUM_CIRCUIT" in refused.message
    accepted = cli("check", *at(emulator), "--require-active", "QUANTUM_CIRCUIT", FRESH_ACCOUNT)
    assert accepted.code == 1  # asked for, and missing in the account
    assert "QUANTUM_CIRCUIT in account" in accepted.stdout


# --- failed accounts --------------------------------------------------------------------------

MANY = 1_000
MANY_IDS = [f"{100_000_000_000 + i}" for i in range(MANY)]


def test_a_thousand_failed_accounts_make_one_bounded_line(cli, make_emulator):
    internal = {MANY_IDS[0]: -1, MANY_IDS[1]: -1}
    emulator = make_emulator(Organisation(members={}), FaultPlan(internal_error_accounts=internal))
    outcome = cli("status", *at(emulator), "--account-ids-file", "-", stdin="\n".join(MANY_IDS))
    assert outcome.code == 3
    assert len(outcome.stderr) < 1_000
    assert outcome.message.startswith(
        "Free-trial data could not be resolved for 1,000 accounts "
        "(998 ACCESS_DENIED, 2 INTERNAL_ERROR): "
    )
    assert "; and 995 more. " in outcome.message
    assert outcome.message.endswith(CLI_ADVICE)


# --- control characters in what the service sends -------------------------------------------


def hostile_trial(fixed_now: datetime) -> FreeTrial:
    return FreeTrial(
        type="EC2\x1b[2J",
        start=fixed_now - timedelta(days=10),
        end=fixed_now + timedelta(days=2),
        status="ACTIVE",
        cloud_provider="AWS\n000000000000  EC2  ACTIVE",
    )


def test_status_table_escapes_control_characters_in_trial_data(cli, make_emulator, fixed_now):
    emulator = make_emulator(Organisation(members={FRESH_ACCOUNT: (hostile_trial(fixed_now),)}))
    outcome = cli("status", *at(emulator), FRESH_ACCOUNT)
    assert outcome.code == 0
    assert "\x1b" not in outcome.stdout
    assert "EC2\\x1b[2J" in outcome.stdout
    assert "AWS\\n000000000000  EC2  ACTIVE" in outcome.stdout
    assert len(outcome.stdout.splitlines()) == 2  # the header and the one trial


def test_check_text_escapes_control_characters_in_trial_data(cli, make_emulator, fixed_now):
    emulator = make_emulator(Organisation(members={FRESH_ACCOUNT: (hostile_trial(fixed_now),)}))
    outcome = cli("check", *at(emulator), "--min-days-left", "5", FRESH_ACCOUNT)
    assert outcome.code == 1
    assert "\x1b" not in outcome.stdout
    assert "Inspector free trial for EC2\\x1b[2J in account" in outcome.stdout


def test_status_json_keeps_trial_data_exactly_as_sent(cli, make_emulator, fixed_now):
    emulator = make_emulator(Organisation(members={FRESH_ACCOUNT: (hostile_trial(fixed_now),)}))
    outcome = cli("status", *at(emulator), "--output", "json", FRESH_ACCOUNT)
    (trial,) = json.loads(outcome.stdout)["accounts"][0]["free_trial_info"]
    assert trial["type"] == "EC2\x1b[2J"
    assert trial["cloud_provider"] == "AWS\n000000000000  EC2  ACTIVE"


HOSTILE_FAILURE = "Denied\x1b[31m\n000000000000  EC2  ACTIVE"


@pytest.fixture
def stubbed_failure() -> Any:
    """An endpoint whose cached client answers one failed account with control characters in
    its message (the emulator only sends its own messages); yields the endpoint URL."""
    endpoint_url = closed_port_url()
    client = inspector_client(
        AwsSettings(region="us-east-1", endpoint_url=endpoint_url), ResolveLimits()
    )
    failed = {"accountId": FRESH_ACCOUNT, "code": "ACCESS_DENIED", "message": HOSTILE_FAILURE}
    with Stubber(client) as stubber:
        stubber.add_response(
            "batch_get_free_trial_info", {"accounts": [], "failedAccounts": [failed]}
        )
        yield endpoint_url


def test_status_table_escapes_control_characters_in_a_failure_message(cli, stubbed_failure):
    outcome = cli(
        "status", "--region", "us-east-1", "--endpoint-url", stubbed_failure, FRESH_ACCOUNT
    )
    assert outcome.code == 3
    assert "\x1b" not in outcome.stdout
    assert "Denied\\x1b[31m\\n000000000000" in outcome.stdout
    assert len(outcome.stdout.splitlines()) == 2


def test_the_error_line_escapes_control_characters_in_a_failure_message(cli, stubbed_failure):
    outcome = cli(
        "status", "--region", "us-east-1", "--endpoint-url", stubbed_failure, FRESH_ACCOUNT
    )
    assert outcome.code == 3
    assert "\x1b" not in outcome.stderr
    assert "Denied\\x1b[31m\\n000000000000" in outcome.message


# --- --timeout ----------------------------------------------------------------------------------


@pytest.mark.parametrize("timeout", ["0", "-1", "99999", "nan", "inf", "soon"])
def test_a_timeout_out_of_range_exits_2_naming_the_flag_and_the_range(cli, emulator, timeout):
    outcome = cli("status", *at(emulator), "--timeout", timeout, FRESH_ACCOUNT)
    assert outcome.code == 2
    assert "--timeout" in outcome.message
    assert f"'{timeout}'" in outcome.message
    assert f"above 0 and at most {MAX_TOTAL_TIMEOUT:g}" in outcome.message
    assert "total_timeout" not in outcome.message
    assert emulator.backend.requests == []


def test_the_longest_timeout_allowed_is_accepted(cli, emulator):
    outcome = cli("status", *at(emulator), "--timeout", f"{MAX_TOTAL_TIMEOUT:g}", FRESH_ACCOUNT)
    assert outcome.code == 0, outcome.output


# --- account ids files ------------------------------------------------------------------------


def test_an_ids_file_starting_with_a_byte_order_mark_is_read(cli, emulator, tmp_path: Path):
    ids_file = tmp_path / "accounts.txt"
    ids_file.write_text(f"{FRESH_ACCOUNT}\n", encoding="utf-8-sig")
    outcome = cli("status", *at(emulator), "--account-ids-file", str(ids_file))
    assert outcome.code == 0, outcome.output
    assert emulator.backend.requests[0].account_ids == (FRESH_ACCOUNT,)


def test_stdin_starting_with_a_byte_order_mark_is_read(cli, emulator):
    outcome = cli(
        "status", *at(emulator), "--account-ids-file", "-", stdin=f"\ufeff{FRESH_ACCOUNT}\n"
    )
    assert outcome.code == 0, outcome.output
    assert emulator.backend.requests[0].account_ids == (FRESH_ACCOUNT,)
