"""Run the policy pack in PACK_DIR, as the Pulumi CLI runs a Python pack, in the virtualenv whose
python runs this file, and print the violations it finds in one Enabler, as JSON.

    python analyze.py PACK_DIR ENDPOINT_URL '{"accountIds": [...], "resourceTypes": [...]}'
"""

from __future__ import annotations

import json
import os
import sys

from pulumi_inspector_trial.testing import PolicyPackPlugin

pack_dir, endpoint_url, enabler = sys.argv[1], sys.argv[2], json.loads(sys.argv[3])
with PolicyPackPlugin(pack_dir, env=os.environ) as pack:
    config = {"endpointUrl": endpoint_url, "region": "us-east-1", "minDaysLeft": 7}
    pack.configure({"inspector-enabler-free-trial": ("mandatory", config)})
    violations = pack.analyze("aws:inspector2/enabler:Enabler", enabler)
loaded = sorted({"pulumi_aws", "pulumi_policy"} & set(sys.modules))
print(json.dumps({"violations": [v.detail for v in violations], "loaded": loaded}))
