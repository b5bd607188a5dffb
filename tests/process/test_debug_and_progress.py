"""``--debug`` and the progress line in a real ``inspector-trial`` process against the emulator: no
secret in the wire log, and a progress line on stderr when, and only when, stderr is a terminal."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from support.leaks import DEBUG_SECRETS

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT

MANY = [f"{n:012d}" for n in range(100_000_000_000, 100_000_000_000 + 250)]
"""More accounts than one request takes: a read long enough for a progress line."""


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
    for secret in DEBUG_SECRETS:
        assert secret not in done.stdout + done.stderr, f"{secret!r} leaked"


def _status_of_many(
    emulator, aws_env, tmp_path, *, stderr_to_terminal: bool
) -> tuple[int, str, str]:
    """Run ``status`` on ``MANY`` accounts in a real process, stderr to a pseudo-terminal or a
    pipe; returns the exit code and what stdout and stderr got."""
    argv = [sys.executable, "-m", "pulumi_inspector_trial", "status", "--output", "json"]
    argv += ["--region", "us-east-1", "--endpoint-url", emulator.endpoint_url, *MANY]
    if not stderr_to_terminal:
        done = subprocess.run(argv, env=aws_env(), capture_output=True, text=True, timeout=60)
        return done.returncode, done.stdout, done.stderr
    document = tmp_path / "stdout.json"  # a file, not a pipe nobody reads while stderr is
    controller, terminal = os.openpty()
    with document.open("w") as out:
        process = subprocess.Popen(argv, env=aws_env(), stdout=out, stderr=terminal)
    os.close(terminal)
    seen = bytearray()
    while True:
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # the terminal's other end closed: the process is done with stderr
            break
        if not chunk:
            break
        seen += chunk
    os.close(controller)
    code = process.wait(timeout=60)
    return code, document.read_text(), seen.decode()


def test_a_long_read_shows_its_progress_on_a_terminal_and_erases_it(emulator, aws_env, tmp_path):
    code, out, err = _status_of_many(emulator, aws_env, tmp_path, stderr_to_terminal=True)
    assert code == 3  # the sample organisation knows none of these accounts
    assert "\rread 0 of 250 accounts" in err
    assert "\rread 250 of 250 accounts" in err
    assert "\r\x1b[K" in err  # erased before the message
    assert err.index("\r\x1b[K") < err.index("inspector-trial:")
    assert "read " not in out and json.loads(out)["failed_accounts"]


def test_no_progress_when_stderr_is_piped(emulator, aws_env, tmp_path):
    code, out, err = _status_of_many(emulator, aws_env, tmp_path, stderr_to_terminal=False)
    assert code == 3
    assert "read " not in err and "\r" not in err
    assert json.loads(out)["failed_accounts"]
