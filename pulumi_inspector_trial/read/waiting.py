"""How a read waits for the threads it starts, so that Ctrl-C ends it at once.

Every thread a read starts is a daemon thread: the interpreter exits without joining it, so a
request hung in botocore (or its retry back-off, or STS) cannot hold a finished or interrupted
process. The thread that waits for them waits in short slices (``WAIT_SLICE``), so a
KeyboardInterrupt reaches it within one slice wherever it waits (on Windows, a lock wait is not
interrupted by Ctrl-C at all).

A read's threads share one cancel event (``cancellation``), carried into each thread in a copy of
its starter's context: when the outermost read ends, however it ends (done, failed, timed out,
interrupted), the event is set, and its threads stop at their next check, before another batch,
retry round, botocore retry or back-off (``check_cancelled``), instead of working on for nobody.
"""

from __future__ import annotations

import contextvars
import queue
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeoutError
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, Final, Generic, TypeVar

from ..domain.errors import TimeBudgetError

T = TypeVar("T")
R = TypeVar("R")

WAIT_SLICE: Final = 0.1
"""Seconds a waiting thread waits before it looks again (for a cancel, the deadline, Ctrl-C)."""

_CANCEL: contextvars.ContextVar[threading.Event | None] = contextvars.ContextVar(
    "inspector_trial_cancel", default=None
)


class Cancelled(Exception):
    """The read this work belonged to has ended (interrupted, failed or timed out): nobody
    waits for this work any more."""


class DeadlinePassed(Exception):
    """``in_threads`` gave up waiting at its deadline."""


@contextmanager
def time_budget(doing: str, seconds: float) -> Iterator[None]:
    """The one way a read runs out of time: a wait inside the block that passes its deadline
    (``in_threads``'s ``DeadlinePassed``, ``results_before``'s ``TimeoutError``) becomes
    ``TimeBudgetError``, naming what was being done (``doing``) and the budget (``seconds``)."""
    try:
        yield
    except (DeadlinePassed, FutureTimeoutError):
        raise TimeBudgetError(doing=doing, seconds=seconds) from None


def results_before(futures: Iterable[Future[T]], deadline: float) -> list[T]:
    """Each future's result, in order, each waited for until ``deadline`` (a ``time.monotonic``)
    at the latest; a future's exception is raised here, and ``TimeoutError`` at the deadline."""
    return [future.result(timeout=max(0.0, deadline - time.monotonic())) for future in futures]


@contextmanager
def cancellation() -> Iterator[threading.Event]:
    """The cancel event of the current read: a new one for the outermost ``with`` of a context,
    set when that ``with`` ends, whatever ends it; the enclosing one's inside it and in the
    threads started inside it."""
    event = _CANCEL.get()
    if event is not None:
        yield event
        return
    event = threading.Event()
    token = _CANCEL.set(event)
    try:
        yield event
    finally:
        event.set()
        _CANCEL.reset(token)


def cancelled() -> bool:
    event = _CANCEL.get()
    return event is not None and event.is_set()


def check_cancelled(**_: Any) -> None:
    """Raise ``Cancelled`` when the current read has ended. Also a botocore event handler:
    registered on ``before-send`` and ``needs-retry``, it stops a request's next attempt and
    back-off."""
    if cancelled():
        raise Cancelled()


def start_daemon(target: Callable[[], object], name: str) -> None:
    """Run ``target`` in a daemon thread that shares this context's cancel event."""
    context = contextvars.copy_context()
    threading.Thread(target=context.run, args=(target,), name=name, daemon=True).start()


def sleep(seconds: float) -> None:
    """``time.sleep`` that a cancel ends (raising ``Cancelled``), waited in slices."""
    wait_for(threading.Event(), time.monotonic() + seconds)


def wait_for(done: threading.Event, deadline: float | None = None) -> bool:
    """Wait in slices until ``done`` is set (True) or ``deadline`` (a ``time.monotonic``) passes
    (False). Raises ``Cancelled`` when the current read is cancelled first."""
    while True:
        remaining = WAIT_SLICE if deadline is None else deadline - time.monotonic()
        if remaining <= 0:
            return done.is_set()
        if done.wait(min(WAIT_SLICE, remaining)):
            return True
        check_cancelled()


