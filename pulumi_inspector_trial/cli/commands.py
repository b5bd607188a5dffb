"""The commands: each reads through the one service, renders, and returns its exit code."""

from __future__ import annotations

import argparse
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import IO, TYPE_CHECKING

from ..domain.costs import AccountCosts
from ..domain.errors import InspectorTrialError, InvalidInputError, describe_failed_accounts
from ..domain.inputs import SETTING_INPUTS
from ..domain.status import AccountStatus
from ..domain.trials import FreeTrialResult
from ..domain.validation import AccountIds, normalize_account_ids
from ..read.query import ResolveLimits
from .ids_file import read_account_ids_file
from .render import CLI_ADVICE, status_document
from .status import ExitCode, SeveralFailures, exit_code_of, worst_exit_code
from .terminal import ProgressLine

if TYPE_CHECKING:
    from ..read.query import TrialQuery
    from ..read.service import StackDefaults, TrialRead

Clock = Callable[[], datetime]


def utc_now() -> datetime:
    return datetime.now(timezone.utc)


def regions_of(values: Sequence[str]) -> list[str | None]:
    """``--region`` values (each checked by the parser) without repeats, in the order given;
    ``[None]`` (the default region) when there are none."""
    regions: list[str | None] = list(dict.fromkeys(values))
    return regions or [None]


@dataclass(frozen=True)
class Reads:
    """What one command read: the trials of each region that could be read, and a sentence for
    each one that could not."""

    results: dict[str, FreeTrialResult]
    """Region -> its trials, in the order the regions were given."""
    costs: dict[str, dict[str, AccountCosts]] | None
    """Region -> account -> estimated costs, when they were asked for."""
    statuses: dict[str, dict[str, AccountStatus]] | None
    """Region -> account -> what it has enabled, when account status was asked for."""
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
            codes.append(exit_code_of(error))
        for region, result in self.results.items():
            if result.failed_accounts:
                message = describe_failed_accounts(result.failed_accounts, advice=CLI_ADVICE)
                messages.append(f"{region}: {message}" if self.regional else message)
                codes.append(ExitCode.UNRESOLVED)
        return SeveralFailures(messages, worst_exit_code(codes)) if messages else None


def _read(
    args: argparse.Namespace,
    stdin: IO[str],
    *,
    include_costs: bool = False,
    include_account_status: bool = False,
) -> Reads:
    from ..aws.client import configured_region
    from ..read.query import AwsSettings, TrialQuery
    from ..read.service import StackDefaults, TrialRead

    members: bool = args.members
    if members and (args.account_ids or args.account_ids_file):
        raise InvalidInputError(
            "Give ACCOUNT_ID... (or --account-ids-file) or --members, not both: --members "
            "reads the delegated administrator's associated members instead."
        )
    # Checked, deduplicated and sorted once: every layer below takes AccountIds as they are.
    account_ids = normalize_account_ids(args.account_ids) if args.account_ids else AccountIds()
    if args.account_ids_file:
        account_ids = account_ids.union(read_account_ids_file(args.account_ids_file, stdin))
    if not account_ids and not members:
        raise InvalidInputError(
            "No account ids given: pass ACCOUNT_ID..., --account-ids-file or --members."
        )
    regions = regions_of(args.region)
    # Every setting but the region, which is read region by region below.
    settings = {i.name: getattr(args, i.name) for i in SETTING_INPUTS if i.name != "region"}
    query = TrialQuery(
        account_ids,
        AwsSettings(**settings),
        allow_failed_accounts=True,  # reported after the output, which shows the others
        include_costs=include_costs,
        members=members,
        include_account_status=include_account_status or args.include_account_status,
    )
    # The environment's settings, and a region, before any request: each read is then of a
    # region by name, which every output carries.
    located = query.settings.with_defaults(None, None)
    if regions == [None]:
        regions = [located.region or configured_region(located.profile)]
    defaults = StackDefaults(limits=ResolveLimits(total_timeout=args.timeout))
    results: dict[str, FreeTrialResult] = {}
    costs: dict[str, dict[str, AccountCosts]] = {}
    statuses: dict[str, dict[str, AccountStatus]] = {}
    failures: list[tuple[str, InspectorTrialError]] = []
    for asked, read in _read_showing_progress(query, regions, defaults, args).items():
        if isinstance(read, TrialRead):
            results[read.region] = read.result
            costs[read.region] = read.costs or {}
            statuses[read.region] = read.statuses or {}
        elif isinstance(read, InvalidInputError) and len(regions) == 1:
            raise read  # bad input is the whole run's, not one region's
        else:
            failures.append((asked or "the default region", read))
    return Reads(
        results,
        costs if include_costs else None,
        statuses if query.include_account_status else None,
        tuple(failures),
        regional=len(regions) > 1,
    )


