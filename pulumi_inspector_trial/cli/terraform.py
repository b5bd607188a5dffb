"""``inspector-trial terraform-external``: Terraform's ``external`` data source protocol.

Terraform runs the program with one JSON object on stdin whose values are all strings (the data
source's ``query``) and takes one JSON object on stdout whose values are all strings (its
``result``); a non-zero exit fails the plan and shows stderr. So every value here travels as text:
lists comma-separated, flags ``"true"`` / ``"false"``, numbers as digits.

The keys are the declared read inputs (``domain.inputs.INPUTS``), by their snake_case names, each
parsed from its text by its declared type and checked by its declared validator, plus ``members``.
The result has a key per account id (the Enabler resource types to enable, comma-separated, empty
when none) and ``json``: the whole result document (``schemas/terraform-external.schema.json``).
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import IO, Any, Final

from ..domain.costs import AccountCosts
from ..domain.errors import (
    MEMBERSHIP_ADVICE,
    InvalidInputError,
    NoRegionError,
    describe_failed_accounts,
)
from ..domain.gating import ENABLER_RESOURCE_TYPES, GatingDecision, GatingPolicy, decide
from ..domain.inputs import INPUT_NAMED, INPUTS, SETTING_INPUTS, ReadInput
from ..domain.trials import FreeTrialResult
from ..domain.validation import AccountIds, clipped
from .commands import Clock, _read
from .status import ExitCode, SeveralFailures

MEMBERS: Final = "members"
"""``"true"``: read the accounts from ``inspector2:ListMembers`` instead of ``account_ids``. The
protocol takes the key; ``_accounts_to_read`` is the one place that decides what it does."""

_NOT_IN_QUERY: Final = frozenset({"include_costs"})
"""Declared inputs the query does not take: the costs are read exactly when ``max_monthly_cost``
needs them, as ``GatedEnabler`` does."""

QUERY_INPUTS: Final = tuple(declared for declared in INPUTS if declared.name not in _NOT_IN_QUERY)
"""The declared inputs the query takes, each under its snake_case name."""

QUERY_KEYS: Final = tuple(declared.name for declared in QUERY_INPUTS) + (
    () if MEMBERS in INPUT_NAMED else (MEMBERS,)
)
"""Every key the query may hold."""

RESULT_DOCUMENT_KEY: Final = "json"
"""The result key holding the whole result document as JSON text (account ids are 12 digits, so
no account's key can be this one)."""

_TRUE: Final = "true"
_FALSE: Final = "false"
_ADVICE: Final = f'{MEMBERSHIP_ADVICE}, or set allow_failed_accounts = "true" in the query.'
"""What a failed read advises: the query's own key accepts partial results."""


@dataclass(frozen=True)
class TerraformQuery:
    """The query, parsed and checked: every declared input's value (its default when the query
    does not give it), and whether ``members`` was asked for."""

    values: Mapping[str, Any]
    """Declared input name -> value, as the input's validator returns it."""
    members: bool = False

    @classmethod
    def from_json(cls, text: str) -> TerraformQuery:
        """Parse what Terraform writes on stdin; ``InvalidInputError`` names what is wrong."""
        try:
            document = json.loads(text, object_pairs_hook=_refusing_repeated_keys)
        except json.JSONDecodeError as error:
            raise InvalidInputError(
                f"The query on stdin is not JSON ({error.msg} at line {error.lineno} column "
                f"{error.colno}): Terraform's external data source sends one JSON object of "
                "strings."
            ) from None
        if not isinstance(document, dict):
            raise InvalidInputError(
                f"The query on stdin must be a JSON object of strings, not {_json_kind(document)}."
            )
        return cls.from_mapping(document)

    @classmethod
    def from_mapping(cls, query: Mapping[str, Any]) -> TerraformQuery:
        """Check each key and value of a decoded query."""
        unknown = sorted(key for key in query if key not in QUERY_KEYS)
        if unknown:
            named = ", ".join(clipped(key) for key in unknown)
            raise InvalidInputError(
                f"Unknown query {'key' if len(unknown) == 1 else 'keys'} {named}: the query "
                f"takes {', '.join(QUERY_KEYS)}."
            )
        for key, value in query.items():
            if not isinstance(value, str):
                raise InvalidInputError(
                    f"The query's {key} must be a string, not {_json_kind(value)} "
                    f"{clipped(value)}: Terraform's external data source sends strings only.",
                    property=key,
                )
        # An empty string is no value: Terraform 2.3.1's provider sent null as "", and HCL's
        # conditionals give "" for "not set" (query values cannot be null).
        given = {key: text for key, text in query.items() if text != ""}
        members = _flag(MEMBERS, given.pop(MEMBERS)) if MEMBERS in given else False
        values = {
            declared.name: (
                _from_text(declared, given[declared.name])
                if declared.name in given
                else declared.default
            )
            for declared in QUERY_INPUTS
        }
        return cls(values, members=members)

    @property
    def policy(self) -> GatingPolicy:
        return GatingPolicy(
            min_days_left=self.values["min_days_left"],
            always_enable=self.values["always_enable"],
            max_monthly_cost=self.values["max_monthly_cost"],
        )


def _refusing_repeated_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    # json.loads keeps the last of a repeated key: which one was meant is unknown.
    keys = [key for key, _ in pairs]
    repeated = sorted({key for key in keys if keys.count(key) > 1})
    if repeated:
        raise InvalidInputError(
            f"The query repeats {', '.join(clipped(key) for key in repeated)}: give each key once."
        )
    return dict(pairs)


def _json_kind(value: object) -> str:
    kinds = {dict: "an object", list: "a list", bool: "a boolean", type(None): "null"}
    return kinds.get(type(value), "a number")


def _flag(key: str, text: str) -> bool:
    if text not in (_TRUE, _FALSE):
        raise InvalidInputError(
            f'Invalid {key} {clipped(text)} in the query: expected "true" or "false".',
            property=key,
        )
    return text == _TRUE


def _from_text(declared: ReadInput, text: str) -> Any:
    """One query value as the input's validator takes it: a list from comma-separated text, a
    flag from ``"true"`` / ``"false"``, a number from its digits; then the validator's check."""
    key = declared.name
    if declared.name == "region" and "," in text:
        raise InvalidInputError(
            f"The query's region takes one region, not {text!r}: Enablers are regional, "
            "so use one data source per region.",
            property=key,
        )
    value: Any
    if declared.container:
        value = [token.strip() for token in text.split(",")]
    elif declared.type == "bool":
        value = _flag(key, text)
    else:
        try:
            value = declared.from_text(text)
        except ValueError:
            raise InvalidInputError(
                f"Invalid {key} {declared.shown(text)} in the query: expected {declared.expected}.",
                property=key,
            ) from None
    try:
        return declared.validate(value, key)
    except InvalidInputError as error:
        if key in str(error):
            raise
        raise InvalidInputError(f"The query's {key} is not valid: {error}", property=key) from None


def _accounts_to_read(query: TerraformQuery) -> AccountIds:
    """The accounts to read: ``account_ids``, or (``members = "true"``) the organisation's."""
    account_ids: AccountIds | None = query.values["account_ids"]
    if query.members and account_ids:
        raise InvalidInputError(
            'The query gives both account_ids and members = "true": give one of them.',
            property=MEMBERS,
        )
    if query.members:
        raise InvalidInputError(
            'members = "true" (the accounts of inspector2:ListMembers) is not available in this '
            "version: list the accounts in account_ids.",
            property=MEMBERS,
        )
    if not account_ids:
        raise InvalidInputError(
            'The query needs account_ids (comma-separated 12-digit ids) or members = "true".',
            property="account_ids",
        )
    return account_ids


def terraform_external(args: argparse.Namespace, out: IO[str], stdin: IO[str], clock: Clock) -> int:
    """Read the query from ``stdin``, read the trials, write the flat result to ``out``."""
    query = TerraformQuery.from_json(stdin.read())
    account_ids = _accounts_to_read(query)
    values = query.values
    budget = values["max_monthly_cost"]
    # The command line's own read: its region, time budget and failures, one region here.
    read_args = argparse.Namespace(
        account_ids=account_ids,
        account_ids_file=None,
        region=[values["region"]] if values["region"] else [],
        members=query.members,
        timeout=args.timeout,
        progress_to=getattr(args, "progress_to", None),
        **{i.name: values[i.name] for i in SETTING_INPUTS if i.name != "region"},
    )
    try:
        reads = _read(read_args, stdin, include_costs=budget is not None)
    except NoRegionError:
        raise InvalidInputError(
            "No AWS region is set: give region in the query, or set AWS_REGION, "
            "AWS_DEFAULT_REGION or the profile's region in the AWS config file Terraform runs "
            "with.",
            property="region",
        ) from None
    for _, error in reads.failures:
        raise error
    ((region, result),) = reads.results.items()
    if result.failed_accounts and not values["allow_failed_accounts"]:
        message = describe_failed_accounts(result.failed_accounts, advice=_ADVICE)
        raise SeveralFailures([message], ExitCode.UNRESOLVED)
    costs = (reads.costs or {}).get(region) if budget is not None else None
    decisions = decide(
        result,
        values["wanted_types"],
        query.policy,
        at=clock(),
        account_ids=account_ids,
        costs=costs,
    )
    document = result_document(region, query, result, decisions, costs)
    print(json.dumps(flat_result(decisions, document), sort_keys=True), file=out)
    return ExitCode.OK


def result_document(
    region: str,
    query: TerraformQuery,
    result: FreeTrialResult,
    decisions: Mapping[str, GatingDecision],
    costs: Mapping[str, AccountCosts] | None,
) -> dict[str, Any]:
    """The ``json`` result: what was asked, what was decided and why, and what was read. Its
    schema is ``schemas/terraform-external.schema.json``."""
    values = query.values
    trials = result.to_dict()
    return {
        "region": region,
        "account_ids": sorted(decisions),
        "wanted_types": _in_enabler_order(values["wanted_types"]),
        "always_enable": _in_enabler_order(values["always_enable"]),
        "min_days_left": values["min_days_left"],
        "max_monthly_cost": values["max_monthly_cost"],
        "resource_types": {i: _in_enabler_order(d.enable) for i, d in decisions.items()},
        "decisions": {
            account_id: {
                "enable": _in_enabler_order(decision.enable),
                "resolved": decision.resolved,
                "reasons": dict(decision.reasons),
                "summary": decision.summary,
            }
            for account_id, decision in decisions.items()
        },
        "accounts": trials["accounts"],
        "failed_accounts": trials["failed_accounts"],
        "costs": (
            None
            if costs is None
            else {account_id: c.to_dict() for account_id, c in sorted(costs.items())}
        ),
    }


def flat_result(
    decisions: Mapping[str, GatingDecision], document: Mapping[str, Any]
) -> dict[str, str]:
    """What Terraform reads: a string per account (its types, comma-separated, in the Enabler's
    order; empty when none) and the whole document under ``json``."""
    flat = {i: ",".join(_in_enabler_order(d.enable)) for i, d in decisions.items()}
    flat[RESULT_DOCUMENT_KEY] = json.dumps(document, sort_keys=True)
    return flat


def _in_enabler_order(types: Any) -> list[str]:
    order = {t: i for i, t in enumerate(ENABLER_RESOURCE_TYPES)}
    return sorted(types, key=lambda t: (order.get(t, len(order)), t))
