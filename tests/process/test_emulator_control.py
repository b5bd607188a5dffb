"""The emulator's control API (``/_emulator/``), driven by a plain HTTP client, as a test or a
benchmark in another process drives it; the services are asked with real boto3 clients."""

from __future__ import annotations

import http.client
import json
import os
import re
import signal
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

FRESH = "111122223333"


def control(
    port: int, method: str, path: str, body: object = None
) -> tuple[int, dict[str, str], Any]:
    """One control call: status, headers and the decoded JSON answer."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        payload = None if body is None else (body if isinstance(body, bytes) else json.dumps(body))
        connection.request(method, path, body=payload)
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), json.loads(response.read())
    finally:
        connection.close()


def ask(endpoint_url: str, region: str = "us-east-1", *account_ids: str) -> dict[str, Any]:
    client = boto3.client(
        "inspector2",
        region_name=region,
        endpoint_url=endpoint_url,
        config=Config(retries={"mode": "standard", "total_max_attempts": 1}),
    )
    response: dict[str, Any] = client.batch_get_free_trial_info(
        accountIds=list(account_ids or (FRESH,))
    )
    return response


def error_code(call: Callable[[], object]) -> str:
    with pytest.raises(ClientError) as raised:
        call()
    code: str = raised.value.response["Error"]["Code"]
    return code


# --- requests ---------------------------------------------------------------------------------


# --- reset ------------------------------------------------------------------------------------


# --- faults -----------------------------------------------------------------------------------


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
