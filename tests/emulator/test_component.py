"""``GatedEnabler``'s inputs checked against the emulator: a bad account id, an unknown wanted type
and bad regions are refused by name before any request (its decisions through the real provider
plugin: tests/plugin/test_component.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from pulumi_inspector_trial import (
    GatedEnabler,
    GatedEnablerArgs,
    InvalidInputError,
)
from pulumi_inspector_trial.emulator import EmulatorServer
from pulumi_inspector_trial.emulator.sample import (
    FRESH_ACCOUNT,
    SAMPLE_ACCOUNT_IDS,
)


def gate(emulator: EmulatorServer, fixed_now: Any, **inputs: Any) -> Callable[[], GatedEnabler]:
    inputs.setdefault("account_ids", list(SAMPLE_ACCOUNT_IDS))
    return lambda: GatedEnabler("gate", endpoint_url=emulator.endpoint_url, at=fixed_now, **inputs)


# --- validation, before any request --------------------------------------------------------------


def test_bad_account_id_is_refused_naming_it(emulator):
    with pytest.raises(InvalidInputError, match="'12345'"):
        GatedEnabler(
            "gate", account_ids=[FRESH_ACCOUNT, "12345"], endpoint_url=emulator.endpoint_url
        )
    assert emulator.backend.requests == []


def test_unknown_wanted_type_is_refused_naming_it(emulator):
    with pytest.raises(InvalidInputError, match="'EC3'"):
        GatedEnabler(
            "gate",
            account_ids=[FRESH_ACCOUNT],
            wanted_types=["EC2", "EC3"],
            endpoint_url=emulator.endpoint_url,
        )
    assert emulator.backend.requests == []


# --- several regions ---------------------------------------------------------------------------

EAST, WEST = "us-east-1", "eu-west-1"


@pytest.mark.parametrize(
    ("inputs", "named"),
    [
        ({"regions": "us-east-1"}, "'us-east-1'"),
        ({"regions": []}, "regions is empty"),
        ({"regions": ["us-east-1", "mars"]}, "'mars'"),
        ({"regions": [EAST], "region": WEST}, "region or regions"),
    ],
)
def test_bad_regions_are_refused_by_name_before_any_request(emulator, inputs, named):
    with pytest.raises(InvalidInputError, match=named):
        GatedEnablerArgs(account_ids=[FRESH_ACCOUNT], endpoint_url=emulator.endpoint_url, **inputs)
    assert emulator.backend.requests == []
