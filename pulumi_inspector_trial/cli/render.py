"""What the command line prints: the status table, the status document, and ``check``'s text,
JSON and GitHub formats (the library prints nothing)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import datetime
from typing import Any, Final

from ..domain.checks import CheckReport, Severity
from ..domain.costs import SCAN_TYPE_OF_USAGE, AccountCosts
from ..domain.errors import FAILED_ACCOUNTS_NAMED, MEMBERSHIP_ADVICE, describe_failed_accounts
from ..domain.status import AccountStatus
from ..domain.trials import FreeTrialResult, format_timestamp
from ..domain.wording import plural, printable, usd

SCAN_TYPES_WITH_USAGE = frozenset(SCAN_TYPE_OF_USAGE.values())
ENDED = "ENDED"
"""The table's status for a trial the service still reports ACTIVE after its end date: ended, as
``FreeTrial.is_running`` (and so ``active_types``, gating and ``check``) has it. JSON keeps what
the service sent."""


def render_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """Left-aligned columns two spaces apart, the last column unpadded. Cells are ``printable``."""
    cells_of = [[printable(str(cell)) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells_of) for i in range(len(header))]
    lines = []
    for row in cells_of:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def trial_status_table(
    results: FreeTrialResult | Mapping[str, FreeTrialResult],
    *,
    at: datetime,
    costs: Mapping[str, Mapping[str, AccountCosts]] | None = None,
    statuses: Mapping[str, Mapping[str, AccountStatus]] | None = None,
) -> str:
    """One line per account and trial, failed accounts last with their code and message.

    A trial is shown as the one rule of ``FreeTrial.is_running`` has it: one the service still
    reports ACTIVE after its end date is ``ENDED``, and only a running trial has days left.

    Given results per region, there is a REGION column as soon as there is more than one region,
    and lines are ordered by account, then region. Given ``costs`` (region -> account -> costs),
    an EST./MONTH column shows each trial's scan type estimate, and a TOTAL line ends each
    account. Given ``statuses`` (region -> account -> its status), an ENABLED column says
    whether each type is enabled (``yes``/``no``; blank for a type the status does not report),
    and a type enabled without a trial gets a ``NO TRIAL`` line of its own.
    """
    by_region = {"": results} if isinstance(results, FreeTrialResult) else dict(results)
    regional = len(by_region) > 1
    priced = costs is not None
    rows: list[tuple[str, str, list[str]]] = []  # (account, region, cells)
    failed: list[tuple[str, str, list[str]]] = []
    for region, result in by_region.items():
        region_costs = (costs or {}).get(region, {})
        region_statuses = (statuses or {}).get(region, {})
        for account in result.accounts:
            account_costs = region_costs.get(account.account_id)
            estimates = account_costs.scan_types if account_costs is not None else {}
            status = region_statuses.get(account.account_id)
            enabled = set(status.enabled_types) if status is not None else set()
            reported = set(status.scan_types) if status is not None else set()

            trial_types = {t.type for t in account.free_trials}
            if not account.free_trials and not enabled:
                rows.append((account.account_id, region, ["-", "NO TRIALS", "", "", "", "", ""]))
            for scan_type in sorted(enabled - trial_types):
                estimate = _estimate(priced, estimates, scan_type)
                cells = [scan_type, "NO TRIAL", "", "", "yes", estimate, ""]
                rows.append((account.account_id, region, cells))
            for trial in account.free_trials:
                running = trial.is_running(at)
                days = str(trial.days_left(at)) if running else "-"
                shown_enabled = (
                    ("yes" if trial.type in enabled else "no") if trial.type in reported else ""
                )
                cells = [
                    trial.type,
                    ENDED if trial.is_active and not running else trial.status,
                    format_timestamp(trial.end),
                    days,
                    shown_enabled,
                    _estimate(priced, estimates, trial.type),
                    trial.cloud_provider or "",
                ]
                rows.append((account.account_id, region, cells))
            if priced:
                total = usd(account_costs.total) if account_costs is not None else "-"
                rows.append((account.account_id, region, ["TOTAL", "", "", "", "", total, ""]))
        for failure in result.failed_accounts:
            cells = ["-", "FAILED", failure.code, "", "", "", failure.message]
            failed.append((failure.account_id, region, cells))
    header = ["ACCOUNT", "TYPE", "STATUS", "ENDS", "DAYS LEFT", "ENABLED", "EST./MONTH", "CLOUD"]
    # Columns by position in ``cells`` (after ACCOUNT), left out when nothing fills them.
    dropped = {4} if statuses is None else set()
    dropped |= {5} if not priced else set()
    lines = []
    for account_id, region, cells in [*_by_account(rows), *_by_account(failed)]:
        kept = [cell for index, cell in enumerate(cells) if index not in dropped]
        lines.append([account_id, region, *kept] if regional else [account_id, *kept])
    header = [name for index, name in enumerate(header) if index - 1 not in dropped]
    if regional:
        header.insert(1, "REGION")
    return render_table(lines, header)


def _estimate(priced: bool, estimates: Mapping[str, float], scan_type: str) -> str:
    """A type's estimate for the EST./MONTH column: blank for a type no usage maps to."""
    if priced and scan_type in SCAN_TYPES_WITH_USAGE:
        return usd(estimates.get(scan_type, 0.0))
    return ""