def _read_showing_progress(
    query: TrialQuery,
    regions: Sequence[str | None],
    defaults: StackDefaults,
    args: argparse.Namespace,
) -> dict[str | None, TrialRead | InspectorTrialError]:
    """``read_free_trials_in_regions``, with a progress line on a terminal's stderr."""
    from ..aws.resolver import TrialResolver
    from ..read.service import read_free_trials_in_regions

    stream = getattr(args, "progress_to", None)
    if stream is None:
        return read_free_trials_in_regions(query, regions, defaults, resolver_for=TrialResolver)
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


def _status(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from .render import trial_status_table

    reads = _read(args, stdin, include_costs=args.include_costs)
    if reads.results and args.output == "json":
        document = status_document(reads.results, reads.costs, reads.statuses)
        print(json.dumps(document, indent=2), file=out)
    elif reads.results:
        table = trial_status_table(
            reads.results, at=clock(), costs=reads.costs, statuses=reads.statuses
        )
        print(table, file=out)
    problems = reads.problems()
    if problems is not None:
        raise problems
    return ExitCode.OK


def _check(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from ..aws.client import service_trial_types
    from ..domain.checks import CheckReport, Unread, evaluate_check, require_known_types
    from .render import format_github, format_json, format_text, unread_sentences

    # Refused before any request: a malformed type, and one botocore's model does not list (a
    # typo such as EC3 would otherwise fail every account as "missing", after asking for them).
    known = service_trial_types() if args.require_active else None
    required = require_known_types(args.require_active, known, option="--require-active")
    budget = args.max_monthly_cost
    billing_within: int | None = args.billing_within
    reads = _read(
        args,
        stdin,
        include_costs=budget is not None or args.include_costs,
        include_account_status=billing_within is not None,
    )
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
            statuses=(reads.statuses or {}).get(region),
            billing_within=billing_within,
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
    codes = [ExitCode.POLICY_VIOLATED if report.violated else ExitCode.OK]
    codes += [problems.exit_code] if problems is not None else []
    if not report.complete:
        codes.append(ExitCode.UNRESOLVED)
        messages = messages or unread_sentences(report) or ["No account was checked."]
    if messages:
        raise SeveralFailures(messages, worst_exit_code(codes))
    return worst_exit_code(codes)


def _emulator(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from ..emulator import EmulatorError, run_emulator

    def announce(endpoint_url: str) -> None:
        print(f"Inspector emulator listening on {endpoint_url}", file=out)
        print(f"Point boto3 at it: export AWS_ENDPOINT_URL_INSPECTOR2={endpoint_url}", file=out)
        out.flush()

    try:
        run_emulator(args.host, args.port, args.data, on_ready=announce)
    except EmulatorError as error:  # the emulator stands alone: its errors are bad input here
        raise InvalidInputError(str(error)) from None
    return ExitCode.OK


def _demo(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    from .demo import run_demo

    return run_demo(out, at=clock())


def _terraform_external(
    args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock
) -> int:
    from .terraform import terraform_external

    return terraform_external(args, out, stdin, clock)


COMMANDS: dict[str, Callable[[argparse.Namespace, IO[str], IO[str], Clock], int]] = {
    "status": _status,
    "check": _check,
    "emulator": _emulator,
    "demo": _demo,
    "terraform-external": _terraform_external,
}
