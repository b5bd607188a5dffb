"""``make bench``: every benchmark in one run, each figure printed beside its target.

The emulator runs in a separate process with 100 ms a request (see common.py). Exit status 0
whatever was measured: these are measurements for a person to read, not a test.
"""

from __future__ import annotations

import os
import platform
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench_batching
import bench_costs
import bench_ids_file
import bench_native_plugin
import bench_parsing
import bench_provider
import bench_regions
import bench_startup
import bench_throttling
from common import Figure

BENCHMARKS = (
    bench_batching,
    bench_regions,
    bench_costs,
    bench_provider,
    bench_native_plugin,
    bench_startup,
    bench_throttling,
    bench_parsing,
    bench_ids_file,
)


def cpu_model() -> str:
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or "unknown"


def main() -> int:
    print(
        f"Machine: {os.cpu_count()} CPUs, {cpu_model()}, Python {platform.python_version()}, "
        f"{platform.system()} {platform.release()}",
        flush=True,
    )
    started = time.perf_counter()
    figures: list[Figure] = []
    for benchmark in BENCHMARKS:
        print(flush=True)
        figures.extend(benchmark.main())
    print(f"\nSummary ({time.perf_counter() - started:.0f} s in all)")
    for figure in figures:
        if figure.met is not None:
            print(figure.line())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
