"""Reads one organisation of a data file (its top level or one region), each section by its rule."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any

from .datafile_rules import (
    ACCOUNT_STATUS,
    ACCOUNTS,
    AMOUNT,
    CLOUD_PROVIDER,
    CURRENCY,
    END_AFTER_START,
    MEMBER_COUNT,
    MEMBER_OR_NOT,
    NON_MEMBERS,
    ONE_TRIAL_PER_TYPE,
    ONE_USAGE_PER_TYPE,
    RELATIONSHIP,
    RELATIONSHIPS,
    RESOURCE_KEY,
    RESOURCE_STATUS,
    STATUS,
    STATUS_OF_MEMBERS,
    SYNTHESIZE,
    TIMESTAMP,
    TRIAL,
    TRIAL_FIELDS,
    TRIAL_REQUIRED,
    TYPE,
    USAGE,
    USAGE_FIELDS,
    USAGE_OF_MEMBERS,
    USAGE_REQUIRED,
    USAGE_TOTAL,
    Refuse,
    account_key,
    account_list,
    at,
    found,
)
from .organisation import Organisation, Trial, Usage
from .patterns import (
    RELATIONSHIP_STATUSES,
    RESOURCE_STATUSES,
    STATUSES,
    is_json_number,
    is_resource_key,
    is_whole_number,
    parse_timestamp,
)


def read_organisation(document: Mapping[str, Any], prefix: str, refuse: Refuse) -> Organisation:
    """The organisation of the file's top level (``prefix`` empty) or of one region."""
    where = at(prefix, "accounts")
    accounts = document.get("accounts", {})
    if not isinstance(accounts, dict):
        refuse(where, f"is {found(accounts)}", ACCOUNTS)
    members = {
        account_key(account_id, at(where, account_id), refuse): _trials(
            at(where, account_id), trials, refuse
        )
        for account_id, trials in accounts.items()
    }

    where = at(prefix, "nonMembers")
    non_members = document.get("nonMembers", [])
    if not isinstance(non_members, list):
        refuse(where, f"is {found(non_members)}", NON_MEMBERS)
    for index, account_id in enumerate(account_list(non_members, where, refuse)):
        if account_id in members:
            also = at(at(prefix, "accounts"), account_id)
            refuse(at(where, index), f"is {account_id!r}, also in {also}", MEMBER_OR_NOT)

    synthesize = document.get("synthesizeMembers", False)
    if not isinstance(synthesize, bool):
        refuse(at(prefix, "synthesizeMembers"), f"is {found(synthesize)}", SYNTHESIZE)

    where = at(prefix, "usage")
    usage = document.get("usage", {})
    if not isinstance(usage, dict):
        refuse(where, f"is {found(usage)}", USAGE)
    relationships = _account_map(document, prefix, "relationships", RELATIONSHIPS, refuse)
    for account_id, relationship in relationships.items():
        if relationship not in RELATIONSHIP_STATUSES:
            here = at(at(prefix, "relationships"), account_id)
            refuse(here, f"is {found(relationship)}", RELATIONSHIP)
    account_status = {
        account_id: _resource_state(at(at(prefix, "accountStatus"), account_id), state, refuse)
        for account_id, state in _account_map(
            document, prefix, "accountStatus", ACCOUNT_STATUS, refuse
        ).items()
    }
    count = document.get("synthesizedMemberCount", 0)
    if not is_whole_number(count) or count < 0 or (count and not synthesize):
        refuse(at(prefix, "synthesizedMemberCount"), f"is {found(count)}", MEMBER_COUNT)
    organisation = Organisation(
        members=members,
        non_members=frozenset(non_members),
        synthesize_members=synthesize,
        usage={
            account_key(account_id, at(where, account_id), refuse): _usage(
                at(where, account_id), entries, refuse
            )
            for account_id, entries in usage.items()
        },
        relationships=relationships,
        account_status=account_status,
        synthesized_member_count=count,
    )
    for section, named in (("relationships", relationships), ("accountStatus", account_status)):
        for account_id in named:
            if not organisation.is_member(account_id):
                here = at(at(prefix, section), account_id)
                refuse(here, "is for an account that is not a member", STATUS_OF_MEMBERS)
    for account_id in organisation.usage:
        if organisation.is_member(account_id):
            continue
        if account_id in organisation.non_members:
            why = f"is for an account in {at(prefix, 'nonMembers')}"
        else:
            why = f"is for an account not in {at(prefix, 'accounts')} (synthesizeMembers is false)"
        refuse(at(where, account_id), why, USAGE_OF_MEMBERS)
    return organisation


def _account_map(
    document: Mapping[str, Any], prefix: str, key: str, rule: str, refuse: Refuse
) -> dict[str, Any]:
    """An object keyed by account id (``relationships``, ``accountStatus``), its keys checked."""
    where = at(prefix, key)
    entries = document.get(key, {})
    if not isinstance(entries, dict):
        refuse(where, f"is {found(entries)}", rule)
    return {
        account_key(account_id, at(where, account_id), refuse): value
        for account_id, value in entries.items()
    }


