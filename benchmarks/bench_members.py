"""The whole organisation: 10,000 associated members, their trials and what each has enabled.

ListMembers answers 50 members a page, and each page needs the last one's token, so listing
10,000 members is 200 requests one after another: the paging floor, which no reader can beat.
Targets: the read service with ``members=True, include_account_status=True`` sends exactly 200
ListMembers, ceil(N/100) = 100 BatchGetFreeTrialInfo and 100 BatchGetAccountStatus requests, and
takes at most 1.15x the floor measured in the same run (the read's own paging, ``member_pages``,
through the client and limits the read uses, listing the members alone): the batches go out
while later pages still arrive. Each measurement runs in a fresh interpreter (``--worker``),
imports paid before the clock starts; the client is built inside the clock in both.
"""

from __future__ import annotations

import argparse
import json
import math
import statistics
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    API_LATENCY_SECONDS,
    REGION,
    EmulatorProcess,
    Figure,
    batches_needed,
    report,
    run_worker,
    timed_in_this_process,
)

MEMBERS = 10_000
PAGE_SIZE = 50
RUNS = 3
TARGET_RATIO = 1.15


def organisation() -> dict[str, Any]:
    """A data file: 10,000 listed synthesized members; 100 ms a request."""
    return {
        "synthesizeMembers": True,
        "synthesizedMemberCount": MEMBERS,
        "faults": {"latency_seconds": API_LATENCY_SECONDS},
    }


def paging_floor(endpoint_url: str) -> int:
    """ListMembers alone, page after page: the read's own paging (``member_pages``) through the
    client the read builds, with the read's settings and limits, and nothing else."""
    from pulumi_inspector_trial.aws.calls import Calls
    from pulumi_inspector_trial.aws.client import inspector_client
    from pulumi_inspector_trial.aws.members import member_pages
    from pulumi_inspector_trial.read.query import AwsSettings
    from pulumi_inspector_trial.read.service import StackDefaults

    settings = AwsSettings(region=REGION, endpoint_url=endpoint_url)
    limits = StackDefaults().limits  # what read_free_trials gives the read's resolver
    calls = Calls(inspector_client(settings, limits), settings, limits)
    deadline = time.monotonic() + limits.total_timeout
    return sum(len(page) for page in member_pages(calls, deadline))


def read_service(endpoint_url: str) -> int:
    from pulumi_inspector_trial.aws.resolver import TrialResolver
    from pulumi_inspector_trial.domain.validation import AccountIds
    from pulumi_inspector_trial.read.query import AwsSettings, TrialQuery
    from pulumi_inspector_trial.read.service import read_free_trials

    query = TrialQuery(
        AccountIds(),
        AwsSettings(region=REGION, endpoint_url=endpoint_url),
        members=True,
        include_account_status=True,
    )
    read = read_free_trials(query, resolver_for=TrialResolver)
    return len(read.result.accounts) + len(read.enabled_types or {})


def worker(kind: str, endpoint_url: str) -> dict[str, float]:
    return timed_in_this_process({"floor": paging_floor, "ours": read_service}[kind], endpoint_url)


def main() -> list[Figure]:
    pages = math.ceil(MEMBERS / PAGE_SIZE)
    print(
        f"Members: {MEMBERS:,} associated members ({pages} pages of {PAGE_SIZE}), their trials "
        f"and account status, {API_LATENCY_SECONDS * 1000:.0f} ms a request"
    )
    times: dict[str, list[float]] = {"floor": [], "ours": []}
    counts: Counter[str] = Counter()
    with EmulatorProcess(organisation()) as emulator:
        for number in range(RUNS):
            # Turn about, so neither is always the one that runs on a machine just warmed up.
            for kind in ("floor", "ours") if number % 2 == 0 else ("ours", "floor"):
                emulator.reset()
                run = run_worker("bench_members.py", "--worker", kind, emulator.endpoint_url)
                times[kind].append(run["seconds"])
                expected = MEMBERS if kind == "floor" else 2 * MEMBERS
                assert run["answered"] == expected, run
                if kind == "ours":
                    counts = Counter(r["operation"] for r in emulator.requests())
    floor, ours = statistics.median(times["floor"]), statistics.median(times["ours"])
    ratio = ours / floor
    batches = batches_needed(MEMBERS)
    return report(
        [
            Figure(
                f"members: requests = {pages} pages + {batches} trial + {batches} status",
                f"{counts['ListMembers']} ListMembers + {counts['BatchGetFreeTrialInfo']} "
                f"BatchGetFreeTrialInfo + {counts['BatchGetAccountStatus']} "
                "BatchGetAccountStatus",
                counts["ListMembers"] == pages
                and counts["BatchGetFreeTrialInfo"] == batches
                and counts["BatchGetAccountStatus"] == batches,
            ),
            Figure(
                f"members: whole read <= {TARGET_RATIO}x the paging floor",
                f"{ratio:.3f}x ({ours:.2f} s vs {floor:.2f} s floor, medians of {RUNS})",
                ratio <= TARGET_RATIO,
            ),
            Figure(
                "members: the emulator's latency alone, pages one after another",
                f"{pages} x {API_LATENCY_SECONDS * 1000:.0f} ms = "
                f"{pages * API_LATENCY_SECONDS:.1f} s (the rest is each request's own overhead)",
                None,
            ),
            Figure(
                "members: the floor's cost a page, beyond the latency",
                f"{(floor / pages - API_LATENCY_SECONDS) * 1000:.1f} ms "
                f"({floor / pages * 1000:.1f} ms a page)",
                None,
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
