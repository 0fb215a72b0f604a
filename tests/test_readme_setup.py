"""What README's "Set up and run" promises about the install: every declared dependency is
installed within its declared range, the floors CI installs come from pyproject.toml
itself (``.ci/floors.py``), and the test-model builder stays out of ``import hinews``.

No test here depends on which upstream release is newest: floors are proven by installing
them (``.ci/run``'s floor run), not by comparing version numbers."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from importlib import metadata
from pathlib import Path

import pytest

tomllib = pytest.importorskip("tomllib")  # Python 3.11+
from packaging.requirements import Requirement  # noqa: E402
from packaging.utils import canonicalize_name  # noqa: E402
from packaging.version import Version  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
# Extras CI does not install, and why (each says so in pyproject.toml too).
UNTESTED_EXTRAS = {
    "eval-neural": "unbabel-comet needs transformers<5: a venv of its own, not CI's",
}


def _floors_module():  # type: ignore[no-untyped-def]
    """``.ci/floors.py``, the generator of the floor constraints CI installs."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("ci_floors", ROOT / ".ci" / "floors.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _requirements() -> list[tuple[str, Requirement]]:
    """The requirements this install should meet: every tested extra, or only the core
    ones in CI's core-floors run (``HINEWS_EXTRAS=core``)."""
    extras = os.environ.get("HINEWS_EXTRAS", "tested")
    return [(where, Requirement(r)) for where, r in _floors_module().requirements(extras)]


def _installed(name: str) -> Version | None:
    """The version pip installed into this environment's site-packages (not the first on
    sys.path: Ray puts its own vendored psutil there once imported)."""
    import sysconfig

    paths = list(dict.fromkeys(sysconfig.get_paths()[k] for k in ("purelib", "platlib")))
    for dist in metadata.distributions(name=name, path=paths):
        return Version(dist.version)
    return None


@pytest.mark.parametrize(("extra", "req"), _requirements(), ids=lambda x: str(x))
def test_installed_version_meets_the_declared_requirement(extra: str, req: Requirement) -> None:
    """Whatever pip resolved satisfies pyproject.toml; in CI's floor run (``HINEWS_FLOORS``
    names the constraints it installed), each package is exactly at its floor, so the suite
    that follows really tested the floors."""
    installed = _installed(req.name)
    if installed is None:
        pytest.fail(f"{req} ({extra}) is not installed: pip install -e '.[dev]' installs it")
    assert req.specifier.contains(installed, prereleases=True), (
        f"{req.name} {installed} is installed but pyproject.toml ({extra}) declares {req}"
    )
    constraints = os.environ.get("HINEWS_FLOORS")
    if constraints:
        pins = dict(
            line.split("==", 1)
            for line in Path(constraints).read_text(encoding="utf-8").splitlines()
            if "==" in line and not line.startswith("#")
        )
        pinned = {canonicalize_name(k): Version(v) for k, v in pins.items()}
        floor = pinned.get(canonicalize_name(req.name))
        if floor is not None:
            assert Version(installed.public) == floor, (
                f"the floor run installed {req.name} {installed}, not its floor {floor}"
            )


def test_floor_constraints_pin_every_declared_floor_to_its_highest() -> None:
    floors = _floors_module()
    pins = {canonicalize_name(k): Version(v) for k, v in floors.floors("tested").items()}
    tested = [(w, Requirement(r)) for w, r in floors.requirements("tested")]
    for _, req in tested:
        declared = [Version(s.version) for s in req.specifier if s.operator in (">=", "==")]
        if declared:  # the pin is at least every floor declared for that package
            assert pins[canonicalize_name(req.name)] >= max(declared), req
    # Declared twice with different floors: the higher one wins (the lowest installable).
    hub = [r for _, r in tested if canonicalize_name(r.name) == "huggingface-hub"]
    assert len(hub) >= 2
    highest = max(Version(s.version) for r in hub for s in r.specifier)
    assert pins["huggingface-hub"] == highest
    core = {canonicalize_name(k) for k in floors.floors("core")}
    assert "huggingface-hub" in core and "torch" not in core
    assert all("[" not in name for name in floors.floors("tested"))  # no extras in pins


def test_ci_installs_the_floors_from_the_generator() -> None:
    run = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "floors.py" in run and "HINEWS_FLOORS" in run
    # The README's test command, exactly as it stands there.
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    command = re.search(r"&& (python -m pytest[^\n]*)", readme)
    assert command is not None
    assert command.group(1) in run


def test_untested_extras_say_so_in_pyproject() -> None:
    text = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "transformers 4.57" in text and ".venv-neural" in text
    assert set(UNTESTED_EXTRAS) == _floors_module().UNTESTED_EXTRAS


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
