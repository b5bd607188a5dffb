"""Human-readable renderings of a resolution, for the command line (the library prints nothing)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from .model import SCAN_TYPE_OF_USAGE, AccountCosts, FreeTrialResult, format_timestamp
from .wording import printable, usd

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
) -> str:
    """One line per account and trial, failed accounts last with their code and message.

    A trial is shown as the one rule of ``FreeTrial.is_running`` has it: one the service still
    reports ACTIVE after its end date is ``ENDED``, and only a running trial has days left.

    Given results per region, there is a REGION column as soon as there is more than one region,
    and lines are ordered by account, then region. Given ``costs`` (region -> account -> costs),
    an EST./MONTH column shows each trial's scan type estimate, and a TOTAL line ends each
    account.
    """
    by_region = {"": results} if isinstance(results, FreeTrialResult) else dict(results)
    regional = len(by_region) > 1
    priced = costs is not None
    rows: list[tuple[str, str, list[str]]] = []  # (account, region, cells)
    failed: list[tuple[str, str, list[str]]] = []
    for region, result in by_region.items():
        region_costs = (costs or {}).get(region, {})
        for account in result.accounts:
            account_costs = region_costs.get(account.account_id)
            estimates = account_costs.scan_types if account_costs is not None else {}
            if not account.free_trials:
                rows.append((account.account_id, region, ["-", "NO TRIALS", "", "", "", ""]))
            for trial in account.free_trials:
                running = trial.is_running(at)
                days = str(trial.days_left(at)) if running else "-"
                estimate = (
                    usd(estimates.get(trial.type, 0.0))
                    if priced and trial.type in SCAN_TYPES_WITH_USAGE
                    else ""
                )
                cells = [
                    trial.type,
                    ENDED if trial.is_active and not running else trial.status,
                    format_timestamp(trial.end),
                    days,
                    estimate,
                    trial.cloud_provider or "",
                ]
                rows.append((account.account_id, region, cells))
            if priced:
                total = usd(account_costs.total) if account_costs is not None else "-"
                rows.append((account.account_id, region, ["TOTAL", "", "", "", total, ""]))
        for failure in result.failed_accounts:
            cells = ["-", "FAILED", failure.code, "", "", failure.message]
            failed.append((failure.account_id, region, cells))
    header = ["ACCOUNT", "TYPE", "STATUS", "ENDS", "DAYS LEFT", "EST./MONTH", "CLOUD"]
    if regional:
        header.insert(1, "REGION")
    lines = []
    for account_id, region, cells in [*_by_account(rows), *_by_account(failed)]:
        if not priced:
            cells = cells[:4] + cells[5:]
        lines.append([account_id, region, *cells] if regional else [account_id, *cells])
    if not priced:
        header.remove("EST./MONTH")
    return render_table(lines, header)


def _by_account(rows: list[tuple[str, str, list[str]]]) -> list[tuple[str, str, list[str]]]:
    # Stable: a region's trials keep the order the service sent them in.
    return sorted(rows, key=lambda row: (row[0], row[1]))
