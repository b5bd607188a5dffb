"""``inspector-trial``: trial status, a CI gate, the local emulator and a demo.

``main(argv) -> int`` never raises for a user's mistake or a failing service: every error becomes
one of the contract's exit codes in ``main`` alone, with a plain message on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import sys
from collections.abc import Callable, Sequence
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from .errors import (
    MEMBERSHIP_ADVICE,
    FailedAccountsError,
    InspectorTrialError,
    InvalidInputError,
    describe_failed_accounts,
)
from .model import FreeTrialResult
from .settings import MAX_TOTAL_TIMEOUT, ResolveLimits
from .wording import printable

CLI_ADVICE = f"{MEMBERSHIP_ADVICE}, and run again for INTERNAL_ERROR."

EXIT_OK = 0
EXIT_POLICY_VIOLATED = 1
EXIT_USAGE = 2
EXIT_UNRESOLVED = 3
EXIT_INTERRUPTED = 130
EXIT_BROKEN_PIPE = 141
"""128 + SIGPIPE, what a shell reports for a writer whose reader went away."""

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is an exception ``main`` turns into exit 2, not SystemExit."""

    def error(self, message: str) -> Any:
        raise InvalidInputError(f"{message}. Run '{self.prog} --help' for usage.")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="inspector-trial",
        description="AWS Inspector free-trial status for CI pipelines and Pulumi stacks.",
    )
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    status = commands.add_parser("status", help="print each account's free trials")
    _add_resolution_options(status)
    status.add_argument("--output", choices=("table", "json"), default="table")

    check = commands.add_parser("check", help="fail a pipeline on a trial policy")
    _add_resolution_options(check)
    check.add_argument(
        "--require-active",
        metavar="TYPE[,TYPE...]",
        action="append",
        default=[],
        help="trial types that must be ACTIVE in every account (repeatable)",
    )
    check.add_argument(
        "--min-days-left",
        metavar="N",
        type=_non_negative_int,
        help="fail when an active trial has fewer than N whole days left",
    )
    check.add_argument("--output", choices=("text", "json", "github"), default="text")

    emulator = commands.add_parser("emulator", help="serve the local Inspector emulator")
    emulator.add_argument("--host", type=_host, default="127.0.0.1")
    emulator.add_argument("--port", type=_port, default=4580)
    emulator.add_argument("--data", metavar="FILE", type=Path, help="organisation data (JSON)")

    commands.add_parser("demo", help="trial status and gating on a sample organisation")
    return parser


def _add_resolution_options(command: argparse.ArgumentParser) -> None:
    command.add_argument("account_ids", metavar="ACCOUNT_ID", nargs="*")
    command.add_argument(
        "--account-ids-file",
        metavar="FILE",
        help="more account ids, one a line ('#' starts a comment; '-' reads stdin)",
    )
    command.add_argument("--region")
    command.add_argument("--profile")
    command.add_argument("--role-arn")
    command.add_argument("--endpoint-url")
    command.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_timeout_seconds,
        default=ResolveLimits().total_timeout,
        help="give up after this many seconds in all (default: %(default)g)",
    )


def _non_negative_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, not {text!r}")
    return value


def _timeout_seconds(text: str) -> float:
    # Checked here, where argparse names the option, rather than by ResolveLimits, whose message
    # would name its field (total_timeout), which no user typed.
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 < value <= MAX_TOTAL_TIMEOUT:  # nan fails both comparisons
        raise argparse.ArgumentTypeError(
            f"expected a number of seconds above 0 and at most {MAX_TOTAL_TIMEOUT:g}, not {text!r}"
        )
    return value


def _host(text: str) -> str:
    # An empty host would bind every interface and announce an endpoint nobody can use.
    if not text.strip():
        raise argparse.ArgumentTypeError(f"expected a host name or address, not {text!r}")
    return text


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, not {text!r}")
    return int(text)


