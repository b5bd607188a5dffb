"""Every way the service, the network or the caller's setup can fail, at every level a user meets.

This is the one home of each failure mode. One table of scenarios (``fault_scenarios.SCENARIOS``),
each driven through the emulator's fault injection over real sockets and checked at three levels:
the client (``resolve_free_trials`` with small explicit limits), the command line (``main``: exit
code, stdout and stderr) and the provider plugin (``Read`` over gRPC: the last line of the error
details). Each row pins the outcome, the exit code, a plain message that names what is involved
and what to do, and how many requests the emulator had answered when the level returned. No row
asserts how long it took: a row that must end within a limit shows it by the limit its message
names, or by the endpoint not having answered yet.

Set ``FAULT_MATRIX_REPORT=path.json`` to write the measured times (docs/failure-modes.md); each
run keeps the worst time seen in the file per row and level.
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from botocore.stub import Stubber
from fault_scenarios import (
    ACCOUNTS,
    BUDGET,
    CLI,
    CLIENT,
    CLIENT_LIMITS,
    ENDPOINT,
    GOOD,
    HUNG_SECONDS,
    PROVIDER,
    SCENARIOS,
    STACK_REGION,
    SYNTHESIZED,
    Outcome,
    Scenario,
    run_cli,
    run_client,
    run_provider,
)
from plain_messages import assert_plain, closed_port_url

from pulumi_inspector_trial.aws.client import inspector_client
from pulumi_inspector_trial.aws.resolver import TrialResolver
from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.domain.errors import TrialDataError
from pulumi_inspector_trial.emulator import FaultPlan
from pulumi_inspector_trial.read.query import AwsSettings, ResolveLimits
from pulumi_inspector_trial.testing import ProviderPlugin

MEASURED: dict[str, dict[str, float]] = {}
PluginFor = Callable[[Scenario], ProviderPlugin]


@pytest.fixture(scope="module", autouse=True)
def report_measured_times() -> Iterator[None]:
    yield
    path = os.environ.get("FAULT_MATRIX_REPORT")
    if path:
        write_report(path, MEASURED)


def write_report(path: str, measured: dict[str, dict[str, float]]) -> None:
    """Merge ``measured`` into the file at ``path``, keeping the worst time per row and level.

    Locked, so that the workers of one ``pytest -n`` run (each with a part of the rows) and
    several runs in a row all end up in one file.
    """
    import fcntl

    with open(path, "a+", encoding="utf-8") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        report: dict[str, dict[str, float]] = json.loads(handle.read() or "{}")
        for row, times in measured.items():
            for level, seconds in times.items():
                known = report.setdefault(row, {}).get(level, 0.0)
                report[row][level] = max(known, seconds)
        handle.seek(0)
        handle.truncate()
        json.dump(report, handle, indent=2, sort_keys=True)


def measured(name: str, level: str, outcome: Outcome) -> None:
    MEASURED.setdefault(name, {})[level] = round(outcome.seconds, 2)


@pytest.fixture(scope="module")
def plugins(aws_env: Any) -> Iterator[PluginFor]:
    """``plugins(scenario)``: a provider process with the scenario's environment and stack config.

    The provider is configured once per process, and credentials come from its environment, so
    there is one process per distinct (credentials, stack config), started when a row first needs
    it and shared by the rows that need the same. Answers are kept per endpoint, and every row
    has an emulator of its own.
    """
    running: dict[tuple[bool, tuple[tuple[str, str], ...]], ProviderPlugin] = {}

    def plugin_for(scenario: Scenario) -> ProviderPlugin:
        config = scenario.stack_config()
        key = (scenario.credentials, tuple(sorted(config.items())))
        if key not in running:
            plugin = ProviderPlugin(env=aws_env(credentials=scenario.credentials)).start()
            running[key] = plugin
            plugin.configure(config)
        return running[key]

    yield plugin_for
    for plugin in running.values():
        plugin.stop()


@pytest.fixture
def scenario_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Scenario:
    """The row, with this process's environment set as it says (for the client and the CLI)."""
    scenario: Scenario = request.param
    if not scenario.credentials:
        monkeypatch.delenv("AWS_ACCESS_KEY_ID")
        monkeypatch.delenv("AWS_SECRET_ACCESS_KEY")
    return scenario


