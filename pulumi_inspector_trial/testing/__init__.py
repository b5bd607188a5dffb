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
- ``NativeProviderPlugin``: the native plugin ``pulumi-resource-inspectortrial`` (what TypeScript,
  Go, C#, Java and YAML programs use) started as the engine starts it and driven over gRPC
  (``GetPluginInfo``, ``GetSchema``, ``CheckConfig``, ``Configure``, ``Invoke``); ``Secret`` and
  ``UNKNOWN`` send values as the engine does, ``InvokeResult`` says which outputs came back secret.

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

from ._plugin import AWS_PROVIDER_TYPE, PluginProcess, from_struct, to_struct, unwrap_secrets
from .native import (
    UNKNOWN,
    InvokeResult,
    NativeProviderPlugin,
    PluginCallError,
    Secret,
    plugin_executable,
)
from .policy import PolicyPackPlugin, Remediation, Violation
from .provider import (
    DYNAMIC_TYPE_PREFIX,
    FREE_TRIAL_INFO_TYPE,
    GET_REGION_TOKEN,
    PROVIDER_KEY,
    PreviewMocks,
    PreviewMonitor,
    PreviewRun,
    ProviderPlugin,
    RegisteredResource,
    reset_runtime,
    run_preview,
    serialized_provider,
)

__all__ = [
    "AWS_PROVIDER_TYPE",
    "DYNAMIC_TYPE_PREFIX",
    "FREE_TRIAL_INFO_TYPE",
    "GET_REGION_TOKEN",
    "PROVIDER_KEY",
    "UNKNOWN",
    "InvokeResult",
    "NativeProviderPlugin",
    "PluginCallError",
    "PluginProcess",
    "PolicyPackPlugin",
    "PreviewMocks",
    "PreviewMonitor",
    "PreviewRun",
    "ProviderPlugin",
    "RegisteredResource",
    "Remediation",
    "Secret",
    "Violation",
    "from_struct",
    "plugin_executable",
    "reset_runtime",
    "run_preview",
    "serialized_provider",
    "to_struct",
    "unwrap_secrets",
]
