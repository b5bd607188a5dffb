"""Enable AWS Inspector scan types only while their free trial runs, account by account.

    pulumi config set aws:region us-east-1
    pulumi config set --path 'accountIds[0]' 111122223333
    pulumi config set --path 'wantedTypes[0]' EC2    # optional: every Enabler type by default
    pulumi config set minDaysLeft 7                   # optional: 0 by default
    pulumi config set --path 'regions[0]' us-east-1   # optional: several regions at once
    pulumi config set --path 'regions[1]' eu-west-1
    pulumi preview

The decision is made each time the program runs: a trial that has ended (or has fewer than
``minDaysLeft`` days to go) drops its type from the account's Enabler at the next ``pulumi up``.
Trials are regional: with ``regions`` each region is read and gets its own Enablers; without it,
the stack's ``aws:region`` is used.
See README.md for a run against the local emulator.
"""

import pulumi

from pulumi_inspector_trial import GatedEnabler
from pulumi_inspector_trial.gating import ENABLER_RESOURCE_TYPES

config = pulumi.Config()

gate = GatedEnabler(
    "inspector",
    account_ids=config.require_object("accountIds"),
    wanted_types=config.get_object("wantedTypes", ENABLER_RESOURCE_TYPES),
    min_days_left=config.get_int("minDaysLeft", 0),
    regions=config.get_object("regions"),
    endpoint_url=config.get("endpointUrl"),
)

pulumi.export("decisions", gate.decision_documents)
pulumi.export("enabled_accounts", gate.enabled_accounts)
