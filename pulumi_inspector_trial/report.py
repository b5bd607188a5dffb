"""Human-readable renderings of a resolution, for the command line (the library prints nothing)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from .model import FreeTrialResult, format_timestamp
from .wording import printable


def render_table(rows: Sequence[Sequence[str]], header: Sequence[str]) -> str:
    """Left-aligned columns two spaces apart, the last column unpadded. Cells are ``printable``."""
    cells_of = [[printable(str(cell)) for cell in row] for row in [header, *rows]]
    widths = [max(len(row[i]) for row in cells_of) for i in range(len(header))]
    lines = []
    for row in cells_of:
        cells = [cell.ljust(width) for cell, width in zip(row, widths, strict=True)]
        lines.append("  ".join(cells).rstrip())
    return "\n".join(lines)


def trial_status_table(result: FreeTrialResult, *, at: datetime) -> str:
    """One line per account and trial; failed accounts last, with their code and message."""
    rows: list[list[str]] = []
    for account in result.accounts:
        if not account.free_trials:
            rows.append([account.account_id, "-", "NO TRIALS", "", "", ""])
        for trial in account.free_trials:
            days = str(trial.days_left(at)) if trial.is_active else "-"
            rows.append(
                [
                    account.account_id,
                    trial.type,
                    trial.status,
                    format_timestamp(trial.end),
                    days,
                    trial.cloud_provider or "",
                ]
            )
    for failure in result.failed_accounts:
        rows.append([failure.account_id, "-", "FAILED", failure.code, "", failure.message])
    header = ["ACCOUNT", "TYPE", "STATUS", "ENDS", "DAYS LEFT", "CLOUD"]
    return render_table(rows, header)
