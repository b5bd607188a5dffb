"""Many invokes at once through the native plugin share batches: the request count the
benchmark's figure rests on (benchmarks/bench_native_plugin.py prints it beside the dynamic
provider's). No assertion here is about time."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

from support.factories import account_ids

from pulumi_inspector_trial.emulator import Organisation
from pulumi_inspector_trial.plugin.names import GET_FREE_TRIAL_INFO, GET_SCAN_TYPES

INVOKES = 50
PER_INVOKE = 10
POOL = 500


def test_fifty_concurrent_invokes_over_five_hundred_accounts_cost_at_most_ten_requests(
    native_plugin, make_emulator
):
    emulator = make_emulator(Organisation(members={}, synthesize_members=True))
    chooser = random.Random(11)
    pool = account_ids(POOL, first=300_000_000_000)
    calls = [chooser.sample(pool, PER_INVOKE) for _ in range(INVOKES)]
    url = emulator.endpoint_url

    def invoke(n: int):
        token = GET_SCAN_TYPES if n % 2 else GET_FREE_TRIAL_INFO  # both share the batches
        return native_plugin.invoke(token, {"accountIds": calls[n], "endpointUrl": url})

    with ThreadPoolExecutor(max_workers=INVOKES) as callers:
        results = list(callers.map(invoke, range(INVOKES)))

    assert all(result.failures == [] for result in results)
    assert results[0].outputs["accountIds"] == sorted(calls[0])
    assert set(results[1].outputs["decisions"]) == set(calls[1])
    asked = Counter(i for r in emulator.backend.requests for i in r.account_ids)
    union = {i for call in calls for i in call}
    assert asked == Counter(union)  # each account asked once
    assert emulator.backend.request_count() <= 10
