"""Glossary: loading TSV/CSV, flagging missing renderings, protecting terms."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import hinews
from hinews.cli import main
from hinews.errors import InputError
from hinews.trust.glossary import Glossary, load_glossary, parse_glossary
from tiny_data import DOC, PAIRS


def test_tsv_and_csv_with_header_comments_and_blank_lines(tmp_path: Path) -> None:
    tsv = tmp_path / "desk.tsv"
    tsv.write_text("hindi\tenglish\n# names\nरूस\tRussia\n\nविदेश मंत्री\tForeign Minister\n", "utf-8")
    csv = tmp_path / "desk.csv"
    csv.write_text('term,rendering\nरूस,Russia\n"दिल्ली, भारत","Delhi, India"\n', "utf-8")
    assert load_glossary(tsv).entries == (("विदेश मंत्री", "Foreign Minister"), ("रूस", "Russia"))
    assert set(load_glossary(csv).entries) == {("रूस", "Russia"), ("दिल्ली, भारत", "Delhi, India")}


@pytest.mark.parametrize(
    ("text", "match"),
    [
        ("रूस\tRussia\nभारत\n", "line 2"),
        ("रूस\t\n", "line 1"),
        ("# only a comment\n", "no entries"),
    ],
)
def test_bad_glossaries_name_the_line(text: str, match: str) -> None:
    with pytest.raises(InputError, match=match):
        parse_glossary(text)


def test_missing_or_binary_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        load_glossary(tmp_path / "nope.tsv")
    bad = tmp_path / "bad.tsv"
    bad.write_bytes(b"\xff\xfe\x00abc")
    with pytest.raises(InputError, match="not UTF-8"):
        load_glossary(bad)


@pytest.mark.parametrize(
    ("source", "target", "missing"),
    [
        ("रूस और भारत के बीच बातचीत हुई।", "Talks were held between Russia and India.", ()),
        ("रूस और भारत के बीच बातचीत हुई।", "Talks were held between Moscow and India.", ("रूस",)),
        ("रूसी पर्यटक आए।", "Russian tourists came.", ()),  # रूसी is another word
        ("विदेश मंत्री तीन दिन के दौरे पर हैं।", "The foreign minister is on a visit.", ()),
    ],
)
def test_missing_terms_whole_words_case_insensitive(
    source: str, target: str, missing: tuple[str, ...]
) -> None:
    glossary = Glossary((("रूस", "Russia"), ("विदेश मंत्री", "Foreign Minister")))
    assert glossary.missing(source, target) == missing


def test_protect_puts_the_rendering_inline_longest_first() -> None:
    glossary = Glossary((("मंत्री", "minister"), ("विदेश मंत्री", "External Affairs Minister")))
    assert glossary.protect("विदेश मंत्री और मंत्री आए।") == "External Affairs Minister और minister आए।"
    assert Glossary((("रूस", r"R\1"),)).protect("रूस") == r"R\1"  # no regex templates


@pytest.fixture
def glossary_file(tmp_path: Path) -> Path:
    path = tmp_path / "desk.tsv"
    path.write_text("उपग्रह\tspacecraft\nपुल\tbridge\n", encoding="utf-8")
    return path


def test_pipeline_flags_sentences_missing_a_rendering(tiny_marian, glossary_file: Path) -> None:  # type: ignore[no-untyped-def]
    result = hinews.translate(
        DOC, translator=str(tiny_marian.path), glossary=str(glossary_file), num_beams=1
    )
    flagged = {p.source: p.flags for p in result.sentences if p.flags}
    # "satellite" where the desk wants "spacecraft"; "bridge" is there already.
    assert flagged == {PAIRS[0][0]: ("glossary",), PAIRS[1][0]: ("glossary",)}
    assert result.flag_counts["glossary"] == 2
    assert result.provenance.options["glossary"] == {
        "source": str(glossary_file),
        "entries": 2,
        "enforced": False,
    }


def test_enforcement_sends_the_rendering_and_still_checks(tiny_marian, glossary_file: Path) -> None:  # type: ignore[no-untyped-def]
    pipe = hinews.Pipeline.from_options(
        translator=str(tiny_marian.path),
        glossary=str(glossary_file),
        enforce_glossary=True,
        num_beams=1,
        max_new_tokens=32,
    )
    sent: list[str] = []
    inner = pipe.translator
    original = inner.translate_batch

    def spy(sentences: list[str], **kwargs: object) -> list[hinews.Hypothesis]:
        sent.extend(sentences)
        return original(sentences)

    inner.translate_batch = spy  # type: ignore[method-assign]
    try:
        result = pipe.translate(DOC)
    finally:
        del inner.translate_batch
    assert "भारत ने आज नया spacecraft लॉन्च किया।" in sent
    assert all("उपग्रह" not in s for s in sent)
    pair = result.sentences[[p.source for p in result.sentences].index(PAIRS[0][0])]
    assert pair.source == PAIRS[0][0]  # the result shows the source as given
    assert ("glossary" in pair.flags) == ("spacecraft" not in pair.target.casefold())


def test_cli_glossary_options(tiny_marian, glossary_file: Path, tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    article = tmp_path / "doc.txt"
    article.write_text(DOC, encoding="utf-8")
    args = ["--translator", str(tiny_marian.path), "--beams", "1", "--glossary", str(glossary_file)]
    assert main(["translate", *args, "--format", "json", str(article)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["flags"]["glossary"] == 2
    assert [s["flags"] for s in data["sentences"]].count(["glossary"]) == 2
    assert main(["translate", *args, str(article)]) == 0
    out = capsys.readouterr().out
    assert "Check these sentences (confidence, flags):" in out
    assert "glossary: India launched a new satellite today." in out
    assert main(["brief", *args, str(article)]) == 0
    assert "(⚠ glossary)" in capsys.readouterr().out
    code = main(["translate", *args[:2], "--glossary", str(tmp_path / "none.tsv"), str(article)])
    assert code != 0 and "glossary file not found" in capsys.readouterr().err
