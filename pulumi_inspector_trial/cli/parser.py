"""The command line's parser: commands, options and the types that check each option's text."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from .. import __version__
from ..domain.errors import InvalidInputError
from ..read.query import MAX_TOTAL_TIMEOUT, ResolveLimits


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
