"""The policy behind ``inspector-trial check``: findings from trial data, and their formats.

Pure functions: the command line resolves the trial data, calls ``evaluate_check`` with the
moment to check for, prints one of the formats and maps the report to an exit code itself.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Final, Literal

from .errors import InvalidInputError
from .gating import days_phrase, require_aware
from .model import AccountTrials, FailedAccount, FreeTrial, FreeTrialResult, format_timestamp

__all__ = [
    "WARN_DAYS_LEFT",
    "CheckReport",
    "Finding",
    "evaluate_check",
    "format_github",
    "format_json",
    "format_text",
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

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "account_id": self.account_id,
            "trial_type": self.trial_type,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every finding of one check, and the accounts it looked at (resolved or not), sorted."""

    findings: tuple[Finding, ...]
    checked_accounts: tuple[str, ...]

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
            "findings": [f.to_dict() for f in self.findings],
        }


def _required_types(require_active: Iterable[str]) -> tuple[str, ...]:
    """Split, validate and deduplicate ``--require-active`` values (``EC2,ECR`` splits too)."""
    values = [require_active] if isinstance(require_active, str) else list(require_active)
    tokens: set[str] = set()
    for value in values:
        if not isinstance(value, str):
            raise InvalidInputError(f"Invalid trial type {value!r} in require_active.")
        for token in value.split(","):
            token = token.strip()
            if not _TRIAL_TYPE.fullmatch(token):
                raise InvalidInputError(
                    f"Invalid trial type {token!r} in require_active: a trial type is upper-case "
                    "letters, digits and underscores, such as EC2 or LAMBDA_CODE."
                )
            tokens.add(token)
    return tuple(sorted(tokens))


def _date(moment: datetime) -> str:
    return format_timestamp(moment)[:10]


def _subject(trial_type: str, account_id: str) -> str:
    return f"Inspector free trial for {trial_type} in account {account_id}"


def _days_left_finding(
    trial: FreeTrial, account_id: str, at: datetime, min_days_left: int | None, required: bool
) -> Finding | None:
    """The finding, if any, about how long an ACTIVE trial has left."""
    subject = _subject(trial.type, account_id)
    days = trial.days_left(at)
    if min_days_left is not None:
        short: Severity | None = "error" if days < min_days_left else None
        minimum = f" (minimum {min_days_left})"
    else:
        short = "warning" if days < WARN_DAYS_LEFT else None
        minimum = ""
    if trial.end <= at:
        # The service still says ACTIVE after the end date; for a required type that is as good
        # as inactive, for any other it is at least as urgent as a trial about to end.
        severity = "error" if required else short
        if severity is None:
            return None
        message = (
            f"{subject} ended on {_date(trial.end)}, though the service still reports it "
            f"ACTIVE{minimum}."
        )
        return Finding(severity, account_id, trial.type, message)
    if short is None:
        return None
    message = f"{subject} ends on {_date(trial.end)}, {days_phrase(days)}{minimum}."
    return Finding(short, account_id, trial.type, message)


def _account_findings(
    account: AccountTrials,
    required: tuple[str, ...],
    min_days_left: int | None,
    at: datetime,
) -> list[Finding]:
    findings: list[Finding] = []
    account_id = account.account_id
    for trial_type in required:
        trial = account.trial(trial_type)
        subject = _subject(trial_type, account_id)
        if trial is None:
            findings.append(Finding("error", account_id, trial_type, f"{subject} is missing."))
        elif not trial.is_active:
            ended = "ended" if trial.end <= at else "ends"
            message = f"{subject} is {trial.status} ({ended} {_date(trial.end)})."
            findings.append(Finding("error", account_id, trial_type, message))
        else:
            finding = _days_left_finding(trial, account_id, at, min_days_left, required=True)
            if finding is not None:
                findings.append(finding)
    if not required:
        for trial_type in account.active_types():
            trial = account.trial(trial_type)
            assert trial is not None  # active_types() only names types the account has
            finding = _days_left_finding(trial, account_id, at, min_days_left, required=False)
            if finding is not None:
                findings.append(finding)
    return findings


def _failed_finding(failure: FailedAccount) -> Finding:
    message = (
        f"Inspector free-trial data for account {failure.account_id} could not be resolved: "
        f"{failure.reason}."
    )
    return Finding("error", failure.account_id, None, message)


def evaluate_check(
    result: FreeTrialResult,
    *,
    require_active: Iterable[str] = (),
    min_days_left: int | None = None,
    at: datetime,
) -> CheckReport:
    """Check trial data against a CI policy at moment ``at``.

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
    if min_days_left is not None and (
        isinstance(min_days_left, bool) or not isinstance(min_days_left, int) or min_days_left < 0
    ):
        raise InvalidInputError(
            f"min_days_left must be a whole number of days, 0 or more, not {min_days_left!r}."
        )
    findings: list[Finding] = []
    for account_id in result.account_ids:
        failure = result.failure(account_id)
        account = result.account(account_id)
        if failure is not None:
            findings.append(_failed_finding(failure))
        elif account is not None:
            findings.extend(_account_findings(account, required, min_days_left, at))
    return CheckReport(findings=tuple(findings), checked_accounts=tuple(result.account_ids))


def _plural(count: int, noun: str) -> str:
    return f"{count} {noun}{'' if count == 1 else 's'}"


def format_text(report: CheckReport) -> str:
    """Human lines, one per finding, then ``OK: ...`` or ``FAILED: ...``."""
    lines = [f"{f.severity.upper()}: {f.message}" for f in report.findings]
    accounts = _plural(len(report.checked_accounts), "account")
    if report.violated:
        lines.append(
            f"FAILED: {_plural(report.count('error'), 'error')}, "
            f"{_plural(report.count('warning'), 'warning')} in {accounts}"
        )
    else:
        lines.append(f"OK: {accounts} checked")
    return "\n".join(lines)


def format_json(report: CheckReport) -> str:
    """The ``to_dict`` document, indented and with sorted keys, so that diffs stay small."""
    return json.dumps(report.to_dict(), indent=2, sort_keys=True)


def _escape_data(text: str) -> str:
    # GitHub's own escaping rules (actions/toolkit, command.ts): '%' first, so nothing is escaped
    # twice.
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


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
