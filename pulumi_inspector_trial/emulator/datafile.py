"""Emulator data files: an organisation and a fault plan in JSON, for every region or per region
(see docs/emulator.md, whose "Rules" list is ``RULES`` word for word).

A file that breaks a rule raises ``DataFileError`` before anything is served, naming the file,
where in it (``regions.eu-west-1.accounts['111122223333'][0].end``) and the rule.

``fault_changes`` checks fault fields for the control API too, so a fault is spelt and checked
the same way wherever it is set.
"""

from __future__ import annotations

import copy
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime, timezone
from pathlib import Path
from typing import Any, Final, NoReturn

from ..domain.errors import InvalidInputError
from ..domain.trials import ACTIVE, INACTIVE, FreeTrial
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
Refuse = Callable[[str, str, str], NoReturn]
"""``refuse(path, problem, rule)``: raise, saying where in the file what is wrong, and the rule."""

_ORGANISATION_KEYS: Final = ("accounts", "nonMembers", "synthesizeMembers", "usage")
_TOP_LEVEL_KEYS: Final = (*_ORGANISATION_KEYS, "faults", "regions")
_REGION_KEYS: Final = (*_ORGANISATION_KEYS, "faults")
_TRIAL_REQUIRED: Final = ("type", "start", "end", "status")
_TRIAL_KEYS: Final = (*_TRIAL_REQUIRED, "cloudProvider")
_USAGE_REQUIRED: Final = ("type", "total", "estimatedMonthlyCost")
_USAGE_KEYS: Final = (*_USAGE_REQUIRED, "currency", "cloudProvider")


def _names(names: Iterable[str]) -> str:
    *rest, last = names
    return f"{', '.join(rest)} and {last}"


# The rules, in the words docs/emulator.md uses (a test holds the two to each other).
DOCUMENT: Final = "a data file is one JSON object"
UNIQUE_KEYS: Final = "a JSON object names each key once"
TOP_LEVEL_KEYS: Final = f"a data file has only {_names(_TOP_LEVEL_KEYS)}"
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
REGION_NAME: Final = "a region name looks like eu-west-1"
REGION_KEYS: Final = f"a region has only {_names(_REGION_KEYS)}"

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

_ACCOUNT_ID = re.compile(r"[0-9]{12}")
_REGION = re.compile(r"[a-z]{2}(-[a-z]+)+-[0-9]+")
_PLAIN_KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_SHOWN_MAX: Final = 40
THE_DOCUMENT: Final = "the document"
"""How a message names the whole file, which has no path of its own."""


class DataFileError(InvalidInputError):
    """A data file breaks one of ``RULES``: ``file``, ``path`` in it, ``rule``."""

    def __init__(self, file: Path, path: str, problem: str, rule: str) -> None:
        super().__init__(f"Emulator data file {file}: {path} {problem}; {rule}.")
        self.file = file
        self.path = path
        self.rule = rule


def load_data_file(path: str | Path) -> tuple[Organisation, FaultPlan]:
    """Read an organisation and a fault plan, served alike in every region, from a data file.

    A file that gives trials per region (``regions``) is refused: read it with
    ``load_regional_backends``.
    """
    document, refuse = _read(path)
    if "regions" in document:
        refuse("regions", "is given", ONE_ORGANISATION)
    faults = FaultPlan(**_fault_changes(document.get("faults", {}), "faults", refuse))
    return _organisation(document, "", refuse), faults


def load_regional_backends(path: str | Path) -> RegionalBackends:
    """Read a data file of either form into backends per region: what ``inspector-trial
    emulator --data`` serves.

    Without ``regions``, every region serves the file's organisation. With ``regions``, each
    region listed serves its own (its ``faults`` set over the top-level ones), and any other
    region serves the top-level organisation if the file gives one, else is not served.
    """
    document, refuse = _read(path)
    faults = FaultPlan(**_fault_changes(document.get("faults", {}), "faults", refuse))
    if "regions" not in document:
        return RegionalBackends(default=_organisation(document, "", refuse), faults=faults)
    regions = document["regions"]
    if not isinstance(regions, dict):
        refuse("regions", f"is {_found(regions)}", REGIONS)
    served: dict[str, Organisation | InspectorBackend] = {}
    for region, entry in regions.items():
        where = _at("regions", region)
        if not _REGION.fullmatch(region):
            refuse(where, "is not a region name", REGION_NAME)
        if not isinstance(entry, dict):
            refuse(where, f"is {_found(entry)}", REGIONS)
        _only(entry, where, _REGION_KEYS, REGION_KEYS, refuse)
        region_faults = copy.deepcopy(faults)
        changes = _fault_changes(entry.get("faults", {}), _at(where, "faults"), refuse)
        for name, value in changes.items():
            setattr(region_faults, name, value)
        served[region] = InspectorBackend(_organisation(entry, where, refuse), region_faults)
    default = (
        _organisation(document, "", refuse)
        if any(key in document for key in _ORGANISATION_KEYS)
        else None
    )
    return RegionalBackends(served, default=default, faults=faults)


