"""A threaded HTTP server around the backends, for tests (``start``/``stop``) and the CLI.

HTTP/1.1 keep-alive with a ``Content-Length`` on every response, so botocore's connection pool
reuses connections the way it does against AWS; one thread per connection.
"""

from __future__ import annotations

import contextlib
import socket
import threading
from collections.abc import Callable
from datetime import datetime, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from types import TracebackType
from typing import Any, Generic, TypeVar, overload

from .core import EmulatorError, WireRequest, WireResponse, dispatch, rest_json_error
from .core.wire import internal_error_response
from .datafile import load_regional_backends
from .exceptions import ValidationException
from .models import InspectorBackend, RegionalBackends
from .sample import sample_organisation
from .urls import url_paths

BackendT = TypeVar("BackendT", InspectorBackend, RegionalBackends)

_IDLE_CONNECTION_SECONDS = 60
_SHUTDOWN_POLL_SECONDS = 0.05
"""How often the serving loop checks for ``stop()``: tests start and stop many servers."""


class _Listener(ThreadingHTTPServer):
    daemon_threads = True
    # The default backlog of 5 refuses connections when a client opens dozens at once.
    request_queue_size = 256

    def __init__(self, address: tuple[str, int], backends: RegionalBackends) -> None:
        if ":" in address[0]:
            self.address_family = socket.AF_INET6
        self.backends = backends
        self.open_connections: set[socket.socket] = set()
        self.connections_lock = threading.Lock()
        super().__init__(address, _RequestHandler)


class _RequestHandler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "InspectorTrialEmulator"
    timeout = _IDLE_CONNECTION_SECONDS
    # The status line and headers go out in one send() and the body in another; with Nagle's
    # algorithm the body waits for the client to ACK the headers, and a client delays that ACK
    # (40 ms on Linux) unless its connection sat idle: every kept-alive request paid ~40 ms.
    disable_nagle_algorithm = True
    server: _Listener

    def setup(self) -> None:
        super().setup()
        with self.server.connections_lock:
            self.server.open_connections.add(self.connection)

    def finish(self) -> None:
        try:
            super().finish()
        finally:
            with self.server.connections_lock:
                self.server.open_connections.discard(self.connection)

    def log_message(self, format: str, *args: Any) -> None:
        """Silent: the library prints nothing; tests read ``backend.requests`` instead."""

    def _serve(self) -> None:
        length = _content_length(self.headers.get("Content-Length"))
        if length is None:
            # The body's end is unknown, so the connection cannot carry another request.
            self.close_connection = True
            self._write(
                rest_json_error(
                    ValidationException(
                        "The Content-Length header must be a non-negative integer, got "
                        f"{self.headers.get('Content-Length')!r}.",
                        reason="CANNOT_PARSE",
                    )
                )
            )
            return
        body = self.rfile.read(length) if length > 0 else b""
        request = WireRequest(
            method=self.command,
            path=self.path,
            headers={name: value for name, value in self.headers.items()},
            body=body,
        )
        try:
            response = dispatch(self.server.backends, url_paths, request)
        except Exception:  # last resort: dispatch itself failed (recording, say)
            response = internal_error_response()
        self._write(response)

    def _write(self, response: WireResponse) -> None:
        self.send_response(response.status)
        for name, value in response.headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(response.body)))
        try:
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(response.body)
        except (BrokenPipeError, ConnectionResetError):
            # The client gave up first (a read timeout, say): nobody is left to answer.
            self.close_connection = True

    do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve


def _content_length(header: str | None) -> int | None:
    """The body's length, 0 without the header, or None when the header is not a length."""
    if header is None or not header.strip():
        return 0
    try:
        length = int(header)
    except ValueError:
        return None
    return length if length >= 0 else None


class EmulatorServer(Generic[BackendT]):
    """The emulator on a local port. Binds on construction (so ``port`` is known), serves on
    ``start()`` from a daemon thread, and stops with ``stop()`` or at the end of a ``with`` block.

    ``backend`` is a lone ``InspectorBackend``, which answers in every region (the sample
    organisation when None), or ``RegionalBackends``, which answers each request with the
    backend of the region it was signed for. ``port=0`` picks a free port.
    """

    @overload
    def __init__(
        self: EmulatorServer[InspectorBackend],
        backend: None = None,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None: ...

    @overload
    def __init__(self, backend: BackendT, host: str = "127.0.0.1", port: int = 0) -> None: ...

    def __init__(self, backend: Any = None, host: str = "127.0.0.1", port: int = 0) -> None:
        if backend is None:
            backend = InspectorBackend(sample_organisation(datetime.now(timezone.utc)))
        self.backend: BackendT = backend
        """The backend given: its ``requests`` list what was asked in every region."""
        self.backends = (
            backend
            if isinstance(backend, RegionalBackends)
            else RegionalBackends.everywhere(backend)
        )
        """The backends the server answers with, one per region."""
        self.host = host
        self._listener = _Listener((host, port), self.backends)
        self._thread: threading.Thread | None = None
        self._stopped = False

    @property
    def port(self) -> int:
        return int(self._listener.server_address[1])

    @property
    def endpoint_url(self) -> str:
        """``http://host:port``: give it to boto3 as ``endpoint_url``."""
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    def start(self) -> EmulatorServer[BackendT]:
        """Serve from a background thread; returns self."""
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._listener.serve_forever,
                kwargs={"poll_interval": _SHUTDOWN_POLL_SECONDS},
                name=f"inspector-trial-emulator:{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def serve_forever(self) -> None:
        """Serve from the calling thread until ``stop()`` or KeyboardInterrupt."""
        self._listener.serve_forever(poll_interval=_SHUTDOWN_POLL_SECONDS)

    def stop(self) -> None:
        """Stop serving, close every open connection, and release the port. Idempotent."""
        if self._stopped:
            return
        self._stopped = True
        if self._thread is not None:
            self._listener.shutdown()
            self._thread.join()
        # Keep-alive connections would otherwise go on answering on their own threads.
        with self._listener.connections_lock:
            for connection in list(self._listener.open_connections):
                with contextlib.suppress(OSError):  # the client may have closed it already
                    connection.shutdown(socket.SHUT_RDWR)
        self._listener.server_close()

    def __enter__(self) -> EmulatorServer[BackendT]:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.stop()


def run_emulator(
    host: str = "127.0.0.1",
    port: int = 0,
    data_file: str | Path | None = None,
    on_ready: Callable[[str], object] = print,
) -> None:
    """Serve the emulator until KeyboardInterrupt: what ``inspector-trial emulator`` runs.

    The organisations and faults come from ``data_file`` (see ``load_regional_backends``), else
    the sample organisation relative to now, in every region. Each region keeps its own state.
    ``on_ready`` receives the endpoint URL once it is listening. Raises ``EmulatorError`` for a
    bad data file (a ``DataFileError``) or an address it cannot listen on.
    """
    if data_file is not None:
        backends = load_regional_backends(data_file)
    else:
        backends = RegionalBackends(default=sample_organisation(datetime.now(timezone.utc)))
    try:
        server = EmulatorServer(backends, host=host, port=port)
    except OSError as exc:
        # A host is no URL, but one typed with user info must not be shown with it.
        raise EmulatorError(
            f"Cannot listen on {_shown_host(host)}:{port}: {exc.strerror or exc}. "
            "Choose another --host or --port."
        ) from exc
    try:
        on_ready(server.endpoint_url)
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def _shown_host(host: str) -> str:
    """``host`` safe to print: user info, should one have been typed, is replaced by ``...``."""
    return f"...@{host.rpartition('@')[2]}" if "@" in host else host
