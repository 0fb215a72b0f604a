"""What README's "Set up and run" promises about the install: the declared dependency
floors are the tested ones, and the test-model builder stays out of ``import hinews``."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
from packaging.requirements import Requirement  # noqa: E402
from packaging.version import Version  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Extras CI does not install, and why (each says so in pyproject.toml too).
UNTESTED_EXTRAS = {
    "eval-neural": "unbabel-comet needs transformers<5: a venv of its own, not CI's",
}
# Floors kept below the tested series on purpose, and why.
LOW_FLOORS = {
    "huggingface_hub": "the eval-neural venv resolves huggingface_hub 0.36 (unbabel-comet "
    "needs <1); hinews calls only snapshot_download and model_info, the same in 0.36 and 2.x",
}


def _requirements() -> list[tuple[str, Requirement]]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    reqs = [("dependencies", Requirement(r)) for r in project["dependencies"]]
    for extra, items in project["optional-dependencies"].items():
        if extra not in UNTESTED_EXTRAS:
            reqs += [(extra, Requirement(r)) for r in items if not r.startswith("hinews[")]
    return reqs


def _series(version: Version) -> tuple[int, ...]:
    """The compatibility series: the major version (0.x: major and minor)."""
    return version.release[:2] if version.major == 0 else version.release[:1]


def _floor(req: Requirement) -> Version | None:
    floors = [Version(s.version) for s in req.specifier if s.operator in (">=", "==", "~=")]
    return max(floors) if floors else None


@pytest.mark.parametrize(("extra", "req"), _requirements(), ids=lambda x: str(x))
def test_installed_version_meets_the_declared_floor(extra: str, req: Requirement) -> None:
    try:
        installed = Version(metadata.version(req.name))
    except metadata.PackageNotFoundError:
        pytest.fail(f"{req} ({extra}) is not installed: pip install -e '.[dev]' installs it")
    assert req.specifier.contains(installed, prereleases=True), (
        f"{req.name} {installed} is installed but pyproject.toml ({extra}) declares {req}"
    )
    floor = _floor(req)
    if floor is None or req.name in LOW_FLOORS:
        return
    assert _series(floor) == _series(installed), (
        f"{req} ({extra}): CI tests {req.name} {installed}, so a floor in the "
        f"{'.'.join(map(str, _series(floor)))} series is untested; raise it to the tested "
        "version (or test that series in .ci/run)"
    )


def test_untested_extras_and_low_floors_say_so_in_pyproject() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "transformers 4.57" in text and ".venv-neural" in text
    names = {req.name for _, req in _requirements()}
    assert set(LOW_FLOORS) <= names


def test_import_hinews_does_not_import_the_test_model_builder() -> None:
    code = (
        "import sys, hinews, hinews.bench.shapes, hinews.testing.tiny; "
        "print(sorted(m for m in ('torch', 'transformers', 'sentencepiece') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"  # the builder itself imports them lazily
    code = "import sys, hinews; hinews.Pipeline; print('hinews.testing' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
