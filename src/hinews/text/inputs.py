"""Reading the input: files, standard input, bytes to text, and telling HTML from text."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from hinews.errors import InputError

__all__ = ["decode_bytes", "looks_like_html", "read_source"]

# File signatures ("magic numbers") of formats people mistake for text.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"PK\x03\x04", "ZIP archive (or DOCX/ODT/EPUB document)"),
    (b"PK\x05\x06", "ZIP archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Microsoft Office (DOC/XLS)"),
    (b"{\\rtf", "RTF document"),
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"\x1f\x8b", "GZIP archive"),
    (b"BZh", "BZIP2 archive"),
    (b"\xfd7zXZ\x00", "XZ archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"Rar!\x1a\x07", "RAR archive"),
    (b"\x7fELF", "ELF executable"),
    (b"\x00asm", "WebAssembly module"),
)

# Byte-order marks, longest first (the UTF-32-LE mark starts with the UTF-16-LE one).
_BOMS: tuple[tuple[bytes, str], ...] = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)

_HTML_START = re.compile(r"\A\s*(?:<!doctype\s+html|<html[\s>]|<\?xml[^>]*>\s*<html)", re.I)
_HTML_SKELETON = re.compile(r"<(?:html|head|body)[\s>]|<meta\s|<title>", re.I)
_HTML_TAG = re.compile(
    r"</?(?:p|div|span|a|article|section|main|header|footer|nav|h[1-6]|br|ul|ol|li|script|"
    r"style|img|figure|figcaption|strong|em|b|i|table|tr|td)(?:\s[^<>]*)?/?>",
    re.I,
)


def binary_kind(data: bytes) -> str | None:
    for magic, kind in _MAGIC:
        if data.startswith(magic):
            return kind
    if data[12:16] == b"WEBP" and data.startswith(b"RIFF"):
        return "WEBP image"
    if b"\x00" in data[:8192]:
        return "it contains NUL bytes"
    return None


def decode_bytes(data: bytes, *, name: str = "<input>") -> str:
    """Decode the bytes of a text file, refusing binary files and encodings other than UTF.

    UTF-8 (with or without a BOM) is the expected encoding; UTF-16 and UTF-32 are decoded
    when they start with a byte-order mark, and UTF-16 without one when its NUL bytes
    show it (see :func:`_utf16_without_bom`). Empty input decodes to ``""`` (the emptiness
    is reported later, by :func:`hinews.text.check_text`).

    Args:
        data: The raw bytes.
        name: What the bytes are (a file name, ``<stdin>``), for messages.

    Returns:
        The decoded text.

    Raises:
        InputError: When the bytes look like a binary file (PDF, ZIP, image, NUL bytes...)
            or are not valid UTF-8; the message names the byte offset and how to convert.
    """
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(encoding)
            except UnicodeDecodeError as exc:
                raise InputError(
                    f"{name} starts with a {encoding.upper()} byte-order mark but is not valid "
                    f"{encoding.upper()} (bad bytes at offset {exc.start + len(bom)}). Save it "
                    f"again as UTF-8, e.g. iconv -f {encoding} -t utf-8 FILE > FILE.txt"
                ) from None
    kind = binary_kind(data)
    if kind is not None and "NUL" in kind:
        text = _utf16_without_bom(data)
        if text is not None:
            return text
    if kind is not None:
        what = f"({kind})" if "NUL" not in kind else f"({kind}, which text never does)"
        raise InputError(
            f"{name} looks like a binary file {what}, not text. hinews reads a Hindi article "
            "as UTF-8 plain text or HTML: copy the article text out of the document or "
            "page, or export it as .txt, and give that file."
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        offset = exc.start
        line = data.count(b"\n", 0, offset) + 1
        raise InputError(
            f"{name} is not valid UTF-8: byte 0x{data[offset]:02x} at byte offset {offset} "
            f"(line {line}) cannot be decoded. hinews reads UTF-8 text. Convert the file "
            f"first, naming its actual encoding, e.g. {_conversion_hint(data)}"
        ) from None


def _utf16_without_bom(data: bytes) -> str | None:
    """The text of UTF-16 bytes saved without a byte-order mark, or ``None``.

    Such a file has NUL bytes (the high half of ASCII spaces and punctuation) only at odd
    offsets (little-endian) or only at even ones (big-endian); it is taken as UTF-16 only
    when it then decodes strictly to Devanagari and ASCII text with no control characters
    but line breaks and tabs, so a binary file is not read as one.
    """
    if len(data) % 2:
        return None
    odd, even = data[1::2].count(0), data[0::2].count(0)
    encoding = "utf-16-le" if odd and not even else "utf-16-be" if even and not odd else None
    if encoding is None:
        return None
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        return None
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        return None
    # Devanagari and ASCII: a binary file read as UTF-16 gives mostly CJK and symbols.
    readable = sum(1 for c in text if c.isascii() or "\u0900" <= c <= "\u097f" or c in _MARKS)
    return text if readable >= 0.9 * len(text) else None


_MARKS = "\u200c\u200d\u2013\u2014\u2018\u2019\u201c\u201d\u2026\u20b9\xa0"


def _conversion_hint(data: bytes) -> str:
    """An ``iconv`` line for bytes that are not UTF-8: UTF-16 when a UTF-16 byte-order mark
    appears inside them (files joined together), else the usual Western 8-bit encodings."""
    for mark in (b"\xff\xfe", b"\xfe\xff"):
        at = data.find(mark)
        if at >= 0:
            return (
                f"iconv -f utf-16 -t utf-8 FILE > FILE.txt (the bytes {mark.hex(' ')} at byte "
                f"offset {at} are a UTF-16 byte-order mark: was a UTF-16 file joined on?)."
            )
    return (
        "iconv -f windows-1252 -t utf-8 FILE > FILE.txt (or -f iso-8859-1 for Latin-1 "
        "files; Hindi text in a legacy font encoding cannot be converted this way)."
    )


MAX_BYTES = 20_000_000  # a saved news page is rarely over 2 MB; many articles go in JSONL


def read_source(source: str, *, max_bytes: int | None = MAX_BYTES) -> str:
    """Read the text of a file, or of standard input when ``source`` is ``"-"``.

    Args:
        source: A file path, or ``"-"`` for standard input (read as bytes).
        max_bytes: Refuse larger inputs (None: no limit, for JSONL archives).

    Returns:
        The decoded text (see :func:`decode_bytes`).

    Raises:
        InputError: When the file does not exist, is a directory or cannot be read, when
            standard input is an interactive terminal, or when decoding fails.
    """
    if source == "-":
        stdin = sys.stdin
        if stdin is None:
            raise InputError("Standard input is closed. Pass a file path instead of '-'.")
        isatty = getattr(stdin, "isatty", None)
        if isatty is not None and isatty():
            raise InputError(
                "'-' reads the article from standard input, but nothing is piped in (it is a "
                "terminal). Pipe the text in, e.g. cat article.txt | hinews ... -, or pass "
                "the file path instead of '-'."
            )
        buffer = getattr(stdin, "buffer", None)
        data = buffer.read() if buffer is not None else stdin.read().encode("utf-8")
        _check_size(len(data), max_bytes, "Standard input")
        return decode_bytes(data, name="standard input")
    path = Path(source)
    if not path.exists():
        raise InputError(
            f"The file {source!r} does not exist. Give the path of a UTF-8 text or HTML file "
            "with the article, or '-' to read standard input."
        )
    if path.is_dir():
        raise InputError(
            f"{source!r} is a directory, not a file. Give the path of one UTF-8 text or HTML "
            "file with the article."
        )
    try:
        _check_size(path.stat().st_size, max_bytes, f"The file {source!r}")
        data = path.read_bytes()
    except OSError as exc:
        raise InputError(
            f"The file {source!r} cannot be read ({exc.strerror or exc}). Check its "
            "permissions, or pipe its text in with '-'."
        ) from None
    return decode_bytes(data, name=f"The file {source!r}")


def _check_size(size: int, max_bytes: int | None, what: str) -> None:
    if max_bytes is not None and size > max_bytes:
        raise InputError(
            f"{what} is {size / 1e6:.1f} MB, more than the {max_bytes / 1e6:.0f} MB hinews reads "
            "as one article. Give one article per file, or many articles as a .jsonl file "
            '(one {"text": ...} object per line).'
        )


def looks_like_html(text: str) -> bool:
    """Guess whether ``text`` is an HTML page (or fragment) rather than plain text.

    True when it starts with a doctype or ``<html>``, has ``<html>``/``<head>``/``<body>``/
    ``<meta>``/``<title>`` tags, or has at least three common HTML tags (``<p>``,
    ``<div>``...). A stray ``<`` or a leftover tag or two in scraped text is not HTML.

    Args:
        text: The decoded input.

    Returns:
        Whether to treat the text as HTML.
    """
    head = text[:5000]
    if _HTML_START.search(head) or _HTML_SKELETON.search(head):
        return True
    return sum(1 for _ in zip(range(3), _HTML_TAG.finditer(text), strict=False)) >= 3