def fault_changes(faults: object, where: str, fail: Fail) -> dict[str, Any]:
    """Checked values of the fault plan fields in ``faults`` (a JSON object, snake_case names),
    ready for ``FaultPlan(**...)`` or ``set_faults(**...)``; ``where`` names it in messages,
    which ``fail`` raises."""

    def refuse(path: str, problem: str, rule: str) -> NoReturn:
        fail(f"{path} {problem}; {rule}.")

    return _fault_changes(faults, where, refuse)


def _fault_changes(faults: object, where: str, refuse: Refuse) -> dict[str, Any]:
    if not isinstance(faults, dict):
        refuse(where, f"is {_found(faults)}", FAULTS)
    values: dict[str, Any] = {}
    for name, value in faults.items():
        here = _at(where, name)
        if name not in FAULT_NAMES:
            refuse(here, "is not a fault", FAULTS)
        if name in ("throttle_always", "server_error_always", "deny_all"):
            if not isinstance(value, bool):
                refuse(here, f"is {_found(value)}", SWITCH)
        elif name in ("throttle_first", "server_error_first"):
            if not _is_int(value) or value < 0:
                refuse(here, f"is {_found(value)}", FIRST_N)
        elif name == "latency_seconds":
            if not _is_number(value) or value < 0:
                refuse(here, f"is {_found(value)}", LATENCY)
        elif name == "max_requests_per_second":
            if value is not None and (not _is_number(value) or value <= 0):
                refuse(here, f"is {_found(value)}", RATE)
        elif name == "internal_error_accounts":
            if not isinstance(value, dict):
                refuse(here, f"is {_found(value)}", INTERNAL_ERRORS)
            for account_id, count in value.items():
                _account_key(account_id, _at(here, account_id), refuse)
                if not _is_int(count):
                    refuse(_at(here, account_id), f"is {_found(count)}", INTERNAL_ERRORS)
            value = dict(value)
        elif name == "access_denied_accounts":
            if not isinstance(value, list):
                refuse(here, f"is {_found(value)}", ACCESS_DENIED_ACCOUNTS)
            value = frozenset(_account_list(value, here, refuse))
        elif name == "malformed" and value is not None and value not in MALFORMED_KINDS:
            refuse(here, f"is {_found(value)}", MALFORMED)
        values[name] = value
    return values


class _Object(dict[str, Any]):
    """A JSON object that remembers the first key it was given twice: ``json`` keeps the last
    value of a repeated key without a word, so a typo would silently drop data."""

    repeated: str | None = None


def _object(pairs: list[tuple[str, Any]]) -> _Object:
    document = _Object()
    for key, value in pairs:
        if key in document and document.repeated is None:
            document.repeated = key
        document[key] = value
    return document


def _read(path: str | Path) -> tuple[dict[str, Any], Refuse]:
    source = Path(path)

    def refuse(where: str, problem: str, rule: str) -> NoReturn:
        raise DataFileError(source, where, problem, rule)

    try:
        # utf-8-sig: editors on Windows start a file with a byte order mark, which JSON allows
        # a reader to ignore.
        text = source.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        raise InvalidInputError(f"Cannot read emulator data file {source}: {reason}.") from exc
    try:
        document = json.loads(text, object_pairs_hook=_object)
    except json.JSONDecodeError as exc:
        refuse(f"line {exc.lineno}, column {exc.colno}", f"is not valid JSON ({exc.msg})", DOCUMENT)
    except RecursionError:
        refuse(THE_DOCUMENT, "is nested too deeply to read", DOCUMENT)
    except ValueError:  # an integer longer than Python converts (sys.get_int_max_str_digits)
        refuse(THE_DOCUMENT, "holds a number too long to read", DOCUMENT)
    _refuse_repeated_keys(document, refuse)
    if not isinstance(document, dict):
        refuse(THE_DOCUMENT, f"is {_found(document)}", DOCUMENT)
    _only(document, "", _TOP_LEVEL_KEYS, TOP_LEVEL_KEYS, refuse)
    return document, refuse


