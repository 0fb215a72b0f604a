"""The saved-page set (eval/pages/): titles, body coverage and precision; HTML titles and
standfirsts; ``--show-dropped`` from the API and the CLI."""

# ruff: noqa: E501 - page sources have long lines

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

import hinews
from hinews.cli import main
from hinews.text import extract_html, prepare_with_dropped

ROOT = Path(__file__).resolve().parents[1]
PAGES = ROOT / "eval" / "pages"
sys.path.insert(0, str(ROOT / "eval"))

import page_cleaning  # noqa: E402  (eval/ is not a package)

GOLD = json.loads((PAGES / "gold.json").read_text("utf-8"))


def test_page_set_has_eight_or_more_layouts() -> None:
    assert len(GOLD) >= 8
    assert all((PAGES / name).is_file() for name in GOLD)


@pytest.mark.parametrize("name", sorted(GOLD))
def test_page_title_body_coverage_and_precision(name: str) -> None:
    html = (PAGES / name).read_text("utf-8")
    title, paragraphs = page_cleaning.hinews_extract(html)
    gold = GOLD[name]
    assert title == gold["title"]
    coverage, precision = page_cleaning.overlap_scores(gold["body"], paragraphs)
    assert coverage >= 0.95
    assert precision >= 0.95


def test_hinews_ahead_of_trafilatura_on_precision() -> None:
    scores = page_cleaning.score_pages(PAGES)
    ours, theirs = page_cleaning.means(scores, "hinews"), page_cleaning.means(scores, "trafilatura")
    assert ours["precision"] > theirs["precision"]
    assert ours["coverage"] >= 0.95
    assert ours["title"] >= theirs["title"]


def test_overlap_scores_count_words_as_multisets() -> None:
    gold = ["सरकार ने आज नीति जारी की।"]
    assert page_cleaning.overlap_scores(gold, gold) == (1.0, 1.0)
    coverage, precision = page_cleaning.overlap_scores(gold, ["सरकार ने आज नीति जारी की। शेयर करें"])
    assert coverage == 1.0 and precision == 6 / 8
    assert page_cleaning.overlap_scores(gold, []) == (0.0, 0.0)


def test_eval_script_prints_both_systems_side_by_side(capsys: pytest.CaptureFixture[str]) -> None:
    assert page_cleaning.main([]) == 0
    out = capsys.readouterr().out
    assert "hinews" in out and "trafilatura" in out
    assert out.count(".html") == len(GOLD) and "mean of" in out


# --- HTML titles and standfirsts ---------------------------------------------------------

BODY = (
    "<p>राजधानी के सभी बड़े सरकारी अस्पतालों में अगले महीने से ओपीडी के लिए ऑनलाइन टोकन की सुविधा शुरू होगी। "
    "स्वास्थ्य विभाग ने इसके लिए एक नया मोबाइल ऐप तैयार किया है।</p>"
    "<p>मरीज ऐप पर अपना मोबाइल नंबर डालकर डॉक्टर और समय चुन सकेंगे। टोकन मिलने के बाद उन्हें तय समय "
    "से आधा घंटा पहले अस्पताल पहुंचना होगा।</p>"
    "<p>बुजुर्गों और दिव्यांगों के लिए अस्पतालों में अलग काउंटर बनाए जाएंगे, ताकि उन्हें लाइन में न लगना पड़े।</p>"
)
HEADLINE = "दिल्ली के सरकारी अस्पतालों में अब ऑनलाइन मिलेगा ओपीडी का टोकन"
STANDFIRST = "मरीजों को अब लंबी कतार में खड़े होने की जरूरत नहीं होगी, वे घर बैठे मोबाइल से टोकन ले सकेंगे।"


def _page(head: str, top: str) -> str:
    return f"<html><head><meta charset='utf-8'>{head}</head><body><article>{top}{BODY}</article></body></html>"


@pytest.mark.parametrize(
    "head",
    [
        f"<title>राष्ट्र दर्पण - {HEADLINE}</title>",  # site first, hyphen
        f"<title>राष्ट्र दर्पण | {HEADLINE}</title>",
        f"<title>{HEADLINE} — राष्ट्र दर्पण</title>",
        f"<meta property='og:title' content='राष्ट्र दर्पण | {HEADLINE}'>",
        f"<meta property='og:title' content='{HEADLINE} - राष्ट्र दर्पण'><meta property='og:site_name' content='राष्ट्र दर्पण'>",
    ],
)
def test_html_title_without_the_site_name(head: str) -> None:
    assert extract_html(_page(head, f"<h1>{HEADLINE}</h1>")).title == HEADLINE


