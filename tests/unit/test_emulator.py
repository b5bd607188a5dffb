"""The emulator, driven by real boto3 clients over real HTTP on 127.0.0.1."""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

from pulumi_inspector_trial.emulator import (
    FaultPlan,
    InspectorBackend,
    load_data_file,
    sample_organisation,
)
from pulumi_inspector_trial.emulator import models as emulator_models
from pulumi_inspector_trial.errors import InvalidInputError

FRESH = "111122223333"
NON_MEMBER = "555566667777"


# --- faults -----------------------------------------------------------------------------------


def test_latency_is_waited_without_holding_the_backend_lock(
    fixed_now: datetime, monkeypatch: pytest.MonkeyPatch
) -> None:
    backend = InspectorBackend(sample_organisation(fixed_now), FaultPlan(latency_seconds=5))
    lock_held_while_sleeping: list[bool] = []

    def fake_sleep(seconds: float) -> None:
        lock_held_while_sleeping.append(backend._lock.locked())

    monkeypatch.setattr(emulator_models.time, "sleep", fake_sleep)
    backend.batch_get_free_trial_info([FRESH])

    assert lock_held_while_sleeping == [False]


# --- data files -------------------------------------------------------------------------------


def write_json(tmp_path: Path, document: object) -> Path:
    path = tmp_path / "organisation.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_data_file_is_loaded_into_an_organisation_and_a_fault_plan(tmp_path: Path) -> None:
    path = write_json(
        tmp_path,
        {
            "accounts": {
                FRESH: [
                    {
                        "type": "EC2",
                        "start": "2026-11-20T00:00:00Z",
                        "end": 1795305600,
                        "status": "ACTIVE",
                    },
                    {
                        "type": "VM",
                        "start": "2026-11-20T00:00:00Z",
                        "end": "2026-12-05T00:00:00Z",
                        "status": "INACTIVE",
                        "cloudProvider": "AZURE",
                    },
                ]
            },
            "nonMembers": [NON_MEMBER],
            "synthesizeMembers": True,
            "faults": {"throttle_first": 2, "internal_error_accounts": {FRESH: 1}},
        },
    )

    organisation, faults = load_data_file(path)

    ec2, vm = organisation.members[FRESH]
    assert ec2.start == datetime(2026, 11, 20, tzinfo=timezone.utc)
    assert ec2.end == datetime.fromtimestamp(1795305600, tz=timezone.utc)
    assert vm.cloud_provider == "AZURE"
    assert vm.status == "INACTIVE"
    assert organisation.non_members == frozenset({NON_MEMBER})
    assert organisation.synthesize_members
    assert faults == FaultPlan(throttle_first=2, internal_error_accounts={FRESH: 1})


def test_missing_data_file_is_invalid_input_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "nowhere.json"

    with pytest.raises(InvalidInputError, match=r"nowhere\.json"):
        load_data_file(missing)
