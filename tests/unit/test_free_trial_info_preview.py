"""Programs at preview, refused before any read: missing account ids are a ``TypeError`` naming
them (reads through the real plugin: tests/plugin/test_free_trial_info_preview.py)."""

from __future__ import annotations

import pytest

from pulumi_inspector_trial import FreeTrialInfoArgs


def test_missing_account_ids_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match="account_ids"):
        FreeTrialInfoArgs()
