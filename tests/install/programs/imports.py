"""Import every module of pulumi_inspector_trial in the virtualenv whose python runs this file,
and print ``{"failed": {module: "Error: message"}, "loaded": [...]}``: the modules that could
not be imported and why, and which of pulumi_aws and pulumi_policy the imports pulled in."""

from __future__ import annotations

import importlib
import json
import pkgutil
import sys

import pulumi_inspector_trial

failed = {}
for module in pkgutil.walk_packages(pulumi_inspector_trial.__path__, "pulumi_inspector_trial."):
    if module.name.endswith(".__main__"):
        continue  # runs the command line
    try:
        importlib.import_module(module.name)
    except Exception as error:
        failed[module.name] = f"{type(error).__name__}: {error}"
loaded = sorted({"pulumi_aws", "pulumi_policy"} & set(sys.modules))
print(json.dumps({"failed": failed, "loaded": loaded}))
