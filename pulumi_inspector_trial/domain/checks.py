"""The policy behind ``inspector-trial check``: findings from trial data.

Pure functions: the command line resolves the trial data, calls ``evaluate_check`` with the
moment to check for, renders the report (``cli.render``) and maps it to an exit code itself.

A report never claims success beside a failure: what could not be read (a region, an account, an
account's estimated cost) is listed in ``CheckReport.unread``, and a report is ``ok`` only when
every account asked for was read and checked, in every region, and no finding is an error.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta
from typing import Final

from .check_report import CheckReport, Finding, Severity, Unread, UnreadKind
from .costs import AccountCosts
from .errors import InvalidInputError
from .gating import ENABLER_RESOURCE_TYPES, days_phrase, gating_trial_type
from .status import AccountStatus
from .trials import (
    INTERNAL_ERROR,
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
    format_timestamp,
)
from .validation import require_aware, validate_budget, validate_min_days_left
from .wording import noun, usd

__all__ = [
    "WARN_DAYS_LEFT",
    "CheckReport",
    "Finding",
    "Severity",
    "Unread",
    "UnreadKind",
    "evaluate_check",
    "require_known_types",
]

WARN_DAYS_LEFT: Final = 7
"""Without ``min_days_left``, an ACTIVE trial with fewer whole days left than this is a warning."""

# Upper-case letters, digits and underscores, as the service spells trial types (EC2, LAMBDA_CODE).
_TRIAL_TYPE = re.compile(r"[A-Z][A-Z0-9_]*")


def _required_types(
    require_active: Iterable[str], option: str = "require_active"
) -> tuple[str, ...]:
    """Split, validate and deduplicate ``--require-active`` values (``EC2,ECR`` splits too).

    ``option`` is what the caller calls the setting, so that the message names it.
    """
    values = [require_active] if isinstance(require_active, str) else list(require_active)
    tokens: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            raise InvalidInputError(f"Invalid trial type {value!r} in {option}.")
        for token in value.split(","):
            token = token.strip()
            if not _TRIAL_TYPE.fullmatch(token):
                raise InvalidInputError(
                    f"Invalid trial type {token!r} in {option}: a trial type is upper-case "
                    "letters, digits and underscores, such as EC2 or LAMBDA_CODE."
                )
            tokens.add(token)
    return tuple(sorted(tokens))


def require_known_types(
    require_active: Iterable[str],
    known: Collection[str] | None,
    *,
    option: str = "require_active",
) -> tuple[str, ...]:
    """The required types, split and validated, each one of ``known`` (when that is not None).

    ``evaluate_check`` takes any well-formed type, so that a type the service sends before
    botocore knows it can still be checked in code; the command line refuses a type it cannot
    find in ``service_trial_types()`` instead, because there a typo (EC3) would otherwise fail
    every account as "missing" only after asking the service.
    """
    required = _required_types(require_active, option)
    if known is None:
        return required
    unknown = [t for t in required if t not in known]
    if unknown:
        listed = ", ".join(repr(t) for t in unknown)
        raise InvalidInputError(
            f"Unknown trial {noun(len(unknown), 'type')} {listed} in {option}: "
            f"expected one of {', '.join(known)} "
            "(the types the installed botocore knows; a newer botocore may know more)."
        )
    return required


def _date(moment: datetime) -> str:
    return format_timestamp(moment)[:10]


def _subject(trial_type: str, account_id: str, region: str | None) -> str:
    where = f" in {region}" if region else ""
    return f"Inspector free trial for {trial_type} in account {account_id}{where}"


def _days_left_finding(
    trial: FreeTrial,
    account_id: str,
    at: datetime,
    min_days_left: int | None,
    required: bool,
    region: str | None,
) -> Finding | None:
    """The finding, if any, about how long an ACTIVE trial has left."""
    subject = _subject(trial.type, account_id, region)
    days = trial.days_left(at)
    if min_days_left is not None:
        short: Severity | None = "error" if days < min_days_left else None
        minimum = f" (minimum {min_days_left})"
    else:
        short = "warning" if days < WARN_DAYS_LEFT else None
        minimum = ""
    if not trial.is_running(at):
        # The service still says ACTIVE after the end date; for a required type that is as good
        # as inactive, for any other it is at least as urgent as a trial about to end.
        severity = "error" if required else short
        if severity is None:
            return None
        message = (
            f"{subject} ended on {_date(trial.end)}, though the service still reports it "
            f"ACTIVE{minimum}."
        )
        return Finding(severity, account_id, trial.type, message, region)
    if short is None:
        return None
    message = f"{subject} ends on {_date(trial.end)}, {days_phrase(days)}{minimum}."
    return Finding(short, account_id, trial.type, message, region)


def _account_findings(
    account: AccountTrials,
    required: tuple[str, ...],
    min_days_left: int | None,
    at: datetime,
    region: str | None,
) -> list[Finding]:
    findings: list[Finding] = []
    account_id = account.account_id
    for trial_type in required:
        trial = account.trial(trial_type)
        subject = _subject(trial_type, account_id, region)
        if trial is None:
            message = f"{subject} is missing."
            findings.append(Finding("error", account_id, trial_type, message, region))
        elif not trial.is_active:
            ended = "ended" if trial.end <= at else "ends"
            message = f"{subject} is {trial.status} ({ended} {_date(trial.end)})."
            findings.append(Finding("error", account_id, trial_type, message, region))
        else:
            finding = _days_left_finding(trial, account_id, at, min_days_left, True, region)
            if finding is not None:
                findings.append(finding)
    if not required:
        # Every type the service reports ACTIVE, ended ones included: those are findings too.
        for trial_type in sorted({t.type for t in account.free_trials if t.is_active}):
            trial = account.trial(trial_type)
            assert trial is not None  # only types the account has are named
            finding = _days_left_finding(trial, account_id, at, min_days_left, False, region)
            if finding is not None:
                findings.append(finding)
    return findings


def _unknown_cost(account_id: str, budget: float, region: str | None, where: str) -> Unread:
    message = (
        f"Inspector's estimated cost for account {account_id}{where} is unknown, so it "
        f"cannot be held to the {usd(budget)} budget."
    )
    return Unread("costs", region, message, account_id)


def _budget_finding(
    account_id: str, costs: AccountCosts, budget: float, region: str | None, where: str
) -> Finding | None:
    estimate = sum(costs.scan_types.values())
    if estimate <= budget + 1e-9:
        return None
    message = (
        f"Inspector's estimated cost for account {account_id}{where} is {usd(estimate)}/month, "
        f"over the {usd(budget)} budget."
    )
    return Finding("error", account_id, None, message, region)


FREE_SCANNING_UNUSED: Final = "free scanning unused"
"""How every notice about a running trial of a type that is not enabled ends."""
_STATUS_UNKNOWN: Final = "Inspector status unknown: what is enabled could not be read."


def _estimate(costs: AccountCosts | None, scan_type: str) -> str:
    if costs is None:
        return ""
    return f" (estimated {usd(costs.scan_types.get(scan_type, 0.0))}/month)"


def _billing_findings(
    account: AccountTrials,
    status: AccountStatus,
    days: int,
    at: datetime,
    where: str,
    costs: AccountCosts | None,
) -> list[Finding]:
    """The bill that is coming in one account: each enabled scan type whose trial has ended or
    ends within ``days`` days (an error), and each type an Enabler takes whose trial is running
    but that is not enabled (a notice: free scanning unused)."""
    findings: list[Finding] = []
    account_id = account.account_id
    enabled = set(status.enabled_types)
    horizon = at + timedelta(days=days)
    for scan_type in sorted(enabled | set(ENABLER_RESOURCE_TYPES)):
        trial = account.trial(gating_trial_type(scan_type))
        subject = f"Inspector {scan_type} in account {account_id}{where}"
        if scan_type in enabled:
            if trial is None:
                if scan_type not in ENABLER_RESOURCE_TYPES:
                    continue  # a newer scan type: no trial of that name to tell by
                ends = "has no free trial: it is billed"
            elif not trial.is_running(at):
                ends = f"its free trial ended on {_date(trial.end)}: it is billed now"
            elif trial.end <= horizon:
                when = days_phrase(trial.days_left(at))
                ends = f"its free trial ends on {_date(trial.end)}, {when}: billing starts then"
            else:
                continue
            message = f"{subject} is enabled and {ends}{_estimate(costs, scan_type)}."
            findings.append(Finding("error", account_id, scan_type, message))
        elif trial is not None and trial.is_running(at):
            left = days_phrase(trial.days_left(at), left=True)
            message = (
                f"{subject} is not enabled while its free trial runs ({left}): "
                f"{FREE_SCANNING_UNUSED}."
            )
            findings.append(Finding("notice", account_id, scan_type, message))
    return findings


def evaluate_check(
    result: FreeTrialResult,
    *,
    require_active: Iterable[str] = (),
    min_days_left: int | None = None,
    at: datetime,
    region: str | None = None,
    name_region: bool | None = None,
    costs: Mapping[str, AccountCosts] | None = None,
    max_monthly_cost: float | None = None,
    statuses: Mapping[str, AccountStatus] | None = None,
    billing_within: int | None = None,
) -> CheckReport:
    """Check trial data against a CI policy at moment ``at``.

    - With ``max_monthly_cost`` (US dollars), an account whose estimated cost summed over the
      scan types (``costs``, from ``ListUsageTotals``) exceeds it is an error naming the estimate
      and the budget; a resolved account with no estimate in ``costs`` is unread (its cost
      could not be held to the budget).

    With ``region``, every finding and unread entry carries it, and messages name it unless
    ``name_region`` is False (the command line names it only when it checks several regions;
    ``CheckReport.combine`` joins their reports).

    - Each ``require_active`` type (any trial type, known or not; ``"EC2,ECR"`` is split) must
      have an ACTIVE trial in every account: a missing or non-ACTIVE one is an error, and so is
      one the service still reports ACTIVE after its end date.
    - With ``min_days_left=N``, an ACTIVE trial (of the required types, or of every type when none
      is required) with fewer than N whole days left is an error. Without it, one with fewer than
      ``WARN_DAYS_LEFT`` days left is a warning. Days are rounded down, as in ``days_left``.
    - With ``billing_within=N`` (days) and ``statuses`` (what each account has enabled, from
      ``BatchGetAccountStatus``): each scan type that is ENABLED and whose free trial has ended,
      or ends within N days, is an error (the bill that is coming), with the estimate of
      ``costs`` when given; each scan type an Enabler takes whose trial is running but that is
      not enabled is a notice (free scanning unused), never an error. A resolved account with
      no status in ``statuses`` is unread.
    - An account the service could not resolve is unread, with its code: nothing about it was
      checked, so the report is not ``ok``. (The command line exits 3 for it.)

    Findings are ordered by account id, then trial type; unread entries by account id.
    """
    require_aware(at)
    required = _required_types(require_active)
    if min_days_left is not None:
        validate_min_days_left(min_days_left)
    budget = validate_budget(max_monthly_cost)
    if billing_within is not None:
        validate_min_days_left(billing_within)
    named = region if name_region or (name_region is None and region) else None
    where = f" in {named}" if named else ""
    findings: list[Finding] = []
    unread: list[Unread] = []
    checked: list[str] = []
    for account_id in result.account_ids:
        failure = result.failure(account_id)
        account = result.account(account_id)
        if failure is not None:
            unread.append(Unread.of_account(failure, region))
        elif account is not None:
            checked.append(account_id)
            found = _account_findings(account, required, min_days_left, at, named)
            findings.extend(replace(f, region=region) for f in found)
            estimate = (costs or {}).get(account_id)
            if budget is not None and estimate is None:
                unread.append(_unknown_cost(account_id, budget, region, where))
            elif budget is not None and estimate is not None:
                finding = _budget_finding(account_id, estimate, budget, region, where)
                if finding is not None:
                    findings.append(finding)
            if billing_within is not None:
                status = (statuses or {}).get(account_id)
                if status is None:
                    unknown = FailedAccount(account_id, INTERNAL_ERROR, _STATUS_UNKNOWN)
                    unread.append(Unread.of_account(unknown, region))
                    continue
                billing = _billing_findings(account, status, billing_within, at, where, estimate)
                findings.extend(replace(f, region=region) for f in billing)
    return CheckReport(
        findings=tuple(findings),
        checked_accounts=tuple(checked),
        regions=(region,) if region else (),
        unread=tuple(unread),
    )