def _resource_state(where: str, state: object, refuse: Refuse) -> dict[str, str]:
    if not isinstance(state, dict):
        refuse(where, f"is {found(state)}", ACCOUNT_STATUS)
    for key, status in state.items():
        if not is_resource_key(key):
            refuse(at(where, key), "is not a scan type key", RESOURCE_KEY)
        if status not in RESOURCE_STATUSES:
            refuse(at(where, key), f"is {found(status)}", RESOURCE_STATUS)
    return dict(state)


def _trials(where: str, trials: object, refuse: Refuse) -> tuple[Trial, ...]:
    parsed: list[Trial] = []
    for here, trial, trial_type in _typed_entries(
        where, trials, refuse, (ACCOUNTS, TRIAL, ONE_TRIAL_PER_TYPE), TRIAL_FIELDS, TRIAL_REQUIRED
    ):
        start = _timestamp(trial["start"], at(here, "start"), refuse)
        end = _timestamp(trial["end"], at(here, "end"), refuse)
        if end < start:
            refuse(
                at(here, "end"),
                f"({_iso(end)}) is before its start ({_iso(start)})",
                END_AFTER_START,
            )
        status = trial["status"]
        if status not in STATUSES:
            refuse(at(here, "status"), f"is {found(status)}", STATUS)
        parsed.append(
            Trial(
                type=trial_type,
                start=start,
                end=end,
                status=status,
                cloud_provider=_cloud_provider(trial, here, refuse),
            )
        )
    return tuple(parsed)


def _usage(where: str, entries: object, refuse: Refuse) -> tuple[Usage, ...]:
    parsed: list[Usage] = []
    for here, entry, usage_type in _typed_entries(
        where,
        entries,
        refuse,
        (USAGE, USAGE_TOTAL, ONE_USAGE_PER_TYPE),
        USAGE_FIELDS,
        USAGE_REQUIRED,
    ):
        amounts = []
        for key in ("total", "estimatedMonthlyCost"):
            value = entry[key]
            if not is_json_number(value) or value < 0:
                refuse(at(here, key), f"is {found(value)}", AMOUNT)
            amounts.append(float(value))
        currency = entry.get("currency", "USD")
        if currency != "USD":
            refuse(at(here, "currency"), f"is {found(currency)}", CURRENCY)
        cloud_provider = _cloud_provider(entry, here, refuse)
        parsed.append(Usage(usage_type, amounts[0], amounts[1], currency, cloud_provider))
    return tuple(parsed)


def _typed_entries(
    where: str,
    entries: object,
    refuse: Refuse,
    rules: tuple[str, str, str],
    fields: tuple[str, ...],
    required: tuple[str, ...],
) -> Iterator[tuple[str, Mapping[str, Any], str]]:
    """Each entry of a list of objects keyed by ``type`` (trials, usage totals), checked for
    shape and for a type given once, with where it stands and its type. ``rules``: the rule
    for the list, for one entry, and for one entry of each type."""
    list_rule, entry_rule, one_per_type = rules
    if not isinstance(entries, list):
        refuse(where, f"is {found(entries)}", list_rule)
    first_of_type: dict[str, str] = {}
    for index, entry in enumerate(entries):
        here = at(where, index)
        if not isinstance(entry, dict):
            refuse(here, f"is {found(entry)}", entry_rule)
        refuse_unknown_keys(entry, here, fields, entry_rule, refuse)
        for key in required:
            if key not in entry:
                refuse(at(here, key), "is missing", entry_rule)
        entry_type = _type(entry["type"], at(here, "type"), refuse)
        if entry_type in first_of_type:
            refuse(
                at(here, "type"),
                f"is {entry_type!r} again (as {first_of_type[entry_type]})",
                one_per_type,
            )
        first_of_type[entry_type] = at(here, "type")
        yield here, entry, entry_type


def _type(value: object, where: str, refuse: Refuse) -> str:
    if not isinstance(value, str) or not value:
        refuse(where, f"is {found(value)}", TYPE)
    return value


def _cloud_provider(entry: Mapping[str, Any], where: str, refuse: Refuse) -> str | None:
    if "cloudProvider" not in entry:
        return None
    value = entry["cloudProvider"]
    if not isinstance(value, str) or not value:
        refuse(at(where, "cloudProvider"), f"is {found(value)}", CLOUD_PROVIDER)
    return value


def _timestamp(value: object, where: str, refuse: Refuse) -> datetime:
    moment = parse_timestamp(value)
    if moment is None:
        refuse(where, f"is {found(value)}", TIMESTAMP)
    return moment


def _iso(moment: datetime) -> str:
    return moment.isoformat().replace("+00:00", "Z")


def refuse_unknown_keys(
    entry: Mapping[str, Any], where: str, keys: tuple[str, ...], rule: str, refuse: Refuse
) -> None:
    """Refuse the first key of ``entry`` that is not one of ``keys``, by ``rule``."""
    for key in entry:
        if key not in keys:
            refuse(at(where, key), "is unknown", rule)
