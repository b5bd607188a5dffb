"""What every message a user sees must be: one line, one or two plain sentences, no traceback.

Shared by the fault, bad-input and leak tests. Not a test module itself.
"""

from __future__ import annotations

import re
import socket

_PARENTHESES = re.compile(r"\([^()]*\)")
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)")
_SDK_EXCEPTION_PREFIX = re.compile(r"^[\w.]+(Error|Exception): ")


def sentences(message: str) -> int:
    """How many sentences ``message`` has, not counting what the service said in parentheses."""
    text = message
    while _PARENTHESES.search(text):
        text = _PARENTHESES.sub("", text)
    return len(_SENTENCE_END.findall(text))


def assert_plain(message: str, *, names: tuple[str, ...] = (), advice: str | None = None) -> None:
    """One line of one or two sentences naming ``names``, saying what to do (``advice``)."""
    assert message, "no message at all"
    assert "Traceback" not in message, message
    assert "\n" not in message.strip(), message
    assert 1 <= sentences(message) <= 2, message
    for name in names:
        assert name in message, f"{name!r} is not named in: {message}"
    if advice is not None:
        assert re.search(advice, message), f"no advice ({advice!r}) in: {message}"


def last_line_of_grpc_details(details: str) -> str:
    """The provider's own message: the SDK sends a traceback whose last line is ``Type: message``.

    ``pulumi.dynamic.__main__._abort_with_traceback`` puts ``traceback.format_exc()`` into the
    gRPC details of every failed call; only its last line is ours.
    """
    last = details.strip().splitlines()[-1]
    return _SDK_EXCEPTION_PREFIX.sub("", last, count=1)


def closed_port_url() -> str:
    """An endpoint on 127.0.0.1 where nothing listens: connections are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return f"http://127.0.0.1:{probe.getsockname()[1]}"
