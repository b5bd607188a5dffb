"""The JSON document of ``check``: ``check-jsonschema`` validates the real command's output
against the shipped schema as a CI step would (the rest: tests/emulator/test_output_schemas.py).
"""

from __future__ import annotations

import subprocess
import sys
from importlib.resources import files
from pathlib import Path

from support.cli_runner import at

from pulumi_inspector_trial.emulator.sample import (
    EXPIRED_ACCOUNT,
    FRESH_ACCOUNT,
)

CONSOLE_SCRIPT = Path(sys.executable).with_name("inspector-trial")


# --- as a pipeline uses them -------------------------------------------------------------------


def test_check_jsonschema_validates_the_commands_output_as_a_ci_step_would(
    emulator, aws_env, tmp_path
):
    report = tmp_path / "report.json"
    with report.open("w") as out:
        process = subprocess.run(
            [
                str(CONSOLE_SCRIPT),
                "check",
                *at(emulator),
                "--output",
                "json",
                "--require-active",
                "EC2",
                FRESH_ACCOUNT,
                EXPIRED_ACCOUNT,
            ],
            stdout=out,
            stderr=subprocess.PIPE,
            text=True,
            timeout=60,
            env=aws_env(),
            check=False,
        )
    assert process.returncode == 1, process.stderr
    schema_file = files("pulumi_inspector_trial").joinpath("schemas/check.schema.json")
    validated = subprocess.run(
        [
            str(Path(sys.executable).with_name("check-jsonschema")),
            "--schemafile",
            str(schema_file),
            str(report),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert validated.returncode == 0, validated.stdout + validated.stderr
