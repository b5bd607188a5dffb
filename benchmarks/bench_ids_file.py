"""A large ``--account-ids-file``: the ids are checked, deduplicated and sorted once.

``inspector-trial status --account-ids-file FILE`` runs in this process with the requests
themselves left out (``TrialResolver.resolve_ids`` answers nothing at once), so what is timed is
reading the file and every layer the ids pass through before the first request. Beside it, one
``normalize_account_ids`` of the same ids as a plain list: the cost of a single check and sort.
Normalised once, the command costs about that one pass plus reading the file; each extra pass a
layer made would add a whole one. No network: CPU only.

``python benchmarks/bench_ids_file.py [COUNT]`` (4,000,000 by default under ``make bench``'s
``BENCH_IDS``, else 1,000,000).
"""

from __future__ import annotations

import io
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import Figure, account_ids, isolate_this_process, report

ROUNDS = 2


def write_ids_file(count: int, directory: str) -> Path:
    ids = account_ids(count)
    random.Random(17).shuffle(ids)  # a file is rarely sorted already; sorting is part of the cost
    path = Path(directory) / "accounts.txt"
    path.write_text("\n".join(ids) + "\n", encoding="utf-8")
    return path


def time_command(path: Path) -> float:
    from pulumi_inspector_trial.aws.resolver import BatchAnswer, TrialResolver
    from pulumi_inspector_trial.cli import main

    def answer_nothing(self: TrialResolver, ids: object, deadline: float) -> BatchAnswer:
        return BatchAnswer(accounts=(), failed_accounts=())

    original = TrialResolver.resolve_ids
    TrialResolver.resolve_ids = answer_nothing  # type: ignore[method-assign]
    try:
        argv = ["status", "--region", "us-east-1", "--endpoint-url", "http://127.0.0.1:9"]
        started = time.perf_counter()
        code = main([*argv, "--account-ids-file", str(path)], stdout=io.StringIO())
        elapsed = time.perf_counter() - started
    finally:
        TrialResolver.resolve_ids = original  # type: ignore[method-assign]
    assert code == 0, code
    return elapsed


def time_one_normalisation(path: Path) -> float:
    from pulumi_inspector_trial.domain.validation import normalize_account_ids

    ids = path.read_text(encoding="utf-8").splitlines()
    started = time.perf_counter()
    normalize_account_ids(ids)
    return time.perf_counter() - started


def main(count: int | None = None) -> list[Figure]:
    count = count or int(os.environ.get("BENCH_IDS", "1000000"))
    isolate_this_process()
    print(f"Ids file: {count:,} distinct ids, shuffled, one a line", flush=True)
    with tempfile.TemporaryDirectory(prefix="inspector-trial-bench-") as directory:
        path = write_ids_file(count, directory)
        command, once = [], []
        for _ in range(ROUNDS):  # interleaved, so noise hits both alike
            command.append(time_command(path))
            once.append(time_one_normalisation(path))
    command_s, once_s = statistics.median(command), statistics.median(once)
    ratio = command_s / once_s
    return report(
        [
            Figure(
                "status up to the first request / one normalisation: < 2",
                f"{ratio:.2f}x ({command_s:.1f} s vs {once_s:.1f} s, median of {ROUNDS})",
                ratio < 2,
            )
        ]
    )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else None)
