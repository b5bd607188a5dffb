"""Every way the service, the network or the caller's setup can fail, at every level a user meets.

One table of scenarios, each driven through the emulator's fault injection over real sockets and
checked at three levels: the client (``resolve_free_trials`` with small explicit limits), the
command line (``main``: exit code and stderr) and the provider plugin (``Read`` over gRPC: the
last line of the error details). Each row pins the outcome, the exit code, a plain message that
names what is involved and what to do, and an upper bound on the time it took.

Set ``FAULT_MATRIX_REPORT=path.json`` to write the measured times (docs/failure-modes.md).
"""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import grpc
import pytest
from botocore.stub import Stubber
from plain_messages import assert_plain, closed_port_url, last_line_of_grpc_details

from pulumi_inspector_trial.aws_client import inspector_client
from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator import FaultPlan, Organisation
from pulumi_inspector_trial.errors import InspectorTrialError, TrialDataError
from pulumi_inspector_trial.provider_batching import SharedTrialCache
from pulumi_inspector_trial.resolver import TrialResolver, resolve_free_trials
from pulumi_inspector_trial.settings import AwsSettings, ResolveLimits
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, ProviderPlugin

GOOD = "111122223333"
OTHER = "222233334444"
ACCOUNTS = (GOOD, OTHER)
SYNTHESIZED = Organisation(members={}, synthesize_members=True)
URN = f"urn:pulumi:dev::faults::{FREE_TRIAL_INFO_TYPE}::trial"

CLIENT_LIMITS = ResolveLimits(
    total_timeout=10,
    connect_timeout=1,
    read_timeout=0.5,
    max_attempts=3,
    retry_mode="standard",
    internal_error_backoff=0.05,
)
"""Small limits for the client rows; the command line and the provider run with the defaults
(the command line's --timeout aside), which is what a pipeline gets."""

CLIENT, CLI, PROVIDER = "client", "cli", "provider"
ENDPOINT = "<endpoint>"
"""Stands for the scenario's endpoint URL in ``names``."""

MEASURED: dict[str, dict[str, float]] = {}


@dataclass(frozen=True)
class Scenario:
    """One row of the matrix."""

    name: str
    faults: dict[str, Any] = field(default_factory=dict)
    error: str | None = None
    """A regex the message must match; None when data comes back."""
    failed: tuple[tuple[str, str], ...] = ()
    """(account, code) pairs the client returns in failed_accounts (the others fail the call)."""
    names: tuple[str, ...] = (ENDPOINT,)
    advice: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)
    """Upper bound of the time taken, per level (2-3x what it measures)."""
    refused: bool = False
    credentials: bool = True
    region: bool = True
    cli_timeout: float = 30
    levels: tuple[str, ...] = (CLIENT, CLI, PROVIDER)

    def __str__(self) -> str:
        return self.name

    @property
    def exit_code(self) -> int:
        return 0 if self.error is None and not self.failed else 3


