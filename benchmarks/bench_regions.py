"""Several regions in one run: 5,000 accounts in each of 3 regions through the command line.

Target: exactly ceil(5,000/100) = 50 requests per region, 150 in all, and the whole command
(``inspector-trial status --region A,B,C``, a fresh process, imports included) at most 0.15x the
time of what a user would write by hand: a plain boto3 client per region and a serial loop over
batches of 100, region after region. Regions must not wait for one another.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import (
    EmulatorProcess,
    Figure,
    account_ids,
    batches_needed,
    emulator_data,
    isolate_this_process,
    isolated_aws_env,
    report,
    run_worker,
)

ACCOUNTS = 5_000
REGIONS = ("us-east-1", "eu-west-1", "ap-southeast-2")
RUNS = 3
TARGET_RATIO = 0.15


def serial_boto3_loop(endpoint_url: str) -> dict[str, float]:
    """The baseline, in a fresh process: one boto3 client per region, batches one by one."""
    isolate_this_process()
    import boto3

    ids = account_ids(ACCOUNTS)
    clients = {
        region: boto3.client("inspector2", region_name=region, endpoint_url=endpoint_url)
        for region in REGIONS
    }
    started = time.perf_counter()
    resolved = 0
    for client in clients.values():
        for start in range(0, len(ids), 100):
            answer = client.batch_get_free_trial_info(accountIds=ids[start : start + 100])
            resolved += len(answer["accounts"])
    return {"seconds": time.perf_counter() - started, "resolved": resolved}


def command_line(endpoint_url: str, ids_file: str) -> tuple[float, int]:
    """``inspector-trial status`` over every region, timed from outside the process."""
    started = time.perf_counter()
    completed = subprocess.run(
        [
            sys.executable,
            "-m",
            "pulumi_inspector_trial",
            "status",
            "--output",
            "json",
            "--region",
            ",".join(REGIONS),
            "--endpoint-url",
            endpoint_url,
            "--account-ids-file",
            ids_file,
        ],
        capture_output=True,
        text=True,
        env=isolated_aws_env(),
        check=False,
    )
    seconds = time.perf_counter() - started
    if completed.returncode != 0:
        raise RuntimeError(f"inspector-trial status failed:\n{completed.stderr}")
    return seconds, len(json.loads(completed.stdout)["accounts"])


def main() -> list[Figure]:
    print(f"Several regions: {ACCOUNTS:,} accounts x {len(REGIONS)} regions, 100 ms a request")
    with (
        EmulatorProcess(emulator_data()) as emulator,
        tempfile.NamedTemporaryFile("w", suffix=".txt") as ids_file,
    ):
        ids_file.write("\n".join(account_ids(ACCOUNTS)))
        ids_file.flush()
        baseline, ours, per_region = [], [], Counter[str]()
        for _ in range(RUNS):
            emulator.reset()
            run = run_worker("bench_regions.py", "--worker", emulator.endpoint_url)
            assert run["resolved"] == ACCOUNTS * len(REGIONS)
            baseline.append(run["seconds"])
            emulator.reset()
            seconds, resolved = command_line(emulator.endpoint_url, ids_file.name)
            assert resolved == ACCOUNTS * len(REGIONS)
            ours.append(seconds)
            per_region = Counter(
                r["region"]
                for r in emulator.requests()
                if r["operation"] == "BatchGetFreeTrialInfo"
            )
    serial, cli = statistics.median(baseline), statistics.median(ours)
    ratio = cli / serial
    expected = batches_needed(ACCOUNTS)
    return report(
        [
            Figure(
                f"{len(REGIONS)} regions: requests = {expected} per region",
                ", ".join(f"{region} {per_region[region]}" for region in REGIONS)
                + f" ({sum(per_region.values())} in all)",
                all(per_region[region] == expected for region in REGIONS)
                and sum(per_region.values()) == expected * len(REGIONS),
            ),
            Figure(
                f"{len(REGIONS)} regions: command line <= {TARGET_RATIO}x serial boto3",
                f"{ratio:.3f}x ({cli:.2f} s vs {serial:.2f} s, medians of {RUNS})",
                ratio <= TARGET_RATIO,
            ),
        ]
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--worker", metavar="ENDPOINT_URL")
    options = parser.parse_args()
    if options.worker:
        print(json.dumps(serial_boto3_loop(options.worker)))
    else:
        main()
