"""Fixtures shared by every test file.

- ``isolated_aws_env`` (autouse): no test sees the machine's AWS settings or reaches real AWS
  by accident. Credentials are fake; no region is set, so tests pass one explicitly.
- ``forget_the_program`` (autouse): no Pulumi root stack or config outlives the test that set it.
- ``plugin``: one provider plugin for the whole session, its stack config ``STACK_CONFIG``.
- ``preview``: ``preview(program, config=None)`` runs a program at preview through ``plugin``.
- ``fixed_now``: the moment the sample organisation is built around.
- ``start_emulator``: start an emulator on a port no earlier emulator of the session had.
- ``make_emulator``: a factory of started emulators, all stopped at teardown.
- ``emulator``: one started emulator serving the sample organisation.
- ``inspector_client``: a boto3 inspector2 client (us-east-1) pointed at ``emulator``.

Every test is put in one tier (``pytest -m unit`` runs the fast ones on every save):
``subprocess`` (starts a process: the CLI, a provider plugin of its own), ``plugin`` (talks to
the session's provider plugin), ``emulator`` (real HTTP to an emulator), else ``unit``.
"""

from __future__ import annotations

import inspect
import os
from collections.abc import Callable, Iterator, Mapping
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

STACK_CONFIG = {"aws:region": "us-east-1"}
"""The stack config of the session's ``plugin``, and of every program run through it."""


def isolated_aws_vars(home: Path) -> dict[str, str]:
    """Fake credentials, and config and credentials files that do not exist under ``home``."""
    return {
        "AWS_ACCESS_KEY_ID": "testing-key-id",
        "AWS_SECRET_ACCESS_KEY": "testing-secret",
        "AWS_CONFIG_FILE": str(home / "no-aws-config"),
        "AWS_SHARED_CREDENTIALS_FILE": str(home / "no-aws-credentials"),
        "AWS_EC2_METADATA_DISABLED": "true",
        # A test that assumes a role without pointing STS at the emulator must not reach AWS:
        # port 9 on the loopback is closed.
        "AWS_ENDPOINT_URL_STS": "http://127.0.0.1:9",
    }


@pytest.fixture(autouse=True)
def isolated_aws_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith("AWS_"):
            monkeypatch.delenv(name)
    for name, value in isolated_aws_vars(tmp_path).items():
        monkeypatch.setenv(name, value)


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
    return datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)


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


_PLUGIN_FIXTURES = frozenset({"plugin", "preview", "shared_plugin", "fresh_plugin"})
_EMULATOR_FIXTURES = frozenset(
    {"emulator", "make_emulator", "start_emulator", "inspector_client", "server"}
)


def tier_of(item: pytest.Item) -> str:
    """The one tier a test belongs to, from what it uses."""
    fixtures = set(getattr(item, "fixturenames", ()))
    function = getattr(item, "function", None)
    try:
        source = inspect.getsource(function) if function is not None else ""
    except (OSError, TypeError):
        source = ""
    if "subprocess." in source or "ProviderPlugin(" in source or "fresh_plugin" in fixtures:
        return "subprocess"
    if fixtures & _PLUGIN_FIXTURES:
        return "plugin"
    if fixtures & _EMULATOR_FIXTURES:
        return "emulator"
    return "unit"


@pytest.hookimpl(tryfirst=True)  # before -m deselects by marker
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if not any(item.get_closest_marker(name) for name in TIERS):
            item.add_marker(tier_of(item))


# install: tests/install, which marks its own tests (new virtualenvs; `make test-install`).
TIERS = ("unit", "emulator", "plugin", "subprocess", "install")


# -- the one fake-AWS environment of a process a test starts ---------------------------------------

AwsEnv = Callable[..., dict[str, str]]


def fake_aws_process_env(home: Path, *, credentials: bool = True, **extra: str) -> dict[str, str]:
    """The environment of a process a test starts (the command line, a provider plugin): this
    machine's without any ``AWS_`` variable, then ``isolated_aws_vars(home)`` (less the access key
    pair when ``credentials`` is false), then ``extra``."""
    env = {name: value for name, value in os.environ.items() if not name.startswith("AWS_")}
    env.update(isolated_aws_vars(home))
    if not credentials:
        del env["AWS_ACCESS_KEY_ID"], env["AWS_SECRET_ACCESS_KEY"]
    env.update(extra)
    return env


@pytest.fixture(scope="session")
def aws_env(tmp_path_factory: pytest.TempPathFactory) -> AwsEnv:
    """``aws_env(credentials=True, **extra)``: ``fake_aws_process_env`` for any process a test
    starts. Session-wide, so that a module's shared processes get the same environment."""
    home = tmp_path_factory.mktemp("aws-env")

    def build(*, credentials: bool = True, **extra: str) -> dict[str, str]:
        return fake_aws_process_env(home, credentials=credentials, **extra)

    return build
