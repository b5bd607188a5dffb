"""``inspector-trial``: trial status, a CI gate, the local emulator and a demo.

``main(argv) -> int`` never raises for a user's mistake or a failing service: every error becomes
one of the contract's exit codes in ``main`` alone, with a plain message on stderr.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator, Sequence
from typing import IO, cast

from ..domain.errors import FailedAccountsError, InspectorTrialError, describe_failed_accounts
from ..domain.redaction import redact
from ..domain.wording import printable
from .commands import COMMANDS, Clock, utc_now
from .parser import build_parser
from .render import CLI_ADVICE
from .status import ExitCode, OutputError, SeveralFailures, exit_code_of
from .terminal import debug_log, is_terminal


def main(
    argv: Sequence[str] | None = None,
    *,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
    stdin: IO[str] | None = None,
    clock: Clock = utc_now,
) -> int:
    """Run one command; return its exit code. Errors are reported here and only here.

    A message may carry what the service or the user sent; it is printed ``printable``, so a
    control character in it is shown escaped and the message stays one line.
    """
    out = stdout or sys.stdout
    err = stderr or sys.stderr
    written = cast(IO[str], _Output(out))
    try:
        try:
            # argparse writes --help to sys.stdout itself; send it where the caller asked.
            with contextlib.redirect_stdout(written):
                args = build_parser().parse_args(argv)
            command = COMMANDS[args.command]
            # The progress line is for a person watching: never with --debug's log, never piped.
            args.progress_to = err if is_terminal(err) and not args.debug else None
            with debug_log(err, args.debug):
                return command(args, written, stdin or sys.stdin, clock)
        finally:
            # What is still buffered fails here, where it is reported, not at interpreter exit.
            written.flush()
    except OutputError as error:
        _forget_stdout(out)
        with contextlib.suppress(OSError):  # stderr on the same full disk: the code says it all
            _report(err, str(error))
        return ExitCode.OUTPUT_FAILED
    except FailedAccountsError as error:
        # The resource's advice (allow_failed_accounts) is no option of the command line.
        message = describe_failed_accounts(error.result.failed_accounts, advice=CLI_ADVICE)
        _report(err, message)
        return ExitCode.UNRESOLVED
    except SeveralFailures as error:
        for message in error.messages:
            _report(err, message)
        return error.exit_code
    except InspectorTrialError as error:
        _report(err, str(error))
        return exit_code_of(error)
    except KeyboardInterrupt:
        print("inspector-trial: interrupted.", file=err)
        return ExitCode.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`inspector-trial demo | head`): it has what it wanted.
        _forget_stdout(out)
        return ExitCode.BROKEN_PIPE
    except SystemExit as exit_:  # --help and --version exit through argparse
        return exit_.code if isinstance(exit_.code, int) else ExitCode.USAGE


def _report(err: IO[str], message: str) -> None:
    """The one place a message reaches the terminal."""
    print(f"inspector-trial: {printable(redact(message))}", file=err)


class _Output:
    """The stream a command writes its output to: a write that fails (a full disk) becomes an
    ``OutputError``, so that it ends the command with its own code and a sentence, never a
    traceback. A closed pipe stays a ``BrokenPipeError``: the reader went away, and that ends a
    command quietly.

    Not an ``io`` class on purpose: those flush again when collected, where a failure could only
    be printed as an ignored exception.
    """

    def __init__(self, stream: IO[str]) -> None:
        self._stream = stream

    def write(self, text: str) -> int:
        with self._failing_as_output_error():
            return self._stream.write(text)

    def flush(self) -> None:
        with self._failing_as_output_error():
            self._stream.flush()

    def writable(self) -> bool:
        return True

    def isatty(self) -> bool:
        return self._stream.isatty()

    @contextlib.contextmanager
    def _failing_as_output_error(self) -> Iterator[None]:
        try:
            yield
        except BrokenPipeError:
            raise
        except OSError as error:
            reason = error.strerror or str(error) or type(error).__name__
            raise OutputError(f"Cannot write the output: {reason}.") from None


def _forget_stdout(out: IO[str]) -> None:
    """Python flushes stdout once more at exit; after a failed write the same bytes would fail
    again there (with a traceback-like warning and exit 120), so point stdout at devnull."""
    if out is sys.stdout:
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def run() -> None:
    """The console-script entry point."""
    sys.exit(main())
