"""What a check reports: its findings, what it could not read, and the verdict of every format."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from .trials import FailedAccount

__all__ = ["CheckReport", "Finding", "Severity", "Unread", "UnreadKind"]

Severity = Literal["error", "warning", "notice"]
UnreadKind = Literal["region", "account", "costs"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing the check found about one account (and one trial type, when it is about one)."""

    severity: Severity
    account_id: str
    trial_type: str | None
    message: str
    """One plain sentence."""
    region: str | None = None
    """The region the finding is about (the command line always reads one by name)."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "severity": self.severity,
            "account_id": self.account_id,
            "region": self.region,
            "trial_type": self.trial_type,
            "message": self.message,
        }


@dataclass(frozen=True, slots=True)
class Unread:
    """One thing the check was asked to read and could not: a whole region, one account's
    trials (the service failed it), or one account's estimated cost (with a budget)."""

    kind: UnreadKind
    region: str | None
    """Where it could not be read (None only where the caller named no region)."""
    message: str
    """For a region or costs, the sentence saying why; for an account, the service's message."""
    account_id: str | None = None
    """The account, for ``account`` and ``costs``."""
    code: str | None = None
    """The service's failure code (ACCESS_DENIED, INTERNAL_ERROR), for ``account``."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "region": self.region,
            "account_id": self.account_id,
            "code": self.code,
            "message": self.message,
        }

    @classmethod
    def of_region(cls, region: str, why: str) -> Unread:
        return cls("region", region, why)

    @classmethod
    def of_account(cls, failure: FailedAccount, region: str | None) -> Unread:
        return cls("account", region, failure.message, failure.account_id, failure.code)

    @property
    def failure(self) -> FailedAccount:
        """An ``account`` entry as the service's failure, for ``describe_failed_accounts``."""
        return FailedAccount(self.account_id or "", self.code or "", self.message)


@dataclass(frozen=True, slots=True)
class CheckReport:
    """Every finding of one check, the accounts and regions whose trials it read and checked,
    and what it could not read; each sorted."""

    findings: tuple[Finding, ...]
    checked_accounts: tuple[str, ...]
    """The accounts whose trials were read (in at least one region) and checked."""
    regions: tuple[str, ...] = ()
    """The regions read and checked, when the check read them by name."""
    unread: tuple[Unread, ...] = ()
    """What could not be read: regions, accounts, estimated costs."""

    @classmethod
    def combine(cls, reports: Iterable[CheckReport]) -> CheckReport:
        """One report of several (one per region): findings by account, region, then type;
        unread regions first, then accounts and costs by region and account."""
        reports = list(reports)
        findings = sorted(
            (f for r in reports for f in r.findings),
            key=lambda f: (f.account_id, f.region or "", f.trial_type or ""),
        )
        unread = sorted(
            (u for r in reports for u in r.unread),
            key=lambda u: (u.kind != "region", u.region or "", u.kind, u.account_id or ""),
        )
        return cls(
            findings=tuple(findings),
            checked_accounts=tuple(sorted({a for r in reports for a in r.checked_accounts})),
            regions=tuple(sorted({region for r in reports for region in r.regions})),
            unread=tuple(unread),
        )

    @property
    def violated(self) -> bool:
        """True when any finding is an error: the policy is violated. Warnings do not fail."""
        return any(f.severity == "error" for f in self.findings)

    @property
    def complete(self) -> bool:
        """True when everything asked for was read, and at least one account was checked."""
        return not self.unread and bool(self.checked_accounts)

    @property
    def ok(self) -> bool:
        """The one verdict of every format: complete, and no finding is an error."""
        return self.complete and not self.violated

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    def count_unread(self, kind: UnreadKind) -> int:
        """How many regions, or distinct accounts (``account``, ``costs``: one that failed in
        two regions counts once), could not be read."""
        return len({u.account_id or u.region for u in self.unread if u.kind == kind})

    def to_dict(self) -> dict[str, Any]:
        """The stable ``--output json`` document (``schemas/check.schema.json``)."""
        return {
            "ok": self.ok,
            "checked_accounts": list(self.checked_accounts),
            "regions": list(self.regions),
            "findings": [f.to_dict() for f in self.findings],
            "unread": [u.to_dict() for u in self.unread],
        }
