"""Every way the service, the network or the caller's setup can fail, at every level a user meets.

This is the one home of each failure mode. One table of scenarios (``fault_scenarios.SCENARIOS``),
each driven through the emulator's fault injection over real sockets and checked at three levels:
the client (``resolve_free_trials`` with small explicit limits), the command line (``main``: exit
code, stdout and stderr) and the provider plugin (``Read`` over gRPC: the last line of the error
details). Each row pins the outcome, the exit code, a plain message that names what is involved
and what to do, and how many requests the emulator had answered when the level returned. No row
asserts how long it took: a row that must end within a limit shows it by the limit its message
names, or by the endpoint not having answered yet.

This file holds the client and the command line in this process;
``tests/process/test_fault_matrix.py`` the provider plugin's level and the real command line's
process.

Set ``FAULT_MATRIX_REPORT=path.json`` to write the measured times (docs/failure-modes.md); each
run keeps the worst time seen in the file per row and level.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from botocore.stub import Stubber
from support.fault_scenarios import (
    ACCOUNTS,
    BUDGET,
    CLIENT,
    CLIENT_LIMITS,
    GOOD,
    PROVIDER,
    SCENARIOS,
    STACK_REGION,
    SYNTHESIZED,
    Scenario,
    check,
    run_cli,
    run_client,
    serve,
)
from support.plain_messages import assert_plain

from pulumi_inspector_trial.aws.client import inspector_client
from pulumi_inspector_trial.aws.resolver import TrialResolver
from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.domain.errors import TrialDataError
from pulumi_inspector_trial.read.query import AwsSettings, ResolveLimits


@pytest.fixture
def scenario_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Scenario:
    """The row, with this process's environment set as it says (for the client and the CLI)."""
    scenario: Scenario = request.param
    if not scenario.credentials:
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    return scenario


def cases() -> list[Any]:
    return [
        pytest.param(scenario, level, id=f"{level}: {scenario}")
        for scenario in SCENARIOS
        for level in scenario.levels
        if level != PROVIDER
    ]


@pytest.mark.parametrize(("scenario_env", "level"), cases(), indirect=["scenario_env"])
def test_fault(scenario_env: Scenario, level: str, make_emulator: Any) -> None:
    scenario = scenario_env
    endpoint_url, emulator = serve(scenario, make_emulator)
    run = run_client if level == CLIENT else run_cli
    check(scenario, level, run(scenario, endpoint_url), endpoint_url, emulator)


# -- expired credentials: the one row the emulator cannot produce -------------------------------


def stubbed_resolver(endpoint_url: str, limits: ResolveLimits) -> tuple[TrialResolver, Stubber]:
    """The process's cached client for these settings, with its answers stubbed by botocore.

    The emulator checks no signature, so a rejected or expired token is built by botocore's
    Stubber; the command line then finds the same cached client.
    """
    settings = AwsSettings(region=STACK_REGION, endpoint_url=endpoint_url)
    stubber = Stubber(inspector_client(settings, limits))
    stubber.add_client_error(
        "batch_get_free_trial_info",
        service_error_code="ExpiredTokenException",
        service_message="The security token included in the request is expired",
        http_status_code=403,
    )
    stubber.activate()
    return TrialResolver(settings, limits), stubber


def test_an_expired_token_asks_to_refresh_credentials_in_the_client(make_emulator):
    endpoint_url = make_emulator(SYNTHESIZED).endpoint_url
    resolver, stubber = stubbed_resolver(endpoint_url, CLIENT_LIMITS)
    with stubber, pytest.raises(TrialDataError) as error:
        resolver.resolve(ACCOUNTS)
    assert_plain(str(error.value), names=(endpoint_url, "ExpiredTokenException"), advice="Refresh")


def test_an_expired_token_exits_3_with_the_same_message_on_the_command_line(make_emulator):
    endpoint_url = make_emulator(SYNTHESIZED).endpoint_url
    # The command line builds ResolveLimits(total_timeout=--timeout): the stubbed client's key.
    _, stubber = stubbed_resolver(endpoint_url, ResolveLimits(total_timeout=BUDGET))
    argv = ["status", GOOD, "--region", STACK_REGION, "--endpoint-url", endpoint_url]
    err = io.StringIO()
    with stubber:
        code = main([*argv, "--timeout", f"{BUDGET:g}"], stdout=io.StringIO(), stderr=err)
    assert code == 3
    message = err.getvalue().strip().removeprefix("inspector-trial: ")
    assert_plain(message, names=(endpoint_url, "ExpiredTokenException"), advice="aws sso login")
