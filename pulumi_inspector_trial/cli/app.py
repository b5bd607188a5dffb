"""``inspector-trial``: trial status, a CI gate, the local emulator and a demo.

``main(argv) -> int`` never raises for a user's mistake or a failing service: every error becomes
one of the contract's exit codes in ``main`` alone, with a plain message on stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Final, cast

from .checks import CLI_ADVICE
from .errors import (
    EXIT_BROKEN_PIPE,
    EXIT_INTERRUPTED,
    EXIT_OK,
    EXIT_POLICY_VIOLATED,
    EXIT_UNRESOLVED,
    EXIT_USAGE,
    FailedAccountsError,
    InspectorTrialError,
    InvalidInputError,
    OutputError,
    SeveralFailures,
    describe_failed_accounts,
    worst_exit_code,
)
from .model import (
    SHOWN_BAD_INPUTS,
    AccountCosts,
    AccountIds,
    FreeTrialResult,
    first_few,
    is_account_id,
    normalize_account_ids,
)
from .redaction import redact
from .settings import MAX_TOTAL_TIMEOUT, ResolveLimits, validate_region
from .terminal import ProgressLine, debug_log, is_terminal
from .wording import printable

if TYPE_CHECKING:
    from .inputs import TrialQuery
    from .service import StackDefaults, TrialRead

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
    for where in (parser, status, check):  # before or after the command, as the AWS CLI takes it
        where.add_argument(
            "--debug",
            action="store_true",
            default=False if where is parser else argparse.SUPPRESS,
            help="log every request and response to stderr (credentials and passwords hidden)",
        )
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
        help="give up on the requests to AWS after this many seconds in all, each region's "
        "read and its costs alike (default: %(default)g); reading and checking the account "
        "ids comes before and is not counted",
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


_PLAIN_IDS: Final = re.compile(r"[ \t\r\n]*(?:[0-9]{12}[ \t]*(?:\r?\n[ \t\r\n]*|\Z))*")
"""An ids file of ids and blank lines only, which ``str.split`` splits as the line loop would."""


def read_account_ids_file(name: str, stdin: IO[str]) -> AccountIds:
    """Account ids from a file, one a line; blank lines and ``#`` comments are skipped. Checked,
    deduplicated and sorted here, in one pass, and never again.

    A UTF-8 byte order mark at the start (what Windows editors and PowerShell write) is skipped
    too, from a file or from stdin, rather than making the first id invalid. A bad line is never
    shown, only counted and named by its number: it may hold a credential (a config file given
    by mistake, say).
    """
    try:
        text = stdin.read() if name == "-" else Path(name).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or str(error)
        raise InvalidInputError(f"Cannot read account ids file {name!r}: {reason}.") from None
    text = text.removeprefix("\ufeff")
    if _PLAIN_IDS.fullmatch(text):  # the common file, checked and split in C: 4M ids in seconds
        return AccountIds(sorted(set(text.split())))
    return ids_line_by_line(name, text)


def ids_line_by_line(name: str, text: str) -> AccountIds:
    """The ids of an ids file's ``text``, or an error counting its bad lines by number."""
    ids: set[str] = set()
    bad_lines: list[str] = []
    bad_count = 0
    for number, line in enumerate(text.splitlines(), start=1):
        content = (line.split("#", 1)[0] if "#" in line else line).strip()
        if not content:
            continue
        if is_account_id(content):
            ids.add(content)
        else:
            bad_count += 1
            if len(bad_lines) < SHOWN_BAD_INPUTS:
                bad_lines.append(str(number))
    if bad_count:
        lines = "lines" if bad_count > 1 else "line"
        are = "are not 12-digit account ids" if bad_count > 1 else "is not a 12-digit account id"
        raise InvalidInputError(
            f"--account-ids-file {name!r}: {bad_count:,} {lines} {are}: "
            f"{lines} {first_few(bad_lines, bad_count)}."
        )
    return AccountIds(sorted(ids))


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
            command = _COMMANDS[args.command]
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
        return error.exit_code
    except FailedAccountsError as error:
        # The resource's advice (allow_failed_accounts) is no option of the command line.
        message = describe_failed_accounts(error.result.failed_accounts, advice=CLI_ADVICE)
        _report(err, message)
        return EXIT_UNRESOLVED
    except SeveralFailures as error:
        for message in error.messages:
            _report(err, message)
        return error.exit_code
    except InspectorTrialError as error:
        _report(err, str(error))
        return error.exit_code
    except KeyboardInterrupt:
        print("inspector-trial: interrupted.", file=err)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`inspector-trial demo | head`): it has what it wanted.
        _forget_stdout(out)
        return EXIT_BROKEN_PIPE
    except SystemExit as exit_:  # --help and --version exit through argparse
        return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE


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
    from .aws_client import configured_region
    from .inputs import TrialQuery
    from .service import StackDefaults, TrialRead

    # Checked, deduplicated and sorted once: every layer below takes AccountIds as they are.
    account_ids = normalize_account_ids(args.account_ids) if args.account_ids else AccountIds()
    if args.account_ids_file:
        account_ids = account_ids.union(read_account_ids_file(args.account_ids_file, stdin))
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
    # The environment's settings, and a region, before any request: each read is then of a
    # region by name, which every output carries.
    located = query.settings.with_defaults(None, None)
    if regions == [None]:
        regions = [located.region or configured_region(located.profile)]
    defaults = StackDefaults(limits=ResolveLimits(total_timeout=args.timeout))
    results: dict[str, FreeTrialResult] = {}
    costs: dict[str, dict[str, AccountCosts]] = {}
    failures: list[tuple[str, InspectorTrialError]] = []
    for asked, read in _read_showing_progress(query, regions, defaults, args).items():
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


