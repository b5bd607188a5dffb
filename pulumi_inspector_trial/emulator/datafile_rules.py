"""The rules a data file is held to, in docs/emulator.md's words, and how a message quotes a value.

Every rule is a constant here; ``RULES`` lists them in the order docs/emulator.md does (a test
holds the two to each other). ``DataFileError`` says where in the file what is wrong, and the
rule it breaks.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any, Final, NoReturn

from .core import FAULT_NAMES, MALFORMED_KINDS, EmulatorError
from .patterns import RELATIONSHIP_STATUSES, RESOURCE_STATUSES, is_account_id

Fail = Callable[[str], NoReturn]
Refuse = Callable[[str, str, str], NoReturn]
"""``refuse(path, problem, rule)``: raise, saying where in the file what is wrong, and the rule."""

ORGANISATION_FIELDS: Final = (
    "accounts",
    "nonMembers",
    "synthesizeMembers",
    "usage",
    "relationships",
    "accountStatus",
    "synthesizedMemberCount",
)
TOP_LEVEL_FIELDS: Final = (*ORGANISATION_FIELDS, "faults", "regions")
REGION_FIELDS: Final = (*ORGANISATION_FIELDS, "faults")
TRIAL_REQUIRED: Final = ("type", "start", "end", "status")
TRIAL_FIELDS: Final = (*TRIAL_REQUIRED, "cloudProvider")
USAGE_REQUIRED: Final = ("type", "total", "estimatedMonthlyCost")
USAGE_FIELDS: Final = (*USAGE_REQUIRED, "currency", "cloudProvider")


def _names(names: Iterable[str], last_word: str = "and") -> str:
    *rest, last = names
    return f"{', '.join(rest)} {last_word} {last}"


# The rules, in the words docs/emulator.md uses (a test holds the two to each other). One named
# constant each, alike in shape only: a check names the rule it enforces, and mypy the name.
DOCUMENT: Final = "a data file is one JSON object"
UNIQUE_KEYS: Final = "a JSON object names each key once"
TOP_LEVEL_KEYS: Final = f"a data file has only {_names(TOP_LEVEL_FIELDS)}"
ONE_ORGANISATION: Final = "load_data_file reads a file without regions (use load_regional_backends)"
ACCOUNTS: Final = "accounts maps account ids to lists of trials"
ACCOUNT_ID: Final = "an account id is exactly 12 digits"
TRIAL: Final = "a trial is an object with type, start, end and status, and may have cloudProvider"
TYPE: Final = "a type is a non-empty string"
TIMESTAMP: Final = "start and end are ISO 8601 (UTC if no offset is given) or epoch seconds"
STATUS: Final = "status is ACTIVE or INACTIVE"
CLOUD_PROVIDER: Final = "cloudProvider, if given, is a non-empty string"
END_AFTER_START: Final = "a trial ends at or after its start"
ONE_TRIAL_PER_TYPE: Final = "an account has one trial of each type"
NON_MEMBERS: Final = "nonMembers is a list of account ids"
LISTED_ONCE: Final = "a list of account ids names each account once"
MEMBER_OR_NOT: Final = "an account is a member or a non-member, not both"
SYNTHESIZE: Final = "synthesizeMembers is true or false"
USAGE: Final = "usage maps account ids to lists of usage totals"
USAGE_TOTAL: Final = (
    "a usage total is an object with type, total and estimatedMonthlyCost, "
    "and may have currency and cloudProvider"
)
AMOUNT: Final = "total and estimatedMonthlyCost are numbers, 0 or more"
CURRENCY: Final = "currency is USD, the only one the service uses"
ONE_USAGE_PER_TYPE: Final = "an account has one usage total of each type"
USAGE_OF_MEMBERS: Final = (
    "only a member has usage (listed in accounts, or synthesized), as the service meters only "
    "the accounts it manages"
)
RELATIONSHIPS: Final = "relationships maps account ids to relationship statuses"
RELATIONSHIP: Final = f"a relationship status is {_names(RELATIONSHIP_STATUSES, 'or')}"
ACCOUNT_STATUS: Final = (
    "accountStatus maps account ids to objects of scan type keys and their statuses"
)
RESOURCE_KEY: Final = "a scan type key is camelCase, such as ec2 or lambdaCode"
RESOURCE_STATUS: Final = f"a scan type's status is {_names(RESOURCE_STATUSES, 'or')}"
STATUS_OF_MEMBERS: Final = (
    "only a member has a relationship or an account status (listed in accounts, or synthesized)"
)
MEMBER_COUNT: Final = (
    "synthesizedMemberCount is a whole number, 0 or more, and needs synthesizeMembers"
)
FAULTS: Final = f"faults maps fault names to values: {_names(FAULT_NAMES)}"
LATENCY: Final = "latency_seconds is a number of seconds, 0 or more"
FIRST_N: Final = "throttle_first and server_error_first are whole numbers of requests, 0 or more"
SWITCH: Final = "throttle_always, server_error_always and deny_all are true or false"
RATE: Final = "max_requests_per_second is a number above 0, or null"
INTERNAL_ERRORS: Final = (
    "internal_error_accounts maps account ids to whole numbers of failures (negative: forever)"
)
ACCESS_DENIED_ACCOUNTS: Final = "access_denied_accounts is a list of account ids"
MALFORMED: Final = f"malformed is {', '.join(MALFORMED_KINDS)} or null"
REGIONS: Final = "regions maps region names to objects"
REGION_NAME: Final = "a region name is one of an AWS partition's, as botocore lists them"
REGION_KEYS: Final = f"a region has only {_names(REGION_FIELDS)}"

RULES: Final = (
    DOCUMENT,
    UNIQUE_KEYS,
    TOP_LEVEL_KEYS,
    ONE_ORGANISATION,
    ACCOUNTS,
    ACCOUNT_ID,
    TRIAL,
    TYPE,
    TIMESTAMP,
    STATUS,
    CLOUD_PROVIDER,
    END_AFTER_START,
    ONE_TRIAL_PER_TYPE,
    NON_MEMBERS,
    LISTED_ONCE,
    MEMBER_OR_NOT,
    SYNTHESIZE,
    USAGE,
    USAGE_TOTAL,
    AMOUNT,
    CURRENCY,
    ONE_USAGE_PER_TYPE,
    USAGE_OF_MEMBERS,
    RELATIONSHIPS,
    RELATIONSHIP,
    ACCOUNT_STATUS,
    RESOURCE_KEY,
    RESOURCE_STATUS,
    STATUS_OF_MEMBERS,
    MEMBER_COUNT,
    FAULTS,
    LATENCY,
    FIRST_N,
    SWITCH,
    RATE,
    INTERNAL_ERRORS,
    ACCESS_DENIED_ACCOUNTS,
    MALFORMED,
    REGIONS,
    REGION_NAME,
    REGION_KEYS,
)
"""Every rule a data file is held to."""

_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_SHOWN_MAX: Final = 40
THE_DOCUMENT: Final = "the document"
"""How a message names the whole file, which has no path of its own."""


class DataFileError(EmulatorError):
    """A data file breaks one of ``RULES``: ``file``, ``path`` in it, ``rule``."""

    def __init__(self, file: Path, path: str, problem: str, rule: str) -> None:
        super().__init__(f"Emulator data file {file}: {path} {problem}; {rule}.")
        self.file = file
        self.path = path
        self.rule = rule


def at(path: str, key: str | int) -> str:
    """``path`` and one step into it, as the messages and docs/emulator.md write paths:
    ``regions.eu-west-1.accounts['111122223333'][0].end``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{shown(key)}]"


def shown(value: str) -> str:
    """A string as a message quotes it: escaped, and cut short so a message stays one line."""
    if len(value) > _SHOWN_MAX:
        return repr(value[:_SHOWN_MAX] + "...")
    return repr(value)


def found(value: object) -> str:
    """What a message says was found: a container by its kind, a value quoted."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return shown(value) if value else "an empty string"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("-" if value < 0 else "") + "Infinity"
    text = repr(value)
    return text if len(text) <= _SHOWN_MAX else f"{text[:_SHOWN_MAX]}..."


def account_key(value: str, where: str, refuse: Refuse) -> str:
    """An account id that is a key of an object: ``where`` already names it."""
    if not is_account_id(value):
        refuse(where, "is not an account id", ACCOUNT_ID)
    return value


def account_list(values: list[Any], where: str, refuse: Refuse) -> list[str]:
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if not is_account_id(value):
            refuse(at(where, index), f"is {found(value)}", ACCOUNT_ID)
        if value in first:
            again = f"is {value!r} again (as {at(where, first[value])})"
            refuse(at(where, index), again, LISTED_ONCE)
        first[value] = index
    return list(first)