FAST = {CLIENT: 5, CLI: 5, PROVIDER: 8}
SCENARIOS = [
    Scenario("throttling that clears", {"throttle_first": 2}, seconds={**FAST, CLI: 10}),
    Scenario(
        "throttling that never clears",
        {"throttle_always": True},
        error=r"kept throttling requests after \d attempts|time budget",
        advice="Try again later",
        # Default limits: 5 adaptive attempts, exponential backoff of up to 1+2+4+8 s.
        seconds={CLIENT: 8, CLI: 45, PROVIDER: 45},
    ),
    Scenario("500s that clear", {"server_error_first": 2}, seconds={**FAST, CLI: 10}),
    Scenario(
        "500s that never clear",
        {"server_error_always": True},
        error=r"answered InternalServerException .* on all \d attempts",
        advice="Try again later",
        seconds={CLIENT: 8, CLI: 45, PROVIDER: 45},
    ),
    Scenario(
        "responses slower than the read timeout",
        {"latency_seconds": 3},
        error=r"did not answer within 0.5 seconds on 3 attempts|1.5-second time budget",
        advice="Try again later",
        seconds={CLIENT: 8, CLI: 5},
        cli_timeout=1.5,
        # The provider has the default limits only (15 s a read, 60 s in all): far too slow here.
        # SharedTrialCache's own deadline is pinned by test_a_shared_read_past_its_budget_...
        levels=(CLIENT, CLI),
    ),
    Scenario(
        "connection refused",
        refused=True,
        error=r"Could not connect to the Inspector endpoint",
        advice="Check the region, endpoint URL and network",
        seconds={CLIENT: 5, CLI: 20, PROVIDER: 20},
    ),
    Scenario(
        "a response that is not JSON",
        {"malformed": "not-json"},
        # botocore reads a 200 it cannot parse as an empty document: so the missing-fields message.
        error=r"not Inspector's JSON|without 'accounts' and 'failedAccounts'",
        advice="Check that the endpoint URL points at Inspector",
        seconds={CLIENT: 5, CLI: 20, PROVIDER: 20},
    ),
    Scenario(
        "a response without the required fields",
        {"malformed": "missing-fields"},
        error=r"without 'accounts' and 'failedAccounts'",
        advice="Check that the endpoint URL points at Inspector",
        seconds=FAST,
    ),
    Scenario("INTERNAL_ERROR that clears", {"internal_error_accounts": {OTHER: 2}}, seconds=FAST),
    Scenario(
        "INTERNAL_ERROR that never clears",
        {"internal_error_accounts": {OTHER: -1}},
        error=r"could not be resolved for 1 account: 222233334444 \(INTERNAL_ERROR",
        failed=((OTHER, "INTERNAL_ERROR"),),
        names=(OTHER,),
        # Three rounds of re-asking: 0.25 + 0.5 + 1 s with the default backoff.
        seconds={CLIENT: 5, CLI: 8, PROVIDER: 10},
    ),
    Scenario(
        "ACCESS_DENIED for some accounts",
        {"access_denied_accounts": frozenset({OTHER})},
        error=r"could not be resolved for 1 account: 222233334444 \(ACCESS_DENIED",
        failed=((OTHER, "ACCESS_DENIED"),),
        names=(OTHER,),
        seconds=FAST,
    ),
    Scenario(
        "ACCESS_DENIED for all accounts",
        {"access_denied_accounts": frozenset(ACCOUNTS)},
        error=r"could not be resolved for 2 accounts: 111122223333 \(ACCESS_DENIED",
        failed=((GOOD, "ACCESS_DENIED"), (OTHER, "ACCESS_DENIED")),
        names=ACCOUNTS,
        seconds=FAST,
    ),
    Scenario(
        "AccessDeniedException for the whole call",
        {"deny_all": True},
        error=r"Access denied calling inspector2:BatchGetFreeTrialInfo at the Inspector endpoint",
        advice="Grant the caller inspector2:BatchGetFreeTrialInfo",
        seconds=FAST,
    ),
    Scenario(
        "no credentials anywhere",
        credentials=False,
        error=r"^No AWS credentials were found\.",
        names=("profile",),
        advice="Set a profile",
        seconds=FAST,
    ),
    Scenario(
        "no region anywhere",
        region=False,
        error=r"^No AWS region is set\.",
        names=("region", "AWS_REGION"),
        advice="Pass region",
        seconds=FAST,
    ),
]


@dataclass
class Outcome:
    """What one level did in one scenario."""

    seconds: float
    message: str | None = None
    exit_code: int | None = None
    accounts: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()


@pytest.fixture(scope="module", autouse=True)
def report_measured_times() -> Iterator[None]:
    yield
    path = os.environ.get("FAULT_MATRIX_REPORT")
    if path:
        with open(path, "w", encoding="utf-8") as handle:
            json.dump(MEASURED, handle, indent=2, sort_keys=True)


