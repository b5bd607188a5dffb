"""The provider plugin as a process of its own: a bad stack config timeout named, a failed
connection stopping the plugin process, and output past a pipe's size not blocking it (reads
over gRPC: tests/plugin/test_provider_plugin.py).
"""

from __future__ import annotations

import os

import grpc
import pytest

from pulumi_inspector_trial.emulator.sample import (
    FRESH_ACCOUNT,
)
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, ProviderPlugin

URN = f"urn:pulumi:dev::trial-report::{FREE_TRIAL_INFO_TYPE}::trial"
TRIAL_ID = "freetrialinfo-test"


@pytest.fixture
def fresh_plugin(aws_env):
    """A plugin of its own, for a test that sends its own stack config: the provider process is
    configured once, by the first request after ``Configure``."""
    with ProviderPlugin(env=aws_env()) as running:
        yield running


def test_a_bad_stack_config_timeout_is_named(fresh_plugin, emulator):
    fresh_plugin.configure({"aws:region": "us-east-1", "inspector-trial:timeout": "soon"})
    with pytest.raises(grpc.RpcError) as error:
        fresh_plugin.read(
            TRIAL_ID,
            URN,
            inputs={"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url},
        )
    assert "inspector-trial:timeout 'soon'" in error.value.details()
    assert emulator.backend.requests == []


def test_a_failed_connection_stops_the_plugin_process(monkeypatch, aws_env):
    class NeverReady:
        def __init__(self, channel):
            pass

        def result(self, timeout=None):
            raise grpc.FutureTimeoutError()

    monkeypatch.setattr(grpc, "channel_ready_future", NeverReady)
    plugin = ProviderPlugin(env=aws_env())
    with pytest.raises(grpc.FutureTimeoutError):
        plugin.start(timeout=5)
    assert plugin.process is not None and plugin.process.poll() is not None
    assert plugin.process.stdout is not None and plugin.process.stdout.closed


# Loaded by the plugin's interpreter through PYTHONPATH: once the test creates ``go``, it prints
# far more than a pipe holds, then creates ``done``; a print that blocks never gets there.
_CHATTY_SITECUSTOMIZE = """
import os, threading, time

def _chatter(go, done):
    while not os.path.exists(go):
        time.sleep(0.05)
    chunk = b"x" * 1023 + b"\\n"
    for _ in range(256):
        view = memoryview(chunk)
        while view:
            view = view[os.write(1, view):]
    open(done, "w").close()

threading.Thread(
    target=_chatter, args=(os.environ["CHATTY_GO"], os.environ["CHATTY_DONE"]), daemon=True
).start()
"""


def test_a_provider_printing_more_than_a_pipe_holds_is_not_blocked(tmp_path, aws_env):
    import time

    (tmp_path / "sitecustomize.py").write_text(_CHATTY_SITECUSTOMIZE)
    go, done = tmp_path / "go", tmp_path / "done"
    python_path = os.pathsep.join([str(tmp_path), os.environ.get("PYTHONPATH", "")])
    env = aws_env(PYTHONPATH=python_path, CHATTY_GO=str(go), CHATTY_DONE=str(done))
    with ProviderPlugin(env=env) as plugin:
        go.touch()
        deadline = time.monotonic() + 20
        while not done.exists() and time.monotonic() < deadline:
            time.sleep(0.05)
        assert done.exists(), "the plugin blocked writing to its stdout"
    assert plugin.process is not None and plugin.process.stdout is not None
    assert plugin.process.stdout.closed
