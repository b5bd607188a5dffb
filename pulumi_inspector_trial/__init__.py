"""See AWS Inspector free-trial status in Pulumi stacks and gate scan types on it.

Every public name is loaded on first use: the command line, the emulator and the pure rules
(``model``, ``gating``) are importable without pulumi, grpc or boto3, and ``GatedEnabler``'s
pulumi-aws (slow to import, and only in the ``[aws]`` extra) is loaded only when one is built.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
"""The package's version: the one place it is written (``pyproject.toml`` reads it from here)."""

if TYPE_CHECKING:
    from .component import GatedEnabler, GatedEnablerArgs
    from .errors import (
        FailedAccountsError,
        InspectorTrialError,
        InvalidInputError,
        MissingExtraError,
        TrialDataError,
    )
    from .functions import GetFreeTrialInfoResult, get_free_trial_info, get_free_trial_info_output
    from .model import AccountTrials, FailedAccount, FreeTrial, FreeTrialResult
    from .resource import FreeTrialInfo, FreeTrialInfoArgs
    from .settings import ResolveLimits

_MODULE_OF: dict[str, str] = {
    "AccountTrials": "model",
    "FailedAccount": "model",
    "FailedAccountsError": "errors",
    "FreeTrial": "model",
    "FreeTrialInfo": "resource",
    "FreeTrialInfoArgs": "resource",
    "FreeTrialResult": "model",
    "GatedEnabler": "component",
    "GatedEnablerArgs": "component",
    "GetFreeTrialInfoResult": "functions",
    "InspectorTrialError": "errors",
    "InvalidInputError": "errors",
    "MissingExtraError": "errors",
    "ResolveLimits": "settings",
    "TrialDataError": "errors",
    "get_free_trial_info": "functions",
    "get_free_trial_info_output": "functions",
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
