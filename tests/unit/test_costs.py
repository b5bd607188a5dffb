"""After the trial, without a network: an access denied on usage, answered through botocore's
Stubber, names the permission costs need (against the emulator: tests/emulator/test_costs.py)."""

from __future__ import annotations

import pytest

from pulumi_inspector_trial.aws.resolver import TrialResolver
from pulumi_inspector_trial.domain.errors import TrialDataError
from pulumi_inspector_trial.emulator.sample import (
    FRESH_ACCOUNT,
)
from pulumi_inspector_trial.read.query import AwsSettings

# --- the library -----------------------------------------------------------------------------


def test_an_access_denied_on_usage_names_the_permission_costs_need():
    import botocore.session
    from botocore.stub import Stubber

    client = botocore.session.get_session().create_client(
        "inspector2", region_name="us-east-1", aws_access_key_id="x", aws_secret_access_key="x"
    )
    with Stubber(client) as stub:
        stub.add_client_error("list_usage_totals", "AccessDeniedException", "not allowed", 403)
        resolver = TrialResolver(AwsSettings(region="us-east-1"), client=client)
        with pytest.raises(TrialDataError, match="inspector2:ListUsageTotals"):
            resolver.resolve_costs([FRESH_ACCOUNT])
