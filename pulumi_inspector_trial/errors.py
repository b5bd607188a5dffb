"""The errors this package raises. Each maps to one command-line exit code."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .model import FailedAccount, FreeTrialResult


class InspectorTrialError(Exception):
    """Base class of every error this package raises on purpose."""

    exit_code: int = 3


class InvalidInputError(InspectorTrialError, ValueError):
    """An input is malformed; the message names the bad value. Nothing was sent.

    ``property`` names the input at fault as the resource calls it (``account_ids``, ``region``
    ...), so that the provider's ``check`` reports the failure against the right property; None
    when the error is about no single input.
    """

    exit_code = 2

    def __init__(self, message: str, *, property: str | None = None) -> None:  # noqa: A002
        super().__init__(message)
        self.property = property


class TrialDataError(InspectorTrialError):
    """The trial data could not be resolved: service error, throttling, credentials, network."""

    exit_code = 3


class FailedAccountsError(TrialDataError):
    """Some accounts could not be resolved. ``result`` still holds everything that was."""

    def __init__(self, result: FreeTrialResult) -> None:
        self.result = result
        super().__init__(describe_failed_accounts(result.failed_accounts))


MEMBERSHIP_ADVICE = "Check that each is a member of the Inspector organisation"
RESOURCE_ADVICE = f"{MEMBERSHIP_ADVICE}, or set allow_failed_accounts to accept partial results."


def describe_failed_accounts(
    failed: Sequence[FailedAccount], *, advice: str = RESOURCE_ADVICE
) -> str:
    """One plain sentence naming each failed account and why, then what to do about it."""
    listed = "; ".join(f"{f.account_id} ({f.reason})" for f in failed)
    noun = "account" if len(failed) == 1 else "accounts"
    return f"Free-trial data could not be resolved for {len(failed)} {noun}: {listed}. {advice}"
