"""The text stage: read, normalise, check, clean and segment a Hindi article.

Pure functions, cheap to import (trafilatura loads only when HTML is extracted).
"""

from __future__ import annotations

from hinews.text.clean import clean_article, clean_with_dropped, plain_article
from hinews.text.html import extract_html, extract_html_with_dropped
from hinews.text.inputs import decode_bytes, looks_like_html, read_source
from hinews.text.normalize import normalize
from hinews.text.prepare import prepare, prepare_file, prepare_with_dropped, segment_text
from hinews.text.segment import segment_article, split_sentences
from hinews.text.split_long import split_long
from hinews.text.validate import check_text, devanagari_ratio

__all__ = [
    "check_text",
    "clean_article",
    "clean_with_dropped",
    "decode_bytes",
    "devanagari_ratio",
    "extract_html",
    "extract_html_with_dropped",
    "looks_like_html",
    "normalize",
    "plain_article",
    "prepare",
    "prepare_file",
    "prepare_with_dropped",
    "read_source",
    "segment_article",
    "segment_text",
    "split_long",
    "split_sentences",
]
