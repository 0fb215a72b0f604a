"""FLORES-200 devtest read as articles: consecutive lines sharing a URL, in file order."""

from __future__ import annotations

from pathlib import Path

import pytest

from hinews.errors import DataError
from hinews.evaluation.data import flores_articles

META = "URL\tdomain\ttopic\thas_image\thas_hyperlink\n"


def _folder(tmp_path: Path, urls: list[str], lines: list[str]) -> Path:
    (tmp_path / "metadata_devtest.tsv").write_text(
        META + "".join(f"{u}\twikinews\tpolitics\t0\t0\n" for u in urls), encoding="utf-8"
    )
    (tmp_path / "hin_Deva.devtest").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return tmp_path


def test_consecutive_lines_with_one_url_are_one_article(tmp_path: Path) -> None:
    folder = _folder(
        tmp_path,
        ["u1", "u1", "u2", "u3", "u3", "u3"],
        ["पहला।", " दूसरा। ", "तीसरा।", "चौथा।", "पाँचवाँ।", "छठा।"],
    )
    assert flores_articles(folder) == [
        ("u1", ["पहला।", "दूसरा।"]),
        ("u2", ["तीसरा।"]),
        ("u3", ["चौथा।", "पाँचवाँ।", "छठा।"]),
    ]


def test_a_url_that_comes_back_later_starts_a_new_article(tmp_path: Path) -> None:
    folder = _folder(tmp_path, ["u1", "u2", "u1"], ["क।", "ख।", "ग।"])
    assert [url for url, _ in flores_articles(folder)] == ["u1", "u2", "u1"]


def test_misaligned_files_are_refused(tmp_path: Path) -> None:
    folder = _folder(tmp_path, ["u1", "u1"], ["क।"])
    with pytest.raises(DataError, match=r"1 sentences but metadata_devtest\.tsv 2 rows"):
        flores_articles(folder)


def test_the_real_devtest_has_281_articles(shared_data: Path) -> None:
    folder = shared_data / "flores200-devtest"
    for lang in ("hin_Deva", "mar_Deva", "npi_Deva"):
        articles = flores_articles(folder, lang)
        assert len(articles) == 281, lang
        assert sum(len(s) for _, s in articles) == 1012, lang
