"""No message prints a password from an endpoint URL: one subprocess per source runs the real
command, plugin and policy pack, and none shows the password (the sources and paths in process:
tests/unit/test_redaction.py).
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Callable
from typing import Any

import grpc
import pytest
from support.endpoint_sources import SOURCES, endpoint
from support.paths import REPO
from support.plain_messages import last_line_of_grpc_details

from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT
from pulumi_inspector_trial.policy import ENABLER_TYPE
from pulumi_inspector_trial.testing import (
    FREE_TRIAL_INFO_TYPE,
    PolicyPackPlugin,
    ProviderPlugin,
)

URN = f"urn:pulumi:dev::redaction::{FREE_TRIAL_INFO_TYPE}::trial"
PACK = REPO / "examples" / "policy-pack"


SOURCE_IDS = [s.name for s in SOURCES]


# --- one real process per source -------------------------------------------------------------

PASSWORD = "Pw-subprocess-h@nter2"


@pytest.mark.parametrize("source", SOURCES, ids=SOURCE_IDS)
def test_the_real_command_never_prints_an_endpoint_password(aws_env, tmp_path, source):
    patch = pytest.MonkeyPatch()
    try:
        extra = source.place(endpoint("http://", "ci", PASSWORD), patch, tmp_path)
        env = aws_env(**{k: v for k, v in os.environ.items() if k.startswith("AWS_")})
        if "AWS_ENDPOINT_URL_STS" not in os.environ:
            env.pop("AWS_ENDPOINT_URL_STS", None)
    finally:
        patch.undo()
    argv = ["--debug", "status", "--region", "us-east-1", FRESH_ACCOUNT, *extra]
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_inspector_trial", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, done.stderr
    assert source.named in done.stderr
    assert PASSWORD not in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def assert_refused_without_the_password(read: Callable[[], Any], named: str) -> None:
    with pytest.raises(grpc.RpcError) as error:
        read()
    details = error.value.details()
    assert PASSWORD not in details
    assert named in last_line_of_grpc_details(details)


def test_the_real_plugin_never_sends_an_environment_endpoint_password_to_the_engine(aws_env):
    url = endpoint("http://", "ci", PASSWORD)
    with ProviderPlugin(env=aws_env(AWS_ENDPOINT_URL_INSPECTOR2=url)) as running:
        running.configure({"aws:region": "us-east-1"})
        inputs = {"account_ids": [FRESH_ACCOUNT]}
        assert_refused_without_the_password(
            lambda: running.read("freetrialinfo-redaction", URN, inputs=inputs),
            "AWS_ENDPOINT_URL_INSPECTOR2",
        )


def test_the_real_policy_pack_never_reports_an_endpoint_password(aws_env):
    with PolicyPackPlugin(PACK, env=aws_env()) as pack:
        url = endpoint("https://", "ci", PASSWORD)
        pack.configure({"inspector-enabler-free-trial": ("mandatory", {"endpointUrl": url})})
        violations = pack.analyze(
            ENABLER_TYPE,
            {"accountIds": [FRESH_ACCOUNT], "resourceTypes": ["EC2"], "region": "us-east-1"},
        )
    assert violations and all(PASSWORD not in v.detail for v in violations)
    assert any("endpointUrl" in v.detail for v in violations)
