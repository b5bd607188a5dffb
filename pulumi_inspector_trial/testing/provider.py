"""The provider harness: the real dynamic-provider plugin driven over gRPC, and a program run at
preview under mocks that read through it."""

from __future__ import annotations

import asyncio
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import grpc
import pulumi
from google.protobuf import struct_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc, resource_pb2
from pulumi.runtime.stack import Stack
from pulumi.runtime.sync_await import _ensure_event_loop

from ..provider import FreeTrialInfoProvider
from ._plugin import (
    AWS_PROVIDER_TYPE,
    PluginProcess,
    _in_fresh_loop,
    from_struct,
    to_struct,
    unwrap_secrets,
)

PROVIDER_KEY = "__provider"
DYNAMIC_TYPE_PREFIX = "pulumi-python:dynamic"
FREE_TRIAL_INFO_TYPE = "pulumi-python:dynamic/inspector:FreeTrialInfo"
GET_REGION_TOKEN = "aws:index/getRegion:getRegion"


def serialized_provider() -> str:
    """``FreeTrialInfoProvider`` as the SDK puts it in the ``__provider`` property."""
    return str(serialize_provider(FreeTrialInfoProvider()))


class ProviderPlugin(PluginProcess):
    """The dynamic-provider plugin process, and a gRPC stub to it (as the engine holds one)."""

    def __init__(self, *, env: Mapping[str, str] | None = None, project: str = "project") -> None:
        super().__init__(env)
        self.env.setdefault("PULUMI_PROJECT", project)

    def command(self) -> list[str]:
        return [sys.executable, "-u", "-m", "pulumi.dynamic"]

    def make_stub(self, channel: grpc.Channel) -> Any:
        return provider_pb2_grpc.ResourceProviderStub(channel)

    # -- the engine's requests ------------------------------------------------------------------

    def configure(self, config: Mapping[str, Any]) -> None:
        """Send the stack's configuration (``{"aws:region": "us-east-1", ...}``)."""
        self.stub.Configure(
            provider_pb2.ConfigureRequest(
                variables={k: str(v) for k, v in config.items()},
                args=to_struct(config),
                acceptSecrets=False,
            )
        )

    def read(
        self,
        id_: str,
        urn: str,
        *,
        inputs: Mapping[str, Any],
        properties: Mapping[str, Any] | None = None,
    ) -> tuple[str, dict[str, Any]]:
        """A Read step: ``inputs`` only for a resource read by id, ``properties`` on refresh."""
        request = provider_pb2.ReadRequest(
            id=id_,
            urn=urn,
            inputs=to_struct(_with_provider(inputs)),
            properties=to_struct(_with_provider(properties)) if properties else None,
        )
        response = self.stub.Read(request)
        return response.id, from_struct(response.properties)

    def check(
        self, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]
    ) -> tuple[dict[str, Any], list[tuple[str, str]]]:
        response = self.stub.Check(
            provider_pb2.CheckRequest(
                urn=urn, olds=to_struct(_with_provider(olds)), news=to_struct(_with_provider(news))
            )
        )
        return from_struct(response.inputs), [(f.property, f.reason) for f in response.failures]

    def diff(self, id_: str, urn: str, olds: Mapping[str, Any], news: Mapping[str, Any]) -> Any:
        return self.stub.Diff(
            provider_pb2.DiffRequest(
                id=id_,
                urn=urn,
                olds=to_struct(_with_provider(olds)),
                news=to_struct(_with_provider(news)),
            )
        )

    def create(self, urn: str, properties: Mapping[str, Any]) -> tuple[str, dict[str, Any]]:
        response = self.stub.Create(
            provider_pb2.CreateRequest(urn=urn, properties=to_struct(_with_provider(properties)))
        )
        return response.id, from_struct(response.properties)

    def delete(self, id_: str, urn: str, properties: Mapping[str, Any]) -> None:
        self.stub.Delete(
            provider_pb2.DeleteRequest(
                id=id_, urn=urn, properties=to_struct(_with_provider(properties))
            )
        )


def _with_provider(props: Mapping[str, Any] | None) -> dict[str, Any]:
    props = dict(props or {})
    props.setdefault(PROVIDER_KEY, serialized_provider())
    return props


@dataclass(frozen=True)
class RegisteredOptions:
    """Resource options of one registration, as the engine's request carries them."""

    parent: str
    """The parent's URN."""
    custom_timeouts: dict[str, str]
    """``{"create": "30m", ...}``: only the ones given."""
    ignore_changes: tuple[str, ...]
    protect: bool


@dataclass
class RegisteredResource:
    """A resource the program registered, as the mocks saw it."""

    type: str
    name: str
    inputs: dict[str, Any]
    outputs: dict[str, Any]
    id: str | None = None


