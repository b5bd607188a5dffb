"""Inspector through boto3: the client, its errors as sentences, one read's calls, the batch,
members and usage reads, the resolver and botocore's logs redacted. The only layer that imports
boto3 or botocore."""
