"""Request counts at organisation scale, pinned against the in-process emulator.

No assertion here is about time: the figures with a 100 ms API are in benchmarks/. These pin what
the benchmarks' speed rests on: 100 accounts a request, INTERNAL_ERROR retries coalesced across
batches, and the per-process cache asking each account once however many reads share it.
"""

from __future__ import annotations

import math
import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from support.factories import account_ids

from pulumi_inspector_trial import ResolveLimits
from pulumi_inspector_trial.aws.resolver import TrialResolver, resolve_free_trials
from pulumi_inspector_trial.emulator import FaultPlan, Organisation
from pulumi_inspector_trial.read.batching import SharedTrialCache
from pulumi_inspector_trial.read.query import AwsSettings

SYNTHESIZED = Organisation(members={}, synthesize_members=True)
REGION = "us-east-1"
# A read that never goes out would fail the test by this guard, not hang it.
HANG_GUARD_SECONDS = 60


def draw_reads(reads: int, per_read: int, pool: int, seed: int = 7) -> list[list[str]]:
    chooser = random.Random(seed)
    ids = account_ids(pool, first=200_000_000_000)
    return [chooser.sample(ids, per_read) for _ in range(reads)]


def asked_ids(emulator) -> Counter[str]:
    return Counter(i for r in emulator.backend.requests for i in r.account_ids)


def shared_cache(emulator, **options) -> SharedTrialCache:
    settings = AwsSettings(region=REGION, endpoint_url=emulator.endpoint_url)
    return SharedTrialCache(TrialResolver(settings), **options)


def test_ten_thousand_accounts_cost_exactly_one_hundred_full_requests(make_emulator):
    emulator = make_emulator(SYNTHESIZED)
    ids = account_ids(10_000)
    result = resolve_free_trials(ids, region=REGION, endpoint_url=emulator.endpoint_url)
    assert len(result.accounts) == 10_000
    assert result.failed_accounts == ()
    assert emulator.backend.request_count() == 100
    assert {len(r.account_ids) for r in emulator.backend.requests} == {100}
    assert asked_ids(emulator) == Counter(ids)


def test_internal_errors_in_every_batch_are_retried_together(make_emulator):
    ids = account_ids(10_000)
    flaky = ids[25::50]  # two in every batch of 100
    emulator = make_emulator(SYNTHESIZED, FaultPlan(internal_error_accounts={i: 1 for i in flaky}))
    limits = ResolveLimits(internal_error_backoff=0)
    result = resolve_free_trials(
        ids, region=REGION, endpoint_url=emulator.endpoint_url, limits=limits
    )
    assert len(result.accounts) == 10_000
    assert result.failed_accounts == ()
    requests = emulator.backend.requests
    assert len(requests) == 100 + math.ceil(len(flaky) / 100)
    first_round, retries = requests[:100], requests[100:]
    assert all(set(r.account_ids) & set(flaky) for r in first_round)
    assert sorted(i for r in retries for i in r.account_ids) == sorted(flaky)


def test_concurrent_reads_through_one_cache_never_ask_an_account_twice(make_emulator):
    emulator = make_emulator(SYNTHESIZED)
    cache = shared_cache(emulator)
    reads = draw_reads(reads=50, per_read=40, pool=500)
    with ThreadPoolExecutor(max_workers=16) as readers:
        results = list(readers.map(cache.resolve, reads))
    for read, result in zip(reads, results, strict=True):
        assert sorted(a.account_id for a in result.accounts) == sorted(read)
    union = {i for read in reads for i in read}
    asked = asked_ids(emulator)
    assert max(asked.values()) == 1
    assert set(asked) == union
    # Every request is either a full batch of 100 (at most union // 100 of them) or a part batch
    # that took the whole queue, which only a read adding to it refills: at most one per read.
    assert emulator.backend.request_count() <= len(union) // 100 + len(reads)


def test_readers_that_fill_every_slot_share_one_request(make_emulator):
    """With every reader the process can hold waiting, the queue goes out at once, together.

    ``linger`` is far longer than the test: only the "nobody else can add" rule can send it.
    """
    emulator = make_emulator(SYNTHESIZED)
    reads = draw_reads(reads=16, per_read=5, pool=90)
    cache = shared_cache(emulator, max_readers=len(reads), linger=HANG_GUARD_SECONDS * 2)
    with ThreadPoolExecutor(max_workers=len(reads)) as readers:
        futures = [readers.submit(cache.resolve, read) for read in reads]
        results = [f.result(timeout=HANG_GUARD_SECONDS) for f in futures]
    assert [len(r.accounts) for r in results] == [5] * len(reads)
    assert emulator.backend.request_count() == 1
    assert set(asked_ids(emulator)) == {i for read in reads for i in read}


def test_a_second_read_of_cached_accounts_sends_no_request(make_emulator):
    emulator = make_emulator(SYNTHESIZED)
    cache = shared_cache(emulator)
    ids = account_ids(250)
    first = cache.resolve(ids)
    sent = emulator.backend.request_count()
    again = cache.resolve(list(reversed(ids[:120])))
    assert emulator.backend.request_count() == sent == 3
    assert again.accounts == tuple(a for a in first.accounts if a.account_id in set(ids[:120]))
