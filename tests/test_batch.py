"""``hinews batch``: every id once, row for row what the single-article CLI prints, on the
local engine and on a local Ray cluster; resumable after SIGKILL; Parquet; config checks."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hinews.batch.store import read_output
from hinews.cli import main
from hinews.flags import as_flags
from hinews.presets import load_preset
from tiny_data import DOC, PAIRS

MAX_CHARS = 1500
GOOD = {
    "doc": DOC,
    "rain": PAIRS[4][0] + " " + PAIRS[5][0],
    "match": PAIRS[8][0] + "\n\n" + PAIRS[9][0] + " " + PAIRS[10][0],
}
BAD_TEXT = {
    "english": "This is English, not Hindi, about the weather in Delhi today.",
    "long": " ".join([PAIRS[0][0]] * 60),  # over MAX_CHARS
    "empty": "   ",
}


def _archive(path: Path) -> Path:
    lines = [
        json.dumps({"id": "doc", "text": GOOD["doc"]}, ensure_ascii=False),
        json.dumps({"id": "english", "text": BAD_TEXT["english"]}),
        "{this is not json",
        json.dumps({"id": "rain", "text": GOOD["rain"]}, ensure_ascii=False),
        json.dumps({"id": "no-text"}),
        "",
        json.dumps({"id": "number", "text": 42}),
        json.dumps({"id": "long", "text": BAD_TEXT["long"]}, ensure_ascii=False),
        json.dumps({"id": 7, "text": GOOD["match"]}, ensure_ascii=False),
        json.dumps({"id": "empty", "text": BAD_TEXT["empty"]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


EXPECTED_IDS = ["doc", "english", "in.jsonl:3", "rain", "no-text", "number", "long", 7, "empty"]


@pytest.fixture(scope="module")
def archive(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _archive(tmp_path_factory.mktemp("batch-in") / "in.jsonl")


def _rows(out_dir: Path) -> list[dict]:  # type: ignore[type-arg]
    rows = []
    for path in sorted(out_dir.glob("part-*")):
        rows += read_output(path)
    return rows


def _single(task: str, text: str, model: Path, tmp: Path, capsys) -> tuple[dict | None, str]:  # type: ignore[no-untyped-def,type-arg]
    """What ``hinews TASK --format json FILE`` prints for one article (or its error)."""
    path = tmp / "one.txt"
    path.write_text(text, encoding="utf-8")
    argv = [task, "--format", "json", "--max-chars", str(MAX_CHARS), str(path)]
    if task != "segment":
        argv[1:1] = ["--translator", str(model)]
    code = main(argv)
    out, err = capsys.readouterr()
    if code:
        return None, err.strip().removeprefix("hinews: error: ")
    return json.loads(out), ""


def _batch(archive: Path, out: Path, model: Path, *extra: str) -> int:
    return main(
        [
            "batch",
            str(archive),
            "--output",
            str(out),
            "--translator",
            str(model),
            "--max-chars",
            str(MAX_CHARS),
            "--shard-size",
            "4",
            "--no-progress",
            *extra,
        ]
    )


@pytest.fixture(scope="module")
def local_run(archive: Path, tiny_marian, tmp_path_factory) -> Path:  # type: ignore[no-untyped-def]
    out = tmp_path_factory.mktemp("batch-local") / "out"
    assert _batch(archive, out, tiny_marian.path) == 1  # some rows failed
    return out


def test_local_rows_match_single_article_cli(
    local_run: Path, tiny_marian, tmp_path, capsys
) -> None:  # type: ignore[no-untyped-def]
    rows = _rows(local_run)
    assert [r["id"] for r in rows] == EXPECTED_IDS
    by_id = {r["id"]: r for r in rows}
    for ident, text in {**GOOD, **BAD_TEXT}.items():
        row = by_id[7 if ident == "match" else ident]
        result, error = _single("translate", text, tiny_marian.path, tmp_path, capsys)
        assert row["result"] == result, ident
        # The row keeps the API's words (max_chars=...); the CLI prints its flags.
        assert as_flags(row["error"] or "") == error, ident
    assert by_id["doc"]["result"]["title"] == "New rail service launched"
    assert "Devanagari" in by_id["english"]["error"]
    assert by_id["in.jsonl:3"]["error"].startswith("in.jsonl:3 is not valid JSON")
    assert "no 'text' field" in by_id["no-text"]["error"]
    assert "not a string" in by_id["number"]["error"]
    assert f"limit of {MAX_CHARS:,}" in by_id["long"]["error"]
    assert all("\n" not in (r["error"] or "") for r in rows)
    manifest = json.loads((local_run / "manifest.json").read_text("utf-8"))
    assert manifest["engine"] == "local" and manifest["status"] == "finished"
    assert manifest["counts"]["done"] == 3 and manifest["counts"]["failed"] == 6
    assert manifest["identity"]["config"]["translator"]["model"] == str(tiny_marian.path)
    assert manifest["versions"]["hinews"]


def test_rerun_skips_finished_shards_and_refuses_another_config(
    local_run: Path,
    archive: Path,
    tiny_marian,
    capsys,  # type: ignore[no-untyped-def]
) -> None:
    before = {p.name: p.read_bytes() for p in local_run.glob("part-*")}
    capsys.readouterr()
    assert _batch(archive, local_run, tiny_marian.path) == 1
    err = capsys.readouterr().err
    assert "0 done, 0 failed, 9 skipped" in err and "6 of them failed" in err
    assert {p.name: p.read_bytes() for p in local_run.glob("part-*")} == before
    code = _batch(archive, local_run, tiny_marian.path, "--beams", "2")
    err = capsys.readouterr().err
    assert code == 2
    beams = load_preset("default").translator.num_beams
    assert f"config.translator.num_beams was {beams}, now 2" in err.replace("'", "")
    code = _batch(archive, local_run, tiny_marian.path, "--task", "segment")
    assert code == 2 and "task was 'translate', now 'segment'" in capsys.readouterr().err


def test_an_input_changed_at_the_same_size_is_refused(
    archive: Path, tiny_marian, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "in.jsonl"
    data.write_bytes(archive.read_bytes())
    out = tmp_path / "out"
    _batch(data, out, tiny_marian.path)
    lines = data.read_bytes().split(b"\n")
    lines[0], lines[1] = lines[1], lines[0]  # two rows swapped: same size, other shards
    data.write_bytes(b"\n".join(lines))
    capsys.readouterr()
    assert _batch(data, out, tiny_marian.path) == 2
    err = capsys.readouterr().err
    assert f"{data.resolve()} changed since that run (its SHA-256 differs)" in err


def test_brief_rows_match_single_article_cli(archive: Path, tiny_marian, tmp_path, capsys) -> None:  # type: ignore[no-untyped-def]
    assert _batch(archive, tmp_path / "out", tiny_marian.path, "--task", "brief") == 1
    by_id = {r["id"]: r for r in _rows(tmp_path / "out")}
    result, _ = _single("brief", GOOD["doc"], tiny_marian.path, tmp_path, capsys)
    assert by_id["doc"]["result"] == result and len(result["bullets"]) == 3  # type: ignore[index]


def test_parquet_in_and_out(local_run: Path, tiny_marian, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    import pyarrow as pa
    import pyarrow.parquet as pq

    good = [r for r in _rows(local_run) if r["error"] is None]
    table = pa.table(
        {
            "id": [str(r["id"]) for r in good] + ["bad"],
            "text": [GOOD["match" if r["id"] == 7 else r["id"]] for r in good] + [None],
        }
    )
    pq.write_table(table, tmp_path / "in.parquet", row_group_size=2)
    out = tmp_path / "out"
    code = _batch(tmp_path / "in.parquet", out, tiny_marian.path, "--output-format", "parquet")
    assert code == 1
    assert sorted(p.name for p in out.glob("part-*")) == ["part-00000.parquet"]
    rows = _rows(out)
    assert [r["id"] for r in rows] == ["doc", "rain", "7", "bad"]
    assert [r["result"] for r in rows[:3]] == [r["result"] for r in good]
    assert rows[3]["result"] is None and "no 'text' field" in rows[3]["error"]


def test_folder_of_articles_ids_are_relative_paths(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    folder = tmp_path / "site"
    (folder / "2025" / "07").mkdir(parents=True)
    (folder / "2025" / "07" / "a.txt").write_text(GOOD["rain"], encoding="utf-8")
    (folder / "b.html").write_text(
        "<html><head><title>t</title></head><body><article><p>"
        + GOOD["match"].replace("\n\n", "</p><p>")
        + "</p></article></body></html>",
        encoding="utf-8",
    )
    (folder / "c.txt").write_bytes(b"%PDF-1.4 \x00\x00")
    out = tmp_path / "out"
    code = main(["batch", str(folder), "--output", str(out), "--task", "segment", "--no-progress"])
    assert code == 1 and "3 rows: 2 done, 1 failed" in capsys.readouterr().err
    rows = _rows(out)
    assert [r["id"] for r in rows] == ["2025/07/a.txt", "b.html", "c.txt"]
    for row, name in zip(rows[:2], ["2025/07/a.txt", "b.html"], strict=True):
        code = main(["segment", "--format", "json", str(folder / name)])
        assert code == 0 and row["result"] == json.loads(capsys.readouterr().out)
    assert "binary" in rows[2]["error"]


def test_bad_options_fail_cleanly(archive: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code = main(
        ["batch", str(tmp_path / "nope"), "--output", str(tmp_path / "o"), "--task", "segment"]
    )
    assert code == 2 and "no input found" in capsys.readouterr().err
    code = main(
        [
            "batch",
            str(archive),
            "--output",
            str(tmp_path / "o"),
            "--workers",
            "2",
            "--task",
            "segment",
        ]
    )
    assert code == 2 and "need --engine ray" in capsys.readouterr().err


def test_ray_address_nobody_listens_on_fails_in_seconds(
    archive: Path, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    import socket

    pytest.importorskip("ray", reason="Ray is not installed (pip install 'hinews[ray]')")
    with socket.socket() as s:  # a port that was free a moment ago: nothing listens there
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    argv = ["batch", str(archive), "--output", str(tmp_path / "o"), "--task", "segment"]
    code = main([*argv, "--engine", "ray", "--address", f"127.0.0.1:{port}"])
    err = capsys.readouterr().err
    assert code == 2 and f"no Ray cluster answers at 127.0.0.1:{port}" in err
    assert "ray start --head" in err and "Traceback" not in err
    assert main([*argv, "--engine", "ray", "--address", "nonsense"]) == 2
    assert "is not auto, HOST:PORT" in capsys.readouterr().err


def test_killed_run_resumes_to_identical_rows(tiny_marian, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """SIGKILL mid-run, restart: the same shard files as an uninterrupted run."""
    texts = [GOOD["doc"], GOOD["rain"], GOOD["match"], BAD_TEXT["english"]] * 4
    archive = tmp_path / "many.jsonl"
    archive.write_text(
        "".join(
            json.dumps({"id": i, "text": t}, ensure_ascii=False) + "\n" for i, t in enumerate(texts)
        ),
        encoding="utf-8",
    )
    argv = [
        sys.executable,
        "-m",
        "hinews.cli",
        "batch",
        str(archive),
        "--translator",
        str(tiny_marian.path),
        "--shard-size",
        "1",
        "--no-progress",
        "--output",
    ]
    env = {**os.environ, "OMP_NUM_THREADS": "1"}
    killed = tmp_path / "killed"
    proc = subprocess.Popen([*argv, str(killed)], env=env, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 120
    while not (killed / "part-00002.jsonl").exists() and proc.poll() is None:
        assert time.monotonic() < deadline, "the batch run wrote no shard in 120 s"
        time.sleep(0.01)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    finished = len(list(killed.glob("part-*.jsonl")))
    assert 0 < finished < len(texts), "the run was not killed mid-way"
    (killed / ".part-00099.abc.tmp").write_text("half a shard")  # what a kill leaves
    restart = subprocess.run([*argv, str(killed)], env=env, capture_output=True, text=True)
    assert restart.returncode == 1 and f", {finished} skipped" in restart.stderr
    clean = tmp_path / "clean"
    done = subprocess.run([*argv, str(clean)], env=env, capture_output=True, text=True)
    assert done.returncode == 1 and f"{len(texts)} rows: 12 done, 4 failed" in done.stderr
    files = sorted(p.name for p in clean.glob("part-*"))
    assert sorted(p.name for p in killed.glob("part-*")) == files and len(files) == len(texts)
    assert not list(killed.glob(".*.tmp"))
    for name in files:
        assert (killed / name).read_bytes() == (clean / name).read_bytes()
    rows = _rows(killed)
    assert [r["id"] for r in rows] == list(range(len(texts)))


def test_ray_engine_gives_the_local_rows(  # type: ignore[no-untyped-def]
    ray_cluster, local_run: Path, archive: Path, tiny_marian, tmp_path: Path
) -> None:
    out = tmp_path / "ray"
    code = _batch(
        archive, out, tiny_marian.path, "--engine", "ray", "--workers", "2", "--threads", "1"
    )
    assert code == 1
    assert sorted(p.name for p in out.glob("part-*")) == sorted(
        p.name for p in local_run.glob("part-*")
    )
    for path in local_run.glob("part-*"):
        assert (out / path.name).read_bytes() == path.read_bytes()
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["engine"] == "ray" and manifest["workers"] == 2
    assert manifest["versions"]["ray"] and manifest["counts"]["failed"] == 6


def test_an_unexpected_error_in_one_row_is_recorded_and_the_rest_go_on(
    tiny_marian,
    monkeypatch: pytest.MonkeyPatch,  # type: ignore[no-untyped-def]
) -> None:
    """Not only hinews' own errors: whatever one article raises stays in its row."""
    from hinews.batch.worker import BatchWorker
    from hinews.config import PipelineConfig
    from hinews.pipeline import Pipeline
    from tiny_data import PAIRS

    config = PipelineConfig.from_dict({"translator": {"model": str(tiny_marian.path)}})
    worker = BatchWorker("translate", config.to_dict())
    texts = [PAIRS[0][0] + " " + PAIRS[1][0], PAIRS[2][0] + " " + PAIRS[3][0], PAIRS[4][0]]
    original = Pipeline.translate_segmented

    def flaky(self, batch, **kw):  # type: ignore[no-untyped-def]
        if any(PAIRS[2][0] in s.text for seg in batch for s in seg.sentences):
            raise RuntimeError("odd input")
        return original(self, batch, **kw)

    monkeypatch.setattr(Pipeline, "translate_segmented", flaky)
    rows = worker.process([{"id": str(i), "text": t} for i, t in enumerate(texts)])
    assert [r["id"] for r in rows] == ["0", "1", "2"]
    assert rows[1]["result"] is None
    assert rows[1]["error"] == "internal error RuntimeError: odd input (a bug: report it)"
    assert rows[0]["error"] is None and rows[2]["error"] is None
    assert rows[0]["result"]["sentences"][1]["target"] == PAIRS[1][1]


def test_a_run_recorded_before_input_hashes_still_resumes(
    archive: Path, tiny_marian, tmp_path: Path, capsys
) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    _batch(archive, out, tiny_marian.path)
    path = out / "manifest.json"
    manifest = json.loads(path.read_text("utf-8"))
    for item in manifest["identity"]["inputs"]:
        del item["sha256"]  # as an older hinews wrote it
    path.write_text(json.dumps(manifest), "utf-8")
    capsys.readouterr()
    assert _batch(archive, out, tiny_marian.path) == 1  # the archive's bad rows, as before
    assert "0 done, 0 failed, 9 skipped" in capsys.readouterr().err


def test_ctrl_c_marks_the_manifest_and_says_how_to_resume(
    archive: Path, tiny_marian, tmp_path: Path, monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    import hinews.batch.run as batch_run

    def interrupted(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(batch_run, "_run_local", interrupted)
    out = tmp_path / "out"
    assert _batch(archive, out, tiny_marian.path) == 130
    assert "run the same command again to resume" in capsys.readouterr().err
    manifest = json.loads((out / "manifest.json").read_text("utf-8"))
    assert manifest["status"] == "interrupted" and manifest["interrupted"]
