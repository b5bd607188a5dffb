"""The schema's usage examples, one per function in each language its docs show.

They are text for the generated SDKs' docs; ``tests/native/test_examples.py`` holds every token,
argument and output they name to the schema the plugin serves.
"""

from __future__ import annotations

from typing import Final

from .names import GET_FREE_TRIAL_INFO, GET_SCAN_TYPES, NODEJS_PACKAGE, PYTHON_PACKAGE

_EXAMPLE_ACCOUNT = "111122223333"

SCAN_TYPES_EXAMPLES: Final = f"""

{{{{% examples %}}}}
## Example Usage
{{{{% example %}}}}
### Enable the scan types still on free trial

```typescript
import * as aws from "@pulumi/aws";
import * as inspectortrial from "{NODEJS_PACKAGE}";

export = async () => {{
    const gate = await inspectortrial.getScanTypes({{
        accountIds: ["{_EXAMPLE_ACCOUNT}"],
        minDaysLeft: 7,
    }});
    for (const [accountId, resourceTypes] of Object.entries(gate.resourceTypes)) {{
        new aws.inspector2.Enabler(`inspector-${{accountId}}`, {{
            accountIds: [accountId],
            resourceTypes,
        }});
    }}
    return {{ skipped: gate.skippedAccounts }};
}};
```
```python
import pulumi_aws as aws
import {PYTHON_PACKAGE} as inspectortrial

gate = inspectortrial.get_scan_types(account_ids=["{_EXAMPLE_ACCOUNT}"], min_days_left=7)
for account_id, resource_types in gate.resource_types.items():
    aws.inspector2.Enabler(f"inspector-{{account_id}}", account_ids=[account_id],
                           resource_types=resource_types)
```
```go
package main

import (
\t"github.com/pulumi/pulumi-aws/sdk/v7/go/aws/inspector2"
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
\t"example.com/sdks/inspectortrial"
)

func main() {{
\tpulumi.Run(func(ctx *pulumi.Context) error {{
\t\tgate, err := inspectortrial.GetScanTypes(ctx, &inspectortrial.GetScanTypesArgs{{
\t\t\tAccountIds:  []string{{"{_EXAMPLE_ACCOUNT}"}},
\t\t\tMinDaysLeft: pulumi.IntRef(7),
\t\t}}, nil)
\t\tif err != nil {{
\t\t\treturn err
\t\t}}
\t\tfor accountId, resourceTypes := range gate.ResourceTypes {{
\t\t\t_, err := inspector2.NewEnabler(ctx, "inspector-"+accountId, &inspector2.EnablerArgs{{
\t\t\t\tAccountIds:    pulumi.StringArray{{pulumi.String(accountId)}},
\t\t\t\tResourceTypes: pulumi.ToStringArray(resourceTypes),
\t\t\t}})
\t\t\tif err != nil {{
\t\t\t\treturn err
\t\t\t}}
\t\t}}
\t\treturn nil
\t}})
}}
```
```csharp
using System.Linq;
using Pulumi;
using Aws = Pulumi.Aws;
using Inspectortrial = Pulumi.Inspectortrial;

return await Deployment.RunAsync(async () =>
{{
    var gate = await Inspectortrial.GetScanTypes.InvokeAsync(new()
    {{
        AccountIds = {{ "{_EXAMPLE_ACCOUNT}" }},
        MinDaysLeft = 7,
    }});
    foreach (var (accountId, resourceTypes) in gate.ResourceTypes)
    {{
        new Aws.Inspector2.Enabler($"inspector-{{accountId}}", new()
        {{
            AccountIds = {{ accountId }},
            ResourceTypes = resourceTypes.ToList(),
        }});
    }}
}});
```
```yaml
variables:
  gate:
    fn::invoke:
      function: {GET_SCAN_TYPES}
      arguments:
        accountIds: ["{_EXAMPLE_ACCOUNT}"]
        minDaysLeft: 7
        alwaysEnable: [ECR]
resources:
  enabler:
    type: aws:inspector2:Enabler
    properties:
      accountIds: ["{_EXAMPLE_ACCOUNT}"]
      resourceTypes: ${{gate.resourceTypes["{_EXAMPLE_ACCOUNT}"]}}
```
{{{{% /example %}}}}
{{{{% /examples %}}}}"""

FREE_TRIAL_INFO_EXAMPLES: Final = f"""

{{{{% examples %}}}}
## Example Usage
{{{{% example %}}}}
### The trial types running in each account

```typescript
import * as inspectortrial from "{NODEJS_PACKAGE}";

const trials = inspectortrial.getFreeTrialInfoOutput({{ accountIds: ["{_EXAMPLE_ACCOUNT}"] }});
export const activeTypes = trials.activeTypes;
```
```python
import pulumi
import {PYTHON_PACKAGE} as inspectortrial

trials = inspectortrial.get_free_trial_info_output(account_ids=["{_EXAMPLE_ACCOUNT}"])
pulumi.export("active_types", trials.active_types)
```
```yaml
variables:
  trials:
    fn::invoke:
      function: {GET_FREE_TRIAL_INFO}
      arguments:
        accountIds: ["{_EXAMPLE_ACCOUNT}"]
outputs:
  activeTypes: ${{trials.activeTypes}}
```
{{{{% /example %}}}}
{{{{% /examples %}}}}"""

SECRETS_AND_PREVIEW: Final = (
    " Runs during `pulumi preview` as well as `pulumi up`: its outputs are known at preview. "
    "When any argument is a secret, every output that carries an account id is secret. "
    "When an argument is unknown at preview (it comes from a resource not yet created), the "
    "engine does not invoke the function: its outputs are unknown and nothing is read."
)
