"""Emulator data files: an organisation and a fault plan in JSON, for every region or per region
(see docs/emulator.md). Every problem raises InvalidInputError naming the file and the bad value.

``fault_changes`` checks fault fields for the control API too, so a fault is spelt and checked
the same way wherever it is set.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any, NoReturn

from ..errors import InvalidInputError
from ..model import ACTIVE, INACTIVE, FreeTrial, parse_timestamp
from .models import (
    FAULT_NAMES,
    MALFORMED_KINDS,
    FaultPlan,
    InspectorBackend,
    Organisation,
    RegionalBackends,
    Usage,
)

Fail = Callable[[str], NoReturn]

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]+")
_ORGANISATION_KEYS = ("accounts", "nonMembers", "synthesizeMembers", "usage")
_TOP_LEVEL_KEYS = (*_ORGANISATION_KEYS, "faults", "regions")
_REGION_KEYS = (*_ORGANISATION_KEYS, "faults")
_TRIAL_KEYS = ("type", "start", "end", "status", "cloudProvider")
_USAGE_KEYS = ("type", "total", "estimatedMonthlyCost", "currency", "cloudProvider")


def load_data_file(path: str | Path) -> tuple[Organisation, FaultPlan]:
    """Read an organisation and a fault plan, served alike in every region, from a data file.

    A file that gives trials per region (``regions``) is refused: read it with
    ``load_regional_backends``.
    """
    document, fail = _read(path)
    if "regions" in document:
        fail(
            "it gives trials per region ('regions'), which one organisation cannot hold. "
            "Read it with load_regional_backends."
        )
    faults = FaultPlan(**fault_changes(document.get("faults", {}), "faults", fail))
    return _organisation(document, "", fail), faults


def load_regional_backends(path: str | Path) -> RegionalBackends:
    """Read a data file of either form into backends per region: what ``inspector-trial
    emulator --data`` serves.

    Without ``regions``, every region serves the file's organisation. With ``regions``, each
    region listed serves its own (its ``faults`` set over the top-level ones), and any other
    region serves the top-level organisation if the file gives one, else is not served.
    """
    document, fail = _read(path)
    faults = FaultPlan(**fault_changes(document.get("faults", {}), "faults", fail))
    regions = document.get("regions")
    if regions is None:
        return RegionalBackends(default=_organisation(document, "", fail), faults=faults)
    if not isinstance(regions, dict):
        fail(f"'regions' must map region names to organisations, found {_kind(regions)}.")
    served: dict[str, Organisation | InspectorBackend] = {}
    for region, entry in regions.items():
        if not _REGION.fullmatch(region):
            fail(f"{region!r} in 'regions' is not a region name such as eu-west-1.")
        where = f"regions.{region}"
        if not isinstance(entry, dict):
            fail(f"'{where}' must be an object with an 'accounts' mapping, found {_kind(entry)}.")
        for key in entry:
            if key not in _REGION_KEYS:
                fail(f"unknown key {key!r} in '{where}'. Expected only {', '.join(_REGION_KEYS)}.")
        region_faults = copy.deepcopy(faults)
        for name, value in fault_changes(entry.get("faults", {}), f"{where}.faults", fail).items():
            setattr(region_faults, name, value)
        served[region] = InspectorBackend(_organisation(entry, f"{where}.", fail), region_faults)
    default = (
        _organisation(document, "", fail)
        if any(key in document for key in _ORGANISATION_KEYS)
        else None
    )
    return RegionalBackends(served, default=default, faults=faults)


def fault_changes(faults: object, where: str, fail: Fail) -> dict[str, Any]:
    """Checked values of the fault plan fields in ``faults`` (a JSON object, snake_case names),
    ready for ``FaultPlan(**...)`` or ``set_faults(**...)``; ``where`` names it in messages."""
    if not isinstance(faults, dict):
        fail(f"'{where}' must be an object, found {_kind(faults)}.")
    values: dict[str, Any] = {}
    for name, value in faults.items():
        here = f"{where}.{name}"
        if name not in FAULT_NAMES:
            fail(f"unknown fault {name!r}. Known faults: {', '.join(FAULT_NAMES)}.")
        if name in ("throttle_always", "server_error_always", "deny_all"):
            if not isinstance(value, bool):
                fail(f"{here} must be true or false, found {value!r}.")
        elif name in ("throttle_first", "server_error_first"):
            if not _is_int(value) or value < 0:
                fail(f"{here} must be a whole number of requests, 0 or more, found {value!r}.")
        elif name == "latency_seconds":
            if not _is_number(value) or value < 0:
                fail(f"{here} must be a number of seconds, 0 or more, found {value!r}.")
        elif name == "max_requests_per_second":
            if value is not None and (not _is_number(value) or value <= 0):
                fail(f"{here} must be a positive number or null, found {value!r}.")
        elif name == "internal_error_accounts":
            if not isinstance(value, dict):
                fail(f"{here} must map account ids to a count of failures, found {value!r}.")
            for account_id, count in value.items():
                _account_id(account_id, here, fail)
                if not _is_int(count):
                    fail(f"{here}[{account_id!r}] must be a whole number, found {count!r}.")
            value = dict(value)
        elif name == "access_denied_accounts":
            if not isinstance(value, list):
                fail(f"{here} must be a list of account ids, found {value!r}.")
            value = frozenset(_account_id(a, here, fail) for a in value)
        elif name == "malformed" and value is not None and value not in MALFORMED_KINDS:
            fail(f"{here} must be one of {', '.join(MALFORMED_KINDS)} or null, found {value!r}.")
        values[name] = value
    return values


def _read(path: str | Path) -> tuple[dict[str, Any], Fail]:
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
    return document, fail


def _organisation(document: Mapping[str, Any], prefix: str, fail: Fail) -> Organisation:
    """The organisation of the file's top level (``prefix`` empty) or of one region."""
    accounts = document.get("accounts", {})
    if not isinstance(accounts, dict):
        fail(
            f"'{prefix}accounts' must map account ids to lists of trials, found {_kind(accounts)}."
        )
    members = {
        _account_id(account_id, f"{prefix}accounts", fail): _trials(
            f"{prefix}accounts[{account_id!r}]", trials, fail
        )
        for account_id, trials in accounts.items()
    }
    non_members = document.get("nonMembers", [])
    if not isinstance(non_members, list):
        fail(f"'{prefix}nonMembers' must be a list of account ids, found {_kind(non_members)}.")
    synthesize = document.get("synthesizeMembers", False)
    if not isinstance(synthesize, bool):
        fail(f"'{prefix}synthesizeMembers' must be true or false, found {synthesize!r}.")
    usage = document.get("usage", {})
    if not isinstance(usage, dict):
        fail(f"'{prefix}usage' must map account ids to lists of usage, found {_kind(usage)}.")
    organisation = Organisation(
        members=members,
        non_members=frozenset(_account_id(a, f"{prefix}nonMembers", fail) for a in non_members),
        synthesize_members=synthesize,
        usage={
            _account_id(account_id, f"{prefix}usage", fail): _usage(
                f"{prefix}usage[{account_id!r}]", entries, fail
            )
            for account_id, entries in usage.items()
        },
    )
    for account_id in organisation.usage:
        if organisation.is_member(account_id):
            continue
        # The service meters only its members: this usage would never be served.
        if account_id in organisation.non_members:
            why = f"it is in '{prefix}nonMembers'"
        else:
            why = f"it is not in '{prefix}accounts' and synthesizeMembers is false"
        fail(
            f"{prefix}usage[{account_id!r}] is for an account that is not a member ({why}); "
            "the service reports usage of members only. List the account in "
            f"'{prefix}accounts', or remove its usage."
        )
    return organisation


