"""Fixtures shared by every test file.

- ``isolated_aws_env`` (autouse): no test sees the machine's AWS settings or reaches real AWS
  by accident. Credentials are fake; no region is set, so tests pass one explicitly.
- ``fixed_now``: the moment the sample organisation is built around.
- ``make_emulator``: a factory of started emulators, all stopped at teardown.
- ``emulator``: one started emulator serving the sample organisation.
- ``inspector_client``: a boto3 inspector2 client (us-east-1) pointed at ``emulator``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

import boto3
import pytest

from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    FaultPlan,
    InspectorBackend,
    Organisation,
    sample_organisation,
)

MakeEmulator = Callable[..., EmulatorServer]


@pytest.fixture(autouse=True)
def isolated_aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing-key-id")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing-secret")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(tmp_path / "no-aws-config"))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(tmp_path / "no-aws-credentials"))
    monkeypatch.setenv("AWS_EC2_METADATA_DISABLED", "true")


@pytest.fixture
def fixed_now() -> datetime:
    return datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


@pytest.fixture
def make_emulator(fixed_now: datetime) -> Iterator[MakeEmulator]:
    """``make_emulator(organisation=None, faults=None)``: the sample organisation by default."""
    servers: list[EmulatorServer] = []

    def make(
        organisation: Organisation | None = None, faults: FaultPlan | None = None
    ) -> EmulatorServer:
        if organisation is None:
            organisation = sample_organisation(fixed_now)
        server = EmulatorServer(InspectorBackend(organisation, faults)).start()
        servers.append(server)
        return server

    yield make
    for server in servers:
        server.stop()


@pytest.fixture
def emulator(make_emulator: MakeEmulator) -> EmulatorServer:
    return make_emulator()


@pytest.fixture
def inspector_client(emulator: EmulatorServer) -> Any:
    return boto3.client("inspector2", region_name="us-east-1", endpoint_url=emulator.endpoint_url)
