"""What the tests share: runners, factories, sample data and the fake-AWS environment.

Not a test module; the tier folders import from here (``from support.cli_runner import at``).
"""
