"""The errors this package raises on purpose, and the sentence that names failed accounts."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, ClassVar, Final

from .redaction import mask_account_ids, redact
from .wording import plural, printable

if TYPE_CHECKING:
    from .trials import FailedAccount, FreeTrialResult


class InspectorTrialError(Exception):
    """Base class of every error this package raises on purpose.

    Its message goes through ``redaction.redact`` as it is made: whichever path raises it (the
    command line, the provider, a function, the policy pack, the emulator), no URL user info and
    no endpoint password this process has seen can be in it.

    A class whose message is always the same sentence says it once, in ``fmt``, as botocore's
    exceptions do; it is raised with the sentence's fields as keywords (kept in ``kwargs``).
    """

    fmt: ClassVar[str] = ""
    """The one sentence of this kind of error, ``str.format``-ed with the raise's keywords."""

    def __init__(self, *args: object, **kwargs: Any) -> None:
        if self.fmt and not args:
            self.kwargs = kwargs
            super().__init__(redact(self.fmt.format(**kwargs)))
            return
        # kwargs reach a second base's __init__ (ImportError's name=, for MissingExtraError).
        super().__init__(*(redact(a) if isinstance(a, str) else a for a in args), **kwargs)

    def mask_account_ids(self) -> InspectorTrialError:
        """This error with every account id in its message shortened to its last four digits:
        for a read of secret ids, whose error may quote what the service said about them."""
        self.args = tuple(mask_account_ids(a) if isinstance(a, str) else a for a in self.args)
        return self


class InvalidInputError(InspectorTrialError, ValueError):
    """An input is malformed; the message names the bad value. Nothing was sent.

    ``property`` names the input at fault as the resource calls it (``account_ids``, ``region``
    ...), so that the provider's ``check`` reports the failure against the right property; None
    when the error is about no single input.
    """

    property: str | None = None

    def __init__(
        self, message: str | None = None, *, property: str | None = None, **kwargs: Any
    ) -> None:
        if message is None:
            super().__init__(**kwargs)
        else:
            super().__init__(message)
        if property is not None:
            self.property = property


class NoRegionError(InvalidInputError):
    """No region anywhere is bad input, like any setting left out: nothing could be sent."""

    fmt = (
        "No AWS region is set: pass --region (in a program, the region argument or the stack's "
        "aws:region), or set AWS_REGION, AWS_DEFAULT_REGION or the profile's region in the AWS "
        "config file."
    )
    property = "region"


class TrialDataError(InspectorTrialError):
    """The trial data could not be resolved: service error, throttling, credentials, network."""


class TimeBudgetError(TrialDataError):
    """A read (``doing``) ran out of its time budget (``seconds``)."""

    fmt = (
        "{doing} did not finish within the {seconds:g}-second time budget. Try again later, or "
        "raise the time budget (--timeout, or the stack's inspector-trial:timeout)."
    )


class MissingExtraError(InspectorTrialError, ImportError):
    """A feature needs a package the base install leaves out; the message names the extra that
    brings it (``GatedEnabler`` needs ``pulumi-aws``, from ``[aws]``)."""

    fmt = "{feature} needs {distribution}, which is not installed: pip install '{requirement}'."

    def __init__(self, feature: str, distribution: str, extra: str) -> None:
        super().__init__(
            feature=feature,
            distribution=distribution,
            requirement=f"pulumi-inspector-trial[{extra}]",
        )
        self.name = distribution.replace("-", "_")  # the module that could not be imported
        self.extra = extra


class FailedAccountsError(TrialDataError):
    """Some accounts could not be resolved. ``result`` still holds everything that was.

    ``secret_ids``: the ids were given as secrets, so the message names each by its last four
    digits only.
    """

    def __init__(self, result: FreeTrialResult, *, secret_ids: bool = False) -> None:
        self.result = result
        super().__init__(describe_failed_accounts(result.failed_accounts, secret_ids=secret_ids))


MEMBERSHIP_ADVICE = "Check that each is a member of the Inspector organisation"
RESOURCE_ADVICE = f"{MEMBERSHIP_ADVICE}, or set allow_failed_accounts to accept partial results."
FAILED_ACCOUNTS_NAMED: Final = 5
"""How many failed accounts a message names; it counts the rest."""
CODES_COUNTED: Final = 3
"""How many failure codes a message counts by name; it counts any others together."""
REASON_LENGTH: Final = 100
"""The most characters of one account's reason (code and the service's message) a message shows."""
CODE_LENGTH: Final = 32
"""The most characters of one failure code a message shows when it counts accounts by code."""


def describe_failed_accounts(
    failed: Sequence[FailedAccount], *, advice: str = RESOURCE_ADVICE, secret_ids: bool = False
) -> str:
    """One plain sentence naming the failed accounts and why, then what to do about it.

    Past ``FAILED_ACCOUNTS_NAMED`` accounts the sentence counts them by code and names only the
    first few, so that a thousand failures make a line and not a page; reasons are clipped to
    ``REASON_LENGTH`` characters. What the service sent is shown ``printable``: a control
    character in a message is escaped, never sent to a terminal. With ``secret_ids`` every
    account id in the sentence, the service's reasons included, is shortened to its last four
    digits.
    """
    if secret_ids:
        return mask_account_ids(describe_failed_accounts(failed, advice=advice))
    named = "; ".join(
        f"{f.account_id} ({_clip(printable(f.reason), REASON_LENGTH)})"
        for f in failed[:FAILED_ACCOUNTS_NAMED]
    )
    count = len(failed)
    if count <= FAILED_ACCOUNTS_NAMED:
        accounts = plural(count, "account")
        return f"Free-trial data could not be resolved for {accounts}: {named}. {advice}"
    codes = Counter(f.code for f in failed).most_common()
    by_code = [f"{n:,} {_clip(printable(code), CODE_LENGTH)}" for code, n in codes[:CODES_COUNTED]]
    others = sum(n for _, n in codes[CODES_COUNTED:])
    if others:
        by_code.append(f"{others:,} with other codes")
    return (
        f"Free-trial data could not be resolved for {count:,} accounts ({', '.join(by_code)}): "
        f"{named}; and {count - FAILED_ACCOUNTS_NAMED:,} more. {advice}"
    )


def _clip(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1].rstrip() + "\u2026"
