"""The one redaction: every message and log line this package writes goes through ``redact``.

What it takes out:

- credentials botocore writes in its DEBUG logs: the access key id and signature (the
  ``Authorization`` header), the session token (``X-Amz-Security-Token``, the canonical request)
  and an assumed role's temporary credentials (the AssumeRole response body);
- the user info (``user:password@``) of any URL, with or without a scheme, malformed ones too;
- every password of an endpoint in the environment (any ``AWS_ENDPOINT_URL*`` variable, for any
  service) or in the AWS config file (its profiles and ``[services]`` sections), used or not:
  ``remember_endpoints`` learns them where the settings are read. The patterns above cannot find
  a password that has lost its URL around it; this can. (A flag or an argument is refused before
  anything could print it, and shown through ``redact_url``.)

Account ids given as secrets are shortened by ``mask_account_ids``: only the caller knows which
reads were secret, so it is not part of ``redact``.
"""

from __future__ import annotations

import json
import logging
import re
import threading
from collections.abc import Iterable, Mapping
from typing import Any, Final
from urllib.parse import quote, unquote

REDACTED: Final = "<redacted>"
"""What stands for a credential or a remembered password."""
HIDDEN_USERINFO: Final = "..."
"""What stands for a URL's user info: ``http://...@host``."""
MIN_REMEMBERED_LENGTH: Final = 4
"""Shorter passwords are not searched for in free text (a password ``a`` would blank every
``a``); the URL patterns still hide them wherever they stand in a URL."""

_CREDENTIALS: Final = (
    re.compile(r"(Credential=)[^/\s'\",]+"),
    re.compile(r"(Signature=|Signature:\s*)[0-9a-fA-F]+"),
    re.compile(r"((?i:x-amz-security-token)['\"]?\s*[:=]\s*b?['\"]?)[^'\"\s,}&]+"),
    re.compile(r"(<(?:AccessKeyId|SecretAccessKey|SessionToken)>)[^<]*"),
    re.compile(
        r"(['\"](?:AccessKeyId|SecretAccessKey|SessionToken|Token|accessKeyId|secretAccessKey"
        r"|sessionToken)['\"]\s*:\s*['\"])[^'\"]*"
    ),
)
# scheme://anything@ up to the last @ before white space: user info however odd (a quote in a
# password included, at the price of hiding a little more of some quoted, unspaced text).
_URL_USERINFO: Final = re.compile(
    r"(?i)(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:/{1,2})(?![/@])[^\s<>]+@"
)
# user:password@host without a scheme: not across a slash (an ARN's role/x@y stays), not from
# inside a word or after a colon, and never an ARN's "arn:" (its colons are no password's).
_BARE_USERINFO: Final = re.compile(
    r"(?<![\w.+:-])(?!arn:)[^\s/'\"<>@:=()\[\]{},;]+:(?!//)[^\s/<>]*@"
)
# A scheme at the start of an endpoint value, "http://" or the malformed "http:/".
_SCHEME: Final = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:/{1,2}")
_ACCOUNT_ID: Final = re.compile(r"(?<![0-9])[0-9]{12}(?![0-9])")
ENDPOINT_VARIABLE_PREFIX: Final = "AWS_ENDPOINT_URL"

_remembered: set[str] = set()
_remembered_lock = threading.Lock()


def split_userinfo(url: str) -> tuple[str, str, str]:
    """``(scheme, user info, rest)`` of an endpoint value, read as text so that a URL too
    malformed to parse is split too. The user info is everything before the last ``@`` after
    the scheme: a password may hold ``/``, ``@`` or ``#`` that a parser would stop at."""
    scheme_match = _SCHEME.match(url)
    scheme = scheme_match.group(0) if scheme_match else ""
    if not scheme and "://" in url:  # "://user@host": no scheme name, still user info
        scheme = url[: url.index("://") + 3]
    userinfo, at, rest = url[len(scheme) :].rpartition("@")
    return (scheme, userinfo, rest) if at else (scheme, "", url[len(scheme) :])


def userinfo_of(url: str) -> str:
    """The user info of an endpoint value (``user:password``), or ``""``."""
    return split_userinfo(url)[1]


def redact_url(url: str) -> str:
    """``url`` with its user info replaced by ``...``: safe to print."""
    scheme, userinfo, rest = split_userinfo(url)
    return f"{scheme}{HIDDEN_USERINFO}@{rest}" if userinfo else url


def remember_endpoint(url: str) -> None:
    """Remember the password (else the whole user info: a token) of an endpoint value, so that
    ``redact`` takes it out of any later text, in any of the ways it may be written there."""
    userinfo = userinfo_of(url)
    if not userinfo:
        return
    _user, colon, password = userinfo.partition(":")
    secret = password if colon else userinfo
    if len(secret) < MIN_REMEMBERED_LENGTH:
        return
    forms = {
        secret,
        unquote(secret),
        quote(secret, safe=""),
        repr(secret)[1:-1],
        json.dumps(secret)[1:-1],
    }
    with _remembered_lock:
        _remembered.update(f for f in forms if len(f) >= MIN_REMEMBERED_LENGTH)


def remember_endpoints(environ: Mapping[str, str], config: Mapping[str, Any] | None = None) -> None:
    """Remember the passwords of every endpoint the environment (``AWS_ENDPOINT_URL`` and every
    ``AWS_ENDPOINT_URL_<SERVICE>``) and the AWS config file (botocore's ``full_config``: each
    profile's ``endpoint_url``, each ``[services]`` section's) hold, used by this read or not."""
    for name, value in environ.items():
        if name.startswith(ENDPOINT_VARIABLE_PREFIX) and value:
            remember_endpoint(value)
    for value in _endpoint_values(config or {}):
        remember_endpoint(value)


def _endpoint_values(config: Mapping[str, Any]) -> Iterable[str]:
    for key, value in config.items():
        if isinstance(value, Mapping):
            yield from _endpoint_values(value)
        elif key == "endpoint_url" and isinstance(value, str):
            yield value


def redact(text: str) -> str:
    """``text`` without credentials, URL user info or any remembered password: the one function
    every message, error and log line goes through before anyone sees it."""
    for pattern in _CREDENTIALS:
        text = pattern.sub(lambda match: match.group(1) + REDACTED, text)
    if "@" in text:
        text = _URL_USERINFO.sub(lambda match: f"{match.group(1)}{HIDDEN_USERINFO}@", text)
        text = _BARE_USERINFO.sub(f"{HIDDEN_USERINFO}@", text)
    with _remembered_lock:
        remembered = sorted(_remembered, key=len, reverse=True)
    for secret in remembered:
        if secret in text:
            text = text.replace(secret, REDACTED)
    return text


def mask_account_id(value: object) -> str:
    """``********3333``: a secret account id (or whatever was given as one) by its last four
    characters, enough to tell accounts apart and no more."""
    text = str(value)
    return "********" + (text[-4:] if len(text) > 4 else "")


def mask_account_ids(text: str) -> str:
    """``text`` with every 12-digit number (an account id, alone or inside an ARN) masked."""
    return _ACCOUNT_ID.sub(lambda match: mask_account_id(match.group(0)), text)


class RedactingFormatter(logging.Formatter):
    """A formatter whose whole output (message, traceback, stack) goes through ``redact``."""

    def format(self, record: logging.LogRecord) -> str:
        return redact(super().format(record))
