"""The unit tier's own rule: a unit test opens no socket and starts no process.

An audit hook (``sys.addaudithook``) sees every ``socket.connect``, ``socket.bind`` and
``subprocess.Popen`` of this process, from any thread; while a unit test runs, each one raises
``NotAUnitTest`` where it happens and fails the test at teardown too, in case the code under test
caught the error. The message names the test and the address or command: move that test to
``tests/emulator``, ``tests/plugin`` or ``tests/process``.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

import pytest

_GUARDED = frozenset({"socket.connect", "socket.bind", "subprocess.Popen"})


class NotAUnitTest(RuntimeError):
    """A unit test reached for the network or started a process."""


class SocketGuard:
    """What the running unit test opened; installed once per process, idle between unit tests."""

    def __init__(self) -> None:
        self.test: str | None = None
        self.opened: list[str] = []

    def audit(self, event: str, args: tuple[Any, ...]) -> None:
        if self.test is None or event not in _GUARDED:
            return
        preposition = "to" if event.startswith("socket.") else "of"
        what = f"{event} {preposition} {args[1]!r}"
        self.opened.append(what)
        raise NotAUnitTest(
            f"{self.test} is a unit test and called {what}; "
            "a test that needs a socket or a process belongs in tests/emulator, tests/plugin or "
            "tests/process."
        )

    def forget(self) -> None:
        """Let the running test end cleanly after it opened something on purpose."""
        self.opened.clear()


_GUARD = SocketGuard()
sys.addaudithook(_GUARD.audit)  # audit hooks cannot be removed: one for the whole process


@pytest.fixture(autouse=True)
def no_sockets(request: pytest.FixtureRequest) -> Iterator[SocketGuard]:
    _GUARD.test, _GUARD.opened = request.node.nodeid, []
    try:
        yield _GUARD
    finally:
        _GUARD.test = None
    if _GUARD.opened:
        pytest.fail(
            f"{request.node.nodeid} is a unit test and called {'; '.join(_GUARD.opened)}; "
            "move it to tests/emulator, tests/plugin or tests/process.",
            pytrace=False,
        )
