"""The Pulumi package schema of ``inspectortrial``, built from the one declaration of the inputs.

Every function input and provider config variable comes from ``domain.inputs.INPUTS`` (its
camelCase name, type and description): nothing here names an input a second time. The outputs
are declared here, once, as the shapes ``TrialRead.outputs()`` and the gating decisions already
have, in camelCase; ``plugin.values`` walks these declarations to turn a read's snake_case
document into the function's result, so the schema served and the values returned cannot drift.

The names (package, tokens, the generated SDKs') are in ``plugin.names``; the usage examples
each function's docs show are in ``plugin.examples``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any, Final

from .. import __version__
from ..domain.gating import ENABLER_RESOURCE_TYPES
from ..domain.inputs import (
    GATING_INPUTS,
    INPUTS,
    READ_INPUTS,
    SETTING_INPUTS,
    ReadInput,
    required_properties,
    schema_properties,
)
from .examples import FREE_TRIAL_INFO_EXAMPLES, SCAN_TYPES_EXAMPLES, SECRETS_AND_PREVIEW
from .names import GET_FREE_TRIAL_INFO, GET_SCAN_TYPES, NODEJS_PACKAGE, PACKAGE, PYTHON_PACKAGE

FUNCTION_INPUTS: Final[Mapping[str, tuple[ReadInput, ...]]] = {
    GET_FREE_TRIAL_INFO: READ_INPUTS,
    GET_SCAN_TYPES: (*READ_INPUTS, *GATING_INPUTS),
}
"""The declared inputs each function takes, in their declared order."""


def type_token(name: str) -> str:
    return f"{PACKAGE}:index:{name}"


def _ref(name: str) -> dict[str, Any]:
    return {"$ref": f"#/types/{type_token(name)}"}


def _string(description: str) -> dict[str, Any]:
    return {"type": "string", "description": description}


def _map_of(items: Mapping[str, Any], description: str) -> dict[str, Any]:
    return {"type": "object", "additionalProperties": dict(items), "description": description}


_STRINGS: Final = {"type": "array", "items": {"type": "string"}}

TYPES: Final[dict[str, dict[str, Any]]] = {
    type_token("FreeTrial"): {
        "type": "object",
        "description": "One free trial of one account, as the service reports it.",
        "properties": {
            "type": _string(
                "The trial type as the service sends it: EC2, ECR, LAMBDA, LAMBDA_CODE, "
                "CODE_REPOSITORY, and newer ones (VM, CONTAINER_IMAGE, ...) passed through."
            ),
            "start": _string("When the trial began: ISO 8601 UTC, ending in `Z`."),
            "end": _string("When the trial ends: ISO 8601 UTC, ending in `Z`."),
            "status": _string("`ACTIVE` or `INACTIVE`."),
            "cloudProvider": _string(
                "AWS, AZURE, GCP or NOT_APPLICABLE, when the service sends it."
            ),
        },
        "required": ["type", "start", "end", "status"],
    },
    type_token("AccountFreeTrials"): {
        "type": "object",
        "description": "The free trials of one account.",
        "properties": {
            "accountId": _string("The 12-digit account id."),
            "freeTrialInfo": {
                "type": "array",
                "items": _ref("FreeTrial"),
                "description": "Each trial of the account.",
            },
        },
        "required": ["accountId", "freeTrialInfo"],
    },
    type_token("FailedAccount"): {
        "type": "object",
        "description": "An account whose trial data the service could not return.",
        "properties": {
            "accountId": _string("The 12-digit account id."),
            "code": _string("`ACCESS_DENIED` (final) or `INTERNAL_ERROR` (retried first)."),
            "message": _string("What the service said."),
        },
        "required": ["accountId", "code", "message"],
    },
    type_token("AccountCosts"): {
        "type": "object",
        "description": "The service's estimated monthly cost of one account, from the last "
        "30 days' usage (`inspector2:ListUsageTotals`).",
        "properties": {
            "currency": _string("`USD`."),
            "total": {"type": "number", "description": "Every usage type's estimate, summed."},
            "scanTypes": _map_of(
                {"type": "number"},
                "The estimate per Enabler resource type (EC2, ECR, LAMBDA, LAMBDA_CODE, "
                "CODE_REPOSITORY).",
            ),
            "usageTypes": _map_of({"type": "number"}, "The estimate per usage type."),
        },
        "required": ["currency", "total", "scanTypes", "usageTypes"],
    },
    type_token("ScanTypeDecision"): {
        "type": "object",
        "description": "What is enabled in one account, and why.",
        "properties": {
            "enable": {**_STRINGS, "description": "The Enabler resource types to turn on."},
            "reasons": _map_of(
                {"type": "string"}, "For each type considered, why it is or is not enabled."
            ),
            "resolved": {
                "type": "boolean",
                "description": "False when the account's trial data could not be read: "
                "nothing is enabled (fail closed).",
            },
        },
        "required": ["enable", "reasons", "resolved"],
    },
}

_TYPES_BY_ACCOUNT = "`{accountId: [type, ...]}`"

FREE_TRIAL_INFO_OUTPUTS: Final[dict[str, dict[str, Any]]] = {
    "accountIds": {**_STRINGS, "description": "The accounts read: sorted, deduplicated."},
    "region": _string("The region the trials were read in."),
    "accounts": {
        "type": "array",
        "items": _ref("AccountFreeTrials"),
        "description": "Each resolved account's trials, sorted by account id.",
    },
    "failedAccounts": {
        "type": "array",
        "items": _ref("FailedAccount"),
        "description": "The accounts the service could not resolve (with `allowFailedAccounts`).",
    },
    "activeTypes": _map_of(
        _STRINGS,
        f"{_TYPES_BY_ACCOUNT}: the trial types running when read (ACTIVE and before their end).",
    ),
    "costs": _map_of(
        _ref("AccountCosts"),
        "`{accountId: estimate}` of each resolved account, with `includeCosts` only.",
    ),
    "enabledTypes": _map_of(
        _STRINGS,
        f"{_TYPES_BY_ACCOUNT}: the Enabler resource types whose state is ENABLED, with "
        "`includeAccountStatus` only.",
    ),
}
FREE_TRIAL_INFO_REQUIRED: Final = [
    "accountIds",
    "region",
    "accounts",
    "failedAccounts",
    "activeTypes",
]

SCAN_TYPES_OUTPUTS: Final[dict[str, dict[str, Any]]] = {
    "resourceTypes": _map_of(
        _STRINGS,
        f"{_TYPES_BY_ACCOUNT}: the value an `aws.inspector2.Enabler` takes as `resourceTypes`. "
        "Accounts with nothing to enable are absent (an Enabler refuses an empty list).",
    ),
    "skippedAccounts": _map_of(
        {"type": "string"}, "`{accountId: why}` of the accounts with nothing to enable."
    ),
    "decisions": _map_of(_ref("ScanTypeDecision"), "`{accountId: decision}` for every account."),
}

FUNCTION_OUTPUTS: Final[Mapping[str, Mapping[str, dict[str, Any]]]] = {
    GET_FREE_TRIAL_INFO: FREE_TRIAL_INFO_OUTPUTS,
    GET_SCAN_TYPES: SCAN_TYPES_OUTPUTS,
}

ACCOUNT_BEARING: Final[Mapping[str, frozenset[str]]] = {
    GET_FREE_TRIAL_INFO: frozenset(
        camel_name for camel_name in FREE_TRIAL_INFO_OUTPUTS if camel_name not in ("region",)
    ),
    GET_SCAN_TYPES: frozenset(SCAN_TYPES_OUTPUTS),
}
"""The outputs that carry account ids (all but the region): secret whenever any input is."""

# The declaration words the defaults as a Python program sees them (the stack's aws:region);
# a plugin is configured with its own package's config only, so here the provider's config
# takes that place (and a config variable, being that default, drops it).
_PLUGIN_WORDING: Final = (
    ("the stack's aws:region, else ", f"the provider's `region` (`{PACKAGE}:region`), else "),
    ("the stack's aws:profile, else ", f"the provider's `profile` (`{PACKAGE}:profile`), else "),
)
_SNAKE_NAME: Final = re.compile(r"\b[a-z]+(?:_[a-z]+)+\b")


def camel_case(name: str) -> str:
    first, *rest = name.split("_")
    return first + "".join(word.capitalize() for word in rest)


def snake_case(name: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def in_schema_words(text: str, *, config: bool = False) -> str:
    """A declared description or a message, in this package's words: inputs and outputs by
    their camelCase names, defaults from the provider's config (``config``: a config variable's
    own description, which is that default)."""
    for python_words, plugin_words in _PLUGIN_WORDING:
        text = text.replace(python_words, "" if config else plugin_words)
    known = {i.name for i in INPUTS} | {
        snake_case(name) for outputs in FUNCTION_OUTPUTS.values() for name in outputs
    }
    return _SNAKE_NAME.sub(
        lambda found: camel_case(found[0]) if found[0] in known else found[0], text
    )


def _properties(inputs: Iterable[ReadInput], *, config: bool = False) -> dict[str, dict[str, Any]]:
    properties = schema_properties(inputs)
    for spec in properties.values():
        spec["description"] = in_schema_words(spec["description"], config=config)
    return properties


def _function(
    token: str, description: str, examples: str, required_outputs: list[str]
) -> dict[str, Any]:
    inputs = FUNCTION_INPUTS[token]
    return {
        "description": description + SECRETS_AND_PREVIEW + examples,
        "inputs": {
            "properties": _properties(inputs),
            "required": required_properties(inputs),
        },
        "outputs": {
            "properties": dict(FUNCTION_OUTPUTS[token]),
            "required": required_outputs,
        },
    }


def package_schema() -> dict[str, Any]:
    """The schema ``GetSchema`` serves, as a JSON document."""
    settings = _properties(SETTING_INPUTS, config=True)
    return {
        "name": PACKAGE,
        "displayName": "AWS Inspector free trials",
        "version": __version__,
        "description": "Read AWS Inspector free-trial status and gate the Inspector scan types "
        "an aws.inspector2.Enabler turns on, from any Pulumi language.",
        "keywords": ["pulumi", "aws", "inspector", "inspector2", "category/cloud", "kind/native"],
        "license": "Apache-2.0",
        "repository": "https://github.com/pulumi-inspector-trial/pulumi-inspector-trial",
        "publisher": "pulumi-inspector-trial",
        "config": {"variables": settings},
        "provider": {
            "description": "Where and as whom functions read Inspector, unless a call says "
            "otherwise. Set as stack config (`pulumi config set inspectortrial:region "
            "us-east-1`) or on an explicit provider.",
            "inputProperties": settings,
        },
        "types": TYPES,
        "functions": {
            GET_FREE_TRIAL_INFO: _function(
                GET_FREE_TRIAL_INFO,
                "Reads the AWS Inspector free trials of accounts "
                "(`inspector2:BatchGetFreeTrialInfo`, 100 accounts a request).",
                FREE_TRIAL_INFO_EXAMPLES,
                FREE_TRIAL_INFO_REQUIRED,
            ),
            GET_SCAN_TYPES: _function(
                GET_SCAN_TYPES,
                "Decides, per account, which Inspector scan types to enable from their free "
                "trials: a wanted type is enabled while its trial is ACTIVE with at least "
                "`minDaysLeft` whole days to go, `alwaysEnable` types whatever the trial says, "
                "and types past their trial while affordable within `maxMonthlyCost`. An "
                "account whose trials could not be read gets nothing (fail closed). Enabler "
                f"resource types: {', '.join(ENABLER_RESOURCE_TYPES)}.",
                SCAN_TYPES_EXAMPLES,
                list(SCAN_TYPES_OUTPUTS),
            ),
        },
        "language": {
            "python": {"packageName": PYTHON_PACKAGE, "respectSchemaVersion": True},
            "nodejs": {"packageName": NODEJS_PACKAGE, "respectSchemaVersion": True},
            "csharp": {"rootNamespace": "Pulumi", "respectSchemaVersion": True},
            "go": {
                "importBasePath": "github.com/pulumi-inspector-trial/pulumi-inspector-trial/"
                "sdk/go/inspectortrial",
                "respectSchemaVersion": True,
            },
        },
    }
