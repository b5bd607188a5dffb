"""Keep credentials out of botocore's debug logs.

This package never turns debug logging on, but a program or CI script that does
(``logging.basicConfig(level=logging.DEBUG)``) would otherwise get, from botocore: the access key
id and signature (the ``Authorization`` header), the session token (``X-Amz-Security-Token`` and
the canonical request), and an assumed role's whole temporary credentials (the AssumeRole
response body). A filter on the loggers that write them masks those values; everything else in
the record is left as botocore wrote it.
"""

from __future__ import annotations

import logging
import re
import threading
from typing import Final

LEAKING_LOGGERS: Final = ("botocore.endpoint", "botocore.auth", "botocore.parsers")
"""The botocore loggers found writing credential material at DEBUG (botocore 1.44)."""

REDACTED: Final = "<redacted>"

_PATTERNS: Final = (
    re.compile(r"(Credential=)[^/\s'\",]+"),
    re.compile(r"(Signature=|Signature:\s*)[0-9a-fA-F]+"),
    re.compile(r"((?i:x-amz-security-token)['\"]?\s*[:=]\s*b?['\"]?)[^'\"\s,}&]+"),
    re.compile(r"(<(?:AccessKeyId|SecretAccessKey|SessionToken)>)[^<]*"),
    re.compile(
        r"(['\"](?:AccessKeyId|SecretAccessKey|SessionToken|Token|accessKeyId|secretAccessKey"
        r"|sessionToken)['\"]\s*:\s*['\"])[^'\"]*"
    ),
)

_installed = False
_install_lock = threading.Lock()


def redact(text: str) -> str:
    """``text`` with every credential value botocore is known to log replaced."""
    for pattern in _PATTERNS:
        text = pattern.sub(lambda match: match.group(1) + REDACTED, text)
    return text


class CredentialRedactingFilter(logging.Filter):
    """Rewrites a record's message with credentials masked; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno <= logging.DEBUG:
            message = record.getMessage()
            cleaned = redact(message)
            if cleaned != message:
                record.msg, record.args = cleaned, None
        return True


def install_credential_redaction() -> None:
    """Add the filter to botocore's leaking loggers, once per process."""
    global _installed
    with _install_lock:
        if _installed:
            return
        for name in LEAKING_LOGGERS:
            logging.getLogger(name).addFilter(CredentialRedactingFilter())
        _installed = True