@dataclass
class PreviewMocks(pulumi.runtime.Mocks):
    """Mocks that resolve reads of dynamic resources through a real ``ProviderPlugin``.

    Every other resource gets its inputs back as outputs and the id ``<name>-id`` (at preview a
    real engine would leave created resources' outputs unknown; tests assert on inputs).
    """

    plugin: ProviderPlugin
    config: Mapping[str, Any] = field(default_factory=dict)
    resources: list[RegisteredResource] = field(default_factory=list)
    _configured: bool = False
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _secret_outputs: dict[str, tuple[str, ...]] = field(default_factory=dict)
    _options: dict[str, RegisteredOptions] = field(default_factory=dict)

    def new_resource(
        self, args: pulumi.runtime.MockResourceArgs
    ) -> tuple[str | None, dict[str, Any]]:
        inputs = unwrap_secrets(dict(args.inputs))
        if args.typ.startswith(DYNAMIC_TYPE_PREFIX) and args.resource_id == rpc.UNKNOWN:
            # The engine skips a read whose id is unknown at preview: no provider call, and
            # outputs the program sees as unknown.
            id_, outputs = None, dict[str, Any]()
        elif args.typ.startswith(DYNAMIC_TYPE_PREFIX) and args.resource_id:
            self._configure_once()
            urn = f"urn:pulumi:stack::project::{args.typ}::{args.name}"
            id_, outputs = self.plugin.read(args.resource_id, urn, inputs=inputs)
            outputs.pop(PROVIDER_KEY, None)
        else:
            id_, outputs = f"{args.name}-id", inputs
        with self._lock:
            self.resources.append(RegisteredResource(args.typ, args.name, inputs, outputs, id_))
        return id_, outputs

    def call(self, args: pulumi.runtime.MockCallArgs) -> tuple[dict[str, Any], list[Any] | None]:
        """Answer ``aws.get_region`` as the aws provider does: its ``region`` argument, else the
        region the provider is configured with (its ``region`` input, else the stack's
        ``aws:region``). Every other call returns nothing."""
        if args.token != GET_REGION_TOKEN:
            return {}, []
        region = args.args.get("region") or self._provider_region(args.provider)
        return ({"region": region, "name": region, "id": region} if region else {}), []

    def _provider_region(self, reference: str | None) -> str | None:
        provider_id = (reference or "").rpartition("::")[2]
        with self._lock:
            providers = [
                r for r in self.resources if r.type == AWS_PROVIDER_TYPE and r.id == provider_id
            ]
        if providers and providers[-1].inputs.get("region"):
            return str(providers[-1].inputs["region"])
        region = self.config.get("aws:region")
        return str(region) if region else None

    def secret_outputs(self, name: str) -> tuple[str, ...]:
        """The outputs the read of resource ``name`` asked the engine to keep secret (its
        ``additionalSecretOutputs``): those are secret in the state the engine writes."""
        with self._lock:
            return self._secret_outputs.get(name, ())

    def record_secret_outputs(self, name: str, outputs: Sequence[str]) -> None:
        with self._lock:
            self._secret_outputs[name] = tuple(outputs)

    def options_of(self, name: str) -> RegisteredOptions:
        """The resource options resource ``name`` was registered with, as the engine gets them
        (the SDK's mocks do not pass them on)."""
        with self._lock:
            return self._options[name]

    def record_options(self, name: str, options: RegisteredOptions) -> None:
        with self._lock:
            self._options[name] = options

    def of_type(self, resource_type: str) -> list[RegisteredResource]:
        with self._lock:
            return [r for r in self.resources if r.type == resource_type]

    def install(self) -> PreviewMocks:
        """Start a new program: ``reset_runtime()``, set ``config``, then
        ``set_mocks(self, preview=True)`` with a monitor that keeps the engine's secret rule."""
        reset_runtime()
        for key, value in self.config.items():
            pulumi.runtime.set_config(key, str(value))
        self._monitor = PreviewMonitor(self)
        pulumi.runtime.set_mocks(self, preview=True, monitor=self._monitor)
        return self

    def urns(self) -> list[str]:
        """The URN of every resource the program registered, sorted: they encode each one's type,
        name and parents, which is what decides whether an upgrade replaces it."""
        monitor = getattr(self, "_monitor", None)
        return sorted(monitor.resources) if monitor is not None else []

    def _configure_once(self) -> None:
        with self._lock:
            if not self._configured:
                self.plugin.configure(self.config)
                self._configured = True


def reset_runtime() -> None:
    """Forget the previous program's root stack, runtime options and config.

    Pulumi keeps them process-wide, so without this a second program in the same process would
    register under the first one's stack and see the config keys it set.
    """
    pulumi.runtime.settings.reset_options()
    pulumi.runtime.config.set_all_config({})


