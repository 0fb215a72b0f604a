"""prepare() / prepare_file(): the whole text stage, and cheap imports."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from hinews.errors import InputError
from hinews.text import clean_article, normalize, plain_article, prepare, prepare_file

ARTICLE = (
    "विदेश\n\nनई शिक्षा नीति को मंजूरी | New education policy | Patrika News\n\n"
    "सरकार ने आज नई शिक्षा नीति को मंजूरी दे दी। इससे करोड़ों छात्रों को फायदा होगा।\n"
)


def test_prepare_cleans() -> None:
    article = prepare(ARTICLE)
    assert article.title == "नई शिक्षा नीति को मंजूरी"
    assert article.paragraphs == (
        "सरकार ने आज नई शिक्षा नीति को मंजूरी दे दी। इससे करोड़ों छात्रों को फायदा होगा।",
    )


def test_prepare_seed_equals_clean_article(seed_text: str) -> None:
    assert prepare(seed_text) == clean_article(normalize(seed_text))


def test_no_clean_keeps_everything() -> None:
    article = prepare(ARTICLE, clean=False)
    assert article == plain_article(ARTICLE)
    assert article.title == "" and article.paragraphs[0] == "विदेश"


def test_prepare_normalises() -> None:
    text = "शीर्षक यहाँ है भाई\n\n“सरकार” ने  २०२५ में\u200b नीति जारी की|\r\n"
    assert prepare(text).paragraphs == ('"सरकार" ने 2025 में नीति जारी की।',)


def test_cleaning_leaves_nothing() -> None:
    text = "विदेश\n\nभारत\n\nTanay Mishra\n\nफोटो: पीटीआई"
    with pytest.raises(InputError, match="pass clean=False"):
        prepare(text)
    assert prepare(text, clean=False).paragraphs == ("विदेश", "भारत", "Tanay Mishra", "फोटो: पीटीआई")


def test_force_and_max_chars_passed_on() -> None:
    mixed = "Russia and North Korea signed a big new treaty on Saturday. रूस ने कहा कि संधि अहम है।"
    with pytest.raises(InputError, match="pass force=True"):
        prepare(mixed)
    assert prepare(mixed, force=True).paragraphs == (mixed,)
    with pytest.raises(InputError, match="max_chars="):
        prepare(ARTICLE, max_chars=50)


def test_prepare_file(tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_bytes(("\ufeff" + ARTICLE).encode("utf-8"))
    assert prepare_file(str(path)) == prepare(ARTICLE)
    assert prepare_file(str(path), clean=False) == prepare(ARTICLE, clean=False)


def test_prepare_html_file(tmp_path: Path) -> None:
    page = (
        "<html><head><title>नई शिक्षा नीति को मंजूरी - Dainik Bhaskar</title></head><body>"
        "<nav><a href='/'>होम</a> <a href='/desh'>देश</a></nav><article>"
        "<h1>नई शिक्षा नीति को मंजूरी</h1><p>सरकार ने आज नई शिक्षा नीति को मंजूरी दे दी। "
        "इससे करोड़ों छात्रों को फायदा होगा।</p></article><footer>© 2025</footer></body></html>"
    )
    path = tmp_path / "page.html"
    path.write_text(page, encoding="utf-8")
    assert prepare_file(str(path)) == prepare(ARTICLE)


def test_import_is_cheap() -> None:
    code = (
        "import sys, hinews.text; "
        "heavy = ('torch', 'transformers', 'trafilatura', 'lxml'); "
        "heavy = [m for m in heavy if m in sys.modules]; "
        "print(heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
