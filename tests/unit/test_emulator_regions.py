"""The emulator's regions without a network: a region not served is a ``KeyError``, a region's
faults override the top-level ones, and ``load_data_file`` refuses a per-region file by name
(served over HTTP: tests/emulator/test_emulator_regions.py)."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from pulumi_inspector_trial.domain.trials import FreeTrial
from pulumi_inspector_trial.emulator import (
    EmulatorError,
    FaultPlan,
    Organisation,
    RegionalBackends,
    load_data_file,
    load_regional_backends,
)

FRESH = "111122223333"
START = datetime(2026, 11, 20, tzinfo=timezone.utc)


def trial(trial_type: str = "EC2", status: str = "ACTIVE") -> FreeTrial:
    return FreeTrial(trial_type, START, START + timedelta(days=15), status)


def member(account_id: str, *trials: FreeTrial) -> Organisation:
    return Organisation(members={account_id: trials or (trial(),)})


# --- state per region -------------------------------------------------------------------------


def test_a_region_that_is_not_served_is_a_key_error() -> None:
    backends = RegionalBackends({"us-east-1": member(FRESH)})

    with pytest.raises(KeyError, match="eu-west-1"):
        backends["eu-west-1"]


# --- data files per region --------------------------------------------------------------------


def write_json(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "regions.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_a_regions_faults_are_set_over_the_top_level_faults(tmp_path: Path) -> None:
    path = write_json(
        tmp_path,
        {
            "faults": {"latency_seconds": 0.5, "throttle_first": 1},
            "regions": {
                "us-east-1": {"accounts": {}, "faults": {"throttle_first": 3}},
                "eu-west-1": {"accounts": {}},
            },
        },
    )

    backends = load_regional_backends(path)

    assert backends["us-east-1"].faults == FaultPlan(latency_seconds=0.5, throttle_first=3)
    assert backends["eu-west-1"].faults == FaultPlan(latency_seconds=0.5, throttle_first=1)


def test_load_data_file_refuses_a_per_region_file_naming_load_regional_backends(
    tmp_path: Path,
) -> None:
    path = write_json(tmp_path, {"regions": {"us-east-1": {"accounts": {}}}})

    with pytest.raises(EmulatorError, match="load_regional_backends"):
        load_data_file(path)
