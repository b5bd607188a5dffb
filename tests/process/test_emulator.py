"""The emulator, driven by real boto3 clients over real HTTP on 127.0.0.1."""

from __future__ import annotations

import subprocess
import sys

# --- the server -------------------------------------------------------------------------------


def test_importing_the_emulator_in_a_fresh_interpreter_loads_no_pulumi_grpc_or_boto() -> None:
    # Measured from nothing: the package root is imported on the way, and must not load them.
    code = (
        "import sys; import pulumi_inspector_trial.emulator; "
        "print(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'boto3', 'botocore', 'pulumi', 'pulumi_aws', 'grpc'}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout

    assert output.strip() == "[]"
