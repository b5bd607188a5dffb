"""Emulator data files: the real ``inspector-trial emulator --data`` process refuses a broken rule
before it listens (every rule through the loaders and ``main``:
tests/unit/test_emulator_datafile.py)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from support.datafiles import (
    BAD,
    expected_message,
    write,
)


# One rule: what is about the process (exit 2 before it listens, one line, nothing on stdout) is
# the same for every rule, and tests/unit/test_emulator_datafile.py runs each rule through main.
@pytest.mark.parametrize("name", ["member-and-non-member"])
def test_the_emulator_process_refuses_a_broken_rule_before_it_listens(
    tmp_path: Path, name: str
) -> None:
    bad = BAD[name]
    path = write(tmp_path, bad.document)

    command = ["emulator", "--port", "0", "--data", str(path)]

    process = subprocess.run(
        [sys.executable, "-m", "pulumi_inspector_trial", *command],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )

    assert (process.returncode, process.stdout) == (2, "")
    (line,) = process.stderr.splitlines()
    assert expected_message(path, bad).fullmatch(line.removeprefix("inspector-trial: ")), line