TIER_OF_LEVEL = {
    CLIENT: pytest.mark.emulator,
    CLI: pytest.mark.emulator,  # main() in this process
    PROVIDER: pytest.mark.subprocess,  # provider processes of the module's own
}


def cases() -> list[Any]:
    return [
        pytest.param(scenario, level, id=f"{level}: {scenario}", marks=TIER_OF_LEVEL[level])
        for scenario in SCENARIOS
        for level in scenario.levels
    ]


@pytest.mark.parametrize(("scenario_env", "level"), cases(), indirect=["scenario_env"])
def test_fault(scenario_env: Scenario, level: str, make_emulator: Any, plugins: PluginFor) -> None:
    scenario = scenario_env
    emulator = None
    if scenario.refused:
        endpoint_url = closed_port_url()
    else:
        emulator = make_emulator(SYNTHESIZED, FaultPlan(**scenario.faults))
        endpoint_url = emulator.endpoint_url
    if level == CLIENT:
        outcome = run_client(scenario, endpoint_url)
    elif level == CLI:
        outcome = run_cli(scenario, endpoint_url)
    else:
        outcome = run_provider(scenario, endpoint_url, plugins(scenario))
    answered = emulator.backend.request_count() if emulator is not None else None
    measured(scenario.name, level, outcome)

    if level in scenario.requests:
        assert answered in scenario.requests[level], f"{answered} requests answered"
    if scenario.error is None or (level == CLIENT and scenario.failed):
        # The client returns failed accounts as data; the caller decides whether that is fatal.
        assert outcome.message is None
    else:
        assert outcome.message is not None
        names = tuple(endpoint_url if n == ENDPOINT else n for n in scenario.names)
        assert_plain(outcome.message, names=names, advice=scenario.advice_at(level))
        assert re.search(scenario.error, outcome.message), outcome.message
    if level == CLIENT:
        assert outcome.failed == scenario.failed
        assert outcome.accounts == scenario.resolved
    elif level == CLI:
        assert outcome.exit_code == scenario.exit_code
        # With failed accounts, what it got still prints; a failed call prints nothing.
        assert outcome.accounts == scenario.resolved
        if scenario.error is not None and not scenario.failed:
            assert outcome.stdout == ""
        if outcome.message is not None:
            assert "allow_failed_accounts" not in outcome.message  # no option of the CLI
            assert outcome.stderr.startswith("inspector-trial: ")
            assert len(outcome.stderr.splitlines()) == 1
    elif scenario.exit_code == 0:
        assert outcome.accounts == ACCOUNTS


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


# -- a hung endpoint and a real process ---------------------------------------------------------


def test_the_command_line_process_ends_at_its_budget_while_the_endpoint_still_hangs(
    make_emulator, aws_env
):
    """A request still hanging in botocore when the budget runs out must not hold the process:
    it used to exit only after max_attempts x read_timeout (76 s), long after the endpoint
    answered. Here the process must be gone before the endpoint answers anything."""
    emulator = make_emulator(SYNTHESIZED, FaultPlan(latency_seconds=HUNG_SECONDS))
    argv = ["status", GOOD, "--region", STACK_REGION, "--endpoint-url", emulator.endpoint_url]
    started = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "-m", "pulumi_inspector_trial", *argv, "--timeout", f"{BUDGET:g}"],
        capture_output=True,
        text=True,
        env=aws_env(),
        # Only a guard against hanging the suite; the assertions below say what went wrong.
        timeout=HUNG_SECONDS * 4,
    )
    MEASURED.setdefault("hung endpoint, CLI process", {})[CLI] = round(
        time.monotonic() - started, 2
    )
    assert emulator.backend.requests == [], "the process waited for the endpoint's answer"
    assert finished.returncode == 3
    assert f"{BUDGET:g}-second time budget" in finished.stderr
    assert "Traceback" not in finished.stderr
