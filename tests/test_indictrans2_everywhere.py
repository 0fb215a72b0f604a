"""IndicTrans2 through every entry point: trust signals, glossary, briefs (both orders),
digest, ``hinews batch`` (local and Ray), the app and ``hinews eval``.

The model is the reference fixture that memorised 30 sentences with IndicTrans2's own code
(``../shared/models/indictrans2/tiny-memorised-dist``), so each entry point must return
exactly the memorised English.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("sacremoses")

import hinews
from hinews.batch.store import read_output
from hinews.cli import main


@pytest.fixture(scope="module")
def rows(tiny_indictrans2: Any) -> list[dict[str, str]]:
    text = (tiny_indictrans2.path / "reference.jsonl").read_text("utf-8")
    return [json.loads(line) for line in text.splitlines()]


@pytest.fixture(scope="module")
def article(rows: list[dict[str, str]]) -> str:
    """A headline and three paragraphs of memorised sentences."""
    paragraphs = [rows[1:5], rows[6:11], rows[11:21], rows[21:30]]
    return (
        rows[0]["text"] + "\n\n" + "\n\n".join(" ".join(r["text"] for r in p) for p in paragraphs)
    )


def _english(rows: list[dict[str, str]]) -> dict[str, str]:
    """Memorised English by source sentence, as hinews's segmenter gives it (Devanagari
    digits already ASCII: IndicTrans2's processing would make them so anyway)."""
    return {hinews.segment(r["text"], force=True).sentences[0].text: r["english"] for r in rows}


def test_confidence_flags_and_glossary(
    tiny_indictrans2: Any, rows: list[dict[str, str]], article: str, tmp_path: Path
) -> None:
    glossary = tmp_path / "desk.tsv"
    glossary.write_text("किसानों\tpeasants\nसरकार\tgovernment\n", encoding="utf-8")
    pipe = hinews.Pipeline.from_options(
        translator=str(tiny_indictrans2.path), glossary=str(glossary)
    )
    result = pipe.translate(article)
    english = _english(rows)
    assert [s.target for s in result.sentences] == [english[s.source] for s in result.sentences]
    assert all(s.confidence is not None and s.confidence > 0.5 for s in result.sentences)
    flagged = {s.source: s.flags for s in result.sentences if s.flags}
    farmers = rows[6]["text"]  # "... 1,25,000 किसानों को ..." -> "... 1,25,000 farmers."
    assert flagged == {farmers: ("glossary",)}  # "government" is there, "peasants" is not
    assert result.provenance.options["glossary"]["entries"] == 2


@pytest.mark.parametrize("order", ["translate-first", "summarize-first"])
def test_briefs_in_both_orders(
    tiny_indictrans2: Any, rows: list[dict[str, str]], article: str, order: str
) -> None:
    brief = hinews.brief(article, translator=str(tiny_indictrans2.path), order=order)
    assert len(brief.bullets) == 3
    assert set(brief.bullets) <= set(_english(rows).values())
    assert brief.title == rows[0]["english"]
    assert brief.order == order
    assert brief.translation.provenance.backend == "ctranslate2"


def test_digest_finds_the_copy_and_briefs_the_story(
    tiny_indictrans2: Any, rows: list[dict[str, str]], article: str
) -> None:
    reports = [
        {"id": "a", "text": article, "source": "one"},
        {"id": "b", "text": article, "source": "two"},
    ]
    digest = hinews.digest(reports, translator=str(tiny_indictrans2.path))
    assert len(digest.stories) == 1
    story = digest.stories[0]
    assert story.title == rows[0]["english"]
    assert set(story.bullets) <= set(_english(rows).values()) and len(story.bullets) == 3
    assert sorted(a.duplicate_of or "" for a in story.articles) == ["", "a"]


def _archive(rows: list[dict[str, str]], tmp_path: Path) -> Path:
    path = tmp_path / "archive.jsonl"
    records = [{"id": i, "text": r["text"]} for i, r in enumerate(rows[1:13])]
    records.append({"id": "bad", "text": 42})  # a bad row is recorded, the rest go on
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records), "utf-8")
    return path


def _batch_rows(out: Path) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    for part in sorted(out.glob("part-*")):
        found += read_output(part)
    return found


def test_batch_local_and_ray_give_the_memorised_rows(
    tiny_indictrans2: Any, rows: list[dict[str, str]], ray_cluster: Any, tmp_path: Path
) -> None:
    archive = _archive(rows, tmp_path)
    # Row 6 (a URL) is under half Devanagari: refused as mixed text, as any row would be.
    expected = [[r["english"]] for i, r in enumerate(rows[1:13]) if i != 6]
    outputs = {}
    for engine in ("local", "ray"):
        out = tmp_path / engine
        argv = ["batch", str(archive), "--output", str(out), "--translator"]
        argv += [str(tiny_indictrans2.path), "--shard-size", "5", "--no-progress"]
        argv += ["--engine", engine, "--threads", "1"]  # threads are in the provenance
        argv += ["--workers", "2"] if engine == "ray" else []
        assert main(argv) == 1  # rows failed
        found = _batch_rows(out)
        assert [r["id"] for r in found] == [*range(12), "bad"]
        good = [r for r in found if r["error"] is None]
        assert [[s["target"] for s in r["result"]["sentences"]] for r in good] == expected
        assert "Devanagari" in found[6]["error"] and found[6]["result"] is None
        assert found[-1]["result"] is None and "text" in found[-1]["error"]
        outputs[engine] = {p.name: p.read_bytes() for p in out.glob("part-*")}
    assert outputs["ray"] == outputs["local"]  # byte for byte, in other processes


def test_the_app_serves_it(tiny_indictrans2: Any, rows: list[dict[str, str]], article: str) -> None:
    from hinews.webapp.core import AppSettings, PipelineCache, run

    cache = PipelineCache(AppSettings(translator=str(tiny_indictrans2.path)))
    result = run(cache, article)
    english = _english(rows)
    assert [s.target for s in result.translation.sentences] == [
        english[s.source] for s in result.translation.sentences
    ]
    assert result.brief is not None and set(result.brief.bullets) <= set(english.values())


def test_eval_scores_it(
    tiny_indictrans2: Any, rows: list[dict[str, str]], tmp_path: Path, capsys: Any
) -> None:
    src, ref = tmp_path / "src.hi", tmp_path / "ref.en"
    src.write_text("".join(r["text"] + "\n" for r in rows), "utf-8")
    ref.write_text("".join(r["english"] + "\n" for r in rows), "utf-8")
    out = tmp_path / "run"
    argv = ["eval", "translation", "--src", str(src), "--ref", str(ref), "--translator"]
    argv += [str(tiny_indictrans2.path), "--name", "it2", "--out", str(out)]
    assert main([*argv, "--bootstrap", "50", "--no-progress"]) == 0
    metrics = json.loads((out / "metrics.json").read_text("utf-8"))
    assert metrics["systems"]["it2"]["scores"]["chrf++"]["score"] == pytest.approx(100.0)
    lines = (out / "examples" / "it2.jsonl").read_text("utf-8").splitlines()
    assert [json.loads(line)["hypothesis"] for line in lines] == [r["english"] for r in rows]
