"""Shared fixtures. Real data comes from ``../shared`` beside the checkout (or $HINEWS_SHARED);
tests that need it skip with a visible reason when it is absent."""

from __future__ import annotations

import contextlib
import importlib.util
import os
import sys
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).parent))  # tiny_models, tiny_data, tiny_summarizers

# Tests never download. huggingface_hub (and datasets through it) reads HF_HUB_OFFLINE once,
# at import: set it, and import it, before any test can, so a test that unsets the variable
# for hinews' own checks (hinews reads it at each call) never turns the libraries online,
# where every hub call waits on connection retries (~20 s each, seen in the fast tier).
os.environ.setdefault("HF_HUB_OFFLINE", "1")
with contextlib.suppress(ImportError):
    import huggingface_hub.constants  # noqa: F401


from shared_paths import shared_root as _shared_root  # noqa: E402

# The versions this run tests, and the packages each failure went through.
pytest_plugins = ["dependency_report"]


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; skips the test when it is not there."""
    path = _shared_root() / "data"
    if not path.is_dir():
        pytest.skip(f"real data not found at {path} (set HINEWS_SHARED to the shared/ folder)")
    return path


@pytest.fixture(scope="session")
def seed_text(shared_data: Path) -> str:
    """The scraped seed article, exactly as a user would paste it."""
    return (shared_data / "seed" / "patrika-2025-07-12-lavrov-kim.txt").read_text("utf-8")


@pytest.fixture(scope="session")
def ntrex_docs(shared_data: Path) -> dict[str, list[str]]:
    """NTREX-128 Hindi documents by id (``DOCUMENT_IDS.tsv``), first line the headline."""
    folder = shared_data / "ntrex128"
    lines = (folder / "newstest2019-ref.hin.txt").read_text("utf-8").split("\n")
    ids = (folder / "DOCUMENT_IDS.tsv").read_text("utf-8").split("\n")
    docs: dict[str, list[str]] = {}
    for doc, line in zip(ids, lines, strict=False):
        if line.strip():
            docs.setdefault(doc, []).append(line)
    return docs


@pytest.fixture(autouse=True)
def _offline_hub(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never download: the hub is offline and the HF cache is an empty tmp dir."""
    cache = tmp_path_factory.getbasetemp() / "hf-cache"
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    monkeypatch.setenv("HF_HOME", str(cache))
    monkeypatch.setenv("HF_HUB_CACHE", str(cache / "hub"))
    monkeypatch.setenv("HINEWS_CACHE", str(cache / "hinews"))


# What a tiny model's weights depend on, besides library versions. The summarisers (BART,
# the chat model, the mT5 ones) memorise what the summarisers send them (prompts, input
# joining, chunking, generation settings), so their key also covers the summariser and
# config code.
_BUILDER_FILES = ["tests/tiny_data.py", "tests/tiny_models.py", "tests/tiny_summarizers.py"]
_SUMMARIZER_FILES = ["src/hinews/config.py", "src/hinews/summarize/*.py"]


def _build_key(kind: str) -> str:
    import hashlib

    import torch
    import transformers

    patterns = [*_BUILDER_FILES, "src/hinews/testing/*.py"]
    if kind in ("bart", "chat", "xlsum", "crosssum"):
        patterns += _SUMMARIZER_FILES
    digest = hashlib.sha256()
    for pattern in patterns:
        for path in sorted(ROOT.glob(pattern)):
            digest.update(path.relative_to(ROOT).as_posix().encode() + b"\0" + path.read_bytes())
    digest.update(f"{torch.__version__} {transformers.__version__}".encode())
    return digest.hexdigest()[:16]


def _cached_build(kind: str, builder, make):  # type: ignore[no-untyped-def]
    """Build a tiny model once per code version and reuse it across test runs.

    ``builder(folder)`` trains and saves the model and returns its description (a frozen
    dataclass with ``path``); the other fields are kept in ``tiny.json`` beside the weights,
    and ``make(path, fields)`` rebuilds the description from them. The key hashes the
    builders and their data plus library versions, so a change to either rebuilds. Builds
    go to a temporary folder renamed into place (parallel runs are safe).
    """
    import dataclasses
    import json
    import shutil
    import tempfile

    # A base install (the core-floors run of .ci/run) has no model stack: say so, once.
    pytest.importorskip(
        "torch", reason="tiny test models need the model stack: pip install -e '.[dev]'"
    )
    root = Path(os.environ.get("HINEWS_TEST_MODELS", tempfile.gettempdir())) / "hinews-tiny"
    final = root / f"{kind}-{_build_key(kind)}"
    if not (final / "tiny.json").is_file():
        root.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=root, prefix=f".{kind}-"))
        built = builder(work / "model")
        fields = {k: v for k, v in dataclasses.asdict(built).items() if k != "path"}
        (work / "model" / "tiny.json").write_text(json.dumps(fields), encoding="utf-8")
        with contextlib.suppress(OSError):  # another run finished first: use theirs
            (work / "model").rename(final)
        shutil.rmtree(work, ignore_errors=True)
    return make(final, json.loads((final / "tiny.json").read_text("utf-8")))


