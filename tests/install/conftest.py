"""The fresh-virtualenv tier: the package as its users get it, not as this checkout runs it.

- ``dist``: the sdist and the wheel, built once per session by ``python -m build`` (which builds
  the wheel from the sdist, as an installer does for anyone who gets only the sdist).
- ``wheelhouse``: every distribution the wheel and its extras need, downloaded once, so that
  each virtualenv below installs offline (``--no-index``) and they all get the same versions.
- ``base_venv``, ``aws_venv``, ``policy_venv``: new virtualenvs, built side by side, with the
  wheel, the wheel ``[aws]`` and the wheel ``[policy]`` installed by pip. Their installed sizes
  are printed at the end of the run.

Run with ``make test-install`` (``pytest -m install tests/install``): the default run leaves
this tier out, as it spends minutes in pip.
"""

from __future__ import annotations

import sys
from concurrent.futures import ThreadPoolExecutor
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


EXTRAS = {"base": "", "aws": "[aws]", "policy": "[policy]"}


@pytest.fixture(scope="session")
def wheel_venvs(
    dist: Dist, wheelhouse: Path, tmp_path_factory: pytest.TempPathFactory
) -> dict[str, Venv]:
    """A new virtualenv per entry of ``EXTRAS`` with the wheel (and that extra), installed from
    the wheelhouse only; built side by side, as pip spends much of its time waiting on the disk.
    Their sizes are kept for the run's summary."""

    def make(label: str) -> Venv:
        venv = Venv.create(tmp_path_factory.mktemp(f"venv-{label}") / "venv")
        venv.pip_install("--no-index", "--find-links", wheelhouse, f"{dist.wheel}{EXTRAS[label]}")
        return venv

    with ThreadPoolExecutor(len(EXTRAS)) as pool:
        venvs = dict(zip(EXTRAS, pool.map(make, EXTRAS), strict=True))
    for label, venv in venvs.items():
        INSTALLED_SIZES[f"pip install pulumi-inspector-trial{EXTRAS[label]}"] = (
            venv.installed_size()
        )
    return venvs


@pytest.fixture(scope="session")
def base_venv(wheel_venvs: dict[str, Venv]) -> Venv:
    return wheel_venvs["base"]


@pytest.fixture(scope="session")
def aws_venv(wheel_venvs: dict[str, Venv]) -> Venv:
    return wheel_venvs["aws"]


@pytest.fixture(scope="session")
def policy_venv(wheel_venvs: dict[str, Venv]) -> Venv:
    return wheel_venvs["policy"]


def pytest_terminal_summary(terminalreporter: Any) -> None:
    if INSTALLED_SIZES:
        terminalreporter.section("installed sizes (site-packages, byte-code included)")
        for label, size in INSTALLED_SIZES.items():
            terminalreporter.write_line(f"{label:52} {size / 1e6:8.1f} MB")
