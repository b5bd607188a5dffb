"""Organisations to serve: the sample one the demo and docs tell a story with, or a file's."""

from __future__ import annotations

import dataclasses
import json
import re
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from ..errors import InvalidInputError
from ..model import ACTIVE, INACTIVE, FreeTrial, parse_timestamp
from .models import MALFORMED_KINDS, SYNTHESIZED_TYPES, FaultPlan, Organisation

FRESH_ACCOUNT = "111122223333"
"""Every trial ACTIVE, about 12 days left."""
ENDING_SOON_ACCOUNT = "222233334444"
"""ACTIVE, but EC2 and ECR end in 2 days; LAMBDA_CODE has ended."""
EXPIRED_ACCOUNT = "333344445555"
"""Every trial ended weeks ago."""
NEW_TYPES_ACCOUNT = "444455556666"
"""EC2 and ECR ACTIVE, plus types this package has never heard of."""
NON_MEMBER_ACCOUNT = "555566667777"
"""Not in the organisation: answers ACCESS_DENIED."""

SAMPLE_ACCOUNT_IDS = (
    FRESH_ACCOUNT,
    ENDING_SOON_ACCOUNT,
    EXPIRED_ACCOUNT,
    NEW_TYPES_ACCOUNT,
    NON_MEMBER_ACCOUNT,
)

_TRIAL_LENGTH = timedelta(days=15)


def sample_organisation(now: datetime) -> Organisation:
    """The demo's organisation, relative to ``now`` so it always tells the same story.

    Ends sit a few hours past a whole number of days, so "days left" reads 12, 9 and 2 whatever
    the time of day.
    """

    def active(trial_type: str, days_left: int, cloud_provider: str | None = None) -> FreeTrial:
        end = now + timedelta(days=days_left, hours=6)
        return FreeTrial(trial_type, end - _TRIAL_LENGTH, end, ACTIVE, cloud_provider)

    def ended(trial_type: str, days_ago: int) -> FreeTrial:
        end = now - timedelta(days=days_ago)
        return FreeTrial(trial_type, end - _TRIAL_LENGTH, end, INACTIVE)

    return Organisation(
        members={
            FRESH_ACCOUNT: tuple(active(t, 12) for t in SYNTHESIZED_TYPES),
            ENDING_SOON_ACCOUNT: (
                active("EC2", 2),
                active("ECR", 2),
                active("LAMBDA", 9),
                ended("LAMBDA_CODE", 1),
                active("CODE_REPOSITORY", 9),
            ),
            EXPIRED_ACCOUNT: tuple(
                ended(t, 21 + 3 * index) for index, t in enumerate(SYNTHESIZED_TYPES)
            ),
            NEW_TYPES_ACCOUNT: (
                active("EC2", 10),
                active("ECR", 10),
                active("MACHINE_IMAGE", 14, cloud_provider="AWS"),
                active("SOURCE_ARTIFACT", 14),
            ),
        },
        non_members=frozenset({NON_MEMBER_ACCOUNT}),
    )


# --- data files -------------------------------------------------------------------------------

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_TOP_LEVEL_KEYS = ("accounts", "nonMembers", "synthesizeMembers", "faults")
_TRIAL_KEYS = ("type", "start", "end", "status", "cloudProvider")


def load_data_file(path: str | Path) -> tuple[Organisation, FaultPlan]:
    """Read an organisation and a fault plan from a JSON data file (see docs/emulator.md).

    Every problem raises InvalidInputError naming the file and the bad value.
    """
    source = Path(path)

    def fail(problem: str) -> NoReturn:
        raise InvalidInputError(f"Emulator data file {source}: {problem}")

    try:
        text = source.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InvalidInputError(f"Cannot read emulator data file {source}: {reason}.") from exc
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        fail(f"not valid JSON ({exc.msg} at line {exc.lineno}, column {exc.colno}).")
    if not isinstance(document, dict):
        fail(f"expected a JSON object with an 'accounts' mapping, found {_kind(document)}.")
    for key in document:
        if key not in _TOP_LEVEL_KEYS:
            fail(f"unknown key {key!r}. Expected only {', '.join(_TOP_LEVEL_KEYS)}.")

    accounts = document.get("accounts", {})
    if not isinstance(accounts, dict):
        fail(f"'accounts' must map account ids to lists of trials, found {_kind(accounts)}.")
    members = {
        _account_id(account_id, "accounts", fail): _trials(account_id, trials, fail)
        for account_id, trials in accounts.items()
    }

    non_members = document.get("nonMembers", [])
    if not isinstance(non_members, list):
        fail(f"'nonMembers' must be a list of account ids, found {_kind(non_members)}.")
    synthesize = document.get("synthesizeMembers", False)
    if not isinstance(synthesize, bool):
        fail(f"'synthesizeMembers' must be true or false, found {synthesize!r}.")

    organisation = Organisation(
        members=members,
        non_members=frozenset(_account_id(a, "nonMembers", fail) for a in non_members),
        synthesize_members=synthesize,
    )
    return organisation, _fault_plan(document.get("faults", {}), fail)


