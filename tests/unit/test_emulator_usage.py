"""The emulator's ListUsageTotals without a network: latency waited before each answer outside the
lock, and the data file's usage section loaded (served: tests/emulator/test_emulator_usage.py)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from support.usage_documents import USAGE_DOCUMENT, write

from pulumi_inspector_trial.emulator import (
    FaultPlan,
    InspectorBackend,
    Usage,
    load_data_file,
    sample_organisation,
)
from pulumi_inspector_trial.emulator.core import backends as emulator_backends
from pulumi_inspector_trial.emulator.sample import (
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
)


def answered(pages: list[dict[str, Any]]) -> list[str]:
    return [total["accountId"] for page in pages for total in page["totals"]]


# --- faults -----------------------------------------------------------------------------------


def test_latency_is_waited_before_each_answer_outside_the_lock(
    fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = InspectorBackend(sample_organisation(fixed_now), FaultPlan(latency_seconds=2.5))
    waited: list[tuple[float, bool]] = []
    monkeypatch.setattr(
        emulator_backends.time, "sleep", lambda s: waited.append((s, backend._lock.locked()))
    )

    answer = backend.list_usage_totals([FRESH_ACCOUNT])

    assert answered([answer]) == [FRESH_ACCOUNT]
    assert waited == [(2.5, False)]


# --- data files -------------------------------------------------------------------------------


def test_load_data_file_reads_the_usage_section(tmp_path: Path) -> None:
    organisation, _ = load_data_file(write(tmp_path, USAGE_DOCUMENT))

    assert organisation.usage[FRESH_ACCOUNT][1] == Usage(
        "GCP_CLOUD_RUN_HOURS", 5.0, 2.0, "USD", "GCP"
    )
    assert organisation.usage_of(EXPIRED_ACCOUNT) == ()
