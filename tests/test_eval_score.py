"""``hinews score`` and file reading: JSON keys, clear errors for bad files."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from hinews.errors import ConfigError, DataError
from hinews.evaluation.cli import register
from hinews.evaluation.fileio import JsonlLog, read_lines
from hinews.evaluation.score import score_files

PUBLISHED = "published-outputs/opus-mt-hin-eng-opus+bt-2021-04-30/flores200-devtest.hin-eng.output"


def _parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="hinews")
    register(parser.add_subparsers())
    return parser.parse_args(argv)


def test_score_cli_json_reproduces_published(shared_data: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    args = _parse(
        [
            "score",
            "--hyp",
            str(shared_data / PUBLISHED),
            "--ref",
            str(shared_data / "flores200-devtest" / "eng_Latn.devtest"),
            "--format",
            "json",
        ]
    )
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert set(out) == {
        "bleu",
        "chrf++",
        "rouge1",
        "rouge2",
        "rougeL",
        "rougeLsum",
        "signature",
        "signatures",
    }
    assert round(out["bleu"], 2) == 31.47 and round(out["chrf++"], 2) == 55.86
    assert set(out["signatures"]) == {"bleu", "chrf++", "rouge"}
    assert "lang:en" in out["signatures"]["rouge"]
    assert out["signature"] == " + ".join(out["signatures"].values())


def test_score_through_main_cli(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    from hinews.cli import main

    hyp, ref = tmp_path / "h.txt", tmp_path / "r.txt"
    hyp.write_text("यह एक वाक्य है।\nदूसरा वाक्य\n", "utf-8")
    ref.write_text("यह एक वाक्य है।\nदूसरा वाक्य\n", "utf-8")
    assert (
        main(
            [
                "score",
                "--hyp",
                str(hyp),
                "--ref",
                str(ref),
                "--metrics",
                "rouge",
                "--lang",
                "hi",
                "--format",
                "json",
            ]
        )
        == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert out["rouge1"] == out["rougeLsum"] == 100.0
    assert main(["score", "--hyp", str(hyp), "--ref", str(ref), "--metrics", "rouge"]) == 0
    assert "ROUGE-1" in capsys.readouterr().out  # text format, language guessed as hi
    ref.write_text("one line\n", "utf-8")
    assert main(["score", "--hyp", str(hyp), "--ref", str(ref)]) == 2
    assert "not line-aligned" in capsys.readouterr().err


def test_mismatched_empty_and_badly_encoded_files(tmp_path: Path) -> None:
    hyp, ref = tmp_path / "h.txt", tmp_path / "r.txt"
    hyp.write_text("a\nb\nc\n", "utf-8")
    ref.write_text("a\nb\n", "utf-8")
    with pytest.raises(DataError, match=r"h\.txt: 3 lines.*r\.txt: 2 lines"):
        score_files(hyp, [ref])
    ref.write_text("", "utf-8")
    with pytest.raises(DataError, match="empty"):
        score_files(hyp, [ref])
    ref.write_bytes("a\nb\ncaf\u00e9\n".encode("latin-1"))
    with pytest.raises(DataError, match=r"not valid UTF-8 \(byte 7, line 3\).*iconv"):
        score_files(hyp, [ref])
    with pytest.raises(DataError, match="does not exist"):
        score_files(tmp_path / "nope.txt", [ref])
    with pytest.raises(ConfigError, match="Did you mean 'chrf"):
        score_files(hyp, [hyp], metrics=["chrff"])


def test_read_lines_accepts_bom_and_crlf(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes("\ufeffone\r\ntwo\r\n\r\n".encode())
    assert read_lines(p) == ["one", "two", ""]


def test_jsonl_log_drops_a_torn_last_line(tmp_path: Path) -> None:
    log = JsonlLog(tmp_path / "x.jsonl")
    log.append([{"index": 0}, {"index": 1}])
    with open(log.path, "ab") as fh:
        fh.write(b'{"index": 2, "hyp')  # killed mid-write
    assert log.read() == [{"index": 0}, {"index": 1}]
    log.append([{"index": 2}])
    assert log.read() == [{"index": 0}, {"index": 1}, {"index": 2}]
