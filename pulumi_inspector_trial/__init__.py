"""See AWS Inspector free-trial status in Pulumi stacks and gate scan types on it.

``GatedEnabler`` needs pulumi-aws, which is slow to import: it is loaded on first use only.
"""

from typing import TYPE_CHECKING, Any

from .errors import FailedAccountsError, InspectorTrialError, InvalidInputError, TrialDataError
from .functions import GetFreeTrialInfoResult, get_free_trial_info, get_free_trial_info_output
from .model import AccountTrials, FailedAccount, FreeTrial, FreeTrialResult
from .resource import FreeTrialInfo, FreeTrialInfoArgs
from .settings import ResolveLimits

if TYPE_CHECKING:
    from .component import GatedEnabler, GatedEnablerArgs

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
    "ResolveLimits",
    "TrialDataError",
    "get_free_trial_info",
    "get_free_trial_info_output",
]


def __getattr__(name: str) -> Any:
    if name in ("GatedEnabler", "GatedEnablerArgs"):
        from . import component

        return getattr(component, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
