"""Fixtures shared by every test file.

- ``isolated_aws_env`` (autouse): no test sees the machine's AWS settings or reaches real AWS
  by accident. Credentials are fake; no region is set, so tests pass one explicitly.
- ``forget_the_program`` (autouse): no Pulumi root stack or config outlives the test that set it.
- ``plugin``: one provider plugin for the whole session, its stack config ``STACK_CONFIG``.
- ``preview``: ``preview(program, config=None)`` runs a program at preview through ``plugin``.
- ``fixed_now``: the moment the sample organisation is built around (``support.factories.NOW``).
- ``cli``: ``cli(*argv, stdin=...)`` runs ``main`` in-process at ``fixed_now``.
- ``start_emulator``: start an emulator on a port no earlier emulator of the session had.
- ``make_emulator``: a factory of started emulators, all stopped at teardown.
- ``emulator``: one started emulator serving the sample organisation.
- ``inspector_client``: a boto3 inspector2 client (us-east-1) pointed at ``emulator``.

Every test is in the tier its folder names, and carries that tier's marker (``pytest -m unit`` runs
the fast ones on every save): ``unit/`` (pure functions and in-process objects; its conftest fails a
test that opens a socket or starts a process), ``emulator/`` (real HTTP to an emulator),
``plugin/`` (talks to the session's provider plugin), ``native/`` (drives the native provider
plugin ``pulumi-resource-inspectortrial`` over gRPC, as the engine does), ``process/`` (starts a
process of its own: the command line, a provider plugin; marker ``subprocess``), ``install/``
(marker ``install``). What they share that is not a fixture lives in ``support/``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

import boto3
import pytest
from support.aws_env import fake_aws_process_env, isolated_aws_vars
from support.cli_runner import Cli, cli_at
from support.factories import NOW
from support.leaks import (
    ACCESS_KEY_ID,
    DEBUG_ACCESS_KEY_ID,
    DEBUG_SECRET_ACCESS_KEY,
    DEBUG_SESSION_TOKEN,
    ENDPOINT_PASSWORD,
    PROFILE_KEY_ID,
    PROFILE_SECRET,
    SECRET_ACCESS_KEY,
    SESSION_TOKEN,
)

from pulumi_inspector_trial.emulator import (
    EmulatorServer,
    FaultPlan,
    InspectorBackend,
    Organisation,
    sample_organisation,
)
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT
from pulumi_inspector_trial.testing import (
    FREE_TRIAL_INFO_TYPE,
    PreviewRun,
    ProviderPlugin,
    reset_runtime,
    run_preview,
)

MakeEmulator = Callable[..., EmulatorServer]
StartEmulator = Callable[[InspectorBackend], EmulatorServer]
Preview = Callable[..., PreviewRun]

TESTS = Path(__file__).resolve().parent

STACK_CONFIG = {"aws:region": "us-east-1"}
"""The stack config of the session's ``plugin``, and of every program run through it."""


@pytest.fixture(autouse=True)
def isolated_aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    for name, value in isolated_aws_vars(tmp_path).items():
        monkeypatch.setenv(name, value)


