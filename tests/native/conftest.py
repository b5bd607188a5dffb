"""The native tier's plugin: one ``pulumi-resource-inspectortrial`` process per test session,
started and configured as the engine does for a program whose stack sets ``inspectortrial:region``.

Each test points its invokes at its own emulator (``endpointUrl``): the plugin keeps answers per
endpoint for the life of the process, and ``start_emulator`` never reuses a port.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from support.aws_env import fake_aws_process_env

from pulumi_inspector_trial.testing import NativeProviderPlugin

PROVIDER_CONFIG = {"region": "us-east-1"}


@pytest.fixture(scope="session")
def native_plugin(tmp_path_factory: pytest.TempPathFactory) -> Iterator[NativeProviderPlugin]:
    env = fake_aws_process_env(tmp_path_factory.mktemp("native-aws"))
    with NativeProviderPlugin(env=env) as running:
        assert running.check_config(PROVIDER_CONFIG) == []
        running.configure(PROVIDER_CONFIG)
        yield running