def plugin_env(*, credentials: bool) -> dict[str, str]:
    """The provider process's environment: this machine's, minus every AWS setting."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("AWS_")}
    env |= {
        "AWS_CONFIG_FILE": os.devnull,
        "AWS_SHARED_CREDENTIALS_FILE": os.devnull,
        "AWS_EC2_METADATA_DISABLED": "true",
    }
    if credentials:
        env |= {"AWS_ACCESS_KEY_ID": "testing-key-id", "AWS_SECRET_ACCESS_KEY": "testing-secret"}
    return env


@pytest.fixture(scope="module")
def shared_plugin() -> Iterator[ProviderPlugin]:
    """One provider process for the rows with credentials and a stack region, as in a preview."""
    with ProviderPlugin(env=plugin_env(credentials=True)) as plugin:
        plugin.configure({"aws:region": "us-east-1"})
        yield plugin


def run_client(scenario: Scenario, endpoint_url: str) -> Outcome:
    started = time.monotonic()
    try:
        result = resolve_free_trials(
            ACCOUNTS,
            region="us-east-1" if scenario.region else None,
            endpoint_url=endpoint_url,
            limits=CLIENT_LIMITS,
        )
    except InspectorTrialError as error:
        return Outcome(time.monotonic() - started, message=str(error))
    return Outcome(
        time.monotonic() - started,
        accounts=tuple(a.account_id for a in result.accounts),
        failed=tuple((f.account_id, f.code) for f in result.failed_accounts),
    )


def run_cli(scenario: Scenario, endpoint_url: str) -> Outcome:
    argv = ["status", *ACCOUNTS, "--output", "json", "--endpoint-url", endpoint_url]
    argv += ["--timeout", f"{scenario.cli_timeout:g}"]
    if scenario.region:
        argv += ["--region", "us-east-1"]
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    code = main(argv, stdout=out, stderr=err)
    seconds = time.monotonic() - started
    stderr = err.getvalue().strip()
    assert not stderr or stderr.startswith("inspector-trial: "), stderr
    accounts: tuple[str, ...] = ()
    if out.getvalue():
        accounts = tuple(a["account_id"] for a in json.loads(out.getvalue())["accounts"])
    return Outcome(
        seconds, message=stderr.removeprefix("inspector-trial: ") or None, exit_code=code,
        accounts=accounts,
    )  # fmt: skip


def run_provider(scenario: Scenario, endpoint_url: str, plugin: ProviderPlugin) -> Outcome:
    inputs = {"account_ids": list(ACCOUNTS), "endpoint_url": endpoint_url}
    started = time.monotonic()
    try:
        _, outputs = plugin.read("freetrialinfo-faults", URN, inputs=inputs)
    except grpc.RpcError as error:
        details = error.details()
        assert details.rstrip().endswith(last_line_of_grpc_details(details))
        return Outcome(time.monotonic() - started, message=last_line_of_grpc_details(details))
    return Outcome(
        time.monotonic() - started, accounts=tuple(a["account_id"] for a in outputs["accounts"])
    )


@pytest.fixture
def scenario_env(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> Scenario:
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
    ]


@pytest.mark.parametrize(("scenario_env", "level"), cases(), indirect=["scenario_env"])
def test_fault(scenario_env: Scenario, level: str, make_emulator: Any, shared_plugin: Any) -> None:
    scenario = scenario_env
    emulator = make_emulator(SYNTHESIZED, FaultPlan(**scenario.faults))
    endpoint_url = closed_port_url() if scenario.refused else emulator.endpoint_url
    if level == CLIENT:
        outcome = run_client(scenario, endpoint_url)
    elif level == CLI:
        outcome = run_cli(scenario, endpoint_url)
    elif scenario.credentials and scenario.region:
        outcome = run_provider(scenario, endpoint_url, shared_plugin)
    else:  # its own process: the environment and the stack's config are per process
        with ProviderPlugin(env=plugin_env(credentials=scenario.credentials)) as plugin:
            plugin.configure({"aws:region": "us-east-1"} if scenario.region else {})
            outcome = run_provider(scenario, endpoint_url, plugin)
    MEASURED.setdefault(scenario.name, {})[level] = round(outcome.seconds, 2)

    assert outcome.seconds < scenario.seconds[level]
    names = tuple(endpoint_url if n == ENDPOINT else n for n in scenario.names)
    if level == CLIENT and scenario.failed:
        # The client returns failed accounts as data; the caller decides whether that is fatal.
        assert outcome.message is None
        assert outcome.failed == scenario.failed
        assert outcome.accounts == tuple(a for a in ACCOUNTS if a not in dict(scenario.failed))
    elif scenario.error is None:
        assert outcome.message is None
        assert outcome.accounts == ACCOUNTS
    else:
        assert outcome.message is not None
        assert_plain(
            outcome.message,
            names=names,
            # The command line's failed-account sentence carries no advice (see the doc).
            advice=None if level == CLI and scenario.failed else scenario.advice,
        )
        assert re.search(scenario.error, outcome.message), outcome.message
    if level == CLI:
        assert outcome.exit_code == scenario.exit_code
        if scenario.failed:  # status still prints what it got
            assert outcome.accounts == tuple(a for a in ACCOUNTS if a not in dict(scenario.failed))
    if scenario.refused or not scenario.credentials or not scenario.region:
        assert emulator.backend.requests == []  # refused before anything reached the service


# -- rows the emulator cannot produce, and bounds of the shared provider cache ------------------


def stubbed_resolver(endpoint_url: str, limits: ResolveLimits) -> tuple[TrialResolver, Stubber]:
    """The process's cached client for these settings, with its answers stubbed by botocore.

    The emulator checks no signature, so a rejected or expired token is built by botocore's
    Stubber; the command line then finds the same cached client.
    """
    settings = AwsSettings(region="us-east-1", endpoint_url=endpoint_url)
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
    _, stubber = stubbed_resolver(endpoint_url, ResolveLimits(total_timeout=30))
    err = io.StringIO()
    with stubber:
        code = main(
            [
                "status",
                GOOD,
                "--region",
                "us-east-1",
                "--endpoint-url",
                endpoint_url,
                "--timeout=30",
            ],
            stdout=io.StringIO(),
            stderr=err,
        )
    assert code == 3
    message = err.getvalue().strip().removeprefix("inspector-trial: ")
    assert_plain(message, names=(endpoint_url, "ExpiredTokenException"), advice="aws sso login")


def test_a_shared_read_past_its_budget_gets_the_plain_message(make_emulator):
    """The provider's cache waits for the batch's own deadline: never a bare TimeoutError."""
    emulator = make_emulator(SYNTHESIZED, FaultPlan(latency_seconds=3))
    limits = ResolveLimits(total_timeout=1, read_timeout=10, max_attempts=1)
    cache = SharedTrialCache(
        TrialResolver(AwsSettings(region="us-east-1", endpoint_url=emulator.endpoint_url), limits)
    )
    started = time.monotonic()
    with pytest.raises(TrialDataError) as error:
        cache.resolve(ACCOUNTS)
    assert time.monotonic() - started < 2.5
    assert_plain(str(error.value), names=(emulator.endpoint_url, "1-second"), advice="Try again")


def test_the_command_line_process_exits_within_its_timeout_on_a_hung_endpoint(make_emulator):
    """A request still hanging in botocore when the budget runs out must not hold the process."""
    emulator = make_emulator(SYNTHESIZED, FaultPlan(latency_seconds=30))
    argv = ["status", GOOD, "--region", "us-east-1", "--endpoint-url", emulator.endpoint_url]
    started = time.monotonic()
    finished = subprocess.run(
        [sys.executable, "-m", "pulumi_inspector_trial", *argv, "--timeout", "1.5"],
        capture_output=True,
        text=True,
        timeout=60,
        env=plugin_env(credentials=True),
    )
    seconds = time.monotonic() - started
    MEASURED.setdefault("hung endpoint, CLI process", {})["cli process"] = round(seconds, 2)
    assert finished.returncode == 3
    assert "1.5-second time budget" in finished.stderr
    assert "Traceback" not in finished.stderr
    assert seconds < 10  # was 76 s: 5 attempts of the 15-second read timeout
