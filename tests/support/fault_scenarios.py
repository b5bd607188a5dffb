"""The fault matrix's rows, and how each level a user meets is driven through one of them.

Shared by ``test_fault_matrix`` (every row at every level: the client and the command line in
``tests/emulator``, the provider plugin in ``tests/process``) and ``test_no_leaks`` (every error
message, searched for credentials). Not a test module itself.

The client runs with small explicit limits (``CLIENT_LIMITS``). The command line and the provider
run with the defaults a pipeline gets, except for ``Scenario.budget``: rows whose outcome does
not depend on how long the defaults wait give the command line ``--timeout`` and the provider the
stack config ``inspector-trial:timeout`` that many seconds, so they end in about a second. What
the defaults do in those rows is in docs/failure-modes.md.
"""

from __future__ import annotations

import io
import json
import os
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

import grpc

from pulumi_inspector_trial.aws.resolver import resolve_free_trials
from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.domain.errors import InspectorTrialError
from pulumi_inspector_trial.emulator import EmulatorServer, FaultPlan, Organisation
from pulumi_inspector_trial.read.query import TIMEOUT_CONFIG_KEY, ResolveLimits
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, ProviderPlugin
from support.plain_messages import assert_plain, closed_port_url, last_line_of_grpc_details

GOOD = "111122223333"
OTHER = "222233334444"
ACCOUNTS = (GOOD, OTHER)
SYNTHESIZED = Organisation(members={}, synthesize_members=True)
"""Every well-formed account id is a member with trials: only the injected faults fail."""
URN = f"urn:pulumi:dev::faults::{FREE_TRIAL_INFO_TYPE}::trial"
STACK_REGION = "us-east-1"

CLIENT_LIMITS = ResolveLimits(
    total_timeout=10,
    connect_timeout=1,
    read_timeout=0.5,
    max_attempts=3,
    retry_mode="standard",
    internal_error_backoff=0.05,
)
"""The client rows' limits: fewer attempts and shorter waits than the defaults."""
DEFAULTS = ResolveLimits()
"""What the command line and the provider use, apart from a row's ``budget``."""
BUDGET = 1.0
"""Seconds of ``--timeout`` / ``inspector-trial:timeout`` for the rows that fail for ever."""
HUNG_SECONDS = 30
"""How long the emulator waits before answering in the slow rows: far past every level's limit,
so an answer recorded before a level returned would mean it waited for the endpoint."""

CLIENT, CLI, PROVIDER = "client", "cli", "provider"
LEVELS = (CLIENT, CLI, PROVIDER)
ENDPOINT = "<endpoint>"
"""Stands for the scenario's endpoint URL in ``names``."""

FAILED_ACCOUNTS_ADVICE = {
    # The command line has no allow_failed_accounts option: it must not suggest one.
    CLI: r"Check that each is a member of the Inspector organisation, and run again",
    PROVIDER: r"Check that each is a member .* or set allow_failed_accounts",
}
"""What the failed-account sentence tells the user to do, per level (the client returns data)."""


def exactly(count: int) -> range:
    return range(count, count + 1)


def up_to(count: int) -> range:
    return range(count + 1)


def everywhere(requests: range) -> dict[str, range]:
    return dict.fromkeys(LEVELS, requests)


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
    """A regex for what the message tells the user to do (failed accounts: per level, above)."""
    requests: Mapping[str, range] = field(default_factory=dict)
    """Per level, how many BatchGetFreeTrialInfo requests the emulator had answered when the
    level returned; a level left out is not checked."""
    budget: float | None = None
    """``--timeout`` and ``inspector-trial:timeout``; None: the defaults."""
    refused: bool = False
    """The endpoint is a closed port on 127.0.0.1 rather than the emulator."""
    credentials: bool = True
    region: bool = True
    bad_input: bool = False
    """The row is bad input (exit 2): nothing could be sent."""
    levels: tuple[str, ...] = LEVELS

    def __str__(self) -> str:
        return self.name

    @property
    def exit_code(self) -> int:
        if self.bad_input:
            return 2
        return 0 if self.error is None and not self.failed else 3

    @property
    def resolved(self) -> tuple[str, ...]:
        """The accounts whose data comes back (the client's result, the command line's output)."""
        if self.error is not None and not self.failed:
            return ()
        return tuple(a for a in ACCOUNTS if a not in dict(self.failed))

    def advice_at(self, level: str) -> str | None:
        return FAILED_ACCOUNTS_ADVICE.get(level) if self.failed else self.advice

    def stack_config(self) -> dict[str, str]:
        """The provider's stack config in this row."""
        config = {"aws:region": STACK_REGION} if self.region else {}
        if self.budget is not None:
            config[TIMEOUT_CONFIG_KEY] = f"{self.budget:g}"
        return config