def _usage(where: str, entries: object, fail: Fail) -> tuple[Usage, ...]:
    if not isinstance(entries, list):
        fail(f"{where} must be a list of usage totals, found {_kind(entries)}.")
    parsed = []
    for index, entry in enumerate(entries):
        here = f"{where}[{index}]"
        if not isinstance(entry, dict):
            fail(f"{here} must be an object, found {_kind(entry)}.")
        for key in entry:
            if key not in _USAGE_KEYS:
                fail(f"{here} has an unknown key {key!r}. Expected {', '.join(_USAGE_KEYS)}.")
        for key in ("type", "total", "estimatedMonthlyCost"):
            if key not in entry:
                fail(f"{here} is missing {key!r}.")
        usage_type = entry["type"]
        if not isinstance(usage_type, str) or not usage_type:
            fail(f"{here}.type must be a non-empty string, found {usage_type!r}.")
        amounts = []
        for key in ("total", "estimatedMonthlyCost"):
            value = entry[key]
            if not _is_number(value) or not math.isfinite(value) or value < 0:
                fail(f"{here}.{key} must be a number, 0 or more, found {value!r}.")
            amounts.append(float(value))
        currency = entry.get("currency", "USD")
        cloud_provider = entry.get("cloudProvider")
        if currency != "USD":
            fail(
                f"{here}.currency must be USD (the only one the service uses), found {currency!r}."
            )
        if cloud_provider is not None and not isinstance(cloud_provider, str):
            fail(f"{here}.cloudProvider must be a string, found {cloud_provider!r}.")
        parsed.append(Usage(usage_type, amounts[0], amounts[1], currency, cloud_provider))
    return tuple(parsed)


def _trials(where: str, trials: object, fail: Fail) -> tuple[FreeTrial, ...]:
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


def _account_id(value: object, where: str, fail: Fail) -> str:
    if not isinstance(value, str) or not _ACCOUNT_ID.fullmatch(value):
        fail(f"{value!r} in {where} is not an account id. An account id is exactly 12 digits.")
    return value


def _timestamp(value: object, where: str, fail: Fail) -> datetime:
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
