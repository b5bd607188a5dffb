"""``examples/trial-report`` as ``pulumi preview`` runs it: config in, trial data out, known."""

from __future__ import annotations

import runpy

from support.paths import REPO

from pulumi_inspector_trial.emulator.sample import FRESH_ACCOUNT, NON_MEMBER_ACCOUNT
from pulumi_inspector_trial.testing import FREE_TRIAL_INFO_TYPE

EXAMPLE = REPO / "examples" / "trial-report" / "__main__.py"


def test_trial_report_exports_known_trials_at_preview(preview, emulator):
    def program() -> None:
        runpy.run_path(str(EXAMPLE))

    run = preview(
        program,
        {
            "project:accountIds": f'["{NON_MEMBER_ACCOUNT}", "{FRESH_ACCOUNT}"]',
            "project:endpointUrl": emulator.endpoint_url,
        },
    )
    assert list(run.exports["active_types"]) == [FRESH_ACCOUNT]
    assert [f["account_id"] for f in run.exports["failed_accounts"]] == [NON_MEMBER_ACCOUNT]
    (registered,) = run.mocks.of_type(FREE_TRIAL_INFO_TYPE)
    assert registered.inputs["account_ids"] == [FRESH_ACCOUNT, NON_MEMBER_ACCOUNT]
    # The ids come from secret config: the state keeps everything that names an account secret.
    assert set(run.mocks.secret_outputs(registered.name)) >= {
        "account_ids",
        "accounts",
        "failed_accounts",
        "active_types",
    }
