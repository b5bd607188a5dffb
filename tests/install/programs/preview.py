"""Run a Pulumi program at preview, as the testing harness runs it, in the virtualenv whose
python runs this file; print what happened as one JSON document.

    python preview.py PROGRAM.py '{"aws:region": "us-east-1", "project:key": "value", ...}'

The program runs like the Pulumi CLI's ``__main__.py`` (``runpy``), under
``pulumi_inspector_trial.testing.run_preview``; its reads go through a real provider plugin
started with this python (so from this virtualenv's packages). The answer:
``{"resources": [{"type", "name", "inputs"}], "exports": {...}}``, or ``{"error": {"type",
"message", "package_error"}}`` when the program raised. Either way ``"loaded"`` lists the
top-level modules of pulumi-aws and pulumi-policy the run imported.
"""

from __future__ import annotations

import json
import os
import runpy
import sys
from typing import Any


def main(program_path: str, config_json: str) -> dict[str, Any]:
    from pulumi_inspector_trial import InspectorTrialError
    from pulumi_inspector_trial.testing import ProviderPlugin, run_preview

    config = json.loads(config_json)
    answer: dict[str, Any] = {}
    with ProviderPlugin(env=os.environ) as plugin:
        plugin.configure({k: v for k, v in config.items() if k.startswith("aws:")})
        try:
            preview = run_preview(lambda: runpy.run_path(program_path), plugin, config=config)
        except Exception as error:  # what the program raised is the answer
            answer["error"] = {
                "type": type(error).__name__,
                "message": str(error),
                "package_error": isinstance(error, InspectorTrialError),
            }
        else:
            answer["resources"] = [
                {"type": r.type, "name": r.name, "inputs": r.inputs}
                for r in preview.mocks.resources
            ]
            answer["exports"] = preview.exports
    answer["loaded"] = sorted({"pulumi_aws", "pulumi_policy"} & set(sys.modules))
    return answer


if __name__ == "__main__":
    print(json.dumps(main(sys.argv[1], sys.argv[2]), default=str))
