"""Target 3: many ``FreeTrialInfo`` reads in one deployment, through the real provider plugin.

50 reads, each of 40 accounts drawn (seeded) from a pool of 500, are sent concurrently to one
``python -m pulumi.dynamic`` process over gRPC, as the engine sends a deployment's Read steps.
One read over the union would cost ceil(union/100) requests; a provider without a shared cache
costs one request per read (50). The plugin answers with a pool of 4 gRPC threads, so at most 4
reads are inside the provider at once and a read cannot return before its accounts are
answered: the reads go through in rounds of 4, and every round that brings an account nobody has
asked yet costs at least one request. That floor, about ceil(50/4) = 13, is printed beside the
count (see README.md).

Also: the provider's own cost per read once its accounts are cached (the gRPC round trip, no
API call), and that the inspector2 client is built once per process and settings (counted from
the package's debug log, switched on in the plugin by a ``sitecustomize`` on its PYTHONPATH).
"""

from __future__ import annotations

import math
import random
import statistics
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    EmulatorProcess,
    Figure,
    account_ids,
    batches_needed,
    emulator_data,
    isolated_aws_env,
    report,
)

READS = 50
ACCOUNTS_PER_READ = 40
POOL = 500
CALLERS = 32
PLUGIN_GRPC_THREADS = 4
"""``pulumi.dynamic``'s server: ``grpc.server(ThreadPoolExecutor(max_workers=4))``."""
SEED = 20261126
OVERHEAD_READS = 40
URN_PREFIX = "urn:pulumi:bench::scale::pulumi-python:dynamic/inspector:FreeTrialInfo::"

_LOG_CLIENT_BUILDS = """\
import logging, os
_handler = logging.FileHandler(os.environ["INSPECTOR_TRIAL_BENCH_LOG"])
_handler.setFormatter(logging.Formatter("%(message)s"))
_logger = logging.getLogger("pulumi_inspector_trial.aws.client")
_logger.addHandler(_handler)
_logger.setLevel(logging.DEBUG)
"""


def draw_reads() -> list[list[str]]:
    chooser = random.Random(SEED)
    pool = account_ids(POOL, first=200_000_000_000)
    return [chooser.sample(pool, ACCOUNTS_PER_READ) for _ in range(READS)]


def client_builds(log: Path) -> int:
    return sum("built an inspector2 client" in line for line in log.read_text().splitlines())


def main() -> list[Figure]:
    from pulumi.runtime.proto import provider_pb2

    from pulumi_inspector_trial.testing import ProviderPlugin, to_struct
    from pulumi_inspector_trial.testing.provider import _with_provider

    print(f"Provider: {READS} concurrent reads through one plugin process over gRPC", flush=True)
    reads = draw_reads()
    union = len({i for read in reads for i in read})
    with tempfile.TemporaryDirectory(prefix="inspector-trial-bench-") as scratch:
        (Path(scratch) / "sitecustomize.py").write_text(_LOG_CLIENT_BUILDS)
        log = Path(scratch) / "plugin.log"
        log.touch()
        env = isolated_aws_env()
        env["PYTHONPATH"] = scratch
        env["INSPECTOR_TRIAL_BENCH_LOG"] = str(log)
        with EmulatorProcess(emulator_data()) as emulator, ProviderPlugin(env=env) as plugin:
            plugin.configure({"aws:region": "us-east-1"})
            url = emulator.endpoint_url

            def read(name: str, ids: list[str], region: str | None = None) -> float:
                inputs = {"account_ids": ids, "endpoint_url": url}
                if region:
                    inputs["region"] = region
                started = time.perf_counter()
                plugin.read(f"freetrialinfo-{name}", URN_PREFIX + name, inputs=inputs)
                return time.perf_counter() - started

            # A cold read (boto3 imported, client built) and a warm one, each of new accounts.
            cold = read("cold", account_ids(40, first=300_000_000_000))
            warm = read("warm", account_ids(40, first=300_000_001_000))
            emulator.reset()

            started = time.perf_counter()
            with ThreadPoolExecutor(max_workers=CALLERS) as callers:
                list(callers.map(lambda n: read(f"r{n}", reads[n]), range(READS)))
            deployment_seconds = time.perf_counter() - started
            stats = emulator.stats()

            # The provider's own cost: a read whose accounts are all cached, as the engine sends
            # it (the request serialized once, outside the clock).
            request = provider_pb2.ReadRequest(
                id="freetrialinfo-cached",
                urn=URN_PREFIX + "cached",
                inputs=to_struct(_with_provider({"account_ids": reads[0], "endpoint_url": url})),
            )
            round_trips = []
            for _ in range(OVERHEAD_READS):
                began = time.perf_counter()
                plugin.stub.Read(request)
                round_trips.append(time.perf_counter() - began)
            cached_requests = emulator.stats()["requests"] - stats["requests"]
            builds_one_setting = client_builds(log)
            other_region = read("other-region", account_ids(40, first=300_000_002_000), "eu-west-1")
            builds_two_settings = client_builds(log)

    requests = stats["requests"]
    floor = math.ceil(READS / PLUGIN_GRPC_THREADS)
    overhead_ms = statistics.median(round_trips) * 1000
    return report(
        [
            Figure(
                f"3. {READS} reads x {ACCOUNTS_PER_READ} of {POOL}: <= 10 requests",
                f"{requests} requests (union {union} accounts = "
                f"{batches_needed(union)} requests; no shared cache = {READS}; "
                f"4-thread plugin floor ~{floor}) in {deployment_seconds:.2f} s",
                requests <= 10,
            ),
            Figure(
                "3. no account asked twice",
                f"{stats['accounts_asked_twice']} asked twice; {stats['distinct_accounts_asked']} "
                f"distinct asked of {union}",
                stats["accounts_asked_twice"] == 0 and stats["distinct_accounts_asked"] == union,
            ),
            Figure(
                "3. warm read of cached accounts: overhead < 10 ms",
                f"{overhead_ms:.1f} ms gRPC round trip (median of {OVERHEAD_READS}), "
                f"{cached_requests} requests sent",
                overhead_ms < 10 and cached_requests == 0,
            ),
            Figure(
                "3. client built once per process and settings",
                f"{builds_one_setting} build(s) for {READS + 3} reads of one setting, "
                f"{builds_two_settings} after a read in another region; first read "
                f"{cold * 1000:.0f} ms, next read of new accounts {warm * 1000:.0f} ms, "
                f"other region {other_region * 1000:.0f} ms",
                builds_one_setting == 1 and builds_two_settings == 2,
            ),
        ]
    )


if __name__ == "__main__":
    main()
