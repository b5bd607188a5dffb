"""No message prints a password from an endpoint URL: the real provider plugin never sends an
``endpoint_url`` argument's password to the engine (the other sources and paths: tests/unit/,
tests/emulator/ and tests/process/test_redaction.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import grpc
import pytest
from support.endpoint_sources import endpoint
from support.plain_messages import last_line_of_grpc_details

from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT
from pulumi_inspector_trial.testing import (
    FREE_TRIAL_INFO_TYPE,
)

URN = f"urn:pulumi:dev::redaction::{FREE_TRIAL_INFO_TYPE}::trial"


# --- one real process per source -------------------------------------------------------------

PASSWORD = "Pw-subprocess-h@nter2"


def assert_refused_without_the_password(read: Callable[[], Any], named: str) -> None:
    with pytest.raises(grpc.RpcError) as error:
        read()
    details = error.value.details()
    assert PASSWORD not in details
    assert named in last_line_of_grpc_details(details)


def test_the_real_plugin_never_sends_an_endpoint_argument_password_to_the_engine(plugin):
    inputs = {"account_ids": [FRESH_ACCOUNT], "endpoint_url": endpoint("", "ci", PASSWORD)}
    assert_refused_without_the_password(
        lambda: plugin.read("freetrialinfo-redaction", URN, inputs=inputs), "endpoint URL"
    )
