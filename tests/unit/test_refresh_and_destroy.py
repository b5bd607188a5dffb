"""The provider pickled in ``fixtures/state-v0.1.0.json`` (a ``FreeTrialInfo`` of 0.1.0) is still
what this version writes (refresh and destroy of that state:
tests/process/test_refresh_and_destroy.py).
"""

from __future__ import annotations

import json

from support.paths import FIXTURES

from pulumi_inspector_trial.testing import serialized_provider

STATE = json.loads((FIXTURES / "state-v0.1.0.json").read_text())


def test_the_recorded_provider_is_still_what_this_version_writes():
    """If this changes, old state must still load: the refresh test above is the proof."""
    assert STATE["inputs"]["__provider"] == serialized_provider()
