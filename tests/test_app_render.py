"""The app's tables say what their columns are, and the digest counts outlets only where
a report names one (gradio-free: the HTML the page shows)."""

from __future__ import annotations

from hinews.digests.result import Digest, DigestArticle, Story
from hinews.results import Provenance, SentencePair, Translation
from hinews.webapp.render import digest_html, outlets_line, translation_html


def _article(i: int, source: str | None = None, url: str | None = None) -> DigestArticle:
    return DigestArticle(f"r{i}.txt", f"r{i}.txt", source, url, None, f"T{i}", f"शीर्षक {i}")


def _story(*articles: DigestArticle) -> Story:
    return Story("s1", "Title", "शीर्षक", ("a", "b", "c"), ((), (), ()), len(articles), articles)


def test_every_paragraph_table_has_column_headers_the_confidence_one_included() -> None:
    pairs = (SentencePair("भारत।", "India.", 0, 0.91), SentencePair("दूसरा।", "Second.", 1))
    html = translation_html(Translation("शीर्षक", "Title", pairs, Provenance("m", "t")))
    assert html.count("<thead>") == 2  # one per paragraph table (the title row has none)
    assert '<th scope="col">Hindi</th><th scope="col">English</th>' in html
    assert ">confidence</th>" in html
    assert '<td class="hinews-conf" title="model confidence">0.91</td>' in html


def test_outlets_are_counted_only_where_named() -> None:
    unnamed = _story(_article(1), _article(2), _article(3))
    assert unnamed.outlets == 3  # what the digest's ranking counts: each report its own
    assert outlets_line(unnamed) == "3 reports (outlets not named)"
    mixed = _story(
        _article(1, source="Samachar Setu"),
        _article(2, url="https://news.example.in/a"),
        _article(3, source="Samachar Setu"),
        _article(4),
    )
    assert outlets_line(mixed) == "2 outlets · 4 reports (1 with no outlet named)"
    named = _story(_article(1, source="A"), _article(2, source="A"))
    assert outlets_line(named) == "1 outlet · 2 reports"


def test_the_digest_sources_table_has_headers_and_the_known_outlet_count() -> None:
    story = _story(_article(1), _article(2))
    html = digest_html(Digest((story,), (), None, {}))
    assert '<table class="hinews-sources"><thead><tr><th scope="col">Report</th>' in html
    assert '<th scope="col">Outlet</th><th scope="col">Published</th>' in html
    assert "2 reports (outlets not named)" in html
    assert "2 outlets" not in html
    assert html.count("<thead>") == 1
