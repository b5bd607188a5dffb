"""Calls to a running emulator: its control API over HTTP and Inspector's API through boto3."""

from __future__ import annotations

import http.client
import json
from collections.abc import Callable
from typing import Any

import boto3
import pytest
from botocore.config import Config
from botocore.exceptions import ClientError

FRESH = "111122223333"
NON_MEMBER = "555566667777"


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
