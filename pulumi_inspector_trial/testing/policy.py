"""The policy harness: a CrossGuard pack run as the engine runs it, its Analyzer driven over
gRPC."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import grpc
import pulumi
from google.protobuf import struct_pb2
from pulumi.runtime import rpc

from ._plugin import AWS_PROVIDER_TYPE, PluginProcess, to_struct

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
