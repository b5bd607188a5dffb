# Enables AWS Inspector scan types in each account only while their free trial covers them.
#
# `inspector-trial terraform-external` (pip install pulumi-inspector-trial; it must be on PATH)
# reads the trials with inspector2:BatchGetFreeTrialInfo at every plan and answers, per account,
# the Enabler resource types to turn on: "EC2,ECR,LAMBDA" or "" when nothing is left. Accounts
# with nothing to enable get no aws_inspector2_enabler at all.

terraform {
  required_version = ">= 1.3"
  required_providers {
    aws = {
      source  = "hashicorp/aws"
      version = ">= 5.0"
    }
    external = {
      source  = "hashicorp/external"
      version = ">= 2.3"
    }
  }
}

variable "account_ids" {
  description = "The 12-digit ids of the accounts to enable Inspector in (the delegated administrator's members)."
  type        = list(string)
}

variable "region" {
  description = "Where the trials are read and the Enablers go."
  type        = string
  default     = "us-east-1"
}

variable "wanted_types" {
  description = "The Enabler resource types to consider."
  type        = list(string)
  default     = ["EC2", "ECR", "LAMBDA", "LAMBDA_CODE", "CODE_REPOSITORY"]
}

variable "min_days_left" {
  description = "Whole days a trial must still run for its type to be enabled."
  type        = number
  default     = 3
}

variable "always_enable" {
  description = "Types already paid for: enabled whatever their trial says."
  type        = list(string)
  default     = []
}

variable "max_monthly_cost" {
  description = "USD a month per account: types past their trial stay enabled, cheapest first, while their estimated cost fits (reads inspector2:ListUsageTotals). null: no budget."
  type        = number
  default     = null
}

variable "allow_failed_accounts" {
  description = "false: an account whose trials cannot be read fails the plan, naming it. true: it gets nothing and the plan goes on."
  type        = bool
  default     = false
}

variable "endpoint_url" {
  description = "Another Inspector endpoint to read the trials from (the package's emulator, say). null: AWS."
  type        = string
  default     = null
}

provider "aws" {
  region = var.region
}

# Every query value is a string: lists are comma-separated. A null value is left out of the query
# (hashicorp/external 2.3.2 and later; 2.3.1 sends "", which the command also reads as unset).
data "external" "inspector_trials" {
  program = ["inspector-trial", "terraform-external"]

  query = {
    account_ids           = join(",", var.account_ids)
    region                = var.region
    wanted_types          = join(",", var.wanted_types)
    min_days_left         = tostring(var.min_days_left)
    always_enable         = join(",", var.always_enable)
    max_monthly_cost      = var.max_monthly_cost == null ? null : tostring(var.max_monthly_cost)
    allow_failed_accounts = tostring(var.allow_failed_accounts)
    endpoint_url          = var.endpoint_url
  }
}

locals {
  # The result: one key per account id (its types, comma-separated) and "json" (everything).
  trials = jsondecode(data.external.inspector_trials.result.json)

  # Only the accounts with something to enable: an Enabler needs at least one type.
  resource_types = {
    for account_id, types in data.external.inspector_trials.result :
    account_id => split(",", types)
    if account_id != "json" && types != ""
  }
}

resource "aws_inspector2_enabler" "trial" {
  for_each = local.resource_types

  account_ids    = [each.key]
  resource_types = each.value
}

output "enabled" {
  description = "The types each account gets."
  value       = local.resource_types
}

output "decisions" {
  description = "Per account, what is enabled and what is skipped, and why."
  value       = { for account_id, decision in local.trials.decisions : account_id => decision.summary }
}

output "failed_accounts" {
  description = "Accounts whose trials could not be read (with allow_failed_accounts = true): they get nothing."
  value       = [for failed in local.trials.failed_accounts : "${failed.account_id}: ${failed.code}"]
}
