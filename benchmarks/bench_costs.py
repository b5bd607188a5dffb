"""Trials and estimated costs together: 10,000 accounts with usage.

Targets: the read service with ``include_costs`` sends exactly ceil(N/100) = 100
BatchGetFreeTrialInfo requests and ceil(N/500) = 20 ListUsageTotals requests (every synthesized
account has usage, so each chunk of 500 ids is one full page), and takes at most 0.25x the time of
what a user would write by hand: a plain boto3 client, a serial loop over batches of 100 for the
trials, then ListUsageTotals over chunks of 7,000 ids following nextToken page by page. Each
measurement runs in a fresh interpreter (``--worker``), imports paid before the clock starts.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    REGION,
    EmulatorProcess,
    Figure,
    account_ids,
    batches_needed,
    emulator_data,
    report,
    run_worker,
    timed_in_this_process,
)

ACCOUNTS = 10_000
RUNS = 3
TARGET_RATIO = 0.25


def serial_boto3_loop(endpoint_url: str) -> int:
    """The baseline: both operations by hand, one request after another."""
    import boto3

    client = boto3.client("inspector2", region_name=REGION, endpoint_url=endpoint_url)
    ids = account_ids(ACCOUNTS)
    resolved = 0
    for start in range(0, len(ids), 100):
        resolved += len(
            client.batch_get_free_trial_info(accountIds=ids[start : start + 100])["accounts"]
        )
    priced = 0
    for start in range(0, len(ids), 7_000):
        pages = client.get_paginator("list_usage_totals").paginate(
            accountIds=ids[start : start + 7_000], PaginationConfig={"PageSize": 500}
        )
        priced += sum(len(page["totals"]) for page in pages)
    return resolved + priced


def read_service(endpoint_url: str) -> int:
    from pulumi_inspector_trial.aws.resolver import TrialResolver
    from pulumi_inspector_trial.read.query import AwsSettings, TrialQuery
    from pulumi_inspector_trial.read.service import read_free_trials

    query = TrialQuery(
        tuple(account_ids(ACCOUNTS)),
        AwsSettings(region=REGION, endpoint_url=endpoint_url),
        include_costs=True,
    )
    read = read_free_trials(query, resolver_for=TrialResolver)
    return len(read.result.accounts) + len(read.costs or {})


def worker(kind: str, endpoint_url: str) -> dict[str, float]:
    return timed_in_this_process(
        {"baseline": serial_boto3_loop, "ours": read_service}[kind], endpoint_url
    )


def main() -> list[Figure]:
    print(f"Costs: {ACCOUNTS:,} accounts with usage, trials and estimates, 100 ms a request")
    times: dict[str, list[float]] = {"baseline": [], "ours": []}
    counts: Counter[str] = Counter()
    with EmulatorProcess(emulator_data()) as emulator:
        for _ in range(RUNS):
            for kind in ("baseline", "ours"):
                emulator.reset()
                run = run_worker("bench_costs.py", "--worker", kind, emulator.endpoint_url)
                times[kind].append(run["seconds"])
                if kind == "ours":
                    assert run["answered"] == 2 * ACCOUNTS, run
                    counts = Counter(r["operation"] for r in emulator.requests())
    serial, ours = statistics.median(times["baseline"]), statistics.median(times["ours"])
    ratio = ours / serial
    trials, usage = batches_needed(ACCOUNTS), math.ceil(ACCOUNTS / 500)
    return report(
        [
            Figure(
                f"costs: requests = {trials} trial + {usage} usage",
                f"{counts['BatchGetFreeTrialInfo']} BatchGetFreeTrialInfo + "
                f"{counts['ListUsageTotals']} ListUsageTotals",
                counts["BatchGetFreeTrialInfo"] == trials and counts["ListUsageTotals"] == usage,
            ),
            Figure(
                f"costs: trials + costs <= {TARGET_RATIO}x serial boto3",
                f"{ratio:.3f}x ({ours:.2f} s vs {serial:.2f} s, medians of {RUNS})",
                ratio <= TARGET_RATIO,
            ),
        ]
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", nargs=2, metavar=("KIND", "ENDPOINT_URL"))
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(worker(*options.worker)))
    else:
        main()
