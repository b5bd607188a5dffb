"""The emulator's control API (``/_emulator/``) served by the real ``inspector-trial emulator``
process (the API itself: tests/emulator/test_emulator_control.py)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from pathlib import Path

from support.emulator_calls import ask, control, error_code

# --- from another process ---------------------------------------------------------------------


def test_the_command_line_emulator_answers_the_control_api(tmp_path: Path) -> None:
    data = tmp_path / "organisation.json"
    data.write_text(json.dumps({"synthesizeMembers": True}), encoding="utf-8")
    command = ["-m", "pulumi_inspector_trial", "emulator", "--port", "0", "--data", str(data)]
    process = subprocess.Popen(
        [sys.executable, *command],
        stdout=subprocess.PIPE,
        stdin=subprocess.DEVNULL,
        text=True,
        env=os.environ.copy(),
    )
    try:
        assert process.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:(\d+)", process.stdout.readline())
        assert found is not None
        endpoint_url, port = found.group(0), int(found.group(1))
        control(port, "POST", "/_emulator/faults?region=eu-west-1", {"deny_all": True})

        ask(endpoint_url, "us-east-1")
        error_code(lambda: ask(endpoint_url, "eu-west-1"))

        _, _, document = control(port, "GET", "/_emulator/requests")
        assert [(r["region"], r["status"]) for r in document["requests"]] == [
            ("us-east-1", 200),
            ("eu-west-1", 403),
        ]
    finally:
        process.send_signal(signal.SIGINT)
        process.wait(timeout=10)
        if process.stdout is not None:
            process.stdout.close()
