"""botocore's response parsing with and without ``_fast_timestamps``, side by side.

100 response bodies of 100 accounts (five trials each, as the emulator writes them) are parsed
by botocore's rest-json parser and turned into the package's model by ``parse_batch_answer``:
once with botocore's default timestamp parser (dateutil, for every ``start`` and ``end``), once
with the package's (epoch numbers kept, the model converts them). No network: CPU only.
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, account_ids, report

RESPONSES = 100
ROUNDS = 5


def response_bodies() -> list[bytes]:
    from pulumi_inspector_trial.emulator import InspectorBackend, Organisation

    backend = InspectorBackend(Organisation(members={}, synthesize_members=True))
    ids = account_ids(RESPONSES * 100)
    return [
        json.dumps(backend.batch_get_free_trial_info(ids[n : n + 100])).encode()
        for n in range(0, len(ids), 100)
    ]


def parse_all(bodies: list[bytes], fast: bool) -> float:
    import botocore.session

    from pulumi_inspector_trial.aws.client import _fast_timestamps
    from pulumi_inspector_trial.aws.resolver import parse_batch_answer

    core = botocore.session.Session()
    if fast:
        _fast_timestamps(core)
    operation = core.get_service_model("inspector2").operation_model("BatchGetFreeTrialInfo")
    parser = core.get_component("response_parser_factory").create_parser("rest-json")
    started = time.perf_counter()
    for body in bodies:
        parsed = parser.parse(
            {"status_code": 200, "headers": {}, "body": body}, operation.output_shape
        )
        parse_batch_answer(parsed, (), "http://127.0.0.1")
    return time.perf_counter() - started


def main() -> list[Figure]:
    print(f"Parsing: {RESPONSES} responses of 100 accounts, botocore + model", flush=True)
    bodies = response_bodies()
    default, fast = [], []
    for _ in range(ROUNDS):  # interleaved, so noise hits both alike
        default.append(parse_all(bodies, fast=False))
        fast.append(parse_all(bodies, fast=True))
    default_s, fast_s = statistics.median(default), statistics.median(fast)
    return report(
        [
            Figure(
                "_fast_timestamps: parse time with it / without it",
                f"{fast_s / default_s:.2f}x ({fast_s * 1000:.0f} ms vs {default_s * 1000:.0f} ms "
                f"for {RESPONSES * 100:,} accounts, median of {ROUNDS})",
                fast_s < default_s,
            )
        ]
    )


if __name__ == "__main__":
    main()
