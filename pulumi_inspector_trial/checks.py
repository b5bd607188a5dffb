"""The policy behind ``inspector-trial check``: findings from trial data, and their formats.

Pure functions: the command line resolves the trial data, calls ``evaluate_check`` with the
moment to check for, prints one of the formats and maps the report to an exit code itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from .errors import InvalidInputError
from .gating import days_phrase, require_aware, validate_budget, validate_min_days_left
from .model import (
    AccountCosts,
    AccountTrials,
    FailedAccount,
    FreeTrial,
    FreeTrialResult,
    format_timestamp,
)
from .wording import noun, plural, printable, usd

__all__ = [
    "WARN_DAYS_LEFT",
    "CheckReport",
    "Finding",
    "evaluate_check",
    "format_github",
    "format_json",
    "format_text",
    "require_known_types",
    "service_trial_types",
]

Severity = Literal["error", "warning", "notice"]

WARN_DAYS_LEFT: Final = 7
"""Without ``min_days_left``, an ACTIVE trial with fewer whole days left than this is a warning."""

GITHUB_TITLE: Final = "Inspector free trial"

# Upper-case letters, digits and underscores, as the service spells trial types (EC2, LAMBDA_CODE).
_TRIAL_TYPE = re.compile(r"[A-Z][A-Z0-9_]*")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the check found about one account (and one trial type, when it is about one)."""

    severity: Severity
    account_id: str
    trial_type: str | None
    message: str
    """One plain sentence."""
    region: str | None = None
    """The region the finding is about, when the check read one by name."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "account_id": self.account_id,
            "region": self.region,
            "trial_type": self.trial_type,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every finding of one check, and the accounts it looked at (resolved or not), sorted."""

    findings: tuple[Finding, ...]
    checked_accounts: tuple[str, ...]
    regions: tuple[str, ...] = ()
    """The regions checked, when the check read them by name."""

    @classmethod
    def combine(cls, reports: Iterable[CheckReport]) -> CheckReport:
        """One report of several (one per region): findings by account, region, then type."""
        reports = list(reports)
        findings = sorted(
            (f for r in reports for f in r.findings),
            key=lambda f: (f.account_id, f.region or "", f.trial_type or ""),
        )
        return cls(
            findings=tuple(findings),
            checked_accounts=tuple(sorted({a for r in reports for a in r.checked_accounts})),
            regions=tuple(sorted({region for r in reports for region in r.regions})),
        )

    @property
    def violated(self) -> bool:
        """True when any finding is an error: the policy is violated. Warnings do not fail."""
        return any(f.severity == "error" for f in self.findings)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def to_dict(self) -> dict[str, Any]:
        """The stable ``--output json`` document."""
        return {
            "ok": not self.violated,
            "checked_accounts": list(self.checked_accounts),
            "regions": list(self.regions),
            "findings": [f.to_dict() for f in self.findings],
        }


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


def service_trial_types() -> tuple[str, ...] | None:
    """The trial types the installed botocore's inspector2 model lists, sorted.

    They are the enum of ``BatchGetFreeTrialInfo``'s ``accounts[].freeTrialInfo[].type``, read
    from botocore rather than frozen here: the service keeps adding types, and botocore's model
    follows it. None when botocore cannot load the model (an unknown ``AWS_PROFILE`` stops it
    reading its settings, say): then no type is refused for being unknown, and the request that
    follows reports what is wrong.
    """
    import botocore.exceptions  # slow to import: only a check that names types needs it
    import botocore.session

    try:
        model = botocore.session.get_session().get_service_model("inspector2")
        output = model.operation_model("BatchGetFreeTrialInfo").output_shape
        trial = output.members["accounts"].member.members["freeTrialInfo"].member
        enum = trial.members["type"].enum
    except (botocore.exceptions.BotoCoreError, AttributeError, KeyError):
        return None
    return tuple(sorted(enum)) or None


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


def _failed_finding(failure: FailedAccount, region: str | None) -> Finding:
    where = f" in {region}" if region else ""
    message = (
        f"Inspector free-trial data for account {failure.account_id}{where} could not be "
        f"resolved: {failure.reason}."
    )
    return Finding("error", failure.account_id, None, message, region)


