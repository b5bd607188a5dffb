"""botocore's retry settings win: ``AWS_MAX_ATTEMPTS``, ``AWS_RETRY_MODE`` and a profile's
``max_attempts`` / ``retry_mode`` are honoured; the package's defaults apply where none is set.

Counted where it shows: the requests a throttling emulator answered.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from support.cli_runner import at, cli_at

from pulumi_inspector_trial.aws.client import inspector_client
from pulumi_inspector_trial.emulator import FaultPlan
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT
from pulumi_inspector_trial.read.query import AwsSettings, ResolveLimits

BATCH_GET = "BatchGetFreeTrialInfo"


@pytest.fixture
def throttling(make_emulator):
    """An emulator that throttles every request."""
    return make_emulator(faults=FaultPlan(throttle_always=True))


@pytest.fixture
def aws_config(tmp_path, monkeypatch):
    """``aws_config(text)``: the AWS config file botocore reads, holding ``text``."""

    def write(text: str) -> Path:
        path = tmp_path / "aws-config"
        path.write_text(text, encoding="utf-8")
        monkeypatch.setenv("AWS_CONFIG_FILE", str(path))
        return path

    return write


def check(fixed_now, server, *argv: str):
    return cli_at(fixed_now)("check", *at(server, *argv), FRESH_ACCOUNT)


def test_aws_max_attempts_1_sends_each_batch_once(throttling, fixed_now, monkeypatch):
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")
    monkeypatch.setenv("AWS_RETRY_MODE", "standard")

    outcome = check(fixed_now, throttling)

    assert outcome.code == 3
    assert "kept throttling" in outcome.message
    # The count botocore used, not the default, and in the singular.
    assert "after 1 attempt." in outcome.message
    assert throttling.backend.request_count(BATCH_GET) == 1


def test_max_attempts_in_the_config_file_is_honoured(throttling, fixed_now, aws_config):
    aws_config("[default]\nmax_attempts = 2\nretry_mode = standard\n")

    outcome = check(fixed_now, throttling)

    assert outcome.code == 3
    assert throttling.backend.request_count(BATCH_GET) == 2


def test_a_named_profiles_max_attempts_is_honoured(throttling, fixed_now, aws_config):
    aws_config(
        "[default]\nmax_attempts = 3\n\n[profile ci]\nmax_attempts = 1\n"
        "aws_access_key_id = testing-key-id\naws_secret_access_key = testing-secret\n"
    )

    outcome = check(fixed_now, throttling, "--profile", "ci")

    assert outcome.code == 3
    assert throttling.backend.request_count(BATCH_GET) == 1


def test_the_environment_wins_over_the_config_file(throttling, fixed_now, aws_config, monkeypatch):
    aws_config("[default]\nmax_attempts = 3\n")
    monkeypatch.setenv("AWS_MAX_ATTEMPTS", "1")

    check(fixed_now, throttling)

    assert throttling.backend.request_count(BATCH_GET) == 1


def test_with_no_setting_the_package_defaults_apply(emulator):
    defaults = ResolveLimits()
    settings = AwsSettings(region="us-east-1", endpoint_url=emulator.endpoint_url)

    retries = inspector_client(settings, defaults).meta.config.retries

    assert retries == {"total_max_attempts": defaults.max_attempts, "mode": defaults.retry_mode}


@pytest.mark.parametrize(
    ("variable", "mode", "attempts"),
    [("AWS_RETRY_MODE", "legacy", ResolveLimits().max_attempts), ("AWS_MAX_ATTEMPTS", None, 7)],
)
def test_a_setting_replaces_only_its_own_default(emulator, monkeypatch, variable, mode, attempts):
    monkeypatch.setenv(variable, mode or str(attempts))
    settings = AwsSettings(region="us-east-1", endpoint_url=emulator.endpoint_url)

    retries = inspector_client(settings, ResolveLimits()).meta.config.retries

    assert retries == {"total_max_attempts": attempts, "mode": mode or ResolveLimits().retry_mode}


@pytest.mark.parametrize(
    ("variable", "value"),
    [
        ("AWS_MAX_ATTEMPTS", "many"),
        ("AWS_MAX_ATTEMPTS", "0"),
        ("AWS_MAX_ATTEMPTS", "101"),
        ("AWS_RETRY_MODE", "eager"),
    ],
)
def test_a_malformed_setting_is_bad_input_naming_it(
    emulator, fixed_now, monkeypatch, variable, value
):
    monkeypatch.setenv(variable, value)

    outcome = check(fixed_now, emulator)

    assert outcome.code == 2
    assert variable in outcome.message
    assert value in outcome.message
    assert emulator.backend.requests == []
