"""Test a stack that uses ``FreeTrialInfo`` without the Pulumi CLI, the way the engine runs it.

The pieces, used by this package's own tests too:

- ``ProviderPlugin``: the real dynamic-provider plugin (``python -u -m pulumi.dynamic``) in a child
  process, driven over gRPC with the requests the engine sends (``Configure``, ``Read``, ``Check``,
  ``Diff``, ``Create``, ``Delete``), properties serialized by the SDK's own ``rpc`` module.
- ``PreviewMocks``: ``pulumi.runtime.Mocks`` that forward every dynamic resource registered with
  an id (a read, like ``FreeTrialInfo``) to a ``ProviderPlugin`` as the engine's Read step, and
  record every other resource (``aws.inspector2.Enabler`` …) with its inputs. Installed
  (``set_mocks(mocks, preview=True)`` with ``PreviewMonitor``), that is a ``pulumi preview``
  minus state.
- ``run_preview``: install fresh ``PreviewMocks``, run one program under them, and return what it
  registered, exported and resolved to (``PreviewRun``).

## Example Usage

A pytest test of a program that reads the trials, against the package's emulator:

```python
import os
from datetime import datetime, timezone

from pulumi_inspector_trial import FreeTrialInfo
from pulumi_inspector_trial.emulator import EmulatorServer, InspectorBackend, sample_organisation
from pulumi_inspector_trial.testing import ProviderPlugin, run_preview


def test_trials_are_known_at_preview():
    now = datetime.now(timezone.utc)

    def program():
        return FreeTrialInfo("trial", account_ids=["111122223333"]).active_types

    with EmulatorServer(InspectorBackend(sample_organisation(now))) as emulator:
        env = {
            **os.environ,
            "AWS_ENDPOINT_URL_INSPECTOR2": emulator.endpoint_url,
            "AWS_ACCESS_KEY_ID": "x",  # the emulator checks no signature: any credentials do
            "AWS_SECRET_ACCESS_KEY": "x",
        }
        with ProviderPlugin(env=env) as plugin:
            run = run_preview(program, plugin, config={"aws:region": "us-east-1"})
    assert run.known, "active_types is unknown at preview"
    assert run.value["111122223333"] == ["CODE_REPOSITORY", "EC2", "ECR", "LAMBDA", "LAMBDA_CODE"]
```

The resources a program registered are in ``run.mocks``: for instance
``run.mocks.of_type("aws:inspector2/enabler:Enabler")`` for its Enablers, each with its ``inputs``.

The plugin is one provider process, as the engine runs it: ``pulumi.dynamic`` configures the
provider once, with the config it holds at the first request after ``Configure``, and the
provider keeps every account's answer for the life of the process, per settings (region,
endpoint, identity). A plugin shared by several programs therefore needs the same stack config
for all of them, and a fresh endpoint (or accounts not read before) wherever an answer must
come from the service again.
"""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import grpc
import pulumi
from google.protobuf import struct_pb2
from pulumi.dynamic.dynamic import serialize_provider
from pulumi.runtime import rpc
from pulumi.runtime.mocks import MockMonitor
from pulumi.runtime.proto import provider_pb2, provider_pb2_grpc, resource_pb2
from pulumi.runtime.stack import Stack

from .provider import FreeTrialInfoProvider

PROVIDER_KEY = "__provider"
DYNAMIC_TYPE_PREFIX = "pulumi-python:dynamic"
FREE_TRIAL_INFO_TYPE = "pulumi-python:dynamic/inspector:FreeTrialInfo"
AWS_PROVIDER_TYPE = "pulumi:providers:aws"
GET_REGION_TOKEN = "aws:index/getRegion:getRegion"


def serialized_provider() -> str:
    """``FreeTrialInfoProvider`` as the SDK puts it in the ``__provider`` property."""
    return str(serialize_provider(FreeTrialInfoProvider()))


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

    run()
    return PreviewRun(mocks, resolved.get("value"), exports, known="value" in resolved)


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


