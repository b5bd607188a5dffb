import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as inspectortrial from "@pulumi/inspectortrial";

const config = new pulumi.Config();
const accountIds = config.requireObject<string[]>("accountIds");
const minDaysLeft = config.getNumber("minDaysLeft") ?? 7;

// An awaited invoke: the program knows, while it runs, which accounts get an Enabler at all
// (an Enabler refuses an empty list of types). It runs at `pulumi preview` as at `pulumi up`.
export = async () => {
    const gate = await inspectortrial.getScanTypes({
        accountIds,
        wantedTypes: ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"],
        minDaysLeft,
    });

    for (const [accountId, resourceTypes] of Object.entries(gate.resourceTypes)) {
        new aws.inspector2.Enabler(`inspector-${accountId}`, {
            accountIds: [accountId],
            resourceTypes,
        });
    }

    // The same data as a plain read, for the stack's outputs.
    const trials = inspectortrial.getFreeTrialInfoOutput({ accountIds });

    return {
        enabledAccounts: Object.keys(gate.resourceTypes),
        skippedAccounts: gate.skippedAccounts,
        activeTypes: trials.activeTypes,
    };
};
