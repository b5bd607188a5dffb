"""Ctrl-C: whatever the command waits on, it exits 130 at once with one line and no traceback.

Each test runs the real console script against an emulator that is slow or failing, waits in the
emulator's request log for the first request to arrive, sends SIGINT, and then gives the process
far less time to exit (``EXIT_WITHIN``) than the time budget it was given (``BUDGET``) or the
emulator's latency: a command that waited for its work to finish would fail the test.
"""

from __future__ import annotations

import pytest

from pulumi_inspector_trial.waiting import (
    Background,
    cancellation,
    cancelled,
    in_threads,
)

BUDGET = "60"
"""The time budget each command is given: what it would wait for if Ctrl-C did not stop it."""
SLOW = 30.0
"""Seconds the slow emulator takes to answer a request."""
EXIT_WITHIN = 10
"""Seconds the process has to exit after SIGINT: far less than ``BUDGET`` and ``SLOW``."""

pytestmark = pytest.mark.timeout(120)


# --- what the threads of a read do once it has ended -----------------------------------------


def test_threads_of_a_read_share_its_cancel_and_a_new_read_has_its_own():
    seen: list[bool] = []
    with cancellation() as cancel:
        cancel.set()
        Background(lambda: seen.append(cancelled()), name="test").result()
    with cancellation():
        Background(lambda: seen.append(cancelled()), name="test").result()

    assert seen == [True, False]


def test_in_threads_answers_in_the_order_given_and_raises_the_first_error():
    assert in_threads(lambda n: n * n, [3, 1, 2], workers=2, name="test") == [9, 1, 4]

    def fail_on_two(n: int) -> int:
        if n == 2:
            raise ValueError(n)
        return n

    with pytest.raises(ValueError, match="2"):
        in_threads(fail_on_two, [1, 2, 3], workers=1, name="test")
