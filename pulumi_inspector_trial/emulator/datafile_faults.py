"""Checks fault plan fields given as JSON, in a data file's ``faults`` and on the control API.

So a fault is spelt and checked the same way wherever it is set.
"""

from __future__ import annotations

from typing import Any, NoReturn

from .core import FAULT_NAMES, MALFORMED_KINDS
from .datafile_rules import (
    ACCESS_DENIED_ACCOUNTS,
    FAULTS,
    FIRST_N,
    INTERNAL_ERRORS,
    LATENCY,
    MALFORMED,
    RATE,
    SWITCH,
    Fail,
    Refuse,
    account_key,
    account_list,
    at,
    found,
)
from .patterns import is_json_number, is_whole_number


def fault_changes(faults: object, where: str, fail: Fail) -> dict[str, Any]:
    """Checked values of the fault plan fields in ``faults`` (a JSON object, snake_case names),
    ready for ``FaultPlan(**...)`` or ``set_faults(**...)``; ``where`` names it in messages,
    which ``fail`` raises."""

    def refuse(path: str, problem: str, rule: str) -> NoReturn:
        fail(f"{path} {problem}; {rule}.")

    return checked_fault_changes(faults, where, refuse)


def checked_fault_changes(faults: object, where: str, refuse: Refuse) -> dict[str, Any]:
    if not isinstance(faults, dict):
        refuse(where, f"is {found(faults)}", FAULTS)
    values: dict[str, Any] = {}
    for name, value in faults.items():
        here = at(where, name)
        if name not in FAULT_NAMES:
            refuse(here, "is not a fault", FAULTS)
        if name in ("throttle_always", "server_error_always", "deny_all"):
            if not isinstance(value, bool):
                refuse(here, f"is {found(value)}", SWITCH)
        elif name in ("throttle_first", "server_error_first"):
            if not is_whole_number(value) or value < 0:
                refuse(here, f"is {found(value)}", FIRST_N)
        elif name == "latency_seconds":
            if not is_json_number(value) or value < 0:
                refuse(here, f"is {found(value)}", LATENCY)
        elif name == "max_requests_per_second":
            if value is not None and (not is_json_number(value) or value <= 0):
                refuse(here, f"is {found(value)}", RATE)
        elif name == "internal_error_accounts":
            if not isinstance(value, dict):
                refuse(here, f"is {found(value)}", INTERNAL_ERRORS)
            for account_id, count in value.items():
                account_key(account_id, at(here, account_id), refuse)
                if not is_whole_number(count):
                    refuse(at(here, account_id), f"is {found(count)}", INTERNAL_ERRORS)
            value = dict(value)
        elif name == "access_denied_accounts":
            if not isinstance(value, list):
                refuse(here, f"is {found(value)}", ACCESS_DENIED_ACCOUNTS)
            value = frozenset(account_list(value, here, refuse))
        elif name == "malformed" and value is not None and value not in MALFORMED_KINDS:
            refuse(here, f"is {found(value)}", MALFORMED)
        values[name] = value
    return values