def _read_showing_progress(
    query: TrialQuery,
    regions: Sequence[str | None],
    defaults: StackDefaults,
    args: argparse.Namespace,
) -> dict[str | None, TrialRead | InspectorTrialError]:
    """``read_free_trials_in_regions``, with a progress line on a terminal's stderr."""
    from .resolver import TrialResolver
    from .service import read_free_trials_in_regions

    stream = getattr(args, "progress_to", None)
    if stream is None:
        return read_free_trials_in_regions(query, regions, defaults)
    line = ProgressLine(stream)
    try:
        return read_free_trials_in_regions(
            query,
            regions,
            defaults,
            resolver_for=lambda settings, limits: TrialResolver(
                settings, limits, progress=line.advance
            ),
        )
    finally:
        line.clear()


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
        Unread,
        evaluate_check,
        format_github,
        format_json,
        format_text,
        require_known_types,
        service_trial_types,
        unread_sentences,
    )

    # Refused before any request: a malformed type, and one botocore's model does not list (a
    # typo such as EC3 would otherwise fail every account as "missing", after asking for them).
    known = service_trial_types() if args.require_active else None
    required = require_known_types(args.require_active, known, option="--require-active")
    budget = args.max_monthly_cost
    reads = _read(args, stdin, include_costs=budget is not None)
    at = clock()
    checked = [
        evaluate_check(
            result,
            require_active=required,
            min_days_left=args.min_days_left,
            at=at,
            region=region,
            name_region=reads.regional,
            costs=(reads.costs or {}).get(region),
            max_monthly_cost=budget,
        )
        for region, result in reads.results.items()
    ]
    unread_regions = tuple(Unread.of_region(region, str(why)) for region, why in reads.failures)
    report = CheckReport.combine([*checked, CheckReport((), (), unread=unread_regions)])
    formatter = {"text": format_text, "json": format_json, "github": format_github}[args.output]
    print(formatter(report), file=out)
    # The exit code says what the report says: unread data (3) outranks a violated policy (1).
    problems = reads.problems()
    messages = list(problems.messages) if problems is not None else []
    codes = [EXIT_POLICY_VIOLATED if report.violated else EXIT_OK]
    codes += [problems.exit_code] if problems is not None else []
    if not report.complete:
        codes.append(EXIT_UNRESOLVED)
        messages = messages or unread_sentences(report) or ["No account was checked."]
    if messages:
        raise SeveralFailures(messages, worst_exit_code(codes))
    return worst_exit_code(codes)


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
