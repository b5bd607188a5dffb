"""Target 4: ``import pulumi_inspector_trial`` adds little to ``import pulumi``.

Each import is timed in a fresh interpreter (wall clock of the whole ``python -c``), the two
commands interleaved and the median taken. A third interpreter checks that boto3, botocore and
pulumi_aws are not loaded by the import: they come in only when something is resolved or a
``GatedEnabler`` is built.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, report

RUNS = 7
HEAVY_MODULES = ("boto3", "botocore", "pulumi_aws")
ADDED_FRACTION_TARGET = 0.25
"""The package may add at most a quarter to ``import pulumi``."""


def wall_clock(code: str) -> float:
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], check=True)
    return time.perf_counter() - started


def loaded_heavy_modules() -> list[str]:
    code = (
        "import sys, json, pulumi_inspector_trial; "
        f"print(json.dumps([m for m in {list(HEAVY_MODULES)!r} if m in sys.modules]))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    loaded: list[str] = json.loads(out.stdout)
    return loaded


def main() -> list[Figure]:
    print(f"Start-up: fresh interpreters, median of {RUNS}", flush=True)
    wall_clock("import pulumi, pulumi_inspector_trial")  # warm the file cache for both
    pulumi_only, with_package = [], []
    for _ in range(RUNS):
        pulumi_only.append(wall_clock("import pulumi"))
        with_package.append(wall_clock("import pulumi, pulumi_inspector_trial"))
    base, both = statistics.median(pulumi_only), statistics.median(with_package)
    added = both - base
    loaded = loaded_heavy_modules()
    return report(
        [
            Figure(
                f"4. import adds <= {ADDED_FRACTION_TARGET:.0%} to `import pulumi`",
                f"{added * 1000:+.0f} ms ({added / base:+.0%}): pulumi {base * 1000:.0f} ms, "
                f"pulumi + package {both * 1000:.0f} ms",
                added <= ADDED_FRACTION_TARGET * base,
            ),
            Figure(
                "4. boto3/botocore/pulumi_aws not in sys.modules after import",
                f"loaded: {loaded or 'none'}",
                not loaded,
            ),
        ]
    )


if __name__ == "__main__":
    main()