def _translation_model(path: Path, fields: dict) -> object:  # type: ignore[type-arg]
    """A built translation model's description; its pairs are kept in ``tiny.json``."""
    import tiny_models

    pairs = [(source, target) for source, target in fields["pairs"]]
    return tiny_models.TinyModel(path, pairs, fields["kind"])


@pytest.fixture(scope="session")
def tiny_marian():  # type: ignore[no-untyped-def]
    """An opus-mt-shaped Marian model that memorised ``tiny_data.PAIRS``."""
    from tiny_models import build_marian

    return _cached_build("marian", build_marian, _translation_model)


@pytest.fixture(scope="session")
def tiny_marian_example():  # type: ignore[no-untyped-def]
    """The Marian recipe memorising the shipped example article (``tiny_data.EXAMPLE_PAIRS``):
    what the README's output block is made with."""
    from tiny_models import build_marian_example

    return _cached_build("marian-example", build_marian_example, _translation_model)


@pytest.fixture(scope="session")
def tiny_nllb():  # type: ignore[no-untyped-def]
    """An NLLB-shaped M2M100 model that memorised ``tiny_data.PAIRS``."""
    from tiny_models import build_nllb

    return _cached_build("nllb", build_nllb, _translation_model)


@pytest.fixture(scope="session")
def tiny_indictrans2():  # type: ignore[no-untyped-def]
    """IndicTrans2 in the hub layout (dist-200M's), 30 sentences memorised: the reference
    fixture in ``../shared/models/indictrans2`` (made by IndicTrans2's own code, not built
    here), standing in for the ``indictrans2`` presets; skips when it is absent."""
    from types import SimpleNamespace

    path = _shared_root() / "models" / "indictrans2" / "tiny-memorised-dist"
    if not (path / "config.json").is_file():
        pytest.skip(f"IndicTrans2 fixture not found at {path} (set HINEWS_SHARED)")
    return SimpleNamespace(path=path)


@pytest.fixture(scope="session")
def ray_cluster():  # type: ignore[no-untyped-def]
    """One local Ray cluster (2 CPUs) for the session; skips when Ray cannot start."""
    ray = pytest.importorskip("ray", reason="Ray is not installed (pip install 'hinews[ray]')")
    try:
        ray.init(address="local", num_cpus=2, include_dashboard=False, log_to_driver=False)
    except (ConnectionError, RuntimeError, OSError) as exc:
        pytest.skip(f"Ray could not start a local cluster here: {exc}")
    yield ray
    ray.shutdown()


@pytest.fixture(scope="session")
def tiny_bart():  # type: ignore[no-untyped-def]
    """A BART-shaped summariser that memorised ``tiny_summarizers`` articles."""
    import tiny_summarizers

    return _cached_build(
        "bart", tiny_summarizers.build_bart, lambda p, f: tiny_summarizers.TinyBart(p, **f)
    )


@pytest.fixture(scope="session")
def tiny_chat():  # type: ignore[no-untyped-def]
    """A Qwen2-style chat model that memorised ``tiny_summarizers`` answers."""
    import tiny_summarizers

    return _cached_build(
        "chat", tiny_summarizers.build_chat, lambda p, f: tiny_summarizers.TinyChat(p, **f)
    )


def _mt5_model(path: Path, fields: dict) -> object:  # type: ignore[type-arg]
    import tiny_summarizers

    return tiny_summarizers.TinyMT5(path, **fields)


@pytest.fixture(scope="session")
def tiny_xlsum():  # type: ignore[no-untyped-def]
    """An mT5 XL-Sum-shaped summariser (Hindi in, Hindi out) that memorised
    ``tiny_summarizers.XLSUM_*``."""
    import tiny_summarizers

    return _cached_build("xlsum", tiny_summarizers.build_xlsum, _mt5_model)


