"""``pulumi-resource-inspectortrial``: the plugin process the engine starts.

The SDK's ``pulumi.provider.experimental`` server on ``grpc.aio``, as its ``server.main`` runs it
(port on stdout, then serve), with two changes:

- ``Invoke``: a read that fails reaches the engine as the package's one sentence, where the SDK's
  servicer would send the Python traceback with it, and an input unknown at preview is answered
  unknown before the SDK's unmarshalling (which refuses an output value without its value) sees it;
- ``DiffConfig``: the SDK's servicer puts the provider's ``changes`` (a bool) into the protocol's
  enum as it is, so ``True`` reads as ``DIFF_NONE``; here it is mapped as its ``Diff`` maps it.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import Sequence
from typing import Any

import grpc
import grpc.aio
from pulumi.provider.experimental import provider as experimental
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.provider.experimental.server import ProviderServicer
from pulumi.runtime import proto
from pulumi.runtime._grpc_settings import _GRPC_CHANNEL_OPTIONS
from pulumi.runtime.proto import provider_pb2_grpc

from .. import __version__
from ..domain.errors import InspectorTrialError, TrialDataError
from .provider import InspectorTrialProvider
from .values import has_unknowns


class InspectorTrialServicer(ProviderServicer):
    """The SDK's servicer, whose ``Invoke`` answers failures in plain sentences."""

    _provider: InspectorTrialProvider

    async def Invoke(self, request: Any, context: Any) -> Any:
        try:
            if has_unknowns(request.args):
                response = self._provider.unknown_result(request.tok)
            else:
                response = await self._provider.invoke(
                    experimental.InvokeRequest(
                        request.tok, PropertyValue.unmarshal_map(request.args)
                    )
                )
        except InspectorTrialError as error:
            message = str(error)
        except Exception as error:  # a bug: its sentence, never its traceback
            unexpected = f"The provider failed unexpectedly ({type(error).__name__}: {error})."
            message = str(TrialDataError(unexpected))  # redacted as it is made
        else:
            fields: dict[str, Any] = {}
            if response.return_value:
                fields["return"] = PropertyValue.marshal_map(response.return_value)
            if response.failures:
                fields["failures"] = [
                    proto.CheckFailure(property=f.property, reason=f.reason)
                    for f in response.failures
                ]
            return proto.InvokeResponse(**fields)
        await context.abort(grpc.StatusCode.UNKNOWN, message)

    async def DiffConfig(self, request: Any, context: Any) -> Any:
        response = await self._provider.diff_config(
            experimental.DiffRequest(
                request.urn,
                request.id,
                PropertyValue.unmarshal_map(request.olds),
                PropertyValue.unmarshal_map(request.news),
                list(request.ignoreChanges),
            )
        )
        changes = {
            None: proto.DiffResponse.DIFF_UNKNOWN,
            False: proto.DiffResponse.DIFF_NONE,
            True: proto.DiffResponse.DIFF_SOME,
        }[response.changes]
        return proto.DiffResponse(changes=changes, diffs=response.diffs)


def main(argv: Sequence[str] | None = None) -> None:
    """Serve the provider on 127.0.0.1, print the port, and serve until the engine stops it.

    The engine runs ``pulumi-resource-inspectortrial <engine address>``; the address is for
    providers that call back into the engine, which this one never does.
    """
    parser = argparse.ArgumentParser(
        prog="pulumi-resource-inspectortrial",
        description="The inspectortrial Pulumi resource provider plugin (started by the engine).",
    )
    parser.add_argument("engine", help="the Pulumi engine's address")
    parser.add_argument("--logflow", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--logtostderr", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("-v", type=int, help=argparse.SUPPRESS)
    args, _ = parser.parse_known_args(argv)

    async def serve() -> None:
        server = grpc.aio.server(options=_GRPC_CHANNEL_OPTIONS)
        servicer = InspectorTrialServicer(
            list(argv or []), __version__, InspectorTrialProvider(), engine_address=args.engine
        )
        provider_pb2_grpc.add_ResourceProviderServicer_to_server(servicer, server)
        port = server.add_insecure_port("127.0.0.1:0")
        await server.start()
        sys.stdout.write(f"{port}\n")
        sys.stdout.flush()
        await server.wait_for_termination()

    with contextlib.suppress(KeyboardInterrupt):  # the engine's Ctrl-C: nothing to report
        asyncio.run(serve())


def run() -> None:
    """The console script's entry point."""
    main(sys.argv[1:])
