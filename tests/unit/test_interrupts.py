"""Ctrl-C, in process: what the threads of a read do once it has ended (the real
``inspector-trial`` process being interrupted is in tests/process/test_interrupts.py)."""

from __future__ import annotations

import pytest

from pulumi_inspector_trial.read.waiting import Background, cancellation, cancelled, in_threads

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
