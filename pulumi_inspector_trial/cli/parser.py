"""The command line's parser: commands, options and the types that check each option's text."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from .. import __version__
from ..domain.errors import InvalidInputError
from ..domain.inputs import INPUT_NAMED, SETTING_INPUTS, ReadInput
from ..domain.validation import parse_regions
from ..read.query import TIMEOUT_EXPECTED, ResolveLimits, timeout_seconds
from .terraform import QUERY_KEYS


class _Parser(argparse.ArgumentParser):
    """argparse, but a usage error is an exception ``main`` turns into exit 2, not SystemExit."""

    def error(self, message: str) -> Any:
        raise InvalidInputError(f"{message.rstrip('.')}. Run '{self.prog} --help' for usage.")


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
    _add_input(
        status,
        "include_costs",
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
    _add_input(
        check,
        "min_days_left",
        metavar="N",
        help="fail when an active trial has fewer than N whole days left",
    )
    _add_input(
        check,
        "max_monthly_cost",
        metavar="USD",
        help="fail when an account's estimated monthly cost over its scan types exceeds USD "
        "(needs inspector2:ListUsageTotals)",
    )
    check.add_argument(
        "--billing-within",
        metavar="DAYS",
        type=_days,
        help="fail for each scan type that is enabled and whose free trial has ended or ends "
        "within DAYS days: the bill that is coming (reads account status, which needs "
        "inspector2:BatchGetAccountStatus); running trials of types not enabled are notices",
    )
    _add_input(
        check,
        "include_costs",
        help="add the estimated monthly cost to each billing finding (needs "
        "inspector2:ListUsageTotals; --max-monthly-cost reads it anyway)",
    )
    check.add_argument("--output", choices=("text", "json", "github"), default="text")

    emulator = commands.add_parser("emulator", help="serve the local Inspector emulator")
    emulator.add_argument("--host", type=_host, default="127.0.0.1")
    emulator.add_argument("--port", type=_port, default=4580)
    emulator.add_argument("--data", metavar="FILE", type=Path, help="organisation data (JSON)")

    commands.add_parser("demo", help="trial status and gating on a sample organisation")

    terraform = commands.add_parser(
        "terraform-external",
        help="Terraform's external data source: the scan types to enable per account",
        description="Reads one JSON object of strings on stdin, the data source's query (keys: "
        f"{', '.join(QUERY_KEYS)}; lists comma-separated), and prints one JSON object of "
        "strings: each account id's Enabler resource types, comma-separated, and 'json', the "
        "whole result.",
    )
    terraform.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_timeout_seconds,
        default=ResolveLimits().total_timeout,
        help="give up on the requests to AWS after this many seconds in all (default: %(default)g)",
    )
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
    _add_input(
        command,
        "region",
        type=_regions,
        action="extend",
        default=[],
        metavar="REGION[,REGION...]",
        help="where to read (repeatable; regions are read at once); else AWS_REGION, "
        "then AWS_DEFAULT_REGION",
    )
    for declared in SETTING_INPUTS:
        if declared.on_cli and declared.name != "region":
            _add_input(command, declared.name)
    _add_input(
        command,
        "members",
        help="read the delegated administrator's associated members (inspector2:ListMembers) "
        "instead of ACCOUNT_ID...",
    )
    _add_input(
        command,
        "include_account_status",
        help="also read what each account has enabled (inspector2:BatchGetAccountStatus)",
    )
    command.add_argument(
        "--timeout",
        metavar="SECONDS",
        type=_timeout_seconds,
        default=ResolveLimits().total_timeout,
        help="give up on the requests to AWS after this many seconds in all, each region's "
        "read and its costs alike (default: %(default)g); reading and checking the account "
        "ids comes before and is not counted",
    )


def _add_input(command: argparse.ArgumentParser, name: str, **options: Any) -> None:
    """A flag for a declared input: its spelling, and the library's validator as its type, so
    that a bad value is refused by argparse naming the flag."""
    declared = INPUT_NAMED[name]
    if declared.type == "bool":
        options.setdefault("action", "store_true")  # a switch takes no text to check
    else:
        options.setdefault("type", _checked_by(declared))
    command.add_argument(declared.flag, dest=declared.name, **options)


def _checked_by(declared: ReadInput) -> Callable[[str], Any]:
    def check(text: str) -> Any:
        try:
            value = declared.from_text(text)
            return declared.validate(value, declared.name)
        except InvalidInputError as error:
            if declared.type == "str":  # the validator's message names the value and says why
                raise argparse.ArgumentTypeError(str(error).rstrip(".")) from None
        except ValueError:
            pass
        raise argparse.ArgumentTypeError(
            f"expected {declared.expected}, not {declared.shown(text)}"
        )

    check.__name__ = declared.name  # what argparse calls the type in its own messages
    return check


def _regions(text: str) -> list[str]:
    try:
        return parse_regions(text)
    except InvalidInputError as error:
        raise argparse.ArgumentTypeError(str(error).rstrip(".")) from None


def _timeout_seconds(text: str) -> float:
    try:
        return timeout_seconds(text, "--timeout")
    except InvalidInputError:
        # argparse names the option itself: the message says only what was expected.
        raise argparse.ArgumentTypeError(f"expected {TIMEOUT_EXPECTED}, not {text!r}") from None


def _days(text: str) -> int:
    if not (text.isascii() and text.isdigit()):
        raise argparse.ArgumentTypeError(
            f"expected a whole number of days, 0 or more, not {text!r}"
        )
    return int(text)


def _host(text: str) -> str:
    # An empty host would bind every interface and announce an endpoint nobody can use.
    if not text.strip():
        raise argparse.ArgumentTypeError(f"expected a host name or address, not {text!r}")
    return text


def _port(text: str) -> int:
    if not text.isdigit() or not 0 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"expected a port number from 0 to 65535, not {text!r}")
    return int(text)