def _refuse_repeated_keys(document: object, refuse: Refuse) -> None:
    """The first repeated key in document order. Iterative: json reads nesting deeper than this
    function could recurse."""
    pending: list[tuple[str, object]] = [("", document)]
    while pending:
        path, value = pending.pop()
        if isinstance(value, _Object):
            if value.repeated is not None:
                refuse(_at(path, value.repeated), "is given twice", UNIQUE_KEYS)
            children: list[tuple[str, object]] = [(_at(path, k), v) for k, v in value.items()]
        elif isinstance(value, list):
            children = [(_at(path, i), v) for i, v in enumerate(value)]
        else:
            continue
        pending.extend(reversed(children))


def _only(
    entry: Mapping[str, Any], where: str, keys: tuple[str, ...], rule: str, refuse: Refuse
) -> None:
    for key in entry:
        if key not in keys:
            refuse(_at(where, key), "is unknown", rule)


def _organisation(document: Mapping[str, Any], prefix: str, refuse: Refuse) -> Organisation:
    """The organisation of the file's top level (``prefix`` empty) or of one region."""
    where = _at(prefix, "accounts")
    accounts = document.get("accounts", {})
    if not isinstance(accounts, dict):
        refuse(where, f"is {_found(accounts)}", ACCOUNTS)
    members = {
        _account_key(account_id, _at(where, account_id), refuse): _trials(
            _at(where, account_id), trials, refuse
        )
        for account_id, trials in accounts.items()
    }

    where = _at(prefix, "nonMembers")
    non_members = document.get("nonMembers", [])
    if not isinstance(non_members, list):
        refuse(where, f"is {_found(non_members)}", NON_MEMBERS)
    for index, account_id in enumerate(_account_list(non_members, where, refuse)):
        if account_id in members:
            also = _at(_at(prefix, "accounts"), account_id)
            refuse(_at(where, index), f"is {account_id!r}, also in {also}", MEMBER_OR_NOT)

    synthesize = document.get("synthesizeMembers", False)
    if not isinstance(synthesize, bool):
        refuse(_at(prefix, "synthesizeMembers"), f"is {_found(synthesize)}", SYNTHESIZE)

    where = _at(prefix, "usage")
    usage = document.get("usage", {})
    if not isinstance(usage, dict):
        refuse(where, f"is {_found(usage)}", USAGE)
    organisation = Organisation(
        members=members,
        non_members=frozenset(non_members),
        synthesize_members=synthesize,
        usage={
            _account_key(account_id, _at(where, account_id), refuse): _usage(
                _at(where, account_id), entries, refuse
            )
            for account_id, entries in usage.items()
        },
    )
    for account_id in organisation.usage:
        if organisation.is_member(account_id):
            continue
        if account_id in organisation.non_members:
            why = f"is for an account in {_at(prefix, 'nonMembers')}"
        else:
            why = f"is for an account not in {_at(prefix, 'accounts')} (synthesizeMembers is false)"
        refuse(_at(where, account_id), why, USAGE_OF_MEMBERS)
    return organisation


def _trials(where: str, trials: object, refuse: Refuse) -> tuple[FreeTrial, ...]:
    if not isinstance(trials, list):
        refuse(where, f"is {_found(trials)}", ACCOUNTS)
    parsed: list[FreeTrial] = []
    first_of_type: dict[str, str] = {}
    for index, trial in enumerate(trials):
        here = _at(where, index)
        if not isinstance(trial, dict):
            refuse(here, f"is {_found(trial)}", TRIAL)
        _only(trial, here, _TRIAL_KEYS, TRIAL, refuse)
        for key in _TRIAL_REQUIRED:
            if key not in trial:
                refuse(_at(here, key), "is missing", TRIAL)
        trial_type = _type(trial["type"], _at(here, "type"), refuse)
        if trial_type in first_of_type:
            refuse(
                _at(here, "type"),
                f"is {trial_type!r} again (as {first_of_type[trial_type]})",
                ONE_TRIAL_PER_TYPE,
            )
        first_of_type[trial_type] = _at(here, "type")
        start = _timestamp(trial["start"], _at(here, "start"), refuse)
        end = _timestamp(trial["end"], _at(here, "end"), refuse)
        if end < start:
            refuse(
                _at(here, "end"),
                f"({_iso(end)}) is before its start ({_iso(start)})",
                END_AFTER_START,
            )
        status = trial["status"]
        if status not in (ACTIVE, INACTIVE):
            refuse(_at(here, "status"), f"is {_found(status)}", STATUS)
        parsed.append(
            FreeTrial(
                type=trial_type,
                start=start,
                end=end,
                status=status,
                cloud_provider=_cloud_provider(trial, here, refuse),
            )
        )
    return tuple(parsed)


