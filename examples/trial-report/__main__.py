"""Read the Inspector free-trial status of the accounts in stack config, and export it.

    pulumi config set --secret --path 'accountIds[0]' 111122223333
    pulumi config set aws:region us-east-1
    pulumi preview          # the trial data is already in the preview's outputs

The account ids are read as a secret, so every output that names an account is secret too, in the
stack's state as well (``pulumi stack output --show-secrets`` shows them).

Against the local emulator instead of AWS: run ``inspector-trial emulator`` and
``pulumi config set endpointUrl http://127.0.0.1:4580``.
"""

import pulumi

from pulumi_inspector_trial import FreeTrialInfo

config = pulumi.Config()

trial = FreeTrialInfo(
    "trial",
    account_ids=config.require_secret_object("accountIds"),
    endpoint_url=config.get("endpointUrl"),
    # A report should show the accounts Inspector cannot answer for, not stop at them.
    allow_failed_accounts=True,
)

pulumi.export("accounts", trial.accounts)
pulumi.export("failed_accounts", trial.failed_accounts)
pulumi.export("active_types", trial.active_types)