def _by_account(rows: list[tuple[str, str, list[str]]]) -> list[tuple[str, str, list[str]]]:
    # Stable: a region's trials keep the order the service sent them in.
    return sorted(rows, key=lambda row: (row[0], row[1]))


# -- inspector-trial check's three formats ------------------------------------------------------

GITHUB_TITLE: Final = "Inspector free trial"

CLI_ADVICE: Final = f"{MEMBERSHIP_ADVICE}, and run again for INTERNAL_ERROR."
"""What the command line advises about failed accounts (it has no allow_failed_accounts)."""


def unread_sentences(report: CheckReport, *, advice: str = CLI_ADVICE) -> list[str]:
    """What could not be read, in as few sentences as say it: one per region that could not be
    read, and per region one for its failed accounts (``describe_failed_accounts``: bounded
    whatever their number) and one for its unknown costs. Each names its region."""
    sentences = [_in_region(u.region, u.message) for u in report.unread if u.kind == "region"]
    for region in dict.fromkeys(u.region for u in report.unread if u.kind != "region"):
        failed = [u.failure for u in report.unread if u.kind == "account" and u.region == region]
        if failed:
            sentences.append(_in_region(region, describe_failed_accounts(failed, advice=advice)))
        costs = [u for u in report.unread if u.kind == "costs" and u.region == region]
        if len(costs) == 1:
            sentences.append(_in_region(region, costs[0].message))
        elif costs:
            named = ", ".join(u.account_id or "" for u in costs[:FAILED_ACCOUNTS_NAMED])
            more = len(costs) - FAILED_ACCOUNTS_NAMED
            rest = f", and {more:,} more" if more > 0 else ""
            sentences.append(
                _in_region(
                    region,
                    f"Inspector's estimated costs of {len(costs):,} accounts are unknown "
                    f"({named}{rest}), so they cannot be held to the budget.",
                )
            )
    return sentences


def _in_region(region: str | None, sentence: str) -> str:
    return f"{region}: {sentence}" if region else sentence


def _summary(report: CheckReport) -> str:
    """``OK: ...``, or why not: ``FAILED`` when the policy is violated, else ``INCOMPLETE``."""
    accounts = plural(len(report.checked_accounts), "account")
    if len(report.regions) > 1:
        accounts += f" and {plural(len(report.regions), 'region')}"
    if report.ok:
        return f"OK: {accounts} checked"
    verdict = "FAILED" if report.violated else "INCOMPLETE"
    counts = (
        f"{plural(report.count('error'), 'error')}, "
        f"{plural(report.count('warning'), 'warning')} in {accounts}"
    )
    regions, failed, costs = (report.count_unread(k) for k in ("region", "account", "costs"))
    unread = [
        *([plural(regions, "region")] if regions else []),
        *([plural(failed, "account")] if failed else []),
        *([f"the costs of {plural(costs, 'account')}"] if costs else []),
    ]
    if unread:
        counts += f"; could not read {', '.join(unread)}"
    elif not report.checked_accounts:
        counts += "; no account was checked"
    return f"{verdict}: {counts}"


def format_text(report: CheckReport) -> str:
    """Human lines, one per finding, one per thing not read (``UNREAD: ...``), then ``OK: ...``
    only when the report is ``ok``, else ``FAILED: ...`` (the policy is violated) or
    ``INCOMPLETE: ...`` (something was not read).

    Messages carry what the service sent (trial types, statuses, failure messages), so each is
    ``printable``: a control character in one is shown escaped, never sent to the terminal.
    """
    lines = [f"{f.severity.upper()}: {printable(f.message)}" for f in report.findings]
    lines += [f"UNREAD: {printable(sentence)}" for sentence in unread_sentences(report)]
    lines.append(_summary(report))
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
    """GitHub Actions workflow commands: one annotation per finding, an ``::error`` for each
    thing not read (``unread_sentences``), then a notice that the accounts pass only when the
    report is ``ok``."""
    lines = [_workflow_command(f.severity, title, f.message) for f in report.findings]
    lines += [_workflow_command("error", title, s) for s in unread_sentences(report)]
    if report.ok:
        count = len(report.checked_accounts)
        passed = "The 1 account passes" if count == 1 else f"All {count} accounts pass"
        lines.append(_workflow_command("notice", title, passed))
    elif not report.checked_accounts and not report.unread:
        lines.append(_workflow_command("error", title, "No account was checked."))
    return "\n".join(lines)


def status_document(
    results: dict[str, FreeTrialResult],
    costs: dict[str, dict[str, AccountCosts]] | None = None,
    statuses: dict[str, dict[str, AccountStatus]] | None = None,
) -> dict[str, Any]:
    """``--output json``: the contract's ``accounts`` and ``failed_accounts``, each entry with
    the region it was read in, sorted by account, then region; with ``costs``, a ``costs``
    list too, one entry per account and region; with ``statuses``, each ``accounts`` entry
    carries its ``enabled_types``."""

    def enabled_types(region: str, account_id: str) -> dict[str, list[str]]:
        if statuses is None:
            return {}
        status = statuses.get(region, {}).get(account_id)
        return {"enabled_types": status.enabled_types if status is not None else []}

    accounts = [
        {
            "account_id": a.account_id,
            "region": region,
            **a.to_dict(),
            **enabled_types(region, a.account_id),
        }
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
