"""The provider as the engine runs it: the real ``python -m pulumi.dynamic`` plugin over gRPC.

How a read fails (the service, the network, failed accounts, a stack's time budget) is pinned
in test_fault_matrix.py; destroy without network or credentials in test_refresh_and_destroy.py.
"""

from __future__ import annotations

import base64
import os

import grpc
import pytest

from pulumi_inspector_trial.emulator.sample import (
    ENDING_SOON_ACCOUNT,
    FRESH_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)
from pulumi_inspector_trial.read.query import free_trial_info_id
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE, ProviderPlugin, serialized_provider

URN = f"urn:pulumi:dev::trial-report::{FREE_TRIAL_INFO_TYPE}::trial"
TRIAL_ID = "freetrialinfo-test"


@pytest.fixture
def fresh_plugin(aws_env):
    """A plugin of its own, for a test that sends its own stack config: the provider process is
    configured once, by the first request after ``Configure``."""
    with ProviderPlugin(env=aws_env()) as running:
        yield running


def test_read_by_id_with_inputs_only_resolves_the_trials(plugin, emulator):
    inputs = {
        "account_ids": [NEW_TYPES_ACCOUNT, FRESH_ACCOUNT, FRESH_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
    }
    id_, outputs = plugin.read(TRIAL_ID, URN, inputs=inputs)
    assert id_ == TRIAL_ID
    assert outputs["account_ids"] == [FRESH_ACCOUNT, NEW_TYPES_ACCOUNT]
    assert [a["account_id"] for a in outputs["accounts"]] == [FRESH_ACCOUNT, NEW_TYPES_ACCOUNT]
    assert outputs["failed_accounts"] == []
    assert outputs["active_types"][FRESH_ACCOUNT] == [
        "CODE_REPOSITORY",
        "EC2",
        "ECR",
        "LAMBDA",
        "LAMBDA_CODE",
    ]
    assert "SOURCE_ARTIFACT" in outputs["active_types"][NEW_TYPES_ACCOUNT]
    assert emulator.backend.request_count() == 1


def test_read_takes_the_region_from_stack_config(plugin, emulator):
    _, outputs = plugin.read(
        TRIAL_ID,
        URN,
        inputs={"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url},
    )
    assert outputs["region"] == "us-east-1"


def test_an_explicit_region_wins_over_stack_config(plugin, emulator):
    inputs = {
        "account_ids": [FRESH_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
        "region": "eu-west-1",
    }
    _, outputs = plugin.read(TRIAL_ID, URN, inputs=inputs)
    assert outputs["region"] == "eu-west-1"


def test_refresh_reads_from_prior_properties(plugin, emulator):
    inputs = {"account_ids": [ENDING_SOON_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    _, first = plugin.read(TRIAL_ID, URN, inputs=inputs)
    # On refresh the engine sends the prior outputs as well: they, not the inputs, say what to read.
    other_inputs = {**inputs, "account_ids": [FRESH_ACCOUNT]}
    id_, refreshed = plugin.read(TRIAL_ID, URN, inputs=other_inputs, properties=first)
    assert id_ == TRIAL_ID
    assert [a["account_id"] for a in refreshed["accounts"]] == [ENDING_SOON_ACCOUNT]


def test_timestamps_are_iso_utc_strings(plugin, emulator):
    _, outputs = plugin.read(
        TRIAL_ID,
        URN,
        inputs={"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url},
    )
    trial = outputs["accounts"][0]["free_trial_info"][0]
    assert trial["start"].endswith("Z") and trial["end"].endswith("Z")
    assert set(trial) <= {"type", "start", "end", "status", "cloud_provider"}


def test_allow_failed_accounts_returns_them_as_outputs(plugin, emulator):
    inputs = {
        "account_ids": [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
        "allow_failed_accounts": True,
    }
    _, outputs = plugin.read(TRIAL_ID, URN, inputs=inputs)
    assert [f["account_id"] for f in outputs["failed_accounts"]] == [NON_MEMBER_ACCOUNT]
    assert outputs["failed_accounts"][0]["code"] == "ACCESS_DENIED"
    assert NON_MEMBER_ACCOUNT not in outputs["active_types"]


def test_check_accepts_good_inputs(plugin, emulator):
    news = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    inputs, failures = plugin.check(URN, {}, news)
    assert failures == []
    assert inputs["account_ids"] == [FRESH_ACCOUNT]
    assert emulator.backend.requests == []


@pytest.mark.parametrize(
    ("news", "property_", "named"),
    [
        ({"account_ids": ["1234", FRESH_ACCOUNT]}, "account_ids", "'1234'"),
        ({"account_ids": [FRESH_ACCOUNT], "region": "US_EAST"}, "region", "'US_EAST'"),
        ({"account_ids": [FRESH_ACCOUNT], "endpoint_url": "ftp://x"}, "endpoint_url", "'ftp://x'"),
        ({"account_ids": [FRESH_ACCOUNT], "role_arn": "admin"}, "role_arn", "'admin'"),
        ({}, "account_ids", "account_ids"),
        # Named by the property the value was given as, not guessed from words in the message.
        ({"account_ids": ["my-profile"]}, "account_ids", "'my-profile'"),
        ({"account_ids": ["region-1"]}, "account_ids", "'region-1'"),
        ({"account_ids": [FRESH_ACCOUNT], "profile": ""}, "profile", "profile"),
        ({"account_ids": [FRESH_ACCOUNT], "region": "endpoint"}, "region", "'endpoint'"),
        (
            {"account_ids": [FRESH_ACCOUNT], "allow_failed_accounts": "false"},
            "allow_failed_accounts",
            "'false'",
        ),
    ],
)
def test_check_names_the_bad_value(plugin, news, property_, named):
    _, failures = plugin.check(URN, {}, news)
    assert len(failures) == 1
    assert failures[0][0] == property_
    assert named in failures[0][1]


def test_diff_sees_a_change_of_accounts_but_not_of_their_order(plugin):
    olds = {"account_ids": [FRESH_ACCOUNT, NEW_TYPES_ACCOUNT]}
    same = plugin.diff(TRIAL_ID, URN, olds, {"account_ids": [NEW_TYPES_ACCOUNT, FRESH_ACCOUNT]})
    changed = plugin.diff(TRIAL_ID, URN, olds, {"account_ids": [FRESH_ACCOUNT]})
    assert same.changes == same.DIFF_NONE
    assert changed.changes == changed.DIFF_SOME


def test_create_resolves_like_a_read_with_a_deterministic_id(plugin, emulator):
    props = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    first_id, outputs = plugin.create(URN, props)
    second_id, _ = plugin.create(URN, {**props, "account_ids": [FRESH_ACCOUNT] * 2})
    assert first_id == second_id and first_id.startswith("freetrialinfo-")
    assert outputs["active_types"][FRESH_ACCOUNT]


def test_create_gives_the_id_the_program_registers_with_the_stack_region(plugin, emulator):
    # The shared plugin is configured with aws:region us-east-1, as the program's stack is.
    props = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": emulator.endpoint_url}
    id_, _ = plugin.create(URN, props)
    assert id_ == free_trial_info_id("us-east-1", emulator.endpoint_url, [FRESH_ACCOUNT])


def test_concurrent_reads_are_served_and_share_requests(plugin, emulator):
    from concurrent.futures import ThreadPoolExecutor

    inputs = {
        "account_ids": [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT],
        "endpoint_url": emulator.endpoint_url,
    }
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: plugin.read(TRIAL_ID, URN, inputs=inputs), range(8)))
    assert all(r[1]["account_ids"] == [FRESH_ACCOUNT, ENDING_SOON_ACCOUNT] for r in results)
    assert emulator.backend.request_count() == 1


def test_serialized_provider_is_a_small_reference_to_the_class():
    """Pickled by module and name, not by value (that it holds no credential: test_no_leaks)."""
    serialized = serialized_provider()
    raw = base64.b64decode(serialized)
    assert len(serialized) < 200
    assert b"pulumi_inspector_trial.provider" in raw and b"FreeTrialInfoProvider" in raw


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
