"""The unit tier's guard: a unit test that opens a socket or starts a process fails, saying which
test and which address."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys

import pytest

from .conftest import NotAUnitTest, SocketGuard


def test_a_connect_fails_naming_the_test_and_the_address(
    request: pytest.FixtureRequest, no_sockets: SocketGuard
) -> None:
    with socket.socket() as sock, pytest.raises(NotAUnitTest) as caught:
        sock.connect(("127.0.0.1", 9))
    assert request.node.nodeid in str(caught.value)
    assert "socket.connect to ('127.0.0.1', 9)" in str(caught.value)
    assert no_sockets.opened == ["socket.connect to ('127.0.0.1', 9)"]
    no_sockets.forget()


def test_a_bind_fails_naming_the_address(no_sockets: SocketGuard) -> None:
    with socket.socket() as sock, pytest.raises(NotAUnitTest) as caught:
        sock.bind(("127.0.0.1", 0))
    assert "socket.bind to ('127.0.0.1', 0)" in str(caught.value)
    no_sockets.forget()


def test_starting_a_process_fails_naming_the_command(no_sockets: SocketGuard) -> None:
    with pytest.raises(NotAUnitTest, match=r"subprocess\.Popen of \["):
        subprocess.run([sys.executable, "-c", "pass"], check=False)
    no_sockets.forget()


def test_an_error_the_code_swallowed_is_kept_for_teardown(no_sockets: SocketGuard) -> None:
    with contextlib.suppress(Exception):  # what careless code under test would do
        socket.create_connection(("127.0.0.1", 9), timeout=1)
    assert no_sockets.opened, "the guard did not see the connect"
    no_sockets.forget()
