"""The shipped examples (``examples/``) clean to exactly the article, as text and as a page."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hinews.text import read_source
from hinews.webapp.inputs import SHIPPED_EXAMPLE, example_path

EXAMPLES = Path(__file__).resolve().parents[1] / "examples"

TITLE = "इंदौर में 40 नई इलेक्ट्रिक बसें सड़कों पर उतरीं, पहले हफ्ते किराया सिर्फ 10 रुपये"
# (paragraph, sentence): the dek, the body, two subheadings; no byline, caption or links.
SENTENCES = [
    (0, "शहर के छह प्रमुख मार्गों पर सोमवार से इलेक्ट्रिक बसें चलने लगीं।"),
    (0, "नगर निगम का कहना है कि इससे रोज़ाना करीब 30 हज़ार यात्रियों को फायदा होगा।"),
    (1, "इंदौर में सोमवार सुबह 40 नई इलेक्ट्रिक बसों को हरी झंडी दिखाई गई।"),
    (
        1,
        "ये बसें शहर के छह प्रमुख मार्गों पर चलेंगी, जिनमें रेलवे स्टेशन से हवाई अड्डे तक का मार्ग भी शामिल है।",
    ),
    (1, "नगर निगम के अनुसार हर बस एक बार चार्ज होने पर लगभग 200 किलोमीटर चल सकती है।"),
    (2, "पहले हफ्ते सिर्फ 10 रुपये किराया"),
    (3, "शुरुआती सात दिनों तक किसी भी दूरी के लिए किराया 10 रुपये रखा गया है।"),
    (3, "इसके बाद किराया दूरी के हिसाब से 10 से 30 रुपये के बीच होगा।"),
    (4, "परिवहन विभाग के एक अधिकारी ने बताया कि दो डिपो में 16 चार्जिंग स्टेशन बनाए गए हैं।"),
    (4, 'उन्होंने कहा, "डीज़ल बसों की तुलना में इन बसों को चलाने का खर्च लगभग आधा है।"'),
    (5, "यात्रियों ने किया स्वागत"),
    (6, "पहले दिन बस में सफर करने वाली कॉलेज छात्रा प्रिया वर्मा ने कहा कि बसें साफ और शांत हैं।"),
    (6, "कई यात्रियों ने शाम के समय बसों की संख्या बढ़ाने की मांग की।"),
    (6, "नगर निगम ने बताया कि अगले साल मार्च तक 60 और बसें जोड़ी जाएंगी।"),
]


@pytest.mark.parametrize("name", ["article.txt", "article.html"])
def test_example_cleans_to_title_and_body_exactly(name: str) -> None:
    import hinews

    seg = hinews.segment(read_source(str(EXAMPLES / name)))
    assert seg.title == TITLE
    assert [(s.paragraph, s.text) for s in seg.sentences] == SENTENCES


def test_example_keeps_its_boilerplate() -> None:
    """The plain text really is 'as scraped': cleaning has something to remove."""
    raw = (EXAMPLES / "article.txt").read_text(encoding="utf-8")
    for furniture in (
        "Samachar Setu",
        "होम / ",
        "रिपोर्ट:",
        "अपडेटेड:",
        "फोटो:",
        "ये भी पढ़ें:",
        "शेयर करें",
        "Hindi News / ",
        "ट्रेंडिंग वीडियो",
        "©",
    ):
        assert furniture in raw


def test_jsonl_examples_are_articles() -> None:
    import hinews

    lines = (EXAMPLES / "articles.jsonl").read_text("utf-8").splitlines()
    rows = [json.loads(line) for line in lines]
    assert len(rows) == 2
    for row in rows:
        seg = hinews.segment(row["text"])
        assert seg.title == row["text"].split("\n")[0]
        assert len(seg.sentences) == 4


def test_app_example_falls_back_to_the_shipped_article(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import hinews.webapp.inputs as inputs

    assert SHIPPED_EXAMPLE == EXAMPLES / "article.txt"
    monkeypatch.delenv("HINEWS_EXAMPLE", raising=False)
    monkeypatch.setenv("HINEWS_SHARED", str(tmp_path / "nothing"))
    monkeypatch.chdir(tmp_path)
    # Pretend the checkout has no ../shared: the module looks beside its own tree.
    monkeypatch.setattr(inputs, "__file__", str(tmp_path / "a" / "b" / "c" / "inputs.py"))
    monkeypatch.setattr(inputs, "SHIPPED_EXAMPLE", SHIPPED_EXAMPLE)
    assert example_path() == SHIPPED_EXAMPLE
    monkeypatch.setattr(inputs, "SHIPPED_EXAMPLE", tmp_path / "absent.txt")
    assert example_path() is None
