"""Concurrency through the native plugin, beside the dynamic provider, on the same workload.

50 calls, each of 10 accounts drawn (seeded) from a pool of 500, sent at once over gRPC: to
``pulumi-resource-inspectortrial`` as 50 ``Invoke`` of ``inspectortrial:index:getFreeTrialInfo``
(what a TypeScript or YAML program's invokes become), and to ``python -m pulumi.dynamic`` as 50
``FreeTrialInfo`` reads. Each plugin is a fresh process against the same emulator process (reset
between them), so the request counts come from the server's own records.

Target (issue "Scale to 10,000-account organisations"): at most 10 requests. The dynamic
provider's server holds 4 calls at a time (``ThreadPoolExecutor(max_workers=4)``), so its count
is printed for comparison; the native plugin's ``grpc.aio`` server has no such pool.
"""

from __future__ import annotations

import random
import sys
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

CALLS = 50
ACCOUNTS_PER_CALL = 10
POOL = 500
SEED = 20261130
TOKEN = "inspectortrial:index:getFreeTrialInfo"
URN_PREFIX = "urn:pulumi:bench::scale::pulumi-python:dynamic/inspector:FreeTrialInfo::"


def draw_calls() -> list[list[str]]:
    chooser = random.Random(SEED)
    pool = account_ids(POOL, first=400_000_000_000)
    return [chooser.sample(pool, ACCOUNTS_PER_CALL) for _ in range(CALLS)]


def at_once(call: object, count: int) -> float:
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=count) as callers:
        list(callers.map(call, range(count)))  # type: ignore[arg-type]
    return time.perf_counter() - started


def main() -> list[Figure]:
    from pulumi_inspector_trial.testing import NativeProviderPlugin, ProviderPlugin

    print(
        f"Native plugin vs dynamic provider: {CALLS} calls x {ACCOUNTS_PER_CALL} of {POOL} "
        "accounts, all at once",
        flush=True,
    )
    calls = draw_calls()
    union = len({i for call in calls for i in call})
    warm_up = account_ids(10, first=410_000_000_000)
    with EmulatorProcess(emulator_data()) as emulator:
        url = emulator.endpoint_url
        with NativeProviderPlugin(env=isolated_aws_env()) as native:
            native.configure({"region": "us-east-1", "endpointUrl": url})
            # boto3 imported and the client built before the clock starts, as after a
            # program's first invoke.
            native.invoke(TOKEN, {"accountIds": warm_up})
            emulator.reset()

            def invoke(n: int) -> None:
                result = native.invoke(TOKEN, {"accountIds": calls[n]})
                assert not result.failures, result.failures

            native_seconds = at_once(invoke, CALLS)
            native_stats = emulator.stats()
        emulator.reset()
        with ProviderPlugin(env=isolated_aws_env()) as dynamic:
            dynamic.configure({"aws:region": "us-east-1"})
            dynamic.read(
                "freetrialinfo-warm",
                URN_PREFIX + "warm",
                inputs={"account_ids": warm_up, "endpoint_url": url},
            )
            emulator.reset()

            def read(n: int) -> None:
                inputs = {"account_ids": calls[n], "endpoint_url": url}
                dynamic.read(f"freetrialinfo-{n}", URN_PREFIX + f"r{n}", inputs=inputs)

            dynamic_seconds = at_once(read, CALLS)
            dynamic_stats = emulator.stats()

    native_requests = native_stats["requests"]
    return report(
        [
            Figure(
                f"native: {CALLS} invokes x {ACCOUNTS_PER_CALL} of {POOL}: <= 10 requests",
                f"{native_requests} requests in {native_seconds:.2f} s (union {union} accounts "
                f"= {batches_needed(union)} requests; one request per call = {CALLS})",
                native_requests <= 10,
            ),
            Figure(
                "native: no account asked twice",
                f"{native_stats['accounts_asked_twice']} asked twice; "
                f"{native_stats['distinct_accounts_asked']} distinct asked of {union}",
                native_stats["accounts_asked_twice"] == 0
                and native_stats["distinct_accounts_asked"] == union,
            ),
            Figure(
                f"dynamic provider, same {CALLS} calls (4-thread server), for comparison",
                f"{dynamic_stats['requests']} requests in {dynamic_seconds:.2f} s",
                None,
            ),
        ]
    )


if __name__ == "__main__":
    main()
