"""``hinews score`` and file reading: JSON keys, clear errors for bad files."""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

import pytest

from hinews.errors import ConfigError, DataError
from hinews.evaluation.cli import EVAL_EPILOG, SCORE_EPILOG, register
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


@pytest.mark.requires("sacrebleu", "rouge_score")
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
    with pytest.raises(
        DataError, match=r"not valid UTF-8: byte 0xe9 at byte offset 7 \(line 3\).*iconv"
    ):
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


def _files(tmp_path: Path, hyp: str, ref: str) -> tuple[Path, Path]:
    h, r = tmp_path / "h.txt", tmp_path / "r.txt"
    h.write_text(hyp, "utf-8")
    r.write_text(ref, "utf-8")
    return h, r


@pytest.mark.parametrize(
    ("hyp", "ref"),
    [
        ("the cat sat\na dog ran\n\n", "the cat sat\na dog ran\n"),  # one extra blank line
        ("the cat sat\na dog ran", "the cat sat\na dog ran\n\n\n"),  # several, no final \n
        ("the cat sat\na dog ran\r\n\r\n", "the cat sat\na dog ran\n"),  # CRLF
    ],
)
def test_trailing_blank_lines_at_the_end_of_a_file_are_tolerated(
    tmp_path: Path, hyp: str, ref: str
) -> None:
    h, r = _files(tmp_path, hyp, ref)
    assert score_files(h, [r], metrics=["chrf++"])["chrf++"] == pytest.approx(100.0)
    assert score_files(r, [h], metrics=["chrf++"])["chrf++"] == pytest.approx(100.0)


def test_internal_blank_lines_still_count_and_an_empty_last_segment_is_kept(
    tmp_path: Path,
) -> None:
    h, r = _files(tmp_path, "the cat sat\n\na dog ran\n", "the cat sat\na dog ran\n")
    with pytest.raises(DataError, match=r"h\.txt: 3 lines.*r\.txt: 2 lines"):
        score_files(h, [r])
    # A system that produced nothing for the last segment: still aligned, scored as empty.
    h, r = _files(tmp_path, "the cat sat\n\n", "the cat sat\na dog ran\n")
    assert 0 < score_files(h, [r], metrics=["chrf++"])["chrf++"] < 100


def test_trailing_blank_lines_in_task_data_and_hypothesis_files(tmp_path: Path) -> None:
    from hinews.evaluation.data import load_dataset
    from hinews.evaluation.systems import HypothesisFile
    from hinews.evaluation.tasks import DataConfig

    (tmp_path / "src.hi").write_text("एक\nदो\n\n", "utf-8")
    (tmp_path / "ref.en").write_text("one\ntwo\n", "utf-8")
    data = DataConfig(format="text", source="src.hi", references=["ref.en"])
    ds = load_dataset(data, data_dir=tmp_path)
    assert [(ex.source, ex.references) for ex in ds.examples] == [
        ("एक", ("one",)),
        ("दो", ("two",)),
    ]
    (tmp_path / "h.txt").write_text("one\ntwo\n\n\n", "utf-8")
    assert [o.hypothesis for o in HypothesisFile("h", tmp_path / "h.txt", total=2).outputs] == [
        "one",
        "two",
    ]
    (tmp_path / "h.jsonl").write_text('{"bullets": ["a"]}\n{"bullets": ["b"]}\n\n', "utf-8")
    assert len(HypothesisFile("j", tmp_path / "h.jsonl", total=2).outputs) == 2


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe", "PNG image"),
        (b"%PDF-1.7\n\xe2\xe3\xcf\xd3\n", "PDF"),
        (b"one\ntwo\x00\x00three\n", "NUL bytes"),
    ],
)
def test_binary_files_are_named_as_such(tmp_path: Path, data: bytes, kind: str) -> None:
    bad, ref = tmp_path / "some.png", tmp_path / "r.txt"
    bad.write_bytes(data)
    ref.write_text("one\ntwo\n", "utf-8")
    with pytest.raises(DataError) as info:
        score_files(bad, [ref])
    message = str(info.value)
    assert "hypotheses file" in message and "some.png" in message
    assert "binary file" in message and kind in message
    assert "UTF-8" in message and "iconv" not in message and "WINDOWS-1252" not in message


def test_utf16_with_a_byte_order_mark_is_read(tmp_path: Path) -> None:
    p = tmp_path / "x.txt"
    p.write_bytes("\ufeffएक\nदो\n".encode("utf-16-le"))
    assert read_lines(p) == ["एक", "दो"]


def test_lang_en_on_devanagari_references_warns(tmp_path: Path, capsys, caplog) -> None:  # type: ignore[no-untyped-def]
    import logging

    h, r = _files(tmp_path, "यह एक वाक्य है।\n", "यह एक वाक्य है।\n")
    with caplog.at_level(logging.WARNING, logger="hinews"):
        score_files(h, [r], metrics=["rouge"], lang="en")
    (record,) = caplog.records  # a Python caller gets a logged warning, in Python words
    assert record.levelno == logging.WARNING and 'use lang="hi"' in record.getMessage()
    caplog.clear()
    with caplog.at_level(logging.WARNING, logger="hinews"):
        score_files(h, [r], metrics=["rouge"], lang="hi")
        score_files(h, [r], metrics=["rouge"])
        score_files(h, [r], metrics=["chrf++"], lang="en")  # no tokenizer involved
    assert caplog.records == []
    from hinews.cli import main

    capsys.readouterr()
    assert (
        main(["score", "--hyp", str(h), "--ref", str(r), "--metrics", "rouge", "--lang", "en"]) == 0
    )
    err = capsys.readouterr().err  # the CLI prints it on stderr, in flags
    assert "hinews: warning:" in err and "Devanagari" in err and "use --lang hi" in err


def _help(name: str) -> str:
    parser = argparse.ArgumentParser(prog="hinews")
    subparsers = parser.add_subparsers()
    register(subparsers)
    return str(subparsers.choices[name].format_help())


def test_score_help_documents_ref_metrics_and_json_keys() -> None:
    from hinews.evaluation.metrics import metric_names

    text = " ".join(_help("score").split())
    assert "repeat --ref for several references" in text
    assert f"valid: {', '.join(metric_names())}" in text
    assert "(default: bleu,chrf++,rouge)" in text
    assert '"signatures": an object mapping each metric' in text
    assert 'one string joined with " + "' in text
    assert "empty lines at the very end of a file are ignored" in text


@pytest.mark.parametrize("name", ["eval", "score"])
def test_help_renders_cleanly(name: str) -> None:
    text = _help(name)
    epilog = EVAL_EPILOG if name == "eval" else SCORE_EPILOG
    first = epilog.splitlines()[0]
    tail = text[text.index(first) :]
    assert tail.strip() == epilog.strip()  # the epilog is shown as written
    for line in text.splitlines():
        assert len(line) <= 100, line
    for line in tail.splitlines():
        assert not re.search(r"\S {2,}", line), f"stray spaces in {line!r}"
        assert not line.endswith(" "), line