def _usage(where: str, entries: object, refuse: Refuse) -> tuple[Usage, ...]:
    if not isinstance(entries, list):
        refuse(where, f"is {_found(entries)}", USAGE)
    parsed: list[Usage] = []
    first_of_type: dict[str, str] = {}
    for index, entry in enumerate(entries):
        here = _at(where, index)
        if not isinstance(entry, dict):
            refuse(here, f"is {_found(entry)}", USAGE_TOTAL)
        _only(entry, here, _USAGE_KEYS, USAGE_TOTAL, refuse)
        for key in _USAGE_REQUIRED:
            if key not in entry:
                refuse(_at(here, key), "is missing", USAGE_TOTAL)
        usage_type = _type(entry["type"], _at(here, "type"), refuse)
        if usage_type in first_of_type:
            refuse(
                _at(here, "type"),
                f"is {usage_type!r} again (as {first_of_type[usage_type]})",
                ONE_USAGE_PER_TYPE,
            )
        first_of_type[usage_type] = _at(here, "type")
        amounts = []
        for key in ("total", "estimatedMonthlyCost"):
            value = entry[key]
            if not _is_number(value) or value < 0:
                refuse(_at(here, key), f"is {_found(value)}", AMOUNT)
            amounts.append(float(value))
        currency = entry.get("currency", "USD")
        if currency != "USD":
            refuse(_at(here, "currency"), f"is {_found(currency)}", CURRENCY)
        cloud_provider = _cloud_provider(entry, here, refuse)
        parsed.append(Usage(usage_type, amounts[0], amounts[1], currency, cloud_provider))
    return tuple(parsed)


def _type(value: object, where: str, refuse: Refuse) -> str:
    if not isinstance(value, str) or not value:
        refuse(where, f"is {_found(value)}", TYPE)
    return value


def _cloud_provider(entry: Mapping[str, Any], where: str, refuse: Refuse) -> str | None:
    if "cloudProvider" not in entry:
        return None
    value = entry["cloudProvider"]
    if not isinstance(value, str) or not value:
        refuse(_at(where, "cloudProvider"), f"is {_found(value)}", CLOUD_PROVIDER)
    return value


def _account_key(value: str, where: str, refuse: Refuse) -> str:
    """An account id that is a key of an object: ``where`` already names it."""
    if not _ACCOUNT_ID.fullmatch(value):
        refuse(where, "is not an account id", ACCOUNT_ID)
    return value


def _account_list(values: list[Any], where: str, refuse: Refuse) -> list[str]:
    first: dict[str, int] = {}
    for index, value in enumerate(values):
        if not isinstance(value, str) or not _ACCOUNT_ID.fullmatch(value):
            refuse(_at(where, index), f"is {_found(value)}", ACCOUNT_ID)
        if value in first:
            again = f"is {value!r} again (as {_at(where, first[value])})"
            refuse(_at(where, index), again, LISTED_ONCE)
        first[value] = index
    return list(first)


def _timestamp(value: object, where: str, refuse: Refuse) -> datetime:
    """Epoch seconds are a JSON number and ISO 8601 a string: a string of digits is not read as
    epoch seconds, as ``"20261120"`` is also an ISO 8601 date."""
    try:
        if isinstance(value, (int, float)) and _is_number(value):
            return datetime.fromtimestamp(value, tz=timezone.utc)
        if isinstance(value, str):
            parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
            aware = parsed if parsed.tzinfo else parsed.replace(tzinfo=timezone.utc)
            return aware.astimezone(timezone.utc)
    except (ValueError, OverflowError, OSError):
        pass
    refuse(where, f"is {_found(value)}", TIMESTAMP)


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def _at(path: str, key: str | int) -> str:
    """``path`` and one step into it, as the messages and docs/emulator.md write paths:
    ``regions.eu-west-1.accounts['111122223333'][0].end``."""
    if isinstance(key, int):
        return f"{path}[{key}]"
    if _PLAIN_KEY.fullmatch(key):
        return f"{path}.{key}" if path else key
    return f"{path}[{_shown(key)}]"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    """A JSON number: ``json`` also reads NaN, Infinity and 1e999 (as inf), which are not."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value)


def _shown(value: str) -> str:
    """A string as a message quotes it: escaped, and cut short so a message stays one line."""
    if len(value) > _SHOWN_MAX:
        return repr(value[:_SHOWN_MAX] + "...")
    return repr(value)


def _found(value: object) -> str:
    """What a message says was found: a container by its kind, a value quoted."""
    if isinstance(value, dict):
        return "an object"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return _shown(value) if value else "an empty string"
    if isinstance(value, bool) or value is None:
        return json.dumps(value)
    if isinstance(value, float) and not math.isfinite(value):
        return "NaN" if math.isnan(value) else ("-" if value < 0 else "") + "Infinity"
    shown = repr(value)
    return shown if len(shown) <= _SHOWN_MAX else f"{shown[:_SHOWN_MAX]}..."
