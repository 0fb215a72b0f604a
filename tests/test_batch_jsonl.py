"""``hinews translate|brief FILE.jsonl`` in one process: a bad row gets its own output line
(invalid JSON, no string 'text', text that fails the checks) and the run goes on."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hinews.cli import main
from tiny_data import DOC, DOC_EN, PAIRS, TITLE, TITLE_EN


@pytest.mark.parametrize("command", ["translate", "brief"])
def test_bad_rows_are_reported_in_their_lines(
    command: str, tmp_path: Path, tiny_marian, capsys
) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "in.jsonl"
    data.write_text(
        "\n".join(
            [
                json.dumps({"id": 1, "text": DOC}, ensure_ascii=False),
                "{not json",
                json.dumps({"id": 3}),
                "[1, 2]",
                json.dumps({"id": 5, "text": "English only, not Hindi at all."}),
                json.dumps({"id": 6, "text": PAIRS[4][0]}, ensure_ascii=False),
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code = main([command, "--translator", str(tiny_marian.path), str(data)])
    out, err = capsys.readouterr()
    lines = [json.loads(line) for line in out.splitlines()]
    assert len(lines) == 6 and code == 1
    assert [line.get("id", line.get("line")) for line in lines] == [1, 2, 3, 4, 5, 6]
    assert f"{data}:2 is not valid JSON" in lines[1]["error"]
    assert f"{data}:3 has no 'text' field" in lines[2]["error"]
    assert f"{data}:4 is a JSON list, not an object" in lines[3]["error"]
    assert "Devanagari" in lines[4]["error"]
    assert all("error" not in lines[i] for i in (0, 5))
    english = lines[0]["text"] if command == "translate" else lines[0]["translation"]["text"]
    assert english == DOC_EN
    assert "4 of 6 records failed" in err


def test_a_title_field_is_the_headline_and_clashing_fields_are_kept_under_input(
    tmp_path: Path, tiny_marian, capsys
) -> None:  # type: ignore[no-untyped-def]
    body = DOC.split("\n\n", 1)[1]  # DOC without its headline line
    record = {"id": 7, "title": TITLE, "text": body, "provenance": "agency-x", "error": "old"}
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["translate", "--translator", str(tiny_marian.path), str(data)]) == 0
    (line,) = [json.loads(x) for x in capsys.readouterr().out.splitlines()]
    assert line["id"] == 7 and line["title"] == TITLE_EN and line["text"] == DOC_EN
    assert "error" not in line and line["provenance"]["backend"] == "transformers"
    assert line["input"] == {"title": TITLE, "provenance": "agency-x", "error": "old"}


def test_output_lines_escape_unicode_line_separators(tmp_path: Path, tiny_marian, capsys) -> None:  # type: ignore[no-untyped-def]
    record = {"id": "a\u2028b\x85c", "text": DOC}
    data = tmp_path / "in.jsonl"
    data.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    assert main(["translate", "--translator", str(tiny_marian.path), str(data)]) == 0
    out = capsys.readouterr().out
    assert "\u2028" not in out and "\x85" not in out and "\\u2028" in out
    (line,) = [json.loads(x) for x in out.splitlines()]  # str.splitlines: one line still
    assert line["id"] == "a\u2028b\x85c"
