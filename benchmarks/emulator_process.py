"""Serve the emulator in its own process for the benchmarks, and answer questions on stdin.

``python benchmarks/emulator_process.py --data FILE`` serves ``FILE`` (the format of
``inspector-trial emulator --data``), prints the endpoint URL on its first stdout line, then reads
one command a line from stdin and answers with one JSON line:

- ``stats``: what the backend answered since the last ``reset`` (requests, throttled, ...);
- ``reset``: forget recorded requests and rewind fault counters;
- end of input: stop.

The emulator itself has no stats endpoint, and should not grow one for benchmarks: the backend's
``requests`` are read here, in the process that serves them.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter

from pulumi_inspector_trial.emulator import EmulatorServer, InspectorBackend, load_data_file
from pulumi_inspector_trial.emulator.models import BATCH_GET_FREE_TRIAL_INFO


def stats(backend: InspectorBackend) -> dict[str, object]:
    batch = [r for r in backend.requests if r.operation == BATCH_GET_FREE_TRIAL_INFO]
    statuses = Counter(r.status for r in batch)
    answered = [r for r in batch if r.status == 200]
    asked = Counter(i for r in answered for i in r.account_ids)
    return {
        "requests": len(batch),
        "answered": len(answered),
        "throttled": statuses.get(429, 0),
        "server_errors": sum(n for status, n in statuses.items() if status >= 500),
        "accounts_asked": sum(asked.values()),
        "distinct_accounts_asked": len(asked),
        "accounts_asked_twice": sum(1 for n in asked.values() if n > 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True, help="an emulator data file")
    args = parser.parse_args(argv)
    organisation, faults = load_data_file(args.data)
    backend = InspectorBackend(organisation, faults)
    with EmulatorServer(backend, host="127.0.0.1", port=0) as server:
        print(server.endpoint_url, flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "stats":
                print(json.dumps(stats(backend)), flush=True)
            elif command == "reset":
                backend.reset()
                print(json.dumps({"reset": True}), flush=True)
            else:
                print(json.dumps({"error": f"unknown command {command!r}"}), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
