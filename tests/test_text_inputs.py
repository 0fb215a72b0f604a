"""decode_bytes(), read_source(), looks_like_html() and file input through prepare_file()."""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest

from hinews.errors import InputError
from hinews.text import decode_bytes, looks_like_html, prepare_file, read_source

ARTICLE = (
    "संसद का सत्र आज से शुरू\n\nसंसद का मानसून सत्र आज से शुरू हो गया। सरकार इस सत्र में आठ नए विधेयक पेश करेगी।\n"
)


@pytest.mark.parametrize(
    ("data", "kind"),
    [
        (b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj", "PDF"),
        (b"PK\x03\x04\x14\x00\x06\x00word/document.xml", "ZIP"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "PNG"),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF", "JPEG"),
        (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "GZIP"),
        (b"GIF89a\x01\x00", "GIF"),
        ("भारत".encode() + b"\x00\x00\x01\x02", "NUL"),
    ],
)
def test_binary_refused(data: bytes, kind: str) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, name="article.bin")
    message = str(info.value)
    assert "article.bin" in message and "binary" in message and kind in message
    assert "text" in message  # says what is accepted


def test_invalid_utf8_names_offset_and_iconv() -> None:
    good = "भारत ने जीता\n".encode()
    data = good + b"caf\xe9"  # Latin-1 é inside UTF-8 text
    with pytest.raises(InputError) as info:
        decode_bytes(data, name="news.txt")
    message = str(info.value)
    assert "news.txt" in message and "UTF-8" in message
    assert f"offset {len(good) + 3}" in message and "line 2" in message
    assert "iconv -f" in message and "-t utf-8" in message


@pytest.mark.parametrize(
    "data",
    [
        "भारत ने जीता".encode(),
        "\ufeffभारत ने जीता".encode(),  # UTF-8 BOM
        "\ufeffभारत ने जीता".encode("utf-16-le"),
        "\ufeffभारत ने जीता".encode("utf-16-be"),
        "भारत ने जीता".encode("utf-16-le"),  # no byte-order mark: its NUL bytes show it
        "भारत ने जीता".encode("utf-16-be"),
    ],
)
def test_utf_encodings_decoded(data: bytes) -> None:
    assert decode_bytes(data) == "भारत ने जीता"


@pytest.mark.parametrize(
    "data",
    [
        "भारत\x00 ने जीता".encode("utf-16-le"),  # a control character: not text
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
        b"abc\x00def\x00",  # NUL at odd and even offsets
    ],
)
def test_nul_bytes_that_are_not_utf16_are_binary(data: bytes) -> None:
    with pytest.raises(InputError, match="binary file"):
        decode_bytes(data, name="x.txt")


def test_empty_bytes_decode_to_empty() -> None:
    assert decode_bytes(b"") == ""


def test_read_file(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    assert read_source(str(path)) == ARTICLE


def test_missing_file(tmp_path: Path) -> None:
    missing = tmp_path / "nope.txt"
    with pytest.raises(InputError, match="does not exist") as info:
        read_source(str(missing))
    assert str(missing) in str(info.value) and "'-'" in str(info.value)


def test_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="directory"):
        read_source(str(tmp_path))


def _fake_stdin(monkeypatch: pytest.MonkeyPatch, data: bytes) -> None:
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data), encoding="utf-8"))


def test_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_stdin(monkeypatch, ARTICLE.encode())
    assert read_source("-") == ARTICLE


def test_stdin_binary(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_stdin(monkeypatch, b"%PDF-1.4 ...")
    with pytest.raises(InputError, match=r"standard input looks like a binary file \(PDF\)"):
        read_source("-")


def test_prepare_file_stdin(monkeypatch: pytest.MonkeyPatch) -> None:
    _fake_stdin(monkeypatch, ARTICLE.encode())
    article = prepare_file("-")
    assert article.title == "संसद का सत्र आज से शुरू"
    assert article.paragraphs == (ARTICLE.split("\n\n")[1].strip(),)


@pytest.mark.parametrize(
    ("content", "match"),
    [
        (b"", "empty"),
        (b"  \n\n\t \n", "whitespace"),
        (b"The foreign minister met Kim Jong Un in Pyongyang on Saturday.\n", "Devanagari"),
        (b"%PDF-1.5\n", "binary"),
        (b"\xe0\xa4\x00\xff\xfe", "binary"),
        ("भारत".encode() + b"\xe0\xa4", "UTF-8"),  # truncated multi-byte sequence
    ],
)
def test_prepare_file_refuses(tmp_path: Path, content: bytes, match: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    with pytest.raises(InputError, match=match):
        prepare_file(str(path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<!DOCTYPE html><html><body><p>भारत</p></body></html>", True),
        ("  <html lang='hi'><p>भारत</p>", True),
        ("<head><title>शीर्षक</title></head>", True),
        ("<div><p>पहला</p><p>दूसरा</p></div>", True),
        (ARTICLE, False),
        ("scriptरूस के विदेश मंत्री | Patrika News", False),
        ("अगर a < b और b > c हो तो <p> एक टैग है।", False),
        ("", False),
    ],
)
def test_looks_like_html(text: str, expected: bool) -> None:
    assert looks_like_html(text) is expected


def test_seed_is_not_html(seed_text: str) -> None:
    assert not looks_like_html(seed_text)


def test_huge_file_is_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as fh:
        fh.truncate(25_000_000)  # sparse: no need to write 25 MB
    with pytest.raises(InputError, match=r"25\.0 MB.*\.jsonl"):
        read_source(str(path))


@pytest.mark.parametrize(
    "data",
    [
        "Café résumé".encode("latin-1"),
        "naïve façade".encode("iso-8859-1"),
        "“smart quotes” – dash".encode("windows-1252"),
        "भारत ने जीता\n".encode() + "Zürich".encode("cp1252"),
    ],
)
def test_latin1_file_gets_western_encoding_advice(data: bytes) -> None:
    with pytest.raises(InputError) as info:
        decode_bytes(data, name="news.txt")
    message = str(info.value)
    assert "iconv -f windows-1252 -t utf-8" in message and "iso-8859-1" in message
    assert "utf-16" not in message


def test_utf16_bom_inside_gets_utf16_advice() -> None:
    # two files joined: UTF-8 text, then a UTF-16-LE file with its byte-order mark
    data = "भारत ने जीता\n".encode() + "\ufeffभारत".encode("utf-16-le")
    with pytest.raises(InputError) as info:
        decode_bytes(data, name="joined.txt")
    assert "iconv -f utf-16 -t utf-8" in str(info.value)
    assert f"bytes ff fe at byte offset {len('भारत ने जीता'.encode()) + 1}" in str(info.value)
