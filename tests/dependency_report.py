"""A pytest plugin: which versions of hinews's dependencies a run tested, and which of them
a failing test went through.

The header lists the installed version of every package ``pyproject.toml`` declares (CI
runs the suite twice: on the newest releases and on the declared floors). When a test
fails, its report gains a section naming the third-party packages whose code appears in
the traceback, with their versions: a new upstream release that breaks hinews shows up
as, say, "failed inside transformers 5.31.0", not as a puzzle.
"""

from __future__ import annotations

import functools
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


@functools.cache
def declared() -> dict[str, str]:
    """Declared dependency (every extra) -> installed version, or "not installed"."""
    tomllib = pytest.importorskip("tomllib")
    from packaging.requirements import Requirement

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    items = list(project["dependencies"])
    for extra in project.get("optional-dependencies", {}).values():
        items += [r for r in extra if not r.startswith("hinews[")]
    out: dict[str, str] = {}
    for item in items:
        name = Requirement(item).name
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return dict(sorted(out.items(), key=lambda kv: kv[0].lower()))


@functools.cache
def _module_owners() -> dict[str, list[str]]:
    return metadata.packages_distributions()


def packages_in(text: str) -> list[str]:
    """``name version`` of each installed distribution whose files appear in ``text`` (a
    traceback), in order of first appearance; hinews itself and the stdlib are left out."""
    owners = _module_owners()
    found: list[str] = []
    for top in re.findall(r"(?:site|dist)-packages[/\\]([A-Za-z0-9_]+)", text):
        for dist in owners.get(top, []):
            if dist.lower() == "hinews":
                continue
            try:
                entry = f"{dist} {metadata.version(dist)}"
            except metadata.PackageNotFoundError:
                continue
            if entry not in found:
                found.append(entry)
    return found


def pytest_report_header(config: pytest.Config) -> list[str]:
    versions = ", ".join(f"{name} {version}" for name, version in declared().items())
    return [f"python {sys.version.split()[0]}; hinews's dependencies: {versions}"]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    if report.failed and call.excinfo is not None:
        packages = packages_in(str(report.longrepr))
        if packages:
            report.sections.append(
                (
                    "dependencies in this failure",
                    "failed inside (or through) " + ", ".join(packages) + ": if a new "
                    "release of one of them broke hinews, pin or fix it and say so in "
                    "pyproject.toml",
                )
            )
    return report
