"""The native provider harness: ``pulumi-resource-inspectortrial`` started as the engine starts
it, and driven over gRPC with the requests the engine sends for a TypeScript, Go, C#, Java or
YAML program (``GetPluginInfo``, ``GetSchema``, ``CheckConfig``, ``Configure``, ``Invoke``)."""

from __future__ import annotations

import json
import os
import shutil
import sys
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import grpc
from google.protobuf import empty_pb2
from pulumi.provider.experimental.property_value import PropertyValue
from pulumi.runtime import rpc
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc

from ..plugin.names import PACKAGE
from ..plugin.values import plain
from ._plugin import PluginProcess

PLUGIN_EXECUTABLE = "pulumi-resource-inspectortrial"
ENGINE_ADDRESS = "127.0.0.1:1"
"""What the harness passes where the engine passes its own address: the plugin never calls back
into the engine (that is for component providers), so nothing needs to listen there."""
PROVIDER_URN = f"urn:pulumi:stack::project::pulumi:providers:{PACKAGE}::default"
UNKNOWN = rpc.UNKNOWN
"""A value unknown at preview, as the engine encodes it (``pulumi.runtime.rpc.UNKNOWN``)."""


@dataclass(frozen=True)
class Secret:
    """A value the program gave as a secret: sent as the engine sends secrets to a provider that
    accepts them (``Configure`` answered ``acceptSecrets``)."""

    value: Any


@dataclass
class InvokeResult:
    """What an invoke returned: the outputs as plain values, which of them came back secret,
    and the failures (``(property, reason)``) the engine would report."""

    outputs: dict[str, Any] = field(default_factory=dict)
    secret: frozenset[str] = frozenset()
    failures: list[tuple[str, str]] = field(default_factory=list)

    @property
    def unknown(self) -> frozenset[str]:
        """The outputs the provider left unknown."""
        return frozenset(name for name, value in self.outputs.items() if value == UNKNOWN)


class PluginCallError(Exception):
    """The plugin answered a call with a gRPC error: the engine shows ``message``."""

    def __init__(self, code: grpc.StatusCode, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def plugin_executable() -> str:
    """The installed ``pulumi-resource-inspectortrial``: beside this interpreter (a virtualenv's
    ``bin``), else on PATH, where the engine looks for it."""
    search = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    found = shutil.which(PLUGIN_EXECUTABLE, path=search)
    if found is None:
        raise FileNotFoundError(
            f"{PLUGIN_EXECUTABLE} is not installed beside {sys.executable} nor on PATH: "
            "pip install pulumi-inspector-trial."
        )
    return found


def to_wire(value: Any) -> PropertyValue:
    """A plain value (``Secret`` and ``UNKNOWN`` included) as the engine sends it."""
    if isinstance(value, Secret):
        return to_wire(value.value).with_secret(True)
    if isinstance(value, Mapping):
        return PropertyValue({str(k): to_wire(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return PropertyValue([to_wire(v) for v in value])
    if isinstance(value, int) and not isinstance(value, bool):
        return PropertyValue(float(value))  # the protocol's numbers are doubles
    return PropertyValue(value)


def _struct(values: Mapping[str, Any]) -> Any:
    return PropertyValue.marshal_map({k: to_wire(v) for k, v in values.items()})


class NativeProviderPlugin(PluginProcess):
    """``pulumi-resource-inspectortrial <engine address>`` in a child process, and a
    ``ResourceProviderStub`` to it, as the engine holds one.

    ``command`` replaces the executable (for instance ``[sys.executable, "provider"]``: the
    plugin folder, as the Python language host runs it).

    ## Example Usage

    ```python
    from pulumi_inspector_trial.testing import NativeProviderPlugin, Secret

    with NativeProviderPlugin(env=env) as plugin:  # env: AWS_* pointing at the emulator
        plugin.configure({"region": "us-east-1"})
        gate = plugin.invoke(
            "inspectortrial:index:getScanTypes",
            {"accountIds": Secret(["111122223333"]), "minDaysLeft": 7},
        )
    assert gate.failures == []
    assert "resourceTypes" in gate.secret  # a secret input keeps account-bearing outputs secret
    ```
    """

    def __init__(
        self,
        *,
        env: Mapping[str, str] | None = None,
        command: list[str] | None = None,
        engine_address: str = ENGINE_ADDRESS,
    ) -> None:
        super().__init__(env)
        self._command = command
        self.engine_address = engine_address

    def command(self) -> list[str]:
        return [*(self._command or [plugin_executable()]), self.engine_address]

    def make_stub(self, channel: grpc.Channel) -> Any:
        return provider_pb2_grpc.ResourceProviderStub(channel)

    def _call(self, method: str, request: Any) -> Any:
        try:
            return getattr(self.stub, method)(request)
        except grpc.RpcError as error:
            raise PluginCallError(error.code(), error.details()) from None

    # -- the engine's requests ------------------------------------------------------------------

    def plugin_info(self) -> str:
        """``GetPluginInfo``: the plugin's version."""
        return str(self._call("GetPluginInfo", empty_pb2.Empty()).version)

    def schema(self) -> dict[str, Any]:
        """``GetSchema``: the package schema, parsed."""
        response = self._call("GetSchema", provider_pb2.GetSchemaRequest(version=0))
        return dict(json.loads(response.schema))

    def check_config(self, config: Mapping[str, Any]) -> list[tuple[str, str]]:
        """``CheckConfig`` with the stack's ``inspectortrial:*`` values (by variable name):
        the failures, ``(variable, reason)``."""
        response = self._call(
            "CheckConfig",
            provider_pb2.CheckRequest(urn=PROVIDER_URN, olds=_struct({}), news=_struct(config)),
        )
        return [(f.property, f.reason) for f in response.failures]

    def diff_config(self, olds: Mapping[str, Any], news: Mapping[str, Any]) -> list[str] | None:
        """``DiffConfig`` between two provider configs: the variables that changed (``[]``
        when the provider says nothing did), or None when it could not tell."""
        response = self._call(
            "DiffConfig",
            provider_pb2.DiffRequest(urn=PROVIDER_URN, olds=_struct(olds), news=_struct(news)),
        )
        if response.changes == provider_pb2.DiffResponse.DIFF_UNKNOWN:
            return None
        if response.changes == provider_pb2.DiffResponse.DIFF_NONE:
            return []
        return list(response.diffs)

    def configure(self, config: Mapping[str, Any], *, accept_secrets: bool = True) -> Any:
        """``Configure`` with the provider's config (by variable name); the response says
        whether the provider takes secrets."""
        return self._call(
            "Configure",
            provider_pb2.ConfigureRequest(
                variables={
                    f"{PACKAGE}:{k}": v if isinstance(v, str) else json.dumps(v)
                    for k, v in config.items()
                    if not isinstance(v, Secret)
                },
                args=_struct(config),
                acceptSecrets=accept_secrets,
                acceptResources=True,
            ),
        )

    def invoke(self, token: str, args: Mapping[str, Any]) -> InvokeResult:
        """``Invoke`` of ``token`` with ``args`` (``Secret`` and ``UNKNOWN`` values as the
        engine would send them). A call that fails outright raises ``PluginCallError``."""
        response = self._call("Invoke", provider_pb2.InvokeRequest(tok=token, args=_struct(args)))
        returned = PropertyValue.unmarshal_map(getattr(response, "return"))
        return InvokeResult(
            outputs={name: plain(value) for name, value in returned.items()},
            secret=frozenset(name for name, value in returned.items() if value.contains_secret()),
            failures=[(f.property, f.reason) for f in response.failures],
        )