@dataclass
class PreviewRun:
    """One program run at preview by ``run_preview``."""

    mocks: PreviewMocks
    """The mocks it ran under, holding every resource it registered (``mocks.of_type``)."""

    value: Any
    """What its returned Output or value resolved to; ``None`` while unknown (see ``known``)."""

    exports: dict[str, Any]
    """The root stack's outputs set by ``pulumi.export``, less those unknown at preview."""

    known: bool
    """Whether its returned Output or value became known at preview (assert it)."""


def run_preview(
    program: Callable[[], Any],
    plugin: ProviderPlugin,
    *,
    config: Mapping[str, Any] | None = None,
) -> PreviewRun:
    """Run ``program`` at preview under fresh ``PreviewMocks`` (reading through ``plugin``, with
    stack ``config``) and wait for everything it registered; its exceptions propagate."""
    mocks = PreviewMocks(plugin, config=dict(config or {})).install()
    resolved: dict[str, Any] = {}
    exports: dict[str, Any] = {}

    @pulumi.runtime.test  # type: ignore[untyped-decorator]
    def run() -> Any:
        value = pulumi.Output.from_input(program()).apply(
            lambda known: resolved.setdefault("value", known)
        )
        # One Output per export: an unknown one must not hide the others.
        exported = [
            pulumi.Output.from_input(output).apply(_store_in(exports, name))
            for name, output in _root_stack_outputs().items()
        ]
        return pulumi.Output.all(value, *exported)

    try:
        run()
    except Exception as failure:
        _reported_once(_ensure_event_loop(), failure)  # type: ignore[no-untyped-call]
        raise
    return PreviewRun(mocks, resolved.get("value"), exports, known="value" in resolved)


_NEVER_RETRIEVED = "Future exception was never retrieved"
_RAISED: dict[asyncio.AbstractEventLoop, list[str]] = {}


def _reported_once(loop: asyncio.AbstractEventLoop, failure: BaseException) -> None:
    """Let ``failure``, which ``run_preview`` raises to its caller, be the only report of it.

    A failed read fails every Output of its resource: the program sees one of them, and asyncio
    logs each of the others ("Future exception was never retrieved", the whole provider
    traceback) when it is collected, long after the test that expected the failure. Those
    copies are dropped; anything else goes to the loop's handler as before.
    """
    raised = _RAISED.get(loop)
    if raised is None:
        raised = _RAISED[loop] = []
        previous = loop.get_exception_handler()

        def handler(loop: asyncio.AbstractEventLoop, context: dict[str, Any]) -> None:
            error = context.get("exception")
            if context.get("message") == _NEVER_RETRIEVED and str(error) in raised:
                return
            if previous is None:
                loop.default_exception_handler(context)
            else:
                previous(loop, context)

        loop.set_exception_handler(handler)
    raised.append(str(failure))


def _root_stack_outputs() -> dict[str, Any]:
    stack = pulumi.runtime.get_root_resource()
    return dict(stack.outputs) if isinstance(stack, Stack) else {}


def _store_in(values: dict[str, Any], name: str) -> Callable[[Any], Any]:
    return lambda value: values.setdefault(name, value)


class PreviewMonitor(MockMonitor):
    """The SDK's mock monitor, plus one thing the engine does and the mock does not: outputs named
    in ``additional_secret_outputs`` come back as secrets."""

    def __init__(self, mocks: PreviewMocks) -> None:
        super().__init__(mocks)
        self.preview_mocks = mocks

    def ReadResource(self, request: Any) -> Any:
        self.preview_mocks.record_secret_outputs(request.name, request.additionalSecretOutputs)
        response = super().ReadResource(request)  # type: ignore[no-untyped-call]
        return resource_pb2.ReadResourceResponse(
            urn=response.urn,
            properties=_mark_secret(response.properties, request.additionalSecretOutputs),
        )

    def RegisterResource(self, request: Any) -> Any:
        timeouts = request.customTimeouts
        self.preview_mocks.record_options(
            request.name,
            RegisteredOptions(
                parent=request.parent,
                custom_timeouts={
                    step: getattr(timeouts, step)
                    for step in ("create", "update", "delete")
                    if getattr(timeouts, step)
                },
                ignore_changes=tuple(request.ignoreChanges),
                protect=bool(request.protect),
            ),
        )
        response = super().RegisterResource(request)  # type: ignore[no-untyped-call]
        if request.additionalSecretOutputs:
            response.object.CopyFrom(_mark_secret(response.object, request.additionalSecretOutputs))
        return response


def _mark_secret(properties: struct_pb2.Struct, names: Any) -> struct_pb2.Struct:
    if not names:
        return properties
    values = rpc.deserialize_properties(properties, keep_unknowns=True)
    for name in names:
        if name in values:
            values[name] = rpc.wrap_rpc_secret(values[name])
    return _in_fresh_loop(lambda: rpc.serialize_properties(values, {}, keep_output_values=False))
