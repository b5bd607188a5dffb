"""What every benchmark script shares: the emulator in a separate process, AWS isolation, account
ids, and one way of printing a figure beside its target.

The machine these run on is shared and noisy, so every target is a ratio or a count measured side
by side in one run, and wall-clock figures are medians.
"""

from __future__ import annotations

import json
import math
import os
import statistics
import subprocess
import sys
import tempfile
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


class EmulatorProcess:
    """``emulator_process.py`` in a child process, serving ``data`` (a data-file document)."""

    def __init__(self, data: Mapping[str, Any]) -> None:
        with tempfile.NamedTemporaryFile(
            "w", suffix=".json", prefix="inspector-trial-bench-", delete=False
        ) as data_file:
            json.dump(data, data_file)
        self._data_path = Path(data_file.name)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-u",
                str(BENCHMARKS / "emulator_process.py"),
                "--data",
                str(self._data_path),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=isolated_aws_env(),
        )
        assert self.process.stdout is not None
        self.endpoint_url = self.process.stdout.readline().strip()
        if not self.endpoint_url.startswith("http://127.0.0.1:"):
            self.stop()
            raise RuntimeError(f"the emulator did not start: {self.endpoint_url!r}")

    def _ask(self, command: str) -> dict[str, Any]:
        assert self.process.stdin is not None and self.process.stdout is not None
        self.process.stdin.write(command + "\n")
        self.process.stdin.flush()
        answer: dict[str, Any] = json.loads(self.process.stdout.readline())
        return answer

    def stats(self) -> dict[str, Any]:
        return self._ask("stats")

    def reset(self) -> None:
        self._ask("reset")

    def stop(self) -> None:
        if self.process.poll() is None:
            assert self.process.stdin is not None
            self.process.stdin.close()
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


def emulator_data(**faults: Any) -> dict[str, Any]:
    """A data file: every 12-digit id is a member; 100 ms a request plus ``faults``."""
    return {
        "synthesizeMembers": True,
        "faults": {"latency_seconds": API_LATENCY_SECONDS, **faults},
    }


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
