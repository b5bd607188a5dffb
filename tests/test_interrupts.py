"""Ctrl-C: whatever the command waits on, it exits 130 at once with one line and no traceback.

Each test runs the real console script against an emulator that is slow or failing, waits in the
emulator's request log for the first request to arrive, sends SIGINT, and then gives the process
far less time to exit (``EXIT_WITHIN``) than the time budget it was given (``BUDGET``) or the
emulator's latency: a command that waited for its work to finish would fail the test.
"""

from __future__ import annotations

import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from datetime import datetime
from pathlib import Path

import pytest

from pulumi_inspector_trial.aws.resolver import TrialResolver
from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    FaultPlan,
    RegionalBackends,
    sample_organisation,
)
from pulumi_inspector_trial.emulator.sample import ENDING_SOON_ACCOUNT, FRESH_ACCOUNT
from pulumi_inspector_trial.read.query import AwsSettings
from pulumi_inspector_trial.read.waiting import (
    Background,
    Cancelled,
    cancellation,
    cancelled,
    in_threads,
)

CONSOLE_SCRIPT = Path(sys.executable).with_name("inspector-trial")
ROLE_ARN = "arn:aws:iam::123456789012:role/InspectorReader"
BUDGET = "60"
"""The time budget each command is given: what it would wait for if Ctrl-C did not stop it."""
SLOW = 30.0
"""Seconds the slow emulator takes to answer a request."""
EXIT_WITHIN = 10
"""Seconds the process has to exit after SIGINT: far less than ``BUDGET`` and ``SLOW``."""
FIRST_REQUEST_WITHIN = 30.0
"""How long a test waits for the command's first request: only a stuck run is that slow."""
INTERRUPTED = "inspector-trial: interrupted.\n"
BATCH_GET = "BatchGetFreeTrialInfo"

pytestmark = pytest.mark.timeout(120)


@pytest.fixture
def regional(
    start_emulator: Callable[..., EmulatorServer], fixed_now: datetime
) -> Iterator[EmulatorServer]:
    """The sample organisation in every region, with faults per region."""
    server = start_emulator(RegionalBackends(default=sample_organisation(fixed_now)))
    yield server
    server.stop()


