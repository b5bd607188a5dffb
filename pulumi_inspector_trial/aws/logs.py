"""botocore's logs, redacted: its DEBUG records carry signatures, tokens and endpoint URLs."""

from __future__ import annotations

import logging
import threading
from typing import Final

from ..domain.redaction import redact


class RedactingFilter(logging.Filter):
    """Rewrites a record's message through ``redact``; never drops a record."""

    def filter(self, record: logging.LogRecord) -> bool:
        try:
            message = record.getMessage()
        except (TypeError, ValueError):  # a malformed record: logging reports it itself
            return True
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, None
        return True


LEAKING_LOGGERS: Final = (
    "botocore.endpoint",
    "botocore.auth",
    "botocore.parsers",
    "botocore.regions",
)
"""The botocore loggers found writing credential material or endpoint URLs (botocore 1.44)."""

_installed = False
_install_lock = threading.Lock()


def install_log_redaction() -> None:
    """Add ``RedactingFilter`` to botocore's leaking loggers, once per process: a program that
    turns DEBUG logging on itself gets botocore's records redacted too."""
    global _installed
    with _install_lock:
        if _installed:
            return
        for name in LEAKING_LOGGERS:
            logging.getLogger(name).addFilter(RedactingFilter())
        _installed = True
