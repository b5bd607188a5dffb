"""Running ``inspector-trial`` in-process, for the command-line tests: one way for all of them."""

from __future__ import annotations

import io
from collections.abc import Callable
from datetime import datetime

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator import EmulatorServer
from support.plain_messages import assert_plain

PREFIX = "inspector-trial: "


class Outcome:
    """What one ``main`` call did."""

    def __init__(self, code: int, stdout: str, stderr: str) -> None:
        self.code = code
        self.stdout = stdout
        self.stderr = stderr

    @property
    def output(self) -> str:
        return self.stdout + self.stderr

    @property
    def message(self) -> str:
        """The error message, without the program's name; asserted to be one plain line."""
        assert "Traceback" not in self.output, self.output
        assert self.stderr.startswith(PREFIX), self.stderr
        message = self.stderr.strip().removeprefix(PREFIX)
        assert_plain(message)
        return message


Cli = Callable[..., Outcome]


def cli_at(now: datetime) -> Cli:
    """``cli(*argv, stdin="...")``: run ``main`` with captured streams and the clock at ``now``."""

    def run(*argv: str, stdin: str = "") -> Outcome:
        out, err = io.StringIO(), io.StringIO()
        code = main(list(argv), stdout=out, stderr=err, stdin=io.StringIO(stdin), clock=lambda: now)
        return Outcome(code, out.getvalue(), err.getvalue())

    return run


def at(emulator: EmulatorServer, *extra: str) -> list[str]:
    """The options that point a command at ``emulator``."""
    return ["--endpoint-url", emulator.endpoint_url, "--region", "us-east-1", *extra]


def assert_plain_error(outcome: Outcome) -> None:
    """One short message on stderr, no traceback anywhere."""
    assert "Traceback" not in outcome.output
    lines = outcome.stderr.strip().splitlines()
    assert len(lines) == 1, outcome.stderr
    assert lines[0].startswith("inspector-trial: ")
