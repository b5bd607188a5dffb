"""The command line's exit codes: the one table from the package's errors to codes, and how the
codes of a run's parts make the run's one code. The library raises; only the command line knows
what a failure exits with."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from enum import IntEnum
from typing import Final

from ..domain.errors import (
    InspectorTrialError,
    InvalidInputError,
    MissingExtraError,
    TrialDataError,
)
from ..domain.redaction import mask_account_ids, redact


class ExitCode(IntEnum):
    """What ``inspector-trial`` exits with: the contract's codes."""

    OK = 0
    """Success."""
    POLICY_VIOLATED = 1
    """A ``check`` policy was violated."""
    USAGE = 2
    """Bad input or usage; the message names the bad value, and nothing was sent."""
    UNRESOLVED = 3
    """The trial data could not be resolved (service, network, credentials, a region that cannot
    be read, failed accounts)."""
    OUTPUT_FAILED = 74
    """The output could not be written (a full disk): ``EX_IOERR`` of sysexits.h, so that a
    pipeline never reads it as a violated policy."""
    INTERRUPTED = 130
    """128 + SIGINT: interrupted by the user."""
    BROKEN_PIPE = 141
    """128 + SIGPIPE, what a shell reports for a writer whose reader went away."""


_SEVERITY: Final = (ExitCode.OK, ExitCode.POLICY_VIOLATED, ExitCode.UNRESOLVED, ExitCode.USAGE)


def worst_exit_code(codes: Iterable[int]) -> ExitCode:
    """The exit code of a run made of several parts (regions, say): bad input over unresolved
    data over a violated policy over success."""
    return ExitCode(max(codes, key=_SEVERITY.index, default=ExitCode.OK))


class OutputError(InspectorTrialError):
    """The command's output could not be written (a full disk, say); a closed pipe is not one of
    these: the reader went away, and that ends a command quietly."""


class SeveralFailures(InspectorTrialError):
    """Several parts of one run failed (one message per region, say): each message is reported
    on a line of its own, and the run exits with the worst of their codes."""

    def __init__(self, messages: Sequence[str], exit_code: ExitCode) -> None:
        super().__init__(" ".join(messages))
        self.messages = tuple(redact(message) for message in messages)
        self.exit_code = exit_code

    def mask_account_ids(self) -> SeveralFailures:
        self.messages = tuple(mask_account_ids(message) for message in self.messages)
        super().mask_account_ids()
        return self


EXIT_CODE_OF: Final[tuple[tuple[type[InspectorTrialError], ExitCode], ...]] = (
    (InvalidInputError, ExitCode.USAGE),
    (MissingExtraError, ExitCode.USAGE),
    (OutputError, ExitCode.OUTPUT_FAILED),
    (TrialDataError, ExitCode.UNRESOLVED),
    (InspectorTrialError, ExitCode.UNRESOLVED),
)
"""Each error class of the package and what the command line exits with for it; first match
wins, so a subclass comes before its base."""


def exit_code_of(error: InspectorTrialError) -> ExitCode:
    """What the command line exits with when ``error`` ends it."""
    if isinstance(error, SeveralFailures):
        return error.exit_code
    return next(code for kind, code in EXIT_CODE_OF if isinstance(error, kind))