def _trials(
    account_id: str, trials: object, fail: Callable[[str], NoReturn]
) -> tuple[FreeTrial, ...]:
    where = f"accounts[{account_id!r}]"
    if not isinstance(trials, list):
        fail(f"{where} must be a list of trials, found {_kind(trials)}.")
    parsed = []
    for index, trial in enumerate(trials):
        here = f"{where}[{index}]"
        if not isinstance(trial, dict):
            fail(f"{here} must be an object, found {_kind(trial)}.")
        for key in trial:
            if key not in _TRIAL_KEYS:
                fail(f"{here} has an unknown key {key!r}. Expected {', '.join(_TRIAL_KEYS)}.")
        for key in ("type", "start", "end", "status"):
            if key not in trial:
                fail(f"{here} is missing {key!r}.")
        trial_type = trial["type"]
        if not isinstance(trial_type, str) or not trial_type:
            fail(f"{here}.type must be a non-empty string, found {trial_type!r}.")
        status = trial["status"]
        if status not in (ACTIVE, INACTIVE):
            fail(f"{here}.status must be ACTIVE or INACTIVE, found {status!r}.")
        cloud_provider = trial.get("cloudProvider")
        if cloud_provider is not None and not isinstance(cloud_provider, str):
            fail(f"{here}.cloudProvider must be a string, found {cloud_provider!r}.")
        parsed.append(
            FreeTrial(
                type=trial_type,
                start=_timestamp(trial["start"], f"{here}.start", fail),
                end=_timestamp(trial["end"], f"{here}.end", fail),
                status=status,
                cloud_provider=cloud_provider,
            )
        )
    return tuple(parsed)


def _fault_plan(faults: object, fail: Callable[[str], NoReturn]) -> FaultPlan:
    if not isinstance(faults, dict):
        fail(f"'faults' must be an object, found {_kind(faults)}.")
    names = [f.name for f in dataclasses.fields(FaultPlan)]
    values: dict[str, Any] = {}
    for name, value in faults.items():
        where = f"faults.{name}"
        if name not in names:
            fail(f"unknown fault {name!r}. Known faults: {', '.join(names)}.")
        if name in ("throttle_always", "server_error_always", "deny_all"):
            if not isinstance(value, bool):
                fail(f"{where} must be true or false, found {value!r}.")
        elif name in ("throttle_first", "server_error_first"):
            if not _is_int(value) or value < 0:
                fail(f"{where} must be a whole number of requests, 0 or more, found {value!r}.")
        elif name == "latency_seconds":
            if not _is_number(value) or value < 0:
                fail(f"{where} must be a number of seconds, 0 or more, found {value!r}.")
        elif name == "max_requests_per_second":
            if value is not None and (not _is_number(value) or value <= 0):
                fail(f"{where} must be a positive number or null, found {value!r}.")
        elif name == "internal_error_accounts":
            if not isinstance(value, dict):
                fail(f"{where} must map account ids to a count of failures, found {value!r}.")
            for account_id, count in value.items():
                _account_id(account_id, where, fail)
                if not _is_int(count):
                    fail(f"{where}[{account_id!r}] must be a whole number, found {count!r}.")
            value = dict(value)
        elif name == "access_denied_accounts":
            if not isinstance(value, list):
                fail(f"{where} must be a list of account ids, found {value!r}.")
            value = frozenset(_account_id(a, where, fail) for a in value)
        elif name == "malformed" and value is not None and value not in MALFORMED_KINDS:
            fail(f"{where} must be one of {', '.join(MALFORMED_KINDS)} or null, found {value!r}.")
        values[name] = value
    return FaultPlan(**values)


def _account_id(value: object, where: str, fail: Callable[[str], NoReturn]) -> str:
    if not isinstance(value, str) or not _ACCOUNT_ID.fullmatch(value):
        fail(f"{value!r} in {where} is not an account id. An account id is exactly 12 digits.")
    return value


def _timestamp(value: object, where: str, fail: Callable[[str], NoReturn]) -> datetime:
    if isinstance(value, bool):
        fail(f"{where} is not a timestamp: {value!r}. Use ISO 8601 or epoch seconds.")
    try:
        return parse_timestamp(value)
    except (ValueError, OverflowError, OSError):
        fail(f"{where} is not a timestamp: {value!r}. Use ISO 8601 or epoch seconds.")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _kind(value: object) -> str:
    return {
        dict: "an object",
        list: "a list",
        str: "a string",
        bool: "a boolean",
        int: "a number",
        float: "a number",
        type(None): "null",
    }.get(type(value), type(value).__name__)
