"""JSON Lines records: one reading for ``hinews translate FILE.jsonl``, ``hinews batch``
and ``hinews digest``, with a table of bad lines and the message each gets."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hinews.batch.store import read_output, write_shard
from hinews.evaluation.fileio import read_table
from hinews.jsonl import parse_line, parse_lines

RAIN = "दिल्ली में आज भारी बारिश हुई।"


@pytest.mark.parametrize(
    ("raw", "error"),
    [
        (json.dumps({"id": 1, "text": RAIN}, ensure_ascii=False), None),
        (
            '{"id": 1, "text": "x"',
            "a.jsonl:7 is not valid JSON (Expecting ',' delimiter at column 22)",
        ),
        ("[1, 2]", 'a.jsonl:7 is a JSON list, not an object like {"id": 1, "text": "..."}'),
        ('"just a string"', "a.jsonl:7 is a JSON str, not an object like"),
        ('{"id": 1}', "a.jsonl:7 has no 'text' field; each record needs the article in 'text'"),
        ('{"text": null}', "a.jsonl:7 has no 'text' field"),
        ('{"text": 42}', "a.jsonl:7: 'text' is of type int, not a string"),
        ('{"text": ["a"]}', "a.jsonl:7: 'text' is of type list, not a string"),
        (b'{"text": "\xe0\xa4"}', "a.jsonl:7 is not valid UTF-8 (byte offset 10)"),
    ],
)
def test_each_bad_line_gets_its_message(raw: str | bytes, error: str | None) -> None:
    record = parse_line(raw, "a.jsonl", 7)
    assert record.where == "a.jsonl:7" and record.line == 7
    if error is None:
        assert record.error is None and record.text == RAIN and record.fields["id"] == 1
    else:
        assert record.error is not None and record.error.startswith(error)
        assert record.text is None


def test_lines_keep_their_numbers_past_blank_lines_and_a_bom() -> None:
    data = "\ufeff" + '{"text": "a"}\n\n  \n{"text": "b"}\r\n{"text": 3}\n'
    records = parse_lines(data.encode("utf-8"), "day.jsonl")
    assert [(r.line, r.text) for r in records] == [(1, "a"), (4, "b"), (5, None)]
    assert parse_lines(data.lstrip("\ufeff"), "day.jsonl") == records  # text reads the same


@pytest.mark.parametrize("separator", ["\u2028", "\u2029", "\x85"])
def test_unicode_line_separators_inside_a_string_do_not_cut_the_record(
    separator: str, tmp_path: Path
) -> None:
    # json.dumps(..., ensure_ascii=False) leaves these raw; str.splitlines() cuts at them.
    text = f"पहला वाक्य।{separator}दूसरा वाक्य।"
    line = json.dumps({"id": "x", "text": text}, ensure_ascii=False)
    assert [r.text for r in parse_lines(line + "\n" + line, "a.jsonl")] == [text, text]
    path = tmp_path / "hyp.jsonl"
    path.write_text(line + "\n", "utf-8")
    assert [row["text"] for row in read_table(path)] == [text]
    row = {"id": "x", "result": {"text": text}, "error": None}
    written = write_shard(tmp_path, "part-00000", [row, row], "jsonl")
    assert read_output(written) == [row, row]


def test_a_batch_row_takes_its_title_as_the_headline(tmp_path: Path) -> None:
    from hinews.batch.inputs import plan_shards, read_shard

    path = tmp_path / "in.jsonl"
    rows = [
        {"id": 1, "title": "भारी बारिश", "text": RAIN},
        {"id": 2, "title": "दिल्ली में", "text": RAIN},  # the text starts with it already
        {"id": 3, "title": 5, "text": RAIN},  # not a string: no headline
    ]
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
    shards, _ = plan_shards(str(path), 10)
    assert [r["text"] for r in read_shard(shards[0])] == [f"भारी बारिश\n\n{RAIN}", RAIN, RAIN]
