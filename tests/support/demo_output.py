"""Reading the demo's output: its sections and the gating decision of each account."""

from __future__ import annotations

from pulumi_inspector_trial.emulator.sample import (
    SAMPLE_ACCOUNT_IDS,
)

BUDGET_PARAGRAPH = "With a budget of"


def decision_lines(output: str, *, budgeted: bool = False) -> dict[str, str]:
    """The gating section's lines, by account id: those without a budget, or (``budgeted``)
    those of the budget paragraph that follows them."""
    before, _, after = output.partition(BUDGET_PARAGRAPH)
    section = after.split("\n\n3.", 1)[0] if budgeted else before
    lines = [line.strip() for line in section.splitlines()]
    return {
        line.split(":", 1)[0]: line
        for line in lines
        if line[:12] in SAMPLE_ACCOUNT_IDS and line[12:14] == ": "
    }
