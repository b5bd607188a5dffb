"""The rules: trials, costs, account ids, gating, checks, validation, wording and errors. Imports
no pulumi, boto3 or grpc."""
