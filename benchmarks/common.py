"""What every benchmark script shares: the emulator in a separate process (driven through its
control API), AWS isolation, account ids, and one way of printing a figure beside its target.

The machine these run on is shared and noisy, so every target is a ratio or a count measured side
by side in one run, and wall-clock figures are medians.
"""

from __future__ import annotations

import http.client
import json
import math
import os
import re
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any

BENCHMARKS = Path(__file__).resolve().parent
REGION = "us-east-1"
API_LATENCY_SECONDS = 0.1
"""What every emulated request costs, as a far-away region would."""
FIRST_ACCOUNT = 100_000_000_000


def account_ids(count: int, first: int = FIRST_ACCOUNT) -> list[str]:
    """``count`` distinct 12-digit ids; the synthesizing emulator answers any of them."""
    return [str(first + n) for n in range(count)]


def batches_needed(accounts: int) -> int:
    return math.ceil(accounts / 100)


def isolated_aws_env(base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment with fake credentials and nothing of the machine's AWS settings."""
    env = {k: v for k, v in (os.environ if base is None else base).items()}
    for name in [n for n in env if n.startswith("AWS_")]:
        del env[name]
    scratch = tempfile.gettempdir()
    env.update(
        AWS_ACCESS_KEY_ID="benchmark-key-id",
        AWS_SECRET_ACCESS_KEY="benchmark-secret",
        AWS_CONFIG_FILE=str(Path(scratch) / "inspector-trial-bench-no-aws-config"),
        AWS_SHARED_CREDENTIALS_FILE=str(Path(scratch) / "inspector-trial-bench-no-credentials"),
        AWS_EC2_METADATA_DISABLED="true",
    )
    return env


def isolate_this_process() -> None:
    """Apply ``isolated_aws_env`` to ``os.environ`` (before boto3 reads it)."""
    env = isolated_aws_env()
    os.environ.clear()
    os.environ.update(env)


def timed_in_this_process(run: Callable[[str], int], endpoint_url: str) -> dict[str, float]:
    """A ``--worker``'s measurement: ``run(endpoint_url)`` timed in this fresh interpreter, with
    the environment isolated and boto3 and the package's read imported before the clock starts;
    ``answered`` is what ``run`` counted, so a run that read nothing is seen."""
    isolate_this_process()
    import boto3  # noqa: F401 - imports are paid before the clock starts

    import pulumi_inspector_trial.aws.resolver
    import pulumi_inspector_trial.read.service  # noqa: F401

    started = time.perf_counter()
    answered = run(endpoint_url)
    return {"seconds": time.perf_counter() - started, "answered": answered}


class EmulatorProcess:
    """``inspector-trial emulator --port 0 --data FILE`` in a child process, serving ``data`` (a
    data-file document); asked what it answered, reset and given faults through its control API
    (``/_emulator/``), so request counts come from the server's own records."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        with tempfile.NamedTemporaryFile(
            "w", suffix=".json", prefix="inspector-trial-bench-", delete=False
        ) as data_file:
            json.dump(data, data_file)
        self._data_path = Path(data_file.name)
        command = ["-m", "pulumi_inspector_trial", "emulator", "--port", "0"]
        self.process = subprocess.Popen(
            [sys.executable, *command, "--data", str(self._data_path)],
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            text=True,
            env=isolated_aws_env(),
        )
        assert self.process.stdout is not None
        announced = self.process.stdout.readline()
        found = re.search(r"http://127\.0\.0\.1:(\d+)", announced)
        if found is None:
            self.stop()
            raise RuntimeError(f"the emulator did not start: {announced!r}")
        self.endpoint_url = found.group(0)
        self._port = int(found.group(1))

    def _control(self, method: str, path: str, body: object = None) -> Any:
        connection = http.client.HTTPConnection("127.0.0.1", self._port, timeout=30)
        try:
            payload = None if body is None else json.dumps(body)
            connection.request(method, f"/_emulator/{path}", body=payload)
            response = connection.getresponse()
            answer = json.loads(response.read())
        finally:
            connection.close()
        if response.status != 200:
            raise RuntimeError(f"the emulator refused {method} {path}: {answer}")
        return answer

    def requests(self) -> list[dict[str, Any]]:
        """Every request answered since the last ``reset``: operation, region, account_ids,
        status."""
        recorded: list[dict[str, Any]] = self._control("GET", "requests")["requests"]
        return recorded

    def stats(self) -> dict[str, Any]:
        """What the emulator answered to BatchGetFreeTrialInfo since the last ``reset``."""
        recorded = self.requests()
        batch = [r for r in recorded if r["operation"] == "BatchGetFreeTrialInfo"]
        statuses = Counter(r["status"] for r in batch)
        answered = [r for r in batch if r["status"] == 200]
        asked = Counter(i for r in answered for i in r["account_ids"])
        return {
            "requests": len(batch),
            "answered": len(answered),
            "throttled": statuses.get(429, 0),
            "server_errors": sum(n for status, n in statuses.items() if status >= 500),
            "accounts_asked": sum(asked.values()),
            "distinct_accounts_asked": len(asked),
            "accounts_asked_twice": sum(1 for n in asked.values() if n > 1),
        }

    def reset(self) -> None:
        """Forget recorded requests and rewind fault counters."""
        self._control("POST", "reset")

    def set_faults(self, **faults: Any) -> None:
        """Set fault plan fields (named as in a data file's ``faults``) in every region."""
        self._control("POST", "faults", faults)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGINT)  # what Ctrl-C does: the emulator stops
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self.process.stdout is not None:
            self.process.stdout.close()
        self._data_path.unlink(missing_ok=True)

    def __enter__(self) -> EmulatorProcess:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def emulator_data() -> dict[str, Any]:
    """A data file: every 12-digit id is a member, in every region; 100 ms a request."""
    return {"synthesizeMembers": True, "faults": {"latency_seconds": API_LATENCY_SECONDS}}


@dataclass
class Figure:
    """One measured figure, printed beside its target."""

    target: str
    measured: str
    met: bool | None
    """None: informational, no pass/fail."""

    def line(self) -> str:
        verdict = {True: "MET", False: "MISSED", None: "info"}[self.met]
        return f"  [{verdict:>6}] {self.target:<58} measured: {self.measured}"


def report(figures: Iterable[Figure]) -> list[Figure]:
    figures = list(figures)
    for figure in figures:
        print(figure.line(), flush=True)
    return figures


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def run_worker(script: str, *args: str, env: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Run ``script`` (in benchmarks/) in a fresh interpreter; it prints one JSON line."""
    completed = subprocess.run(
        [sys.executable, str(BENCHMARKS / script), *args],
        capture_output=True,
        text=True,
        env=dict(env) if env is not None else isolated_aws_env(),
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(f"{script} {' '.join(args)} failed:\n{completed.stderr}")
    result: dict[str, Any] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def mebibytes(n_bytes: float) -> str:
    return f"{n_bytes / 2**20:.1f} MiB"
