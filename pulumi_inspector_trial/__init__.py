"""See AWS Inspector free-trial status in Pulumi stacks and gate scan types on it."""
