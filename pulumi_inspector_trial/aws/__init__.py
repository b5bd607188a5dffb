"""Inspector through boto3: the client, its errors as sentences, the resolver and botocore's logs
redacted. The only layer that imports boto3 or botocore."""
