"""Virtualenvs and built distributions for the install tier (fixtures in its ``conftest``)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).parents[2]
PROGRAMS = Path(__file__).with_name("programs")
DISTRIBUTION = "pulumi-inspector-trial"
PIP_TIMEOUT = 900

INSTALLED_SIZES: dict[str, int] = {}
"""What each install put in its virtualenv's site-packages, in bytes, for the run's summary."""


def run(
    command: Sequence[str | os.PathLike[str]],
    *,
    cwd: Path | None = None,
    env: Mapping[str, str] | None = None,
    timeout: float = PIP_TIMEOUT,
    check: bool = True,
) -> subprocess.CompletedProcess[str]:
    process = subprocess.run(
        [os.fspath(c) for c in command],
        cwd=cwd,
        env=dict(env) if env is not None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if check:
        assert process.returncode == 0, (
            f"{' '.join(map(str, command))} exited {process.returncode}:\n"
            f"{process.stdout[-4000:]}\n{process.stderr[-4000:]}"
        )
    return process


@dataclass
class Venv:
    """A new virtualenv, made by ``python -m venv`` with the interpreter running the tests."""

    path: Path
    own: frozenset[str] = field(default=frozenset())
    """What site-packages held right after creation (pip and the like), left out of sizes."""

    @classmethod
    def create(cls, path: Path) -> Venv:
        run([sys.executable, "-m", "venv", path])
        venv = cls(path)
        venv.own = frozenset(p.name for p in venv.site_packages.iterdir())
        return venv

    @property
    def bin(self) -> Path:
        return self.path / ("Scripts" if os.name == "nt" else "bin")

    @property
    def python(self) -> Path:
        return self.bin / "python"

    @property
    def site_packages(self) -> Path:
        version = f"python{sys.version_info.major}.{sys.version_info.minor}"
        return self.path / "lib" / version / "site-packages"

    def env(self, base: Mapping[str, str] | None = None) -> dict[str, str]:
        """``base`` (this machine's environment by default) with the virtualenv activated as
        Pulumi activates one: first on PATH, VIRTUAL_ENV set, no PYTHONHOME (nor PYTHONPATH,
        which would let the tests' own packages in)."""
        env = dict(os.environ if base is None else base)
        for name in ("PYTHONHOME", "PYTHONPATH"):
            env.pop(name, None)
        env["VIRTUAL_ENV"] = str(self.path)
        env["PATH"] = f"{self.bin}{os.pathsep}{env.get('PATH', '')}"
        return env

    def run(
        self, *args: str | os.PathLike[str], cwd: Path | None = None, **kwargs: Any
    ) -> subprocess.CompletedProcess[str]:
        """This virtualenv's python with ``args``, in ``cwd``: by default the virtualenv's own
        folder, as ``-m`` puts the working directory first on sys.path, and from this
        checkout's root the checkout's package would shadow the installed one."""
        env = kwargs.pop("env", None) or self.env()
        return run([self.python, *args], cwd=cwd or self.path, env=env, **kwargs)

    def pip_install(self, *args: str | os.PathLike[str], cwd: Path | None = None) -> None:
        self.run("-m", "pip", "install", "--disable-pip-version-check", *args, cwd=cwd)

    def distributions(self) -> dict[str, str]:
        """``{normalized name: version}`` of everything installed, as ``pip list`` says."""
        listed = json.loads(self.run("-m", "pip", "list", "--format", "json").stdout)
        return {p["name"].lower().replace("_", "-"): p["version"] for p in listed}

    def has_module(self, module: str) -> bool:
        code = f"import importlib.util, sys; sys.exit(importlib.util.find_spec({module!r}) is None)"
        return self.run("-c", code, check=False).returncode == 0

    def installed_size(self) -> int:
        """Bytes in site-packages (byte-code included) less what the virtualenv came with."""
        total = 0
        for entry in self.site_packages.iterdir():
            if entry.name in self.own:
                continue
            files = [entry] if entry.is_file() else [p for p in entry.rglob("*") if p.is_file()]
            total += sum(p.stat().st_size for p in files if not p.is_symlink())
        return total

    def program(
        self, name: str, *args: str, env: Mapping[str, str], cwd: Path | None = None
    ) -> dict[str, Any]:
        """Run ``programs/<name>`` with this virtualenv's python and ``env`` (activated); its
        JSON answer."""
        process = self.run(PROGRAMS / name, *args, env=self.env(env), cwd=cwd, timeout=300)
        document: dict[str, Any] = json.loads(process.stdout)
        return document


@dataclass(frozen=True)
class Dist:
    sdist: Path
    wheel: Path

    @property
    def folder(self) -> Path:
        return self.wheel.parent
