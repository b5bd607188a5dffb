"""The emulator's imports, measured in a fresh interpreter: it loads no Pulumi, gRPC or boto, and
each emulator module nothing else of the package (served: tests/emulator/test_emulator.py)."""

from __future__ import annotations

import json
import subprocess
import sys

from support.paths import REPO

# --- the server -------------------------------------------------------------------------------


def test_importing_the_emulator_in_a_fresh_interpreter_loads_no_pulumi_grpc_or_boto() -> None:
    # Measured from nothing: the package root is imported on the way, and must not load them.
    code = (
        "import sys; import pulumi_inspector_trial.emulator; "
        "print(sorted({m.split('.')[0] for m in sys.modules} "
        "& {'boto3', 'botocore', 'pulumi', 'pulumi_aws', 'grpc'}))"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout

    assert output.strip() == "[]"


EMULATOR_DIR = REPO / "pulumi_inspector_trial" / "emulator"


def test_every_emulator_module_loads_nothing_else_of_the_package_in_a_fresh_interpreter() -> None:
    # The emulator is the oracle the client is tested against: a module of the client side
    # loaded with it could make a parsing bug agree with itself.
    code = (
        "import json, pkgutil, sys, importlib\n"
        "import pulumi_inspector_trial.emulator as emulator\n"
        "found = pkgutil.walk_packages(emulator.__path__, emulator.__name__ + '.')\n"
        "names = [m.name for m in found]\n"
        "for name in names: importlib.import_module(name)\n"
        "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'pulumi_inspector_trial')\n"
        "print(json.dumps({'imported': names, 'loaded': loaded}))\n"
    )
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    ).stdout
    report = json.loads(output)

    modules = {
        ".".join(path.relative_to(EMULATOR_DIR.parent.parent).with_suffix("").parts)
        for path in EMULATOR_DIR.rglob("*.py")
        if path.name != "__init__.py"
    }
    assert modules <= set(report["imported"])  # every module was imported, none skipped
    outside = [
        name
        for name in report["loaded"]
        if name != "pulumi_inspector_trial"  # the parent package, which imports nothing eagerly
        and not name.startswith("pulumi_inspector_trial.emulator")
    ]
    assert outside == []
