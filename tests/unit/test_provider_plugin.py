"""The provider without a network: its serialized form is a small reference to the class (the
real plugin over gRPC: tests/plugin/test_provider_plugin.py).
"""

from __future__ import annotations

import base64

from pulumi_inspector_trial.testing import serialized_provider


def test_serialized_provider_is_a_small_reference_to_the_class():
    """Pickled by module and name, not by value (that it holds no credential: test_no_leaks)."""
    serialized = serialized_provider()
    raw = base64.b64decode(serialized)
    assert len(serialized) < 200
    assert b"pulumi_inspector_trial.provider" in raw and b"FreeTrialInfoProvider" in raw