def _budget_finding(
    account_id: str, costs: AccountCosts | None, budget: float, region: str | None
) -> Finding | None:
    where = f" in {region}" if region else ""
    if costs is None:
        message = (
            f"Inspector's estimated cost for account {account_id}{where} is unknown, so it "
            f"cannot be held to the {usd(budget)} budget."
        )
        return Finding("error", account_id, None, message, region)
    estimate = sum(costs.scan_types.values())
    if estimate <= budget + 1e-9:
        return None
    message = (
        f"Inspector's estimated cost for account {account_id}{where} is {usd(estimate)}/month, "
        f"over the {usd(budget)} budget."
    )
    return Finding("error", account_id, None, message, region)


def evaluate_check(
    result: FreeTrialResult,
    *,
    require_active: Iterable[str] = (),
    min_days_left: int | None = None,
    at: datetime,
    region: str | None = None,
    costs: Mapping[str, AccountCosts] | None = None,
    max_monthly_cost: float | None = None,
) -> CheckReport:
    """Check trial data against a CI policy at moment ``at``.

    - With ``max_monthly_cost`` (US dollars), an account whose estimated cost summed over the
      scan types (``costs``, from ``ListUsageTotals``) exceeds it is an error naming the estimate
      and the budget; a resolved account with no estimate in ``costs`` is one too.

    With ``region``, every finding carries it and its message names it (the command line passes
    it when it checks several regions; ``CheckReport.combine`` joins their reports).

    - Each ``require_active`` type (any trial type, known or not; ``"EC2,ECR"`` is split) must
      have an ACTIVE trial in every account: a missing or non-ACTIVE one is an error, and so is
      one the service still reports ACTIVE after its end date.
    - With ``min_days_left=N``, an ACTIVE trial (of the required types, or of every type when none
      is required) with fewer than N whole days left is an error. Without it, one with fewer than
      ``WARN_DAYS_LEFT`` days left is a warning. Days are rounded down, as in ``days_left``.
    - An account the service could not resolve is an error naming its code. (The command line
      exits 3 for unresolved data rather than 1; this report just lists it.)

    Findings are ordered by account id, then trial type.
    """
    require_aware(at)
    required = _required_types(require_active)
    if min_days_left is not None:
        validate_min_days_left(min_days_left)
    budget = validate_budget(max_monthly_cost)
    findings: list[Finding] = []
    for account_id in result.account_ids:
        failure = result.failure(account_id)
        account = result.account(account_id)
        if failure is not None:
            findings.append(_failed_finding(failure, region))
        elif account is not None:
            findings.extend(_account_findings(account, required, min_days_left, at, region))
            if budget is not None:
                finding = _budget_finding(account_id, (costs or {}).get(account_id), budget, region)
                if finding is not None:
                    findings.append(finding)
    return CheckReport(
        findings=tuple(findings),
        checked_accounts=tuple(result.account_ids),
        regions=(region,) if region else (),
    )


def format_text(report: CheckReport) -> str:
    """Human lines, one per finding, then ``OK: ...`` or ``FAILED: ...``.

    Messages carry what the service sent (trial types, statuses, failure messages), so each is
    ``printable``: a control character in one is shown escaped, never sent to the terminal.
    """
    lines = [f"{f.severity.upper()}: {printable(f.message)}" for f in report.findings]
    accounts = plural(len(report.checked_accounts), "account")
    if len(report.regions) > 1:
        accounts += f" and {plural(len(report.regions), 'region')}"
    if report.violated:
        lines.append(
            f"FAILED: {plural(report.count('error'), 'error')}, "
            f"{plural(report.count('warning'), 'warning')} in {accounts}"
        )
    else:
        lines.append(f"OK: {accounts} checked")
    return "\n".join(lines)


def format_json(report: CheckReport) -> str:
    """The ``to_dict`` document, indented and with sorted keys, so that diffs stay small."""
    return json.dumps(report.to_dict(), indent=2, sort_keys=True)


def _escape_data(text: str) -> str:
    # GitHub's own escaping rules (actions/toolkit, command.ts): '%' first, so nothing is escaped
    # twice. Any other control character (an ANSI escape the log would render) is then shown
    # escaped, as in the text format.
    return printable(text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A"))


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _workflow_command(severity: Severity, title: str, message: str) -> str:
    return f"::{severity} title={_escape_property(title)}::{_escape_data(message)}"


def format_github(report: CheckReport, *, title: str = GITHUB_TITLE) -> str:
    """GitHub Actions workflow commands: one annotation per finding, then a notice if all pass."""
    lines = [_workflow_command(f.severity, title, f.message) for f in report.findings]
    if not report.violated:
        count = len(report.checked_accounts)
        passed = "The 1 account passes" if count == 1 else f"All {count} accounts pass"
        lines.append(_workflow_command("notice", title, passed))
    return "\n".join(lines)
