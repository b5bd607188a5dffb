"""Every way the service, the network or the caller's setup can fail, at every level a user meets.

This is the one home of each failure mode. One table of scenarios (``fault_scenarios.SCENARIOS``),
each driven through the emulator's fault injection over real sockets and checked at three levels:
the client (``resolve_free_trials`` with small explicit limits), the command line (``main``: exit
code, stdout and stderr) and the provider plugin (``Read`` over gRPC: the last line of the error
details). Each row pins the outcome, the exit code, a plain message that names what is involved
and what to do, and how many requests the emulator had answered when the level returned. No row
asserts how long it took: a row that must end within a limit shows it by the limit its message
names, or by the endpoint not having answered yet.

This file holds the provider plugin's level and the real command-line process;
``tests/emulator/test_fault_matrix.py`` the client and the command line in this process.

Set ``FAULT_MATRIX_REPORT=path.json`` to write the measured times (docs/failure-modes.md); each
run keeps the worst time seen in the file per row and level.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from typing import Any

import pytest
from support.fault_scenarios import (
    BUDGET,
    CLI,
    GOOD,
    HUNG_SECONDS,
    PROVIDER,
    SCENARIOS,
    STACK_REGION,
    SYNTHESIZED,
    Scenario,
    check,
    measured,
    run_provider,
    serve,
)

from pulumi_inspector_trial.emulator import FaultPlan
from pulumi_inspector_trial.testing import ProviderPlugin

PluginFor = Callable[[Scenario], ProviderPlugin]


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


def cases() -> list[Any]:
    return [
        pytest.param(scenario, level, id=f"{level}: {scenario}")
        for scenario in SCENARIOS
        for level in scenario.levels
        if level == PROVIDER
    ]


@pytest.mark.parametrize(("scenario", "level"), cases())
def test_fault(scenario: Scenario, level: str, make_emulator: Any, plugins: PluginFor) -> None:
    endpoint_url, emulator = serve(scenario, make_emulator)
    outcome = run_provider(scenario, endpoint_url, plugins(scenario))
    check(scenario, level, outcome, endpoint_url, emulator)


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
    measured("hung endpoint, CLI process", CLI, time.monotonic() - started)
    assert emulator.backend.requests == [], "the process waited for the endpoint's answer"
    assert finished.returncode == 3
    assert f"{BUDGET:g}-second time budget" in finished.stderr
    assert "Traceback" not in finished.stderr
