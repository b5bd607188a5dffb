"""The checks every input goes through: account ids, regions, endpoints, roles, days, budgets.

Each raises ``InvalidInputError`` naming the bad value (clipped, or by its last four characters
when it may be secret) and the property it was given as.
"""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Iterable
from datetime import datetime
from typing import Final
from urllib.parse import urlsplit

from .errors import InvalidInputError
from .redaction import mask_account_id, redact_url, userinfo_of
from .wording import noun

ACCOUNT_ID_PATTERN: Final = "[0-9]{12}"
"""An AWS account id: what ``is_account_id`` checks, and what the ids file's fast path reads."""
REGION: Final = re.compile(r"[a-z]{2,}(-[a-z0-9]+)*-[0-9]+")
"""A region code: ``us-east-1``, ``us-gov-west-1``, ``eusc-de-east-1``."""
ROLE_ARN: Final = re.compile(rf"arn:aws[a-z-]*:iam::{ACCOUNT_ID_PATTERN}:role/[\w+=,.@/-]+")
_HOST_NAME: Final = re.compile(r"((?!-)[A-Za-z0-9-]{1,63}(?<!-)\.)*(?!-)[A-Za-z0-9-]{1,63}(?<!-)")

SHOWN_BAD_INPUTS: Final = 5
"""How many bad ids (or bad lines of an ids file) a message shows; the rest are counted."""
_SHOWN_WHOLE: Final = 16
"""Longer bad values are clipped: a typo'd id is shorter; a pasted credential is not."""
_ELLIPSIS: Final = "\u2026"  # not "...", which would end a sentence


class AccountIds(tuple[str, ...]):
    """Account ids as ``normalize_account_ids`` returns them: valid, distinct and sorted.

    Given to it again (by the next layer a read passes through), they are returned as they are:
    a list of millions is checked and sorted once.
    """

    __slots__ = ()

    def union(self, other: AccountIds) -> AccountIds:
        if not self:
            return other
        if not other or other == self:
            return self
        return AccountIds(sorted(set(self).union(other)))


def is_account_id(text: str) -> bool:
    """Exactly 12 ASCII digits (``str.isdigit`` alone would take other scripts' digits)."""
    return len(text) == 12 and text.isascii() and text.isdigit()


def clipped(value: object) -> str:
    """A bad input as a message may show it: whole if short, else its first characters only,
    so that a credential pasted where an id belongs is never printed (nor 180 KB of it)."""
    text = value if isinstance(value, str) else repr(value)
    if len(text) <= _SHOWN_WHOLE:
        return repr(value)
    return f"{text[:4] + _ELLIPSIS!r} ({len(text):,} characters)"


def first_few(shown: list[str], count: int) -> str:
    """``a, b, c`` or ``a, b, c, d, e and 7 more``: what a message lists of ``count`` items."""
    listed = ", ".join(shown[:SHOWN_BAD_INPUTS])
    rest = count - min(count, SHOWN_BAD_INPUTS)
    return f"{listed} and {rest:,} more" if rest else listed


def normalize_account_ids(account_ids: Iterable[object], *, secret: bool = False) -> AccountIds:
    """Validate account ids and return them sorted and deduplicated.

    Every id must be a string of exactly 12 digits (surrounding white space is ignored). Bad ids
    are counted in one error, the first few shown (clipped), so a user fixes a list in one go.
    An empty list is refused too: the service accepts 1 to 100 ids per request. ``AccountIds``
    (what this returns) are returned as they are. ``secret``: the ids were given as a secret, so
    a bad one is named by its last four characters only.
    """
    if isinstance(account_ids, AccountIds):
        return account_ids
    if isinstance(account_ids, (str, bytes)):
        shown = "a secret string" if secret else f"the single string {account_ids!r}"
        raise InvalidInputError(
            f"account_ids must be a list of account ids, not {shown}.",
            property="account_ids",
        )
    good: set[str] = set()
    bad: list[str] = []
    bad_count = 0
    for raw in account_ids:
        candidate = raw.strip() if isinstance(raw, str) else None
        if candidate is not None and is_account_id(candidate):
            good.add(candidate)
        else:
            bad_count += 1
            if len(bad) < SHOWN_BAD_INPUTS:
                bad.append(repr(mask_account_id(raw)) if secret else clipped(raw))
    if bad_count:
        shown = " (by the last four characters: they may be secret)" if secret else ""
        raise InvalidInputError(
            f"Invalid AWS account {noun(bad_count, 'id')}"
            f"{f' ({bad_count:,})' if bad_count > 1 else ''}{shown}: {first_few(bad, bad_count)}. "
            "An account id is a string of exactly 12 digits.",
            property="account_ids",
        )
    if not good:
        raise InvalidInputError(
            "account_ids is empty: give at least one 12-digit account id.", property="account_ids"
        )
    return AccountIds(sorted(good))


def validate_account_id_list(
    value: object, name: str = "account_ids", *, secret: bool = False
) -> AccountIds:
    """A list of account ids, as ``normalize_account_ids`` takes it; anything but a list (a
    number, a mapping of nothing iterable) is refused naming what it is, unless it is secret."""
    if value is None:
        raise InvalidInputError(
            f"Missing required property {name!r} (or read the members with members=True).",
            property="account_ids",
        )
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        shown = "a secret value" if secret else repr(value)
        raise InvalidInputError(
            f"{name} must be a list of 12-digit account ids, not {shown}.",
            property="account_ids",
        )
    return normalize_account_ids(value, secret=secret)