SCENARIOS = [
    Scenario(
        "throttling that clears",
        {"throttle_first": 1},
        requests=everywhere(exactly(2)),
    ),
    Scenario(
        "throttling that never clears",
        {"throttle_always": True},
        # The client's attempts run out first; the others' budget does (adaptive retries back
        # off for up to 1 + 2 + 4 + 8 s and rate-limit the client as well).
        error=rf"kept throttling requests after \d attempts|{BUDGET:g}-second time budget",
        advice="Try again later",
        requests={
            CLIENT: exactly(CLIENT_LIMITS.max_attempts),
            CLI: up_to(DEFAULTS.max_attempts),
            PROVIDER: up_to(DEFAULTS.max_attempts),
        },
        budget=BUDGET,
    ),
    Scenario(
        "500s that clear",
        {"server_error_first": 2},
        requests=everywhere(exactly(3)),
    ),
    Scenario(
        "500s that never clear",
        {"server_error_always": True},
        error=r"answered InternalServerException .* on all \d attempts",
        advice="Try again later",
        # botocore backs off from 5xx for a twentieth of what it waits after throttling: the
        # defaults' five attempts take well under a second, so they run as they are.
        requests={
            CLIENT: exactly(CLIENT_LIMITS.max_attempts),
            CLI: exactly(DEFAULTS.max_attempts),
            PROVIDER: exactly(DEFAULTS.max_attempts),
        },
    ),
    Scenario(
        "responses slower than every limit",
        {"latency_seconds": HUNG_SECONDS},
        error=(
            rf"did not answer within {CLIENT_LIMITS.read_timeout:g} seconds on "
            rf"{CLIENT_LIMITS.max_attempts} attempts|{BUDGET:g}-second time budget"
        ),
        advice="Try again later",
        # Every level gave up before the endpoint answered anything.
        requests=everywhere(exactly(0)),
        budget=BUDGET,
    ),
    Scenario(
        "connection refused",
        refused=True,
        error=r"Could not connect to the Inspector endpoint",
        advice="Check the region, endpoint URL and network",
    ),
    Scenario(
        "a response that is not JSON",
        {"malformed": "not-json"},
        # botocore reads a 200 it cannot parse as an empty document: so the missing-fields message.
        error=r"not Inspector's JSON|without 'accounts' and 'failedAccounts'",
        advice="Check that the endpoint URL points at Inspector",
        requests=everywhere(exactly(1)),
    ),
    Scenario(
        "a response without the required fields",
        {"malformed": "missing-fields"},
        error=r"without 'accounts' and 'failedAccounts'",
        advice="Check that the endpoint URL points at Inspector",
        requests=everywhere(exactly(1)),
    ),
    Scenario(
        "INTERNAL_ERROR that clears",
        {"internal_error_accounts": {OTHER: 2}},
        requests=everywhere(exactly(3)),
    ),
    Scenario(
        "INTERNAL_ERROR that never clears",
        {"internal_error_accounts": {OTHER: -1}},
        error=r"could not be resolved for 1 account: 222233334444 \(INTERNAL_ERROR",
        failed=((OTHER, "INTERNAL_ERROR"),),
        names=(OTHER,),
        # The first request, then every round of re-asking (0.25 + 0.5 + 1 s with the defaults).
        requests=everywhere(exactly(1 + DEFAULTS.internal_error_retries)),
    ),
    Scenario(
        "ACCESS_DENIED for some accounts",
        {"access_denied_accounts": frozenset({OTHER})},
        error=r"could not be resolved for 1 account: 222233334444 \(ACCESS_DENIED",
        failed=((OTHER, "ACCESS_DENIED"),),
        names=(OTHER,),
        requests=everywhere(exactly(1)),  # final: never asked again
    ),
    Scenario(
        "ACCESS_DENIED for all accounts",
        {"access_denied_accounts": frozenset(ACCOUNTS)},
        error=r"could not be resolved for 2 accounts: 111122223333 \(ACCESS_DENIED",
        failed=((GOOD, "ACCESS_DENIED"), (OTHER, "ACCESS_DENIED")),
        names=ACCOUNTS,
        requests=everywhere(exactly(1)),
    ),
    Scenario(
        "AccessDeniedException for the whole call",
        {"deny_all": True},
        error=r"Access denied calling inspector2:BatchGetFreeTrialInfo at the Inspector endpoint",
        advice="Grant the caller inspector2:BatchGetFreeTrialInfo",
        requests=everywhere(exactly(1)),  # not retried
    ),
    Scenario(
        "no credentials anywhere",
        credentials=False,
        error=r"^No AWS credentials were found\.",
        names=("profile",),
        advice="Set a profile",
        requests=everywhere(exactly(0)),  # refused before anything reached the service
    ),
    Scenario(
        "no region anywhere",
        region=False,
        bad_input=True,
        error=r"^No AWS region is set: ",
        names=("--region", "aws:region", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS config file"),
        advice="pass --region",
        requests=everywhere(exactly(0)),
    ),
]


@dataclass
class Outcome:
    """What one level did in one scenario."""

    seconds: float
    """Wall-clock time it took: reported (``FAULT_MATRIX_REPORT``), never asserted."""
    message: str | None = None
    exit_code: int | None = None
    accounts: tuple[str, ...] = ()
    failed: tuple[tuple[str, str], ...] = ()
    stdout: str = ""
    stderr: str = ""


def run_client(scenario: Scenario, endpoint_url: str) -> Outcome:
    """``resolve_free_trials`` with ``CLIENT_LIMITS``."""
    started = time.monotonic()
    try:
        result = resolve_free_trials(
            ACCOUNTS,
            region=STACK_REGION if scenario.region else None,
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
    """``inspector-trial status ... --output json``, in this process."""
    argv = ["status", *ACCOUNTS, "--output", "json", "--endpoint-url", endpoint_url]
    if scenario.budget is not None:
        argv += ["--timeout", f"{scenario.budget:g}"]
    if scenario.region:
        argv += ["--region", STACK_REGION]
    out, err = io.StringIO(), io.StringIO()
    started = time.monotonic()
    code = main(argv, stdout=out, stderr=err)
    seconds = time.monotonic() - started
    stderr = err.getvalue().strip()
    accounts: tuple[str, ...] = ()
    if out.getvalue():
        accounts = tuple(a["account_id"] for a in json.loads(out.getvalue())["accounts"])
    return Outcome(
        seconds,
        message=stderr.removeprefix("inspector-trial: ") or None,
        exit_code=code,
        accounts=accounts,
        stdout=out.getvalue(),
        stderr=err.getvalue(),
    )


def run_provider(scenario: Scenario, endpoint_url: str, plugin: ProviderPlugin) -> Outcome:
    """A Read over gRPC, as the engine sends it at preview; ``plugin`` is configured with
    ``scenario.stack_config()``. The message is the last line of the error details (the SDK
    sends a traceback whose last line is ours)."""
    inputs = {"account_ids": list(ACCOUNTS), "endpoint_url": endpoint_url}
    started = time.monotonic()
    try:
        _, outputs = plugin.read("freetrialinfo-faults", URN, inputs=inputs)
    except grpc.RpcError as error:
        return Outcome(
            time.monotonic() - started, message=last_line_of_grpc_details(error.details())
        )
    return Outcome(
        time.monotonic() - started, accounts=tuple(a["account_id"] for a in outputs["accounts"])
    )


# -- serving a row, checking what a level did, and the report of measured times ----------------


def serve(
    scenario: Scenario, make_emulator: Callable[..., EmulatorServer]
) -> tuple[str, EmulatorServer | None]:
    """The endpoint the row reads from: a closed port, or an emulator with the row's faults."""
    if scenario.refused:
        return closed_port_url(), None
    emulator = make_emulator(SYNTHESIZED, FaultPlan(**scenario.faults))
    return emulator.endpoint_url, emulator


def check(
    scenario: Scenario,
    level: str,
    outcome: Outcome,
    endpoint_url: str,
    emulator: EmulatorServer | None,
) -> None:
    """What the row pins at ``level``: requests answered, the message, exit code and accounts."""
    answered = emulator.backend.request_count() if emulator is not None else None
    measured(scenario.name, level, outcome.seconds)

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


def measured(row: str, level: str, seconds: float) -> None:
    """Add a time to the ``FAULT_MATRIX_REPORT`` file, if one is asked for."""
    path = os.environ.get("FAULT_MATRIX_REPORT")
    if path:
        write_report(path, {row: {level: round(seconds, 2)}})


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
