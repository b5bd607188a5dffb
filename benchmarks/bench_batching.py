"""Targets 1 and 2: 10,000 accounts against a 100 ms API, and INTERNAL_ERROR retries coalesced.

1. ``resolve_free_trials`` over 10,000 distinct accounts takes at most 0.25x (stretch 0.12x) the
   time of what a user would write by hand: a plain boto3 client and a serial loop over batches
   of 100. Exactly 100 requests. Peak memory of both (tracemalloc peak, ru_maxrss growth).
2. With 1 account in 50 answering INTERNAL_ERROR once, spread over every batch, the extra
   requests are ceil(retried / 100), not one per batch.

Each measurement of target 1 runs in a fresh interpreter (``--worker``), so imports are paid
before the clock starts and ru_maxrss growth belongs to that run alone.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    REGION,
    EmulatorProcess,
    Figure,
    account_ids,
    batches_needed,
    emulator_data,
    isolate_this_process,
    mebibytes,
    report,
    run_worker,
)

ACCOUNTS = 10_000
RESOLVER_RUNS = 3
INTERNAL_ERROR_EVERY = 50


def serial_boto3_loop(ids: list[str], endpoint_url: str) -> int:
    """The baseline: what a user writes with boto3 and no help."""
    import boto3

    client = boto3.client("inspector2", region_name=REGION, endpoint_url=endpoint_url)
    accounts = []
    for start in range(0, len(ids), 100):
        response = client.batch_get_free_trial_info(accountIds=ids[start : start + 100])
        accounts.extend(response["accounts"])
    return len(accounts)


def package_resolver(ids: list[str], endpoint_url: str) -> int:
    from pulumi_inspector_trial.aws.resolver import resolve_free_trials

    return len(resolve_free_trials(ids, region=REGION, endpoint_url=endpoint_url).accounts)


def worker(kind: str, endpoint_url: str, accounts: int, trace: bool) -> dict[str, float]:
    """One measured run in this (fresh) process."""
    isolate_this_process()
    import boto3  # noqa: F401 - imports are paid before the clock starts

    import pulumi_inspector_trial.aws.resolver  # noqa: F401

    run = {"baseline": serial_boto3_loop, "resolver": package_resolver}[kind]
    ids = account_ids(accounts)
    rss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if trace:
        tracemalloc.start()
    started = time.perf_counter()
    resolved = run(ids, endpoint_url)
    seconds = time.perf_counter() - started
    peak = tracemalloc.get_traced_memory()[1] if trace else 0
    rss_after = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds,
        "resolved": resolved,
        "tracemalloc_peak": peak,
        "maxrss_growth": (rss_after - rss_before) * 1024,
    }


def measure(emulator: EmulatorProcess, kind: str, *, trace: bool) -> dict[str, float]:
    emulator.reset()
    args = ["--worker", kind, "--endpoint", emulator.endpoint_url, "--accounts", str(ACCOUNTS)]
    result = run_worker("bench_batching.py", *args, *(["--trace"] if trace else []))
    result["requests"] = emulator.stats()["requests"]
    return result


def scale_figures() -> list[Figure]:
    with EmulatorProcess(emulator_data()) as emulator:
        baseline = measure(emulator, "baseline", trace=False)
        resolver_runs = [measure(emulator, "resolver", trace=False) for _ in range(RESOLVER_RUNS)]
        baseline_memory = measure(emulator, "baseline", trace=True)
        resolver_memory = measure(emulator, "resolver", trace=True)
    resolver_seconds = statistics.median(r["seconds"] for r in resolver_runs)
    ratio = resolver_seconds / baseline["seconds"]
    resolver_requests = sorted({r["requests"] for r in resolver_runs})
    all_resolved = all(r["resolved"] == ACCOUNTS for r in [baseline, *resolver_runs])
    return [
        Figure(
            f"1. {ACCOUNTS:,} accounts: time <= 0.25x serial boto3 loop",
            f"{ratio:.3f}x ({resolver_seconds:.2f} s, median of {RESOLVER_RUNS}, vs "
            f"{baseline['seconds']:.2f} s)",
            ratio <= 0.25,
        ),
        Figure("1. stretch: <= 0.12x", f"{ratio:.3f}x", ratio <= 0.12),
        Figure(
            f"1. exactly {batches_needed(ACCOUNTS)} requests, all accounts resolved",
            f"resolver {resolver_requests} requests, baseline {baseline['requests']}; "
            f"all resolved: {all_resolved}",
            resolver_requests == [batches_needed(ACCOUNTS)] and all_resolved,
        ),
        Figure(
            "1. peak memory (tracemalloc peak during the run)",
            f"resolver {mebibytes(resolver_memory['tracemalloc_peak'])}, "
            f"baseline {mebibytes(baseline_memory['tracemalloc_peak'])}",
            None,
        ),
        Figure(
            "1. peak memory (ru_maxrss growth during the run)",
            f"resolver {mebibytes(resolver_runs[0]['maxrss_growth'])}, "
            f"baseline {mebibytes(baseline['maxrss_growth'])}",
            None,
        ),
    ]


def retry_figures() -> list[Figure]:
    ids = account_ids(ACCOUNTS)
    # Every 50th account: two in each batch of 100, so every batch has something to retry.
    flaky = ids[INTERNAL_ERROR_EVERY // 2 :: INTERNAL_ERROR_EVERY]
    isolate_this_process()
    from pulumi_inspector_trial.aws.resolver import resolve_free_trials

    with EmulatorProcess(emulator_data()) as emulator:
        emulator.set_faults(internal_error_accounts={i: 1 for i in flaky})
        started = time.perf_counter()
        result = resolve_free_trials(ids, region=REGION, endpoint_url=emulator.endpoint_url)
        seconds = time.perf_counter() - started
        stats = emulator.stats()
    extra = stats["requests"] - batches_needed(ACCOUNTS)
    expected = batches_needed(len(flaky))
    return [
        Figure(
            f"2. {len(flaky)} accounts INTERNAL_ERROR once: extra = ceil(n/100) = {expected}",
            f"{extra} extra ({stats['requests']} requests in {seconds:.2f} s; one retry per "
            f"batch would be {batches_needed(ACCOUNTS)} extra); resolved "
            f"{len(result.accounts):,}, failed {len(result.failed_accounts)}",
            extra == expected and len(result.accounts) == ACCOUNTS,
        )
    ]


def main() -> list[Figure]:
    print("Batching: 10,000 accounts, emulator in its own process, 100 ms a request", flush=True)
    return report([*scale_figures(), *retry_figures()])


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", choices=("baseline", "resolver"))
    parser.add_argument("--endpoint")
    parser.add_argument("--accounts", type=int, default=ACCOUNTS)
    parser.add_argument("--trace", action="store_true")
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(worker(options.worker, options.endpoint, options.accounts, options.trace)))
    else:
        main()
