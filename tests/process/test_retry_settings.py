"""botocore's retry settings win in a real process: the console script honours
``AWS_MAX_ATTEMPTS``, counted in the requests a throttling emulator answered (the other settings:
tests/emulator/test_retry_settings.py).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.cli_runner import at, cli_at

from pulumi_inspector_trial.emulator import FaultPlan
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT

CONSOLE_SCRIPT = Path(sys.executable).with_name("inspector-trial")
BATCH_GET = "BatchGetFreeTrialInfo"


@pytest.fixture
def throttling(make_emulator):
    """An emulator that throttles every request."""
    return make_emulator(faults=FaultPlan(throttle_always=True))


def check(fixed_now, server, *argv: str):
    return cli_at(fixed_now)("check", *at(server, *argv), FRESH_ACCOUNT)


def test_the_console_script_honours_aws_max_attempts(throttling, aws_env):
    env = aws_env(AWS_MAX_ATTEMPTS="1", AWS_RETRY_MODE="standard")
    process = subprocess.run(
        [str(CONSOLE_SCRIPT), "status", *at(throttling), FRESH_ACCOUNT],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=False,
    )

    assert process.returncode == 3, process.stderr
    assert throttling.backend.request_count(BATCH_GET) == 1
