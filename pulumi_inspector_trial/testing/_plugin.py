"""The shared base of the plugin harnesses: a plugin process the engine starts, and the SDK's own
serialization of the properties sent to it."""

from __future__ import annotations

import asyncio
import os
import subprocess
import threading
from collections.abc import Mapping
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

import grpc
from google.protobuf import struct_pb2
from pulumi.runtime import rpc

AWS_PROVIDER_TYPE = "pulumi:providers:aws"


def to_struct(props: Mapping[str, Any]) -> struct_pb2.Struct:
    """Serialize properties exactly as the SDK does before sending them to a provider."""
    return _in_fresh_loop(lambda: rpc.serialize_properties(dict(props), {}))


def from_struct(struct: struct_pb2.Struct) -> dict[str, Any]:
    return dict(rpc.deserialize_properties(struct))


def unwrap_secrets(value: Any) -> Any:
    """Strip the SDK's secret wrappers, as the engine does for dynamic providers."""
    value = rpc.unwrap_rpc_secret(value)
    if isinstance(value, dict):
        return {k: unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [unwrap_secrets(v) for v in value]
    return value


def _in_fresh_loop(make_coroutine: Any) -> Any:
    # The SDK's serializer is async; callers may already be inside the program's event loop.
    with ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(make_coroutine())).result()


PluginT = TypeVar("PluginT", bound="PluginProcess")


class PluginProcess:
    """A plugin the engine starts as a child process: it prints its port, then serves gRPC.
    ``ProviderPlugin`` and ``PolicyPackPlugin`` are the two this package tests through."""

    def __init__(self, env: Mapping[str, str] | None = None) -> None:
        self.env = dict(os.environ if env is None else env)
        self.process: subprocess.Popen[bytes] | None = None
        self.port: int | None = None
        self._channel: grpc.Channel | None = None
        self._drain: threading.Thread | None = None
        self.stub: Any = None

    def command(self) -> list[str]:
        """What the engine runs."""
        raise NotImplementedError

    def make_stub(self, channel: grpc.Channel) -> Any:
        """The gRPC stub the engine holds to the plugin."""
        raise NotImplementedError

    def start(self: PluginT, timeout: float = 60.0) -> PluginT:
        """Start the plugin and connect to it; on any failure the process is stopped first."""
        self.process = subprocess.Popen(self.command(), stdout=subprocess.PIPE, env=self.env)
        try:
            assert self.process.stdout is not None
            line = _readline_within(self.process.stdout, timeout)
            if not line.strip().isdigit():
                raise RuntimeError(f"the plugin did not print its port, but {line!r}")
            self.port = int(line)
            # Nobody reads the plugin's stdout after the port line: drained, so a plugin that
            # prints more than a pipe holds (64 KiB on Linux) does not block on its next print.
            self._drain = threading.Thread(
                target=_discard_until_eof,
                args=(self.process.stdout,),
                name=f"plugin-stdout:{self.port}",
                daemon=True,
            )
            self._drain.start()
            self._channel = grpc.insecure_channel(f"127.0.0.1:{self.port}")
            grpc.channel_ready_future(self._channel).result(timeout=timeout)
            self.stub = self.make_stub(self._channel)
        except BaseException:
            # ``__exit__`` never runs when ``__enter__`` raises: nothing may be left running.
            self.stop()
            raise
        return self

    def stop(self) -> None:
        if self._channel is not None:
            self._channel.close()
            self._channel = None
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if self._drain is not None:
            # The process is gone, so its end of the pipe is closed and the reader meets EOF.
            self._drain.join(timeout=10)
            self._drain = None
        if self.process is not None and self.process.stdout is not None:
            self.process.stdout.close()

    def __enter__(self: PluginT) -> PluginT:
        return self.start()

    def __exit__(self, *exc_info: object) -> None:
        self.stop()


def _discard_until_eof(stream: Any) -> None:
    try:
        while stream.read1(65536):
            pass
    except (OSError, ValueError):  # closed under us by ``stop()`` after a timed-out join
        pass


def _readline_within(stream: Any, timeout: float) -> str:
    line: list[bytes] = []
    reader = threading.Thread(target=lambda: line.append(stream.readline()), daemon=True)
    reader.start()
    reader.join(timeout)
    return line[0].decode() if line else ""