def start(
    server: EmulatorServer, regions: str, *argv: str, env: dict[str, str]
) -> subprocess.Popen[str]:
    """The console script, run against ``server`` in ``regions`` with ``BUDGET``."""
    where = ["--endpoint-url", server.endpoint_url, "--region", regions, "--timeout", BUDGET]
    return subprocess.Popen(
        [str(CONSOLE_SCRIPT), *argv, *where],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def wait_until(arrived: Callable[[], bool], process: subprocess.Popen[str]) -> None:
    """Poll until ``arrived()``; fail with the process's output if it ended first."""
    give_up = time.monotonic() + FIRST_REQUEST_WITHIN
    while not arrived():
        if process.poll() is not None:
            stdout, stderr = process.communicate()
            pytest.fail(f"the command ended ({process.returncode}) first: {stdout}{stderr}")
        if time.monotonic() > give_up:
            process.kill()
            pytest.fail("the command sent no request")
        time.sleep(0.02)


def interrupt(process: subprocess.Popen[str]) -> tuple[int, str, str]:
    """SIGINT, then the exit code and output, allowing ``EXIT_WITHIN`` seconds to exit."""
    process.send_signal(signal.SIGINT)
    try:
        stdout, stderr = process.communicate(timeout=EXIT_WITHIN)
    except subprocess.TimeoutExpired:
        process.kill()
        stdout, stderr = process.communicate()
        pytest.fail(f"still running {EXIT_WITHIN} seconds after SIGINT: {stderr}")
    return process.returncode, stdout, stderr


def operations(server: EmulatorServer, operation: str, region: str | None = None) -> int:
    return sum(
        1
        for r in server.backend.requests
        if r.operation == operation and (region is None or r.region == region)
    )


def assert_interrupted(code: int, stdout: str, stderr: str) -> None:
    assert (code, stderr) == (130, INTERRUPTED)
    assert stdout == ""


def test_a_single_region_read_re_asking_a_slow_endpoint(regional, aws_env):
    # INTERNAL_ERROR sends the account back for another round; the rounds then meet latency.
    regional.backend.set_faults(internal_error_accounts={FRESH_ACCOUNT: -1})
    process = start(regional, "us-east-1", "status", FRESH_ACCOUNT, env=aws_env())
    try:
        wait_until(lambda: operations(regional, BATCH_GET) >= 1, process)
        regional.backend.set_faults(latency_seconds=SLOW)

        assert_interrupted(*interrupt(process))
    finally:
        process.kill()


def test_a_read_of_several_regions_one_slow(regional, aws_env):
    regional.backend.set_faults("eu-west-1", latency_seconds=SLOW)
    process = start(
        regional, "us-east-1,eu-west-1", "check", "--output", "json", FRESH_ACCOUNT, env=aws_env()
    )
    try:
        wait_until(lambda: operations(regional, BATCH_GET, "us-east-1") >= 1, process)

        assert_interrupted(*interrupt(process))
    finally:
        process.kill()


def test_status_with_costs_against_a_slow_endpoint(regional, aws_env):
    # The role is assumed (quickly) before either Inspector request is signed: its request in
    # the log says both slow requests are on their way.
    regional.backend.set_faults(latency_seconds=SLOW)
    process = start(
        regional,
        "us-east-1",
        *("status", "--costs", "--role-arn", ROLE_ARN, FRESH_ACCOUNT, ENDING_SOON_ACCOUNT),
        env=aws_env(AWS_ENDPOINT_URL_STS=regional.endpoint_url),
    )
    try:
        wait_until(lambda: operations(regional, "AssumeRole") >= 1, process)

        assert_interrupted(*interrupt(process))
    finally:
        process.kill()


def test_several_regions_with_costs_and_an_assumed_role(regional, aws_env):
    regional.backend.set_faults(latency_seconds=SLOW)
    process = start(
        regional,
        "us-east-1,eu-west-1,ap-south-1",
        *("check", "--max-monthly-cost", "100", "--role-arn", ROLE_ARN, FRESH_ACCOUNT),
        env=aws_env(AWS_ENDPOINT_URL_STS=regional.endpoint_url),
    )
    try:
        wait_until(lambda: operations(regional, "AssumeRole") >= 3, process)

        assert_interrupted(*interrupt(process))
    finally:
        process.kill()


@pytest.fixture
def silent_sts() -> Iterator[tuple[str, threading.Event]]:
    """An STS endpoint that accepts connections and never answers, and an event set when the
    first connection is accepted."""
    listener = socket.create_server(("127.0.0.1", 0))
    connected = threading.Event()
    held: list[socket.socket] = []

    def accept() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return
            held.append(connection)
            connected.set()

    threading.Thread(target=accept, daemon=True).start()
    yield f"http://127.0.0.1:{listener.getsockname()[1]}", connected
    listener.close()
    for connection in held:
        connection.close()


def test_assuming_a_role_when_sts_does_not_answer(regional, aws_env, silent_sts):
    sts_url, connected = silent_sts
    process = start(
        regional,
        "us-east-1,eu-west-1",
        *("status", "--role-arn", ROLE_ARN, FRESH_ACCOUNT),
        env=aws_env(AWS_ENDPOINT_URL_STS=sts_url),
    )
    try:
        wait_until(connected.is_set, process)

        assert_interrupted(*interrupt(process))
    finally:
        process.kill()


def test_retries_of_a_throttled_read(regional, aws_env):
    # Twenty attempts with botocore's backoff outlast EXIT_WITHIN many times over.
    regional.backend.set_faults(throttle_always=True)
    process = start(
        regional,
        "us-east-1,eu-west-1",
        *("check", "--require-active", "EC2", FRESH_ACCOUNT),
        env=aws_env(AWS_MAX_ATTEMPTS="20"),
    )
    try:
        wait_until(lambda: operations(regional, BATCH_GET) >= 2, process)

        assert_interrupted(*interrupt(process))
    finally:
        process.kill()


# --- what the threads of a read do once it has ended -----------------------------------------


def test_a_request_of_an_ended_read_is_never_sent(emulator):
    resolver = TrialResolver(AwsSettings(region="us-east-1", endpoint_url=emulator.endpoint_url))
    with cancellation() as cancel:
        cancel.set()  # what the end of the outermost read does, Ctrl-C or not
        with pytest.raises(Cancelled):
            resolver.client.batch_get_free_trial_info(accountIds=[FRESH_ACCOUNT])

    assert emulator.backend.requests == []


def test_a_throttled_request_of_an_ended_read_is_not_retried(make_emulator):
    server = make_emulator(faults=FaultPlan(throttle_always=True))
    resolver = TrialResolver(AwsSettings(region="us-east-1", endpoint_url=server.endpoint_url))

    def end_the_read(**_: object) -> None:  # after the first attempt, before its back-off
        cancel.set()

    resolver.client.meta.events.register("needs-retry", end_the_read)
    try:
        with cancellation() as cancel, pytest.raises(Cancelled):
            resolver.client.batch_get_free_trial_info(accountIds=[FRESH_ACCOUNT])
    finally:
        resolver.client.meta.events.unregister("needs-retry", end_the_read)

    assert server.backend.request_count() == 1


def test_threads_of_a_read_share_its_cancel_and_a_new_read_has_its_own():
    seen: list[bool] = []
    with cancellation() as cancel:
        cancel.set()
        Background(lambda: seen.append(cancelled()), name="test").result()
    with cancellation():
        Background(lambda: seen.append(cancelled()), name="test").result()

    assert seen == [True, False]


def test_in_threads_answers_in_the_order_given_and_raises_the_first_error():
    assert in_threads(lambda n: n * n, [3, 1, 2], workers=2, name="test") == [9, 1, 4]

    def fail_on_two(n: int) -> int:
        if n == 2:
            raise ValueError(n)
        return n

    with pytest.raises(ValueError, match="2"):
        in_threads(fail_on_two, [1, 2, 3], workers=1, name="test")
