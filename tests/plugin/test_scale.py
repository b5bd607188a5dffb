"""Request counts at organisation scale through the real provider plugin: concurrent reads ask
each account once (no assertion about time; the rest: tests/emulator/test_scale.py).
"""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from support.factories import account_ids

from pulumi_inspector_trial.emulator import Organisation
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE

SYNTHESIZED = Organisation(members={}, synthesize_members=True)
URN_PREFIX = f"urn:pulumi:dev::scale::{FREE_TRIAL_INFO_TYPE}::"


def draw_reads(reads: int, per_read: int, pool: int, seed: int = 7) -> list[list[str]]:
    chooser = random.Random(seed)
    ids = account_ids(pool, first=200_000_000_000)
    return [chooser.sample(ids, per_read) for _ in range(reads)]


def asked_ids(emulator) -> Counter[str]:
    return Counter(i for r in emulator.backend.requests for i in r.account_ids)


def test_concurrent_reads_through_the_plugin_ask_each_account_once(plugin, make_emulator):
    emulator = make_emulator(SYNTHESIZED)
    reads = draw_reads(reads=24, per_read=40, pool=300)

    def read(n: int) -> dict:
        inputs = {"account_ids": reads[n], "endpoint_url": emulator.endpoint_url}
        return plugin.read(f"trial-{n}", f"{URN_PREFIX}trial-{n}", inputs=inputs)[1]

    with ThreadPoolExecutor(max_workers=12) as engine:
        outputs = list(engine.map(read, range(len(reads))))
    for read_ids, output in zip(reads, outputs, strict=True):
        assert output["account_ids"] == sorted(read_ids)
        assert [a["account_id"] for a in output["accounts"]] == sorted(read_ids)
    union = {i for ids in reads for i in ids}
    asked = asked_ids(emulator)
    assert max(asked.values()) == 1
    assert set(asked) == union
    # As for the cache called directly: full batches, plus at most one part batch per read.
    assert emulator.backend.request_count() <= len(union) // 100 + len(reads)

    sent = emulator.backend.request_count()
    read(0)
    assert emulator.backend.request_count() == sent
