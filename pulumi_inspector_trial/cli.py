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
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, Any

from . import __version__
from .errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_POLICY_VIOLATED,
    EXIT_UNRESOLVED,
    EXIT_USAGE,
    MEMBERSHIP_ADVICE,
    FailedAccountsError,
    InspectorTrialError,
    InvalidInputError,
    SeveralFailures,
    describe_failed_accounts,
    worst_exit_code,
)
from .model import AccountCosts, FreeTrialResult
from .settings import MAX_TOTAL_TIMEOUT, ResolveLimits, validate_region
from .wording import printable

CLI_ADVICE = f"{MEMBERSHIP_ADVICE}, and run again for INTERNAL_ERROR."


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
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    commands.required = True

    status = commands.add_parser("status", help="print each account's free trials")
    _add_resolution_options(status)
    status.add_argument("--output", choices=("table", "json"), default="table")
    status.add_argument(
        "--costs",
        action="store_true",
        help="add each account's estimated monthly cost (needs inspector2:ListUsageTotals)",
    )

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
    check.add_argument(
        "--max-monthly-cost",
        metavar="USD",
        type=_budget,
        help="fail when an account's estimated monthly cost over its scan types exceeds USD "
        "(needs inspector2:ListUsageTotals)",
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
    command.add_argument(
        "--region",
        action="append",
        default=[],
        metavar="REGION[,REGION...]",
        help="where to read (repeatable; regions are read at once); else AWS_REGION, "
        "then AWS_DEFAULT_REGION",
    )
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


def _budget(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0 <= value < float("inf"):  # nan fails both comparisons
        raise argparse.ArgumentTypeError(
            f"expected a number of US dollars, 0 or more, not {text!r}"
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
    except SeveralFailures as error:
        for message in error.messages:
            print(f"inspector-trial: {printable(message)}", file=err)
        return error.exit_code
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


def regions_of(values: Sequence[str]) -> list[str | None]:
    """``--region`` values, repeated or comma-separated, validated and without repeats, in the
    order given; ``[None]`` (the default region) when there are none."""
    regions: list[str | None] = []
    for value in values:
        for token in value.split(","):
            region = validate_region(token.strip(), "--region")
            if region not in regions:
                regions.append(region)
    return regions or [None]


@dataclass(frozen=True)
class Reads:
    """What one command read: the trials of each region that could be read, and a sentence for
    each one that could not."""

    results: dict[str, FreeTrialResult]
    """Region -> its trials, in the order the regions were given."""
    costs: dict[str, dict[str, AccountCosts]] | None
    """Region -> account -> estimated costs, when they were asked for."""
    failures: tuple[tuple[str, InspectorTrialError], ...]
    """(region, why) for each region that could not be read."""
    regional: bool
    """Whether more than one region was asked for: outputs then name the region of each line."""

    def problems(self) -> SeveralFailures | None:
        """Everything to report after the output, or None when everything was read."""
        messages: list[str] = []
        codes: list[int] = []
        for region, error in self.failures:
            messages.append(f"{region}: {error}" if self.regional else str(error))
            codes.append(error.exit_code)
        for region, result in self.results.items():
            if result.failed_accounts:
                message = describe_failed_accounts(result.failed_accounts, advice=CLI_ADVICE)
                messages.append(f"{region}: {message}" if self.regional else message)
                codes.append(EXIT_UNRESOLVED)
        return SeveralFailures(messages, worst_exit_code(codes)) if messages else None


def _read(args: argparse.Namespace, stdin: IO[str], *, include_costs: bool = False) -> Reads:
    from .inputs import TrialQuery
    from .service import StackDefaults, TrialRead, read_free_trials_in_regions

    account_ids = list(args.account_ids)
    if args.account_ids_file:
        account_ids += read_account_ids_file(args.account_ids_file, stdin)
    if not account_ids:
        raise InvalidInputError("No account ids given: pass ACCOUNT_ID... or --account-ids-file.")
    regions = regions_of(args.region)
    query = TrialQuery.from_props(
        {
            "account_ids": account_ids,
            "profile": args.profile,
            "role_arn": args.role_arn,
            "endpoint_url": args.endpoint_url,
            "allow_failed_accounts": True,  # reported after the output, which shows the others
            "include_costs": include_costs,
        }
    )
    query.settings.with_defaults(None, None)  # the environment's settings, before any request
    defaults = StackDefaults(limits=ResolveLimits(total_timeout=args.timeout))
    results: dict[str, FreeTrialResult] = {}
    costs: dict[str, dict[str, AccountCosts]] = {}
    failures: list[tuple[str, InspectorTrialError]] = []
    for asked, read in read_free_trials_in_regions(query, regions, defaults).items():
        if isinstance(read, TrialRead):
            results[read.region] = read.result
            costs[read.region] = read.costs or {}
        elif isinstance(read, InvalidInputError) and len(regions) == 1:
            raise read  # bad input is the whole run's, not one region's
        else:
            failures.append((asked or "the default region", read))
    return Reads(
        results, costs if include_costs else None, tuple(failures), regional=len(regions) > 1
    )


def status_document(
    results: dict[str, FreeTrialResult], costs: dict[str, dict[str, AccountCosts]] | None = None
) -> dict[str, Any]:
    """``--output json``: the contract's ``accounts`` and ``failed_accounts``, each entry with
    the region it was read in, sorted by account, then region; with ``costs``, a ``costs``
    list too, one entry per account and region."""
    accounts = [
        {"account_id": a.account_id, "region": region, **a.to_dict()}
        for region, result in results.items()
        for a in result.accounts
    ]
    failed = [
        {"account_id": f.account_id, "region": region, **f.to_dict()}
        for region, result in results.items()
        for f in result.failed_accounts
    ]
    document: dict[str, Any] = {
        "accounts": sorted(accounts, key=lambda a: (a["account_id"], a["region"])),
        "failed_accounts": sorted(failed, key=lambda f: (f["account_id"], f["region"])),
    }
    if costs is not None:
        estimates = [
            {"account_id": account_id, "region": region, **c.to_dict()}
            for region, by_account in costs.items()
            for account_id, c in by_account.items()
        ]
        document["costs"] = sorted(estimates, key=lambda c: (c["account_id"], c["region"]))
    return document


def _status(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from .report import trial_status_table

    reads = _read(args, stdin, include_costs=args.costs)
    if reads.results and args.output == "json":
        print(json.dumps(status_document(reads.results, reads.costs), indent=2), file=out)
    elif reads.results:
        print(trial_status_table(reads.results, at=clock(), costs=reads.costs), file=out)
    problems = reads.problems()
    if problems is not None:
        raise problems
    return EXIT_OK


def _check(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from .checks import (
        CheckReport,
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
    budget = args.max_monthly_cost
    reads = _read(args, stdin, include_costs=budget is not None)
    at = clock()
    report = CheckReport.combine(
        evaluate_check(
            result,
            require_active=required,
            min_days_left=args.min_days_left,
            at=at,
            region=region if reads.regional else None,
            costs=(reads.costs or {}).get(region),
            max_monthly_cost=budget,
        )
        for region, result in reads.results.items()
    )
    formatter = {"text": format_text, "json": format_json, "github": format_github}[args.output]
    print(formatter(report), file=out)
    problems = reads.problems()
    if problems is not None:
        policy = EXIT_POLICY_VIOLATED if report.violated else EXIT_OK
        raise SeveralFailures(problems.messages, worst_exit_code([problems.exit_code, policy]))
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
