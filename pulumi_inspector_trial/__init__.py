"""See AWS Inspector free-trial status in Pulumi stacks and gate scan types on it.

The layers, each a folder with one job: ``domain`` (the rules, no SDK), ``read`` (the query and
the one read service), ``aws`` (boto3), ``resources`` (the Pulumi resource, functions and
component), ``policy`` (the CrossGuard pack), ``cli`` (``inspector-trial``), ``emulator`` and
``testing``; ``docs/architecture.md`` follows one read through them.

Every public name is loaded on first use: the command line, the emulator and the rules
(``domain``, ``gating``) are importable without pulumi, grpc or boto3, and ``GatedEnabler``'s
pulumi-aws (slow to import, and only in the ``[aws]`` extra) is loaded only when one is built.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
"""The package's version: the one place it is written (``pyproject.toml`` reads it from here)."""

if TYPE_CHECKING:
    from .domain.errors import (
        FailedAccountsError,
        InspectorTrialError,
        InvalidInputError,
        MissingExtraError,
        TrialDataError,
    )
    from .domain.trials import AccountTrials, FailedAccount, FreeTrial, FreeTrialResult
    from .read.query import ResolveLimits
    from .resources.free_trial_info import FreeTrialInfo, FreeTrialInfoArgs
    from .resources.gated_enabler import GatedEnabler, GatedEnablerArgs
    from .resources.get_free_trial_info import (
        GetFreeTrialInfoResult,
        get_free_trial_info,
        get_free_trial_info_output,
    )

_MODULE_OF: dict[str, str] = {
    "AccountTrials": "domain.trials",
    "FailedAccount": "domain.trials",
    "FailedAccountsError": "domain.errors",
    "FreeTrial": "domain.trials",
    "FreeTrialInfo": "resources.free_trial_info",
    "FreeTrialInfoArgs": "resources.free_trial_info",
    "FreeTrialResult": "domain.trials",
    "GatedEnabler": "resources.gated_enabler",
    "GatedEnablerArgs": "resources.gated_enabler",
    "GetFreeTrialInfoResult": "resources.get_free_trial_info",
    "InspectorTrialError": "domain.errors",
    "InvalidInputError": "domain.errors",
    "MissingExtraError": "domain.errors",
    "ResolveLimits": "read.query",
    "TrialDataError": "domain.errors",
    "get_free_trial_info": "resources.get_free_trial_info",
    "get_free_trial_info_output": "resources.get_free_trial_info",
}

__all__ = [
    "AccountTrials",
    "FailedAccount",
    "FailedAccountsError",
    "FreeTrial",
    "FreeTrialInfo",
    "FreeTrialInfoArgs",
    "FreeTrialResult",
    "GatedEnabler",
    "GatedEnablerArgs",
    "GetFreeTrialInfoResult",
    "InspectorTrialError",
    "InvalidInputError",
    "MissingExtraError",
    "ResolveLimits",
    "TrialDataError",
    "get_free_trial_info",
    "get_free_trial_info_output",
]


def __getattr__(name: str) -> Any:
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value  # loaded once
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
