"""``hinews digest --ray``: cleaning, translation and briefs on Ray Data give the digest of
one process, byte for byte; without Ray, one line naming the extra."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from hinews import planning
from hinews.cli import main
from hinews.digests import digest, parallel
from hinews.pipeline import Pipeline
from test_digest_scale import day


def _json(argv: list[str], out: Path) -> str:
    assert main([*argv, "--format", "json", "-o", str(out)]) == 0
    return out.read_text("utf-8")


def test_without_ray_one_line_names_the_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = day(tmp_path / "day.jsonl")
    monkeypatch.setitem(sys.modules, "ray", None)  # import ray -> ImportError
    # "--ray day.jsonl": the file is an input, not an address
    assert main(["digest", "--stories-only", "--ray", str(path)]) == 4  # a missing package
    err = capsys.readouterr().err.strip()
    assert "\n" not in err and "pip install 'hinews[ray]'" in err
    with pytest.raises(Exception, match=r"hinews\[ray\]"):
        digest([path], stories_only=True, ray=True)


def test_ray_without_an_input_is_refused(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "--stories-only", "--ray"]) == 2
    assert "give at least one INPUT" in capsys.readouterr().err


@pytest.mark.slow
def test_ray_gives_the_digest_of_one_process_byte_for_byte(
    ray_cluster: Any, tiny_marian: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = day(tmp_path / "day.jsonl", ['{"id": "bad", "text": 3}'])
    monkeypatch.setattr(parallel, "CHUNK", 5)  # three cleaning chunks: three Ray items
    real_chunks = planning.chunks
    calls: list[int] = []

    def small(*args: Any, **kwargs: Any) -> list[tuple[list[int], str | None]]:
        out = [
            (idx[s : s + 3], lang)
            for idx, lang in real_chunks(*args, **kwargs)
            for s in range(0, len(idx), 3)
        ]
        out = [(idx, lang) for idx, lang in out if idx]
        calls.append(len(out))
        return out

    monkeypatch.setattr(planning, "chunks", small)  # model calls of 3 sentences, in both runs
    model = ["--translator", str(tiny_marian.path), "--device", "cpu"]
    here = _json(["digest", *model, "--workers", "1", str(path)], tmp_path / "one.json")
    stories_here = _json(["digest", "--stories-only", str(path)], tmp_path / "s1.json")

    # On Ray the driver never cleans nor translates: both would fail here.
    def not_here(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("ran in the driver, not on Ray")

    monkeypatch.setattr(parallel, "_chunk", not_here)
    monkeypatch.setattr(Pipeline, "translate_sentences_scored", not_here)
    on_ray = _json(["digest", *model, "--workers", "2", "--ray", str(path)], tmp_path / "r.json")
    assert on_ray == here
    data = json.loads(on_ray)
    assert calls[0] == calls[-1] > 3  # the same several model calls, here and on Ray
    assert all(s["bullets"] and s["title"] for s in data["stories"])
    assert [s["id"] for s in data["skipped"]] == [f"{path}:13"]
    # --stories-only on Ray: the cleaning there, no model anywhere
    stories_ray = _json(["digest", "--stories-only", "--ray", "local", str(path)], tmp_path / "s")
    assert stories_ray == stories_here
    # the Python API, as the CLI
    pipe = Pipeline.from_options(translator=str(tiny_marian.path), device="cpu")
    assert pipe.digest([path], ray=True).to_dict() == json.loads(here)
