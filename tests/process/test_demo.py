"""``inspector-trial demo`` as a real process: it runs as the console script and never loads
pulumi-aws (the story in-process: tests/emulator/test_demo.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from support.demo_output import decision_lines

from pulumi_inspector_trial.emulator.sample import (
    SAMPLE_ACCOUNT_IDS,
)

CONSOLE_SCRIPT = Path(sys.executable).with_name("inspector-trial")


def test_demo_runs_as_the_console_script():
    process = subprocess.run(
        [str(CONSOLE_SCRIPT), "demo"],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
        check=False,
    )
    assert process.returncode == 0, process.stderr
    assert process.stderr == ""
    assert sorted(decision_lines(process.stdout)) == sorted(SAMPLE_ACCOUNT_IDS)
    assert "FAILED: 2 errors" in process.stdout


def test_demo_does_not_load_pulumi_aws():
    # pulumi-aws takes seconds to import; the demo must not need it.
    script = (
        "import sys\n"
        "from pulumi_inspector_trial.cli import main\n"
        "code = main(['demo'])\n"
        "assert 'pulumi_aws' not in sys.modules, 'pulumi_aws was imported'\n"
        "sys.exit(code)\n"
    )
    process = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        timeout=60,
        env=os.environ.copy(),
        check=False,
    )
    assert process.returncode == 0, process.stderr