def test_site_name_from_the_title_beside_the_h1_removed_from_og_title() -> None:
    head = f"<title>दर्पण - {HEADLINE}</title><meta property='og:title' content='{HEADLINE} – दर्पण'>"
    assert extract_html(_page(head, f"<h1>{HEADLINE}</h1>")).title == HEADLINE


@pytest.mark.parametrize(
    "block",
    [
        f"<h2 class='synopsis'>{STANDFIRST}</h2>",
        f"<div class='excerpt'>{STANDFIRST}</div>",
        f"<p class='summary'>{STANDFIRST}</p>",
    ],
)
def test_standfirst_shown_under_the_headline_kept(block: str) -> None:
    head = f"<title>{HEADLINE}</title><meta name='description' content='{STANDFIRST}'>"
    article = extract_html(_page(head, f"<h1>{HEADLINE}</h1>{block}"))
    assert article.paragraphs[0] == STANDFIRST
    assert article.paragraphs.count(STANDFIRST) == 1


def test_description_only_in_the_head_not_added() -> None:
    head = f"<title>{HEADLINE}</title><meta name='description' content='{STANDFIRST}'>"
    article = extract_html(_page(head, f"<h1>{HEADLINE}</h1>"))
    assert STANDFIRST not in article.paragraphs
    assert article.paragraphs[0].startswith("राजधानी के सभी")


def test_description_repeating_the_body_not_added() -> None:
    first = "मरीज ऐप पर अपना मोबाइल नंबर डालकर डॉक्टर और समय चुन सकेंगे।"
    head = f"<title>{HEADLINE}</title><meta name='description' content='{first}'>"
    article = extract_html(_page(head, f"<h1>{HEADLINE}</h1>"))  # shown: in the body
    assert sum(first in p for p in article.paragraphs) == 1
    assert len(article.paragraphs) == 3


# --- what was dropped --------------------------------------------------------------------

PAGE2 = PAGES / "02-jnn-dateline-poll.html"


def test_segment_show_dropped_api() -> None:
    html = PAGE2.read_text("utf-8")
    seg = hinews.segment(html, show_dropped=True)
    dropped = seg.to_dict()["dropped"]
    assert {"text": "प्रयागराज, जेएनएन।", "rule": "inline-dateline"} in dropped
    assert all(set(d) == {"text", "rule"} and d["rule"] for d in dropped)
    assert seg.sentences[1].text == "माघ मेले की तैयारियों ने अब रफ्तार पकड़ ली है।"
    assert "dropped" not in hinews.segment(html).to_dict()


def test_pipeline_segment_show_dropped() -> None:
    html = PAGE2.read_text("utf-8")
    pipe = hinews.Pipeline.from_preset("fast")  # loads no model for segmenting
    seg = pipe.segment(html, show_dropped=True)
    assert (
        seg.dropped is not None and seg.dropped == hinews.segment(html, show_dropped=True).dropped
    )
    assert pipe.segment(html).dropped is None


def test_prepare_with_dropped_no_clean_drops_nothing() -> None:
    text = "लोकवाणी न्यूज़ - शहर में नई बस सेवा शुरू\n\nलखनऊ, संवाददाता। शहर में आज से बीस नई बसें चलेंगी।"
    article, dropped = prepare_with_dropped(text, clean=False)
    assert dropped == () and len(article.paragraphs) == 2


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(argv)
    return code, capsys.readouterr().out


def test_cli_show_dropped_text_and_json(capsys: pytest.CaptureFixture[str]) -> None:
    code, out = _run(["segment", "--show-dropped", str(PAGE2)], capsys)
    assert code == 0
    assert "dropped (" in out and "  [inline-dateline] प्रयागराज, जेएनएन।" in out
    code, out = _run(["segment", "--show-dropped", "--format", "json", str(PAGE2)], capsys)
    data = json.loads(out)
    assert {"text": "ताजा खबरों के लिए देश दर्पण ऐप डाउनलोड करें", "rule": "prompt"} in data["dropped"]
    code, out = _run(["segment", "--format", "json", str(PAGE2)], capsys)
    assert "dropped" not in json.loads(out)
