"""One read of trials: the query, its defaults from the stack and the environment, the one
service every entry point reads through, what a resolver answers, the per-process cache and the
waiting."""