# -- policy packs -------------------------------------------------------------------------------
#
# ``PolicyPackPlugin`` runs a CrossGuard pack the way the engine does and drives its Analyzer.
#
# What the engine does, and so what this does: it starts ``python -u -m pulumi.policy <engine
# address> <pack dir>`` with the stack's identity and config in the environment (PULUMI_PROJECT,
# PULUMI_STACK, PULUMI_DRY_RUN, PULUMI_CONFIG), reads the port the pack prints, then sends
# ``GetAnalyzerInfo``, ``Configure`` (each policy's enforcement level and properties, from
# ``--policy-pack-config``), and for each resource ``Remediate`` (policies at ``remediate``) and
# ``Analyze``. Properties travel as the engine sends them: a secret as the SDK's secret wrapper
# (``pulumi.runtime.rpc.wrap_rpc_secret(value)``), an unknown at preview as its sentinel string
# (``pulumi.runtime.rpc.UNKNOWN`` for a string or a list).


@dataclass
class Violation:
    """One diagnostic a policy pack reported."""

    policy: str
    message: str
    """As the engine shows it: the policy's description, a new line, then what was reported."""
    enforcement: str
    """``advisory``, ``mandatory``, ``disabled`` or ``remediate``."""

    @property
    def detail(self) -> str:
        """What the policy reported, without the description the pack puts before it."""
        return self.message.partition("\n")[2] or self.message


@dataclass
class Remediation:
    """What one policy did in a ``Remediate`` call."""

    policy: str
    properties: dict[str, Any] | None
    """The properties it rewrote the resource to (secrets as the SDK's wrappers, unknowns as
    ``pulumi.runtime.rpc.UNKNOWN``), or None when it changed nothing."""
    diagnostic: str
    """Why it could not run (a value unknown at preview, say); empty when it ran."""