def parse_regions(text: str, name: str = "region") -> list[str]:
    """A comma-separated list of region codes, each checked (white space around one is fine):
    the one place such a list is read."""
    return [validate_region(token.strip(), name) for token in text.split(",")]


def validate_region_list(value: object, name: str = "regions") -> tuple[str, ...]:
    """A list of region codes, in the order given, without repeats; not empty."""
    if isinstance(value, (str, bytes)) or not isinstance(value, Iterable):
        raise InvalidInputError(
            f"{name} must be a list of region codes, not {value!r}.", property=name
        )
    listed: list[str] = []
    for region in value:
        if not isinstance(region, str):
            raise InvalidInputError(
                f"{name} must be a list of region codes, not one holding {region!r}.",
                property=name,
            )
        if validate_region(region) not in listed:
            listed.append(region)
    if not listed:
        raise InvalidInputError(f"{name} is empty: give at least one region.", property=name)
    return tuple(listed)


def validate_setting_text(value: object, name: str, *, url: bool = False) -> str | None:
    """A string setting (region, profile, role, endpoint), or None: refused when it is not a
    string or has white space around it, which a copied value often does unseen."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise InvalidInputError(f"{name} must be a string, not {value!r}.", property=name)
    if value.strip() != value:
        shown = redact_url(value) if url else value
        raise InvalidInputError(
            f"{name} {shown!r} has leading or trailing white space.", property=name
        )
    return value


def validate_profile(profile: str, name: str = "profile") -> str:
    """A named profile of the shared AWS config files: any name but the empty one."""
    if not profile:
        raise InvalidInputError(
            f"{name} is empty: give a profile name or leave it unset.", property="profile"
        )
    return profile


def validate_role_arn(role_arn: str, name: str = "role_arn") -> str:
    """An IAM role's ARN, in any partition."""
    expected = "'arn:aws:iam::<12-digit account>:role/<name>'"
    return _matching(ROLE_ARN, role_arn, name, prop="role_arn", kind="role ARN", expected=expected)


def validate_flag(value: object, name: str) -> bool:
    """True or False; None (not given) is False."""
    if value is None:
        return False
    if not isinstance(value, bool):
        raise InvalidInputError(f"{name} must be true or false, not {value!r}.", property=name)
    return value


def validate_region(region: str, name: str = "region") -> str:
    """A region code such as ``us-east-1``; ``name`` is what the user set it as."""
    expected = "a region code such as 'us-east-1'"
    return _matching(REGION, region, name, prop="region", kind="AWS region", expected=expected)


def _matching(
    pattern: re.Pattern[str], value: str, name: str, *, prop: str, kind: str, expected: str
) -> str:
    """``value`` when ``pattern`` matches it whole; else the error naming it as ``kind`` (or as
    ``name``, when the user set it as something else: a flag, a config key)."""
    if not pattern.fullmatch(value):
        what = kind if name == prop else name
        raise InvalidInputError(f"Invalid {what} {value!r}: expected {expected}.", property=prop)
    return value


def validate_endpoint_url(url: str, name: str = "endpoint_url", where: str = "") -> str:
    """An ``http(s)://host[:port]`` URL botocore can use; ``name`` is what the user set it as
    (``where`` says where, for a setting of the AWS config file)."""
    what = "endpoint URL" if name == "endpoint_url" else name
    shown = redact_url(url)
    if userinfo_of(url):
        raise InvalidInputError(
            f"Invalid {what} {shown!r}{where}: it holds a user name or password, which AWS "
            "endpoints never take and which would end up in state and messages.",
            property="endpoint_url",
        )
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 - raises ValueError for a port that is not a number
    except ValueError:
        parts = None
    if (
        parts is None
        or parts.scheme not in ("http", "https")
        or not parts.hostname
        or not _is_host(parts.hostname)
        or any(character.isspace() or not character.isprintable() for character in url)
    ):
        raise InvalidInputError(
            f"Invalid {what} {shown!r}{where}: expected http(s)://host[:port], "
            "for example 'http://127.0.0.1:4566'.",
            property="endpoint_url",
        )
    return url


def _is_host(hostname: str) -> bool:
    """A DNS name or an IP address, as botocore accepts them (it raises a bare ValueError for
    anything else, which would reach the user as a traceback)."""
    try:
        ipaddress.ip_address(hostname)
    except ValueError:
        name = hostname[:-1] if hostname.endswith(".") else hostname
        return len(name) <= 255 and _HOST_NAME.fullmatch(name) is not None
    return True


def require_aware(at: datetime, name: str = "at") -> datetime:
    """Refuse a naive datetime: a trial ends at an absolute instant, not at a wall-clock time."""
    if not isinstance(at, datetime) or at.tzinfo is None or at.utcoffset() is None:
        raise InvalidInputError(
            f"{name} must be a timezone-aware datetime, not {at!r}; "
            "use datetime.now(timezone.utc) or attach a tzinfo."
        )
    return at


def validate_min_days_left(value: object, name: str = "min_days_left") -> int:
    """A whole number of days, 0 or more: what gating and ``check`` both take."""
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise InvalidInputError(
            f"{name} must be a whole number of days, 0 or more, not {value!r}.",
            property="min_days_left",
        )
    return value


def validate_budget(value: object, name: str = "max_monthly_cost") -> float | None:
    """A budget in US dollars a month: a finite number, 0 or more (or None: no budget)."""
    if value is None:
        return None
    if (
        isinstance(value, bool)
        or not isinstance(value, (int, float))
        or not math.isfinite(value)
        or value < 0
    ):
        raise InvalidInputError(
            f"{name} must be a number of US dollars a month, 0 or more, not {value!r}.",
            property="max_monthly_cost",
        )
    return float(value)
