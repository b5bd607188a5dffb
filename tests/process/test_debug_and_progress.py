"""``--debug`` shows botocore's wire log on stderr with every secret taken out; a long read shows
a progress line on stderr when, and only when, stderr is a terminal."""

from __future__ import annotations

import io
import subprocess
import sys

import pytest

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT

ACCESS_KEY_ID = "AKIAZZDEBUGLEAK00001"
SECRET_ACCESS_KEY = "debug/Secret+Access+KEY"
SESSION_TOKEN = "debug-Session-TOKEN-value"
ENDPOINT_PASSWORD = "debug-endpoint-h@nter2"
SECRETS = (ACCESS_KEY_ID, SECRET_ACCESS_KEY, SESSION_TOKEN, ENDPOINT_PASSWORD)
"""More accounts than one request takes: a read long enough for a progress line."""


@pytest.fixture
def leaky_env(monkeypatch) -> dict[str, str]:
    values = {
        "AWS_ACCESS_KEY_ID": ACCESS_KEY_ID,
        "AWS_SECRET_ACCESS_KEY": SECRET_ACCESS_KEY,
        "AWS_SESSION_TOKEN": SESSION_TOKEN,
        # An endpoint of a service never called: known to the process, never printed.
        "AWS_ENDPOINT_URL_S3": f"http://ci:{ENDPOINT_PASSWORD}@127.0.0.1:9",
    }
    for name, value in values.items():
        monkeypatch.setenv(name, value)
    return values


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


def test_debug_in_a_real_process_shows_no_secret(leaky_env, emulator, aws_env):
    env = aws_env(**leaky_env)
    argv = ["--debug", "check", "--output", "json", "--region", "us-east-1"]
    argv += ["--endpoint-url", emulator.endpoint_url, FRESH_ACCOUNT]
    done = subprocess.run(
        [sys.executable, "-m", "pulumi_inspector_trial", *argv],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Sending http request" in done.stderr
    for secret in SECRETS:
        assert secret not in done.stdout + done.stderr, f"{secret!r} leaked"
