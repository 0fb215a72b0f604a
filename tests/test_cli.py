"""The CLI as a user runs it: JSON shapes, JSONL batches, and errors without tracebacks."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import hinews
from hinews.cli import main
from tiny_data import DOC, DOC_EN, PAIRS, PARAGRAPHS, TITLE, TITLE_EN


@pytest.fixture
def doc_file(tmp_path: Path) -> Path:
    path = tmp_path / "doc.txt"
    path.write_text(DOC, encoding="utf-8")
    return path


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(argv)
    out, err = capsys.readouterr()
    return code, out, err


def test_translate_json(doc_file: Path, tiny_marian, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        ["translate", "--translator", str(tiny_marian.path), "--format", "json", str(doc_file)],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert data["title"] == TITLE_EN and data["text"] == DOC_EN
    assert {"source", "target", "paragraph", "confidence", "flags"} == set(data["sentences"][0])
    assert data["sentences"][0]["flags"] == [] and data["language"]["code"] == "hin_Deva"
    assert data["provenance"]["backend"] == "transformers"


def test_translate_text_and_output_file(
    doc_file: Path,
    tiny_nllb,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    capsys,
) -> None:
    target = tmp_path / "out.txt"
    code, out, _ = run(
        ["translate", "--translator", str(tiny_nllb.path), str(doc_file), "-o", str(target)], capsys
    )
    assert code == 0 and out == ""
    assert target.read_text(encoding="utf-8") == TITLE_EN + "\n\n" + DOC_EN + "\n"


def test_brief_json_and_markdown(doc_file: Path, tiny_marian, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        [
            "brief",
            "--translator",
            str(tiny_marian.path),
            "--summarizer",
            "extractive",
            "--format",
            "json",
            str(doc_file),
        ],
        capsys,
    )
    assert code == 0
    data = json.loads(out)
    assert data["title"] == TITLE_EN and len(data["bullets"]) == 3
    assert data["translation"]["text"] == DOC_EN
    assert data["provenance"]["summarizer"]["model"] == "extractive"
    code, out, _ = run(
        ["brief", "--translator", str(tiny_marian.path), "--format", "markdown", str(doc_file)],
        capsys,
    )
    assert out.startswith(f"# {TITLE_EN}\n")
    bullets, _, rest = out.partition("## Translation")
    assert bullets.count("\n- ") == 3
    made = rest.split("## Made with\n\n")[1].splitlines()
    assert made[0].startswith("- summarizer: `extractive` (hinews; ")
    assert made[1].startswith(f"- translator: `{tiny_marian.path}` (transformers; num_beams=")
    assert made[2] == f"- hinews {hinews.__version__}"


def test_segment_json(doc_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["segment", "--format", "json", str(doc_file)], capsys)
    assert code == 0
    data = json.loads(out)
    assert data["title"] == "नई रेल सेवा शुरू"
    assert data["sentences"][0] == {"text": PAIRS[28][0], "paragraph": 0}
    assert [s["paragraph"] for s in data["sentences"]] == [0] * 4 + [1] * 4 + [2] * 2


def test_stdin(monkeypatch: pytest.MonkeyPatch, tiny_marian, capsys) -> None:  # type: ignore[no-untyped-def]
    import io

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(DOC.encode("utf-8"))))
    code, out, _ = run(["translate", "--translator", str(tiny_marian.path), "-"], capsys)
    assert code == 0 and out == TITLE_EN + "\n\n" + DOC_EN + "\n"


def test_jsonl_in_jsonl_out(tmp_path: Path, tiny_marian, capsys) -> None:  # type: ignore[no-untyped-def]
    data = tmp_path / "in.jsonl"
    records = [
        {"id": 1, "text": DOC},
        {"id": 2, "text": "This is English, not Hindi."},
        {"id": 3, "text": PAIRS[4][0] + " " + PAIRS[5][0]},
    ]
    data.write_text(
        "\n".join(json.dumps(r, ensure_ascii=False) for r in records) + "\n", encoding="utf-8"
    )
    code, out, err = run(["translate", "--translator", str(tiny_marian.path), str(data)], capsys)
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["id"] for r in lines] == [1, 2, 3]
    assert lines[0]["text"] == DOC_EN
    assert "Devanagari" in lines[1]["error"]
    assert lines[2]["sentences"][1]["target"] == PAIRS[5][1]
    assert code == 1 and "1 of 3 records failed" in err


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t  \n", "whitespace"),
        (b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n\x00\x00", "binary"),
        ("नमस्ते दुनिया".encode() + b"\xff\xfe bad", "UTF-8"),
        (b"This is an English article about the weather in Delhi today.", "Devanagari"),
    ],
)
def test_bad_input_fails_cleanly(
    tmp_path: Path, content: bytes, message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run(["segment", str(path)], capsys)
    assert code == 2 and out == ""
    assert err.startswith("hinews: error:") and message in err
    assert "Traceback" not in err


def test_missing_file_and_missing_model(tmp_path: Path, doc_file: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(["segment", str(tmp_path / "nope.txt")], capsys)
    assert code == 2 and "nope.txt" in err
    code, _, err = run(
        ["translate", "--translator", str(tmp_path / "no-model"), str(doc_file)], capsys
    )
    assert code == 3 and "no-model" in err and "Traceback" not in err


def test_uncached_hub_model_fails_fast_without_offline_flag(doc_file: Path) -> None:
    """No HF_HUB_OFFLINE, no network: a clear message within seconds, exit code 3."""
    env = {k: v for k, v in os.environ.items() if k != "HF_HUB_OFFLINE"}
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "hinews.cli",
            "translate",
            "--translator",
            "opus-mt",
            "--backend",
            "transformers",
            str(doc_file),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
    )
    assert proc.returncode == 3
    assert "Helsinki-NLP/opus-mt-hi-en" in proc.stderr and "hinews download" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_models_lists_presets_and_cache_status(capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(["models", "--format", "json"], capsys)
    assert code == 0
    data = json.loads(out)
    assert {p["name"] for p in data["presets"]} >= {"default", "fast", "best"}
    opus = next(m for m in data["models"] if m["alias"] == "opus-mt")
    assert opus["license"] and opus["cached"] is False


def test_download_offline_says_how_to_fix(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(["download", "opus-mt"], capsys)
    assert code == 3 and "HF_HUB_OFFLINE" in err


def test_help_has_examples(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main(["brief", "--help"])
    out = capsys.readouterr().out
    assert "examples:" in out and "--summarizer" in out and "--order" in out


def test_saved_html_page(tmp_path: Path, tiny_marian, capsys) -> None:  # type: ignore[no-untyped-def]
    """A saved page: navigation, footer and scripts go; title and paragraphs are translated."""
    body = "".join(f"<p>{' '.join(PAIRS[i][0] for i in p)}</p>" for p in PARAGRAPHS)
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>नई रेल सेवा शुरू | Example News</title>"
        "<script>var ads = 1;</script></head><body>"
        "<nav><a href='/'>होम</a> » <a href='/desh'>देश</a> » <a>राज्य</a></nav>"
        f"<article><h1>{TITLE}</h1>{body}</article>"
        "<footer><p>© Example News 2025. सर्वाधिकार सुरक्षित।</p></footer></body></html>",
        encoding="utf-8",
    )
    code, out, err = run(
        ["translate", "--translator", str(tiny_marian.path), "--format", "json", str(page)],
        capsys,
    )
    assert code == 0, err
    data = json.loads(out)
    assert data["title"] == TITLE_EN
    assert data["text"] == DOC_EN


def test_output_folder_must_exist(doc_file: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(["segment", str(doc_file), "-o", str(tmp_path / "no" / "out.txt")], capsys)
    assert code == 2 and "does not exist" in err


def test_failed_run_keeps_an_existing_output_file(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    target = tmp_path / "out.txt"
    target.write_text("precious", encoding="utf-8")
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, _, _ = run(["segment", str(empty), "-o", str(target)], capsys)
    assert code == 2 and target.read_text(encoding="utf-8") == "precious"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_several_files_one_bad(doc_file: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    """A bad file is named and skipped; the others still run; JSON becomes JSON Lines."""
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    code, out, err = run(
        ["segment", "--format", "json", str(doc_file), str(empty), str(doc_file)], capsys
    )
    assert code == 2 and f"{empty}: The input is an empty text" in err
    lines = [json.loads(line) for line in out.splitlines()]
    assert [r["file"] for r in lines] == [str(doc_file), str(empty), str(doc_file)]
    assert lines[0]["title"] == TITLE and lines[2] == lines[0]
    assert lines[1]["error"].startswith("The input is an empty text")


def test_markdown_for_translate_and_segment(doc_file: Path, tiny_marian, capsys) -> None:  # type: ignore[no-untyped-def]
    code, out, _ = run(
        ["translate", "--translator", str(tiny_marian.path), "--format", "markdown", str(doc_file)],
        capsys,
    )
    assert code == 0 and out.startswith(f"# {TITLE_EN}\n\n{DOC_EN}\n\n## Sentences (0 of ")
    assert "| # | confidence | flags | English | Hindi |" in out
    first = PARAGRAPHS[0][0]  # memorised: confident, no flags, beside its Hindi source
    en, hi = (re.escape(t) for t in (PAIRS[first][1], PAIRS[first][0]))
    # 0.95 or more, printed with two decimals (how close to 1 varies with the machine's floats)
    row = rf"\n\| 1 \| (0\.9[5-9]|1\.00) \|  \| {en} \| {hi} \|\n"
    assert re.search(row, out)
    code, out, _ = run(["segment", "--format", "markdown", str(doc_file)], capsys)
    assert out.startswith(f"# {TITLE}\n\n1. {PAIRS[28][0]}\n") and "Dropped" not in out
    page = doc_file.with_name("page.txt")
    page.write_text(f"देश\n\n{doc_file.read_text('utf-8')}\n\nयह भी पढ़ें: मुंबई में बारिश", "utf-8")
    code, out, _ = run(["segment", "--format", "markdown", "--show-dropped", str(page)], capsys)
    assert out.endswith(
        "## Dropped (2)\n\n| rule | text |\n|---|---|\n| label | देश |\n"
        "| also-read | यह भी पढ़ें: मुंबई में बारिश |\n"
    )


def test_corrupt_model_weights_fail_cleanly(
    tiny_marian,
    doc_file: Path,
    tmp_path: Path,  # type: ignore[no-untyped-def]
    capsys,
) -> None:
    broken = tmp_path / "broken-model"
    broken.mkdir()
    for f in tiny_marian.path.iterdir():
        if f.suffix in (".json", ".spm"):
            (broken / f.name).write_bytes(f.read_bytes())
    (broken / "model.safetensors").write_bytes(b"\x00" * 100)
    code, _, err = run(["translate", "--translator", str(broken), str(doc_file)], capsys)
    assert code == 3 and "could not load translation model" in err
    assert "Traceback" not in err and ".." not in err


def test_download_unknown_alias(capsys) -> None:  # type: ignore[no-untyped-def]
    code, _, err = run(["download", "opus-mtt"], capsys)
    assert code == 2 and "Did you mean 'opus-mt'" in err


def test_a_json_file_is_refused_with_the_way_to_jsonl(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    path = tmp_path / "articles.json"
    path.write_text(json.dumps([{"text": DOC}], ensure_ascii=False), encoding="utf-8")
    code, out, err = run(["segment", str(path)], capsys)
    assert code == 2 and out == ""
    assert "is a .json file" in err and f"jq -c '.[]' {path} > articles.jsonl" in err


def test_an_unknown_option_gets_the_subcommand_usage(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit) as info:
        main(["segment", "--bogus", "a.txt"])
    err = capsys.readouterr().err
    assert info.value.code == 2
    assert (
        err.startswith("usage: hinews segment ")
        and "hinews segment: error: unrecognized arguments: --bogus" in err
    )


def test_an_unknown_option_before_the_command_gets_the_main_usage(capsys) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(SystemExit):
        main(["--bogus", "segment", "a.txt"])
    err = capsys.readouterr().err
    assert (
        err.startswith("usage: hinews [-h]")
        and "hinews: error: unrecognized arguments: --bogus" in err
    )
