"""The command line, ``inspector-trial``: parser, commands, rendering and exit codes.

The only layer that writes to the terminal. ``main(argv) -> int`` runs one command; ``run`` is the
console script's entry point (``pulumi_inspector_trial.cli:run``).
"""

from .app import main, run

__all__ = ["main", "run"]
