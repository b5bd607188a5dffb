"""Target 5: bounded concurrency and throttling absorbed by botocore's adaptive retry.

10,000 accounts against an emulator that accepts 20 requests a second (beyond that it answers
ThrottlingException, as the service's token bucket does) and takes 100 ms a request. The run must
finish with every account resolved; the figures are the throttled answers seen against the
requests sent, and the time against the floor the rate sets (100 requests at 20/s: 5 s).
"""

from __future__ import annotations

import sys
import time
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
    report,
)

ACCOUNTS = 10_000
RATE = 20


def main() -> list[Figure]:
    print(f"Throttling: {ACCOUNTS:,} accounts, {RATE} requests/s allowed", flush=True)
    isolate_this_process()
    from pulumi_inspector_trial import ResolveLimits, TrialDataError
    from pulumi_inspector_trial.aws.resolver import resolve_free_trials

    limits = ResolveLimits()
    floor = batches_needed(ACCOUNTS) / RATE
    with EmulatorProcess(emulator_data()) as emulator:
        emulator.set_faults(max_requests_per_second=RATE)
        started = time.perf_counter()
        try:
            result = resolve_free_trials(
                account_ids(ACCOUNTS), region=REGION, endpoint_url=emulator.endpoint_url
            )
            outcome = f"resolved {len(result.accounts):,}, failed {len(result.failed_accounts)}"
            complete = len(result.accounts) == ACCOUNTS
        except TrialDataError as error:
            outcome, complete = f"gave up: {error}", False
        seconds = time.perf_counter() - started
        stats = emulator.stats()
    return report(
        [
            Figure(
                f"5. all {ACCOUNTS:,} resolved at {RATE} req/s "
                f"(max_concurrency={limits.max_concurrency}, {limits.retry_mode})",
                f"{outcome} in {seconds:.1f} s (rate floor {floor:.0f} s)",
                complete,
            ),
            Figure(
                "5. throttled answers vs requests sent",
                f"{stats['throttled']} throttled of {stats['requests']} requests "
                f"({stats['answered']} answered)",
                None,
            ),
        ]
    )


if __name__ == "__main__":
    main()