def read_account_ids_file(name: str, stdin: IO[str]) -> list[str]:
    """Account ids from a file, one a line; blank lines and ``#`` comments are skipped.

    A UTF-8 byte order mark at the start (what Windows editors and PowerShell write) is skipped
    too, from a file or from stdin, rather than making the first id invalid.
    """
    try:
        text = stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InvalidInputError(f"Cannot read account ids file {name!r}: {reason}.") from None
    text = text.removeprefix("\ufeff")
    ids = []
    for line in text.splitlines():
        content = line.split("#", 1)[0].strip()
        if content:
            ids.append(content)
    return ids


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
    try:
        # argparse writes --help to sys.stdout itself; send it where the caller asked.
        with contextlib.redirect_stdout(out):
            args = build_parser().parse_args(argv)
        command = _COMMANDS[args.command]
        return command(args, out, stdin or sys.stdin, clock)
    except FailedAccountsError as error:
        # The resource's advice (allow_failed_accounts) is no option of the command line.
        message = describe_failed_accounts(error.result.failed_accounts, advice=CLI_ADVICE)
        print(f"inspector-trial: {printable(message)}", file=err)
        return EXIT_UNRESOLVED
    except InspectorTrialError as error:
        print(f"inspector-trial: {printable(str(error))}", file=err)
        return error.exit_code
    except KeyboardInterrupt:
        print("inspector-trial: interrupted.", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`inspector-trial demo | head`): it has what it wanted. Python
        # flushes stdout once more at exit, so point it at devnull for that flush not to fail too.
        if out is sys.stdout:
            with contextlib.suppress(OSError, ValueError):
                os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE
    except SystemExit as exit_:  # --help and --version exit through argparse
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE


def run() -> None:
    """The console-script entry point."""
    sys.exit(main())


def _resolve(args: argparse.Namespace, stdin: IO[str]) -> FreeTrialResult:
    from .resolver import resolve_free_trials  # boto3 is imported only when a command needs it

    account_ids = list(args.account_ids)
    if args.account_ids_file:
        account_ids += read_account_ids_file(args.account_ids_file, stdin)
    if not account_ids:
        raise InvalidInputError("No account ids given: pass ACCOUNT_ID... or --account-ids-file.")
    return resolve_free_trials(
        account_ids,
        region=args.region,
        profile=args.profile,
        role_arn=args.role_arn,
        endpoint_url=args.endpoint_url,
        limits=ResolveLimits(total_timeout=args.timeout),
    )


def _status(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from .report import trial_status_table

    result = _resolve(args, stdin)
    if args.output == "json":
        print(json.dumps(result.to_dict(), indent=2), file=out)
    else:
        print(trial_status_table(result, at=clock()), file=out)
    if result.failed_accounts:
        raise FailedAccountsError(result)
    return EXIT_OK


def _check(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from .checks import (
        evaluate_check,
        format_github,
        format_json,
        format_text,
        require_known_types,
        service_trial_types,
    )

    # Refused before any request: a malformed type, and one botocore's model does not list (a
    # typo such as EC3 would otherwise fail every account as "missing", after asking for them).
    known = service_trial_types() if args.require_active else None
    required = require_known_types(args.require_active, known, option="--require-active")
    result = _resolve(args, stdin)
    report = evaluate_check(
        result, require_active=required, min_days_left=args.min_days_left, at=clock()
    )
    formatter = {"text": format_text, "json": format_json, "github": format_github}[args.output]
    print(formatter(report), file=out)
    if result.failed_accounts:
        raise FailedAccountsError(result)
    return EXIT_POLICY_VIOLATED if report.violated else EXIT_OK


def _emulator(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from .emulator import run_emulator

    def announce(endpoint_url: str) -> None:
        print(f"Inspector emulator listening on {endpoint_url}", file=out)
        print(f"Point boto3 at it: export AWS_ENDPOINT_URL_INSPECTOR2={endpoint_url}", file=out)
        out.flush()

    run_emulator(args.host, args.port, args.data, on_ready=announce)
    return EXIT_OK


def _demo(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from .demo import run_demo

    return run_demo(out, at=clock())


_COMMANDS: dict[str, Callable[[argparse.Namespace, IO[str], IO[str], Clock], int]] = {
    "status": _status,
    "check": _check,
    "emulator": _emulator,
    "demo": _demo,
}