@pytest.fixture(scope="session")
def tiny_crosssum():  # type: ignore[no-untyped-def]
    """An mT5 CrossSum-shaped summariser (Hindi in, English out) that memorised
    ``tiny_summarizers.CROSSSUM_*``."""
    import tiny_summarizers

    return _cached_build("crosssum", tiny_summarizers.build_crosssum, _mt5_model)


# -- test tiers ---------------------------------------------------------------------------
# `pytest -m "not slow"` is the fast tier. Marking is central, so a new test is marked by what
# it uses: any `tiny_*` model fixture (trained here, or the IndicTrans2 reference model),
# the Ray cluster, or a browser test. `@pytest.mark.slow` by hand is still needed for a test
# that trains or launches something without these fixtures (a subprocess, a benchmark).
SLOW_FIXTURES = {"ray_cluster", "browser", "page", "app_url"}


def _is_slow(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    if any(name.startswith("tiny_") for name in names) or names & SLOW_FIXTURES:
        return True
    return item.get_closest_marker("browser") is not None


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    for item in items:
        if item.get_closest_marker("slow") is None and _is_slow(item):
            item.add_marker(pytest.mark.slow)


def hinews_packages() -> list[str]:
    """Every package under ``src/hinews`` (folders with an ``__init__.py``), dotted."""
    src = ROOT / "src"
    return sorted(
        ".".join(p.parent.relative_to(src).parts) for p in (src / "hinews").rglob("__init__.py")
    )


def _hinews_modules() -> set[str]:
    return {m for m in sys.modules if m == "hinews" or m.startswith("hinews.")}


_WORKER_MODULES: set[str] = set()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """Under pytest-xdist, the controller gathers what each worker imported."""
    _WORKER_MODULES.update(getattr(node, "workeroutput", {}).get("hinews_modules", ()))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """With ``HINEWS_CHECK_PACKAGES=1`` (``.ci/run``'s fast-tier run), fail the run when a
    package of ``src/hinews`` was never imported by the tests' processes (this one, or its
    pytest-xdist workers): the tier must touch every package (modules only run in a
    subprocess a test starts do not count)."""
    if os.environ.get("HINEWS_CHECK_PACKAGES") != "1":
        return
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # a pytest-xdist worker: hand its imports to the controller
        workeroutput["hinews_modules"] = sorted(_hinews_modules())
        return
    modules = sorted(_hinews_modules() | _WORKER_MODULES)
    packages = hinews_packages()
    missed = [p for p in packages if p not in modules]
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    write = reporter.write_line if reporter else print
    write(
        f"packages touched: {len(packages) - len(missed)} of {len(packages)} "
        f"({len(modules)} hinews modules imported)"
    )
    if missed:
        write(f"packages this run never imported: {', '.join(missed)}")
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


# -- the core-floors run ------------------------------------------------------------------
# CI runs the fast tier once on the core dependencies alone (HINEWS_EXTRAS=core). There a
# test that reaches an optional package (torch, sacrebleu, httpx...) is skipped with the
# package named, instead of a list of test files kept by hand. Only optional packages are
# excused: a core dependency or hinews itself missing still fails.
_CORE_IMPORTS = {
    "hinews",
    "yaml",
    "tqdm",
    "huggingface_hub",
    "trafilatura",
    "lxml",
    "lxml_html_clean",
}


def _optional_missing(excinfo: pytest.ExceptionInfo[BaseException]) -> str | None:
    from hinews.errors import DependencyError

    exc = excinfo.value
    if isinstance(exc, DependencyError):
        return str(exc)
    if isinstance(exc, ModuleNotFoundError) and (exc.name or "hinews").split(".")[0] not in (
        _CORE_IMPORTS
    ):
        return f"needs the optional package {exc.name!r}"
    return None


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]):  # type: ignore[no-untyped-def]
    report = yield
    if os.environ.get("HINEWS_EXTRAS") != "core" or not report.failed or call.excinfo is None:
        return report
    reason = _optional_missing(call.excinfo)
    if reason is None:
        for module in item.iter_markers("requires"):
            missing = [m for m in module.args if importlib.util.find_spec(m) is None]
            if missing:
                reason = f"needs the optional package(s) {', '.join(missing)}"
                break
    if reason:
        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0, f"core install: {reason}")
    return report
