"""``GatedEnabler``'s inputs refused without a network: missing or late account ids, unknown
always-enable types, a lone string of types, a negative ``min_days_left``, a naive ``at``, and
args with keyword inputs (its decisions: tests/plugin/test_component.py).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
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


def test_missing_account_ids_raise_type_error_naming_them():
    with pytest.raises(TypeError, match="account_ids"):
        GatedEnablerArgs(wanted_types=["EC2"])


def test_unknown_always_enable_type_is_refused_naming_it():
    with pytest.raises(InvalidInputError, match="'VM'"):
        GatedEnablerArgs(account_ids=[FRESH_ACCOUNT], always_enable=["VM"])


def test_a_single_string_of_wanted_types_is_refused():
    with pytest.raises(InvalidInputError, match="single string"):
        GatedEnablerArgs(account_ids=[FRESH_ACCOUNT], wanted_types="EC2")


def test_account_ids_as_an_output_are_refused_as_too_late_to_decide():
    with pytest.raises(InvalidInputError, match="not an Output"):
        GatedEnablerArgs(account_ids=pulumi.Output.from_input([FRESH_ACCOUNT]))  # type: ignore[arg-type]


def test_negative_min_days_left_is_refused():
    with pytest.raises(InvalidInputError, match="min_days_left"):
        GatedEnablerArgs(account_ids=[FRESH_ACCOUNT], min_days_left=-1)


def test_naive_at_is_refused(fixed_now):
    with pytest.raises(InvalidInputError, match="timezone-aware"):
        GatedEnablerArgs(account_ids=[FRESH_ACCOUNT], at=fixed_now.replace(tzinfo=None))


def test_args_object_and_keyword_inputs_together_are_refused():
    args = GatedEnablerArgs(account_ids=[FRESH_ACCOUNT])
    with pytest.raises(TypeError, match="min_days_left"):
        GatedEnabler("gate", args, min_days_left=3)
