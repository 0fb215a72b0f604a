"""The CLI does no work it does not need: core commands import no optional command group,
and ``hinews translate --backend ctranslate2`` runs (exactly) in a process where torch and
transformers cannot be imported."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from test_ct2_notorch import BLOCKER, _env
from tiny_data import DOC, DOC_EN, TITLE_EN
from tiny_models import TinyModel

GROUPS = ("hinews.evaluation", "hinews.webapp", "hinews.bench", "hinews.digest", "hinews.batch")


def _modules_after(argv: list[str], tmp_path: Path) -> list[str]:
    code = (
        "import sys\nfrom hinews.cli import main\n"
        f"code = main({argv!r})\n"
        "print(' '.join(sorted(m for m in sys.modules if m.startswith('hinews.'))))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, timeout=60
    )
    return proc.stdout.split()


def test_core_commands_import_no_optional_group(tmp_path: Path) -> None:
    article = tmp_path / "a.txt"
    article.write_text(DOC, encoding="utf-8")
    loaded = _modules_after(["segment", str(article)], tmp_path)
    assert "hinews.text" in loaded
    assert [m for m in loaded if m.startswith(GROUPS)] == []
    assert [m for m in _modules_after(["models"], tmp_path) if m.startswith(GROUPS)] == []


def test_help_lists_every_group() -> None:
    from hinews.cli import build_parser

    text = build_parser().format_help()
    assert "bench" in text and "serve" in text and "score" in text


@pytest.mark.slow
def test_translate_command_without_torch(
    tiny_marian: TinyModel, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    pytest.importorskip("ctranslate2")
    from hinews.models.hub import find_model
    from hinews.translators.ct2 import ensure_converted

    cache = tmp_path / "cache"
    monkeypatch.setenv("HINEWS_CACHE", str(cache))
    ensure_converted(find_model(str(tiny_marian.path)), "int8")  # conversion needs torch
    article = tmp_path / "a.txt"
    article.write_text(DOC, encoding="utf-8")
    code = BLOCKER + (
        "import sys\nfrom hinews.cli import main\n"
        "code = main(sys.argv[1:])\n"
        "heavy = [m for m in ('torch', 'transformers') if m in sys.modules]\n"
        "print('HEAVY', heavy, file=sys.stderr)\n"
        "sys.exit(code)\n"
    )
    argv = [
        "translate", "--backend", "ctranslate2", "--translator", str(tiny_marian.path),
        "--beams", "1", "--device", "cpu", "--format", "json", str(article),
    ]  # fmt: skip
    proc = subprocess.run(
        [sys.executable, "-c", code, *argv],
        capture_output=True,
        text=True,
        check=False,
        env={**_env(), "HINEWS_CACHE": str(cache), "HF_HUB_OFFLINE": "1"},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert "HEAVY []" in proc.stderr
    out = json.loads(proc.stdout)
    assert out["title"] == TITLE_EN
    assert out["text"] == DOC_EN
    assert out["provenance"]["backend"] == "ctranslate2"
