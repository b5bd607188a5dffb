"""What the command line writes to stderr besides its messages: ``--debug``'s wire log and the
progress line of a long read. Both go to stderr only, never into the output document."""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from collections.abc import Iterator
from typing import IO, Final

from ..domain.redaction import RedactingFormatter

DEBUG_LOGGERS: Final = ("botocore", "urllib3", "pulumi_inspector_trial")
"""botocore's wire log (requests, responses, retries), the connections under it, and ours."""
DEBUG_FORMAT: Final = "%(asctime)s %(name)s [%(levelname)s] %(message)s"
"""The format of ``boto3.set_stream_logger``, which AWS users know."""


@contextlib.contextmanager
def debug_log(stream: IO[str], enabled: bool) -> Iterator[None]:
    """While the block runs, botocore's DEBUG log goes to ``stream`` (when ``enabled``), every
    line through ``redaction.redact``: no credential, URL user info or endpoint password."""
    if not enabled:
        yield
        return
    handler = logging.StreamHandler(stream)
    handler.setFormatter(RedactingFormatter(DEBUG_FORMAT))
    loggers = [logging.getLogger(name) for name in DEBUG_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.DEBUG)
        logger.addHandler(handler)
    try:
        yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.removeHandler(handler)
            logger.setLevel(level)


def is_terminal(stream: IO[str]) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # no such method, or closed
        return False


class ProgressLine:
    """``read 3,400 of 10,000 accounts``, rewritten in place on a terminal, erased at the end.

    It appears only for a read of more than ``threshold`` accounts (one request's worth: a
    shorter read is over before anyone could read the line), at most every ``interval``
    seconds. Thread-safe: every region's resolver reports to the one line.
    """

    def __init__(self, stream: IO[str], *, threshold: int = 100, interval: float = 0.1) -> None:
        self.stream = stream
        self.threshold = threshold
        self.interval = interval
        self._lock = threading.Lock()
        self._answered = 0
        self._asked = 0
        self._shown = False
        self._last = 0.0

    def advance(self, answered: int, asked: int) -> None:
        """``answered`` more accounts are read, of ``asked`` more asked for."""
        with self._lock:
            self._answered += answered
            self._asked += asked
            now = time.monotonic()
            finished = self._answered >= self._asked
            if self._asked <= self.threshold:
                return
            if self._shown and not finished and now - self._last < self.interval:
                return
            self.stream.write(f"\rread {self._answered:,} of {self._asked:,} accounts")
            self.stream.flush()
            self._shown, self._last = True, now

    def clear(self) -> None:
        """Erase the line, so that what follows starts at the start of a clean line."""
        with self._lock:
            if self._shown:
                self.stream.write("\r\x1b[K")
                self.stream.flush()
                self._shown = False
