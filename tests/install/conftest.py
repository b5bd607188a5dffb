"""The fresh-virtualenv tier: the package as its users get it, not as this checkout runs it.

- ``dist``: the sdist and the wheel, built once per session by ``python -m build`` (which builds
  the wheel from the sdist, as an installer does for anyone who gets only the sdist).
- ``wheelhouse``: every distribution the wheel and its extras need, downloaded once, so that
  each virtualenv below installs offline (``--no-index``) and they all get the same versions.
- ``base_venv``, ``aws_venv``, ``policy_venv``: new virtualenvs with the wheel, the wheel
  ``[aws]`` and the wheel ``[policy]`` installed by pip. Their installed sizes are printed at
  the end of the run.

Run with ``make test-install`` (``pytest -m install tests/install``): the default run leaves
this tier out, as it spends minutes in pip.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from venvs import INSTALLED_SIZES, ROOT, Dist, Venv, run


@pytest.fixture(scope="session")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Dist:
    out = tmp_path_factory.mktemp("dist")
    run([sys.executable, "-m", "build", "--outdir", out, ROOT], cwd=ROOT)
    (sdist,) = out.glob("*.tar.gz")
    (wheel,) = out.glob("*.whl")
    return Dist(sdist, wheel)


@pytest.fixture(scope="session")
def wheelhouse(dist: Dist, tmp_path_factory: pytest.TempPathFactory) -> Path:
    house = tmp_path_factory.mktemp("wheelhouse")
    pip = [sys.executable, "-m", "pip", "--disable-pip-version-check"]
    run([*pip, "download", "--dest", house, f"{dist.wheel}[aws,policy]"])
    return house


VenvFactory = Callable[[str, str], Venv]


@pytest.fixture(scope="session")
def install_wheel(
    dist: Dist, wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> VenvFactory:
    """``install_wheel(label, extras)``: a new virtualenv with the wheel (and ``extras``, such as
    ``"[aws]"``), from the wheelhouse only. Its size is kept for the run's summary."""

    def make(label: str, extras: str) -> Venv:
        venv = Venv.create(tmp_path_factory.mktemp(f"venv-{label}") / "venv")
        venv.pip_install("--no-index", "--find-links", wheelhouse, f"{dist.wheel}{extras}")
        INSTALLED_SIZES[f"pip install pulumi-inspector-trial{extras}"] = venv.installed_size()
        return venv

    return make


@pytest.fixture(scope="session")
def base_venv(install_wheel: VenvFactory) -> Venv:
    return install_wheel("base", "")


@pytest.fixture(scope="session")
def aws_venv(install_wheel: VenvFactory) -> Venv:
    return install_wheel("aws", "[aws]")


@pytest.fixture(scope="session")
def policy_venv(install_wheel: VenvFactory) -> Venv:
    return install_wheel("policy", "[policy]")


def megabytes(size: int) -> str:
    return f"{size / 1e6:.0f} MB"


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if INSTALLED_SIZES:
        terminalreporter.section("installed sizes (site-packages, byte-code included)")
        for label, size in INSTALLED_SIZES.items():
            terminalreporter.write_line(f"{label:52} {megabytes(size):>8}")
