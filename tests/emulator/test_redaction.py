"""No message prints a password from an endpoint URL: against the emulator, the debug log never
shows one of a service never called, and an explicit endpoint leaves the configured Inspector
endpoints unused (the other sources and paths: tests/unit/, tests/plugin/, tests/process/).
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from support.endpoint_sources import (
    config_source,
    endpoint,
    forget_clients,
    passwords,
    run_cli,
    schemes,
    users,
)

from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT

PROPERTY = settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


# --- the command line, every source, in process -----------------------------------------------


@PROPERTY
@given(scheme=schemes, user=users, password=passwords)
def test_the_debug_log_never_shows_an_endpoint_password_of_a_service_never_called(
    monkeypatch, emulator, scheme, user, password
):
    monkeypatch.setenv("AWS_ENDPOINT_URL_S3", endpoint(scheme, user, password))
    code, output = run_cli(
        "--debug", "status", "--region", "us-east-1", "--endpoint-url", emulator.endpoint_url,
        FRESH_ACCOUNT,
    )  # fmt: skip
    assert code == 0, output
    assert "Sending http request" in output  # botocore's wire log was on
    assert password not in output


# --- endpoints from the config file are checked like --endpoint-url --------------------------


def test_an_explicit_endpoint_leaves_the_configured_inspector_endpoints_unused(
    monkeypatch, tmp_path, emulator
):
    forget_clients(monkeypatch)
    monkeypatch.setenv("AWS_ENDPOINT_URL_INSPECTOR2", "not a url")  # not what the read uses
    config_source("[default]\nendpoint_url = http://ci:pw@127.0.0.1:9\n")("", monkeypatch, tmp_path)
    code, output = run_cli(
        "status", "--region", "us-east-1", "--endpoint-url", emulator.endpoint_url, FRESH_ACCOUNT
    )
    assert code == 0, output
