"""Terraform's side of ``inspector-trial terraform-external``: a query as the ``external`` data
source writes it on stdin, and the result as Terraform reads it from stdout."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from pulumi_inspector_trial.emulator import EmulatorServer
from support.cli_runner import Cli, Outcome

COMMAND = "terraform-external"
CONSOLE_SCRIPT = Path(sys.executable).with_name("inspector-trial")


def query_at(emulator: EmulatorServer, **keys: str) -> dict[str, str]:
    """A query that points the read at ``emulator`` in us-east-1, plus ``keys``."""
    return {"region": "us-east-1", "endpoint_url": emulator.endpoint_url, **keys}


def ask(cli: Cli, query: dict[str, Any] | str) -> Outcome:
    """Run the command in-process (``main``), the query on stdin (JSON unless already text)."""
    return cli(COMMAND, stdin=query if isinstance(query, str) else json.dumps(query))


def ask_process(
    query: dict[str, Any] | str, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run the installed console script as Terraform does: the query on stdin, nothing else."""
    # The timeout only keeps a hung process from holding the suite.
    return subprocess.run(
        [str(CONSOLE_SCRIPT), COMMAND],
        input=query if isinstance(query, str) else json.dumps(query),
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
        check=False,
    )


def result_of(stdout: str) -> dict[str, str]:
    """The result as Terraform takes it: one JSON object whose values are all strings."""
    result = json.loads(stdout)
    assert isinstance(result, dict), stdout
    assert all(isinstance(value, str) for value in result.values()), result
    return result


def document_of(result: dict[str, str]) -> dict[str, Any]:
    """The whole result document, as ``jsondecode(data.external.x.result.json)`` reads it."""
    document: dict[str, Any] = json.loads(result["json"])
    return document