@pytest.fixture
def secret_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> dict[str, str]:
    """Distinctive credentials (``support.leaks.SECRETS``) in the environment and in a
    ``[leaky]`` profile of the credentials file: none may reach an output."""
    credentials = tmp_path / "credentials"
    credentials.write_text(
        f"[leaky]\naws_access_key_id = {PROFILE_KEY_ID}\n"
        f"aws_secret_access_key = {PROFILE_SECRET}\n",
        encoding="utf-8",
    )
    values = {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        "AWS_SESSION_TOKEN": SESSION_TOKEN,
        "AWS_SHARED_CREDENTIALS_FILE": str(credentials),
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture
def leaky_env(monkeypatch: pytest.MonkeyPatch) -> dict[str, str]:
    """``support.leaks.DEBUG_SECRETS`` in the environment, for ``--debug``'s log to not show."""
    values = {
        "AWS_ACCESS_KEY_ID": DEBUG_ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": DEBUG_SECRET_ACCESS_KEY,
        "AWS_SESSION_TOKEN": DEBUG_SESSION_TOKEN,
        # An endpoint of a service never called: known to the process, never printed.
        "AWS_ENDPOINT_URL_S3": f"http://ci:{ENDPOINT_PASSWORD}@127.0.0.1:9",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


@pytest.fixture(autouse=True)
def forget_the_program() -> Iterator[None]:
    """Pulumi keeps the root stack and config process-wide; a key one test sets must not be seen
    by the next (``PreviewMocks.install`` resets them too, before a program)."""
    yield
    reset_runtime()


@pytest.fixture(scope="session")
def plugin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ProviderPlugin]:
    """One provider plugin process for the whole session, configured with ``STACK_CONFIG``.

    Its environment is built explicitly: the plugin starts before the function-scoped autouse
    ``isolated_aws_env`` applies, so it gets the same fake, isolated AWS settings here.

    ``pulumi.dynamic`` configures the provider once per process, so the first request below pins
    ``STACK_CONFIG`` whatever order the tests run in; a later ``Configure`` changes nothing. A
    test that needs other stack config, other AWS variables or a provider that has not answered
    before starts its own ``ProviderPlugin``. Answers are kept per endpoint for the life of the
    process: ``start_emulator`` gives every emulator an endpoint of its own.
    """
    env = fake_aws_process_env(tmp_path_factory.mktemp("aws"))
    with ProviderPlugin(env=env) as running:
        running.configure(STACK_CONFIG)
        urn = f"urn:pulumi:stack::project::{FREE_TRIAL_INFO_TYPE}::pin-config"
        running.check(urn, {}, {"account_ids": [FRESH_ACCOUNT]})
        yield running


@pytest.fixture
def preview(plugin: ProviderPlugin) -> Preview:
    """``preview(program, config=None)``: ``run_preview`` through the session's ``plugin``.

    The program sees ``STACK_CONFIG`` plus ``config`` (its own keys, such as ``project:*``); the
    provider keeps ``STACK_CONFIG``.
    """

    def run(program: Callable[[], Any], config: Mapping[str, Any] | None = None) -> PreviewRun:
        return run_preview(program, plugin, config={**STACK_CONFIG, **(config or {})})

    return run


@pytest.fixture(scope="session")
def start_emulator() -> StartEmulator:
    """``start_emulator(backend)``: an emulator started on a port no earlier one of the session had.

    The kernel hands a freed port out again now and then, and the session's ``plugin`` would then
    answer from what the earlier emulator on that port said. Stopping the emulator is the
    caller's job.
    """
    used: set[str] = set()

    def start(backend: InspectorBackend) -> EmulatorServer:
        reused: list[EmulatorServer] = []
        server = EmulatorServer(backend)
        while server.endpoint_url in used:
            reused.append(server)  # held, so the next one cannot get the same port
            server = EmulatorServer(backend)
        for held in reused:
            held.stop()
        used.add(server.endpoint_url)
        return server.start()

    return start


@pytest.fixture
def fixed_now() -> datetime:
    return NOW


@pytest.fixture
def cli(fixed_now: datetime) -> Cli:
    """``cli(*argv, stdin="...")``: run ``main`` with captured streams and the fixed clock."""
    return cli_at(fixed_now)


@pytest.fixture
def make_emulator(fixed_now: datetime, start_emulator: StartEmulator) -> Iterator[MakeEmulator]:
    """``make_emulator(organisation=None, faults=None)``: the sample organisation by default."""
    servers: list[EmulatorServer] = []

    def make(
        organisation: Organisation | None = None, faults: FaultPlan | None = None
    ) -> EmulatorServer:
        if organisation is None:
            organisation = sample_organisation(fixed_now)
        server = start_emulator(InspectorBackend(organisation, faults))
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


TIERS = {
    "unit": "unit",
    "emulator": "emulator",
    "plugin": "plugin",
    "native": "native",
    "process": "subprocess",
    "install": "install",
}
"""Each tier folder under ``tests/`` and the marker its tests carry."""


def tier_of(item: pytest.Item) -> str:
    """The marker of the tier folder ``item`` is in."""
    parts = item.path.relative_to(TESTS).parts
    if len(parts) < 2 or parts[0] not in TIERS:
        raise pytest.UsageError(
            f"{item.nodeid} is in no tier folder; put its file in one of tests/"
            + ", tests/".join(TIERS)
            + "."
        )
    return TIERS[parts[0]]


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        tier = tier_of(item)
        for other in set(TIERS.values()) - {tier}:
            if item.get_closest_marker(other):
                raise pytest.UsageError(
                    f"{item.nodeid} is marked {other} but sits in the {tier} tier's folder; "
                    "move the test instead of marking it."
                )
        item.add_marker(tier)


# -- the one fake-AWS environment of a process a test starts ---------------------------------------

AwsEnv = Callable[..., dict[str, str]]


@pytest.fixture(scope="session")
def aws_env(tmp_path_factory: pytest.TempPathFactory) -> AwsEnv:
    """``aws_env(credentials=True, **extra)``: ``fake_aws_process_env`` for any process a test
    starts. Session-wide, so that a module's shared processes get the same environment."""
    home = tmp_path_factory.mktemp("aws-env")

    def build(*, credentials: bool = True, **extra: str) -> dict[str, str]:
        return fake_aws_process_env(home, credentials=credentials, **extra)

    return build