class PolicyPackPlugin(PluginProcess):
    """A policy pack run as the engine runs it (``python -u -m pulumi.policy <engine> <pack
    dir>``), and a gRPC stub to its Analyzer: ``info``, ``configure``, ``analyze``,
    ``remediate``. The pack's gRPC server has 4 threads, like the engine's view of it: analyses
    may be sent from several threads at once.

    Test your own pack against the emulator (its sample organisation) like this:

    ```python
    import os

    from pulumi_inspector_trial.emulator import EmulatorServer
    from pulumi_inspector_trial.testing import PolicyPackPlugin

    # The emulator checks no signature: any credentials do.
    env = {**os.environ, "AWS_ACCESS_KEY_ID": "x", "AWS_SECRET_ACCESS_KEY": "x"}
    with EmulatorServer() as emulator, PolicyPackPlugin("examples/policy-pack", env=env) as pack:
        config = {"endpointUrl": emulator.endpoint_url, "minDaysLeft": 7}
        pack.configure({"inspector-enabler-free-trial": ("mandatory", config)})
        violations = pack.analyze(
            "aws:inspector2/enabler:Enabler",
            {"accountIds": ["222233334444"], "resourceTypes": ["EC2"], "region": "us-east-1"},
        )
    assert [v.detail for v in violations] == [  # ids by their last four digits (showAccountIds)
        "Account ********4444: EC2 in us-east-1 is not covered by a free trial "
        "(trial ends in 2 days, under the 7-day minimum)."
    ]
    ```

    ``env`` is the pack's environment (``AWS_*`` included); ``stack_config`` what the engine
    passes as PULUMI_CONFIG (``{"aws:region": "us-east-1"}``); ``dry_run`` False for an update.
    """

    ENGINE_ADDRESS = "127.0.0.1:0"
    """The engine's address, which ``pulumi.policy`` takes as its first argument. pulumi-policy
    parses it and never dials it (its runtime is configured without an engine, so
    ``pulumi.log`` from a policy writes to the pack's stderr): nothing needs to listen here."""

    def __init__(
        self,
        pack_dir: str | os.PathLike[str],
        *,
        env: Mapping[str, str] | None = None,
        project: str = "project",
        stack: str = "stack",
        stack_config: Mapping[str, Any] | None = None,
        dry_run: bool = True,
    ) -> None:
        import json

        super().__init__(env)
        self.pack_dir = os.fspath(pack_dir)
        self.env.setdefault("PULUMI_PROJECT", project)
        self.env.setdefault("PULUMI_STACK", stack)
        self.env.setdefault("PULUMI_DRY_RUN", "true" if dry_run else "false")
        # The engine sends every config value as a string, objects and lists as JSON text.
        config = {
            k: v if isinstance(v, str) else json.dumps(v) for k, v in (stack_config or {}).items()
        }
        self.env.setdefault("PULUMI_CONFIG", json.dumps(config))

    def command(self) -> list[str]:
        return [sys.executable, "-u", "-m", "pulumi.policy", self.ENGINE_ADDRESS, self.pack_dir]

    def make_stub(self, channel: grpc.Channel) -> Any:
        from pulumi.runtime.proto import analyzer_pb2_grpc

        return analyzer_pb2_grpc.AnalyzerStub(channel)

    # -- the engine's requests --------------------------------------------------------------------

    def info(self) -> Any:
        """``GetAnalyzerInfo``: the pack's name and its policies (``AnalyzerInfo``)."""
        from google.protobuf import empty_pb2

        return self.stub.GetAnalyzerInfo(empty_pb2.Empty())

    def configure(self, policies: Mapping[str, tuple[str, Mapping[str, Any]]]) -> None:
        """``{policy name: (enforcement level, properties)}``, as ``--policy-pack-config``."""
        from google.protobuf import json_format
        from pulumi.runtime.proto import analyzer_pb2

        config = {}
        for name, (level, properties) in policies.items():
            struct = struct_pb2.Struct()
            json_format.ParseDict(dict(properties), struct)
            config[name] = analyzer_pb2.PolicyConfig(
                enforcementLevel=analyzer_pb2.EnforcementLevel.Value(level.upper()),
                properties=struct,
            )
        self.stub.Configure(analyzer_pb2.ConfigureAnalyzerRequest(policyConfig=config))

    def analyze(
        self,
        resource_type: str,
        properties: Mapping[str, Any],
        *,
        name: str = "resource",
        provider: Mapping[str, Any] | None = None,
    ) -> list[Violation]:
        """One resource's ``Analyze`` (``provider``: the properties of its aws provider)."""
        from pulumi.runtime.proto import analyzer_pb2

        response = self.stub.Analyze(
            analyzer_pb2.AnalyzeRequest(**self._resource(resource_type, properties, name, provider))
        )
        levels = {v: k.lower() for k, v in analyzer_pb2.EnforcementLevel.items()}
        return [
            Violation(d.policyName, d.message, levels[d.enforcementLevel])
            for d in response.diagnostics
        ]

    def remediations(
        self,
        resource_type: str,
        properties: Mapping[str, Any],
        *,
        name: str = "resource",
        provider: Mapping[str, Any] | None = None,
    ) -> list[Remediation]:
        """One resource's ``Remediate``: what each policy at ``remediate`` did, in order."""
        from pulumi.runtime.proto import analyzer_pb2

        response = self.stub.Remediate(
            analyzer_pb2.AnalyzeRequest(**self._resource(resource_type, properties, name, provider))
        )
        return [
            Remediation(
                r.policyName,
                _as_sent(rpc.deserialize_properties(r.properties, keep_unknowns=True))
                if r.HasField("properties") and r.properties.fields
                else None,
                r.diagnostic,
            )
            for r in response.remediations
        ]

    def remediate(
        self,
        resource_type: str,
        properties: Mapping[str, Any],
        *,
        name: str = "resource",
        provider: Mapping[str, Any] | None = None,
    ) -> dict[str, Any] | None:
        """One resource's ``Remediate``: the properties the pack rewrote it to, or None."""
        rewritten = None
        for remediation in self.remediations(
            resource_type, properties, name=name, provider=provider
        ):
            rewritten = remediation.properties or rewritten
        return rewritten

    def _resource(
        self,
        resource_type: str,
        properties: Mapping[str, Any],
        name: str,
        provider: Mapping[str, Any] | None,
    ) -> dict[str, Any]:
        from pulumi.runtime.proto import analyzer_pb2

        request: dict[str, Any] = {
            "type": resource_type,
            "properties": to_struct(properties),
            "urn": f"urn:pulumi:stack::project::{resource_type}::{name}",
            "name": name,
        }
        if provider is not None:
            request["provider"] = analyzer_pb2.AnalyzerProviderResource(
                type=AWS_PROVIDER_TYPE,
                properties=to_struct(provider),
                urn=f"urn:pulumi:stack::project::{AWS_PROVIDER_TYPE}::{name}-provider",
                name=f"{name}-provider",
            )
        return request


def _as_sent(value: Any) -> Any:
    """Properties as a test sends them: the SDK deserializes an unknown to an object of its own,
    shown here as the sentinel string it travelled as."""
    if isinstance(value, pulumi.output.Unknown):
        return rpc.UNKNOWN
    if isinstance(value, dict):
        return {k: _as_sent(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_as_sent(v) for v in value]
    return value