class Background(Generic[R]):
    """``work()`` started at once in a daemon thread of this read; ``result`` waits for it."""

    def __init__(self, work: Callable[[], R], name: str) -> None:
        self._work = work
        self._done = threading.Event()
        self._value: R | None = None
        self._error: BaseException | None = None
        start_daemon(self._run, name)

    def _run(self) -> None:
        try:
            self._value = self._work()
        except BaseException as error:  # the waiting caller re-raises it
            self._error = error
        finally:
            self._done.set()

    def result(self) -> R:
        """What ``work`` returned, or what it raised, raised here."""
        wait_for(self._done)
        if self._error is not None:
            raise self._error
        return self._value  # type: ignore[return-value] # set, as the work returned


@dataclass(frozen=True, slots=True)
class _Raised:
    """An exception raised by work done in another thread, to raise where it is waited for."""

    error: BaseException


def in_threads(
    work: Callable[[T], R],
    items: Iterable[T],
    *,
    workers: int,
    name: str,
    deadline: float | None = None,
) -> list[R]:
    """``work`` on every item, at most ``workers`` at once in daemon threads; the results in the
    order of ``items``. The first exception raised by ``work`` is raised here.

    ``items`` may be an iterator whose items arrive while others are worked on (the pages of a
    listing, say): a thread takes the next item when it is free, one thread at a time, so the
    iterator is advanced sequentially, and what it raises is raised here too.

    :raises DeadlinePassed: ``deadline`` (a ``time.monotonic``) passed first. Items not yet
        started are then never started, nor after an exception or a cancel.
    """
    known = len(items) if isinstance(items, Sequence) else None
    source = iter(items)
    taking = threading.Lock()
    """Held while the iterator is advanced, which may take a while (a page being fetched)."""
    counting = threading.Lock()
    """Held only to read or change ``taken`` and ``exhausted``, so the waiting thread never
    waits behind the iterator."""
    taken = 0
    exhausted = known == 0
    broken: list[BaseException] = []
    """What the iterator raised: raised where the results are waited for, before anything."""
    answers: queue.SimpleQueue[tuple[int, R] | _Raised | None] = queue.SimpleQueue()
    given_up = threading.Event()

    def take() -> tuple[int, T] | None:
        nonlocal taken, exhausted
        with taking:
            if exhausted or given_up.is_set():
                return None
            try:
                item = next(source)
            except BaseException as error:  # StopIteration, or the iterator failed
                with counting:
                    exhausted = True
                    if not isinstance(error, StopIteration):
                        broken.append(error)
                answers.put(None)  # wakes the waiting thread to see that all is taken
                return None
            with counting:
                taken += 1
                return taken - 1, item

    def work_until_done() -> None:
        while not given_up.is_set() and not cancelled():
            next_item = take()
            if next_item is None:
                return
            index, item = next_item
            try:
                answers.put((index, work(item)))
            except BaseException as error:
                answers.put(_Raised(error))

    for _ in range(workers if known is None else min(workers, known)):
        start_daemon(work_until_done, name)
    results: dict[int, R] = {}
    try:
        while True:
            with counting:
                if broken:
                    raise broken[0]
                if exhausted and len(results) == taken:
                    break
            remaining = WAIT_SLICE if deadline is None else deadline - time.monotonic()
            try:
                answer = answers.get(timeout=max(0.0, min(WAIT_SLICE, remaining)))
            except queue.Empty:
                if deadline is not None and time.monotonic() >= deadline:
                    raise DeadlinePassed() from None
                check_cancelled()
                continue
            if answer is None:
                continue
            if isinstance(answer, _Raised):
                raise answer.error
            results[answer[0]] = answer[1]
    finally:
        given_up.set()
    return [results[index] for index in range(len(results))]
