"""The emulator without a network: latency waited outside the backend lock, data files loaded or
refused by name, and no import of the client side (served over HTTP:
tests/emulator/test_emulator.py)."""

from __future__ import annotations

import ast
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest
from support.paths import REPO

from pulumi_inspector_trial.emulator import (
    EmulatorError,
    FaultPlan,
    InspectorBackend,
    load_data_file,
    sample_organisation,
)
from pulumi_inspector_trial.emulator.core import backends as emulator_backends

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

    monkeypatch.setattr(emulator_backends.time, "sleep", fake_sleep)
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

    with pytest.raises(EmulatorError, match=r"nowhere\.json"):
        load_data_file(missing)


EMULATOR_DIR = REPO / "pulumi_inspector_trial" / "emulator"


def test_no_emulator_module_imports_the_client_side_even_inside_a_function() -> None:
    # What an import-time check cannot see: an import run only when a function is called.
    offending = []
    for path in sorted(EMULATOR_DIR.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom):
                depth = len(path.relative_to(EMULATOR_DIR).parts) - 1  # 0 for emulator/x.py
                leaves = node.level > depth + 1 or (
                    node.level == 0
                    and (node.module or "").split(".")[0] == "pulumi_inspector_trial"
                    and not (node.module or "").startswith("pulumi_inspector_trial.emulator")
                )
            elif isinstance(node, ast.Import):
                leaves = any(
                    alias.name.split(".")[0] == "pulumi_inspector_trial"
                    and not alias.name.startswith("pulumi_inspector_trial.emulator")
                    for alias in node.names
                )
            else:
                continue
            if leaves:
                offending.append(f"{path.relative_to(EMULATOR_DIR)}:{node.lineno}")

    assert offending == []
