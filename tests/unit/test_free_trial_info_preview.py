"""Programs at preview: ``FreeTrialInfo`` is read through the real plugin, so its data is known."""

from __future__ import annotations

import pytest

from pulumi_inspector_trial import FreeTrialInfoArgs


def test_missing_account_ids_is_a_type_error_naming_it():
    with pytest.raises(TypeError, match="account_ids"):
        FreeTrialInfoArgs()
