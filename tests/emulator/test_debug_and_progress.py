"""``--debug`` shows botocore's wire log on stderr with every secret taken out, and nothing is
logged without it: ``main`` in-process against the emulator (the progress line: tests/unit/;
both in a real process: tests/process/test_debug_and_progress.py)."""

from __future__ import annotations

import io
import json

import pytest
from support.leaks import DEBUG_SECRETS

from pulumi_inspector_trial.cli import main
from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = main(list(argv), stdout=out, stderr=err)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("where", ["before the command", "after the command"])
def test_debug_logs_the_wire_to_stderr_without_a_secret(leaky_env, emulator, where):
    argv = ["status", "--output", "json", "--region", "us-east-1"]
    argv += ["--endpoint-url", emulator.endpoint_url, FRESH_ACCOUNT]
    argv = ["--debug", *argv] if where == "before the command" else [*argv, "--debug"]
    code, out, err = run(*argv)
    assert code == 0, err
    assert "botocore.endpoint [DEBUG] Sending http request" in err
    assert "Response body" in err  # what came back, too
    assert "Credential=<redacted>" in err  # the signed header, masked
    for secret in DEBUG_SECRETS:
        assert secret not in err + out, f"{secret!r} leaked"
    assert json.loads(out)["accounts"]  # stdout is the document alone


def test_without_debug_nothing_is_logged(leaky_env, emulator):
    code, _out, err = run(
        "status", "--region", "us-east-1", "--endpoint-url", emulator.endpoint_url, FRESH_ACCOUNT
    )
    assert code == 0 and err == ""
