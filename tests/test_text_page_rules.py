"""The cleaning rules for what real pages leak (issue 12), each with the name it records.

Plain text as a user copies it from a page: site names in titles, bylines with a full
date, inline datelines, agency credits, polls, comment boxes, prompts, "also read" blocks,
authors' notes and related questions; and the sentences that only look like them.
"""

# ruff: noqa: E501 - fixtures are lines of Hindi news pages

from __future__ import annotations

import pytest

from hinews.text import clean_with_dropped

TITLE = "लखनऊ में गोमती किनारे बनेगा साइकिल ट्रैक"
P1 = "विकास प्राधिकरण ने गोमती नदी के किनारे साइकिल ट्रैक बनाने की योजना को मंजूरी दे दी है। ट्रैक बारह किलोमीटर लंबा होगा।"
P2 = "योजना पर करीब चौवन करोड़ रुपये खर्च होने का अनुमान है। पहला हिस्सा अगले साल मार्च तक तैयार होगा।"


def _rules_of(dropped: tuple, text: str) -> list[str]:
    return [d.rule for d in dropped if d.text == text]


# --- titles ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw_title", "site"),
    [
        (f"लोकवाणी न्यूज़ - {TITLE}", "लोकवाणी न्यूज़"),  # site first, hyphen
        (f"जनमत टाइम्स | {TITLE}", "जनमत टाइम्स"),
        (f"सत्यपथ | {TITLE}", "सत्यपथ"),  # a site name with no site word, before a bar
        (f"Hindi News: {TITLE}", "Hindi News"),
        (f"Rashtra Today - {TITLE}", "Rashtra Today"),
        (f"{TITLE} :: ग्राम समाचार", "ग्राम समाचार"),  # site last
        (f"{TITLE} | Pahad Live", "Pahad Live"),
        (f"{TITLE} | जनवाणी", "जनवाणी"),  # one-word site last, no site word
    ],
)
def test_site_name_removed_from_title_wherever_it_stands(raw_title: str, site: str) -> None:
    article, dropped = clean_with_dropped(f"{raw_title}\n\n{P1}\n\n{P2}")
    assert article.title == TITLE
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, site) == ["site-name"]


def test_site_and_section_before_bars_removed() -> None:
    article, dropped = clean_with_dropped(f"सत्यपथ | शिक्षा | {TITLE}\n\n{P1}")
    assert article.title == TITLE
    assert [(d.text, d.rule) for d in dropped[:2]] == [
        ("सत्यपथ", "site-name"),
        ("शिक्षा", "site-name"),
    ]


@pytest.mark.parametrize(
    "title",
    [
        "IPL 2025: मुंबई ने चेन्नई को पांच विकेट से हराया",  # a topic before a colon
        "विचार: शहरों की झीलें बचाने में अब देर न करें",
        "भारत-पाक सीमा पर फिर बढ़ा तनाव",
    ],
)
def test_leading_topic_kept_in_title(title: str) -> None:
    assert clean_with_dropped(f"{title}\n\n{P1}")[0].title == title


# --- bylines and timestamps --------------------------------------------------------------


@pytest.mark.parametrize(
    "line",
    [
        "सुनील वर्मा / लखनऊ Jul 14, 2025",  # author / place English-date
        "अनीता सिंह / नई दिल्ली 14 जुलाई 2025",
        "पहाड़ लाइव ब्यूरो | शिमला | 22 मई 2025",
        "संवाददाता, पटना | 9 सितंबर 2025 | 4 मिनट में पढ़ें",
        "राहुल शर्मा | नई दिल्ली | 29 जून 2025, 10:15 AM",
        "सोमवार, 27 अक्टूबर 2025",
        "अपडेटेड: मंगल, 14 अक्टू 2025 06:10 PM",
        "अपडेटेड 16 जुलाई 2025, 11:20 IST",
        "प्रकाशित: बुधवार, 06 अगस्त 2025 12:05 PM (IST)",
        "पब्लिश्ड: 3 अगस्त 2025, 7:30 PM",
        "By Ramesh Kumar | Updated: Aug 3, 2025 10:45 AM IST",
        "रिपोर्ट: प्रिया देशमुख, मुंबई",
        "द्वारा: अनीता सिंह",
    ],
)
def test_byline_and_timestamp_dropped(line: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n{line}\n\n{P1}\n\n{line}\n\n{P2}")
    assert article.title == TITLE
    assert article.paragraphs == (P1, P2)
    rules = set(_rules_of(dropped, line))
    assert rules and rules <= {"byline", "not-hindi", "dateline"}


# --- inline datelines --------------------------------------------------------------------


@pytest.mark.parametrize(
    "dateline",
    [
        "प्रयागराज, जेएनएन।",
        "नई दिल्ली, एजेंसी।",
        "लखनऊ, संवाददाता।",
        "जयपुर, हमारे संवाददाता।",
        "शिमला, आईएएनएस।",
        "पटना, हिन्दुस्तान टीम।",
        "मुंबई, तीन अगस्त (पीटीआई)।",
        "मुंबई, छह अगस्त (भाषा)",
        "नई दिल्ली, 12 जुलाई (भाषा)",
        "वाराणसी (संवाददाता)।",
        "कानपुर, 5 सितंबर।",
        "पटना।",  # a bare place, at the start of the first paragraph
        "नई दिल्ली:",
        "गया।",  # Gaya, the city ("गया" is also a verb)
        "गया, 12 जुलाई।",
    ],
)
def test_inline_dateline_cut_and_sentence_kept(dateline: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{dateline} {P1}\n\n{P2}")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, dateline) == ["inline-dateline"]


def test_credited_dateline_cut_from_a_later_paragraph_too() -> None:
    article, _ = clean_with_dropped(
        f"{TITLE}\n\n{P1}\n\n{P2}\n\nमेरठ, जेएनएन। {P1.replace('गोमती', 'गंगा')}"
    )
    assert article.paragraphs[-1] == P1.replace("गोमती", "गंगा")


@pytest.mark.parametrize(
    "paragraph",
    [
        "भारत, चीन और रूस ने मिलकर नई व्यापार संधि पर हस्ताक्षर किए।",
        "हिंदी, भाषा और संस्कृति पर तीन दिन का सम्मेलन शुरू हुआ।",
        "नई दिल्ली, टीम इंडिया ने आज तीसरा मैच भी जीत लिया।",
        "वह आया। फिर सबने मिलकर खाना खाया और बातें कीं।",
        "सवाल: क्या इससे किसानों को फायदा होगा, यह अभी साफ नहीं है।",
        "सड़कें बंद रहीं। पुलिस ने लोगों से घर में रहने की अपील की।",
        "बिजली गई। पूरे शहर में रात भर अंधेरा छाया रहा और लोग परेशान हुए।",
        "मैच हुआ। भारत ने पहले बल्लेबाजी करते हुए तीन सौ रन बनाए।",
    ],
)
def test_sentence_that_starts_like_a_dateline_kept(paragraph: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{paragraph}\n\n{P2}")
    assert article.paragraphs == (paragraph, P2)
    assert "inline-dateline" not in [d.rule for d in dropped]


def test_bare_place_cut_only_at_the_start_of_the_article() -> None:
    later = "पटना। यह बात अब सबको पता है कि शहर बदल रहा है।"
    article, _ = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{P2}\n\n{later}")
    assert article.paragraphs[-1] == later


# --- agency credits ----------------------------------------------------------------------


@pytest.mark.parametrize(
    "credit",
    [
        "(भाषा)",
        "(एजेंसी इनपुट के साथ)",
        "- आईएएनएस",
        "इनपुट: पीटीआई",
        "(इनपुट: भाषा)",
        "(With inputs from PTI)",
    ],
)
def test_agency_credit_line_dropped(credit: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{P2}\n\n{credit}")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, credit) in (["agency-credit"], ["not-hindi"], ["credit"])


@pytest.mark.parametrize("credit", ["(भाषा)", "(पीटीआई)", "(एजेंसी इनपुट के साथ)", "- आईएएनएस"])
def test_agency_credit_at_the_end_of_a_paragraph_cut(credit: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{P2} {credit}")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, credit) == ["agency-credit"]


def test_agency_word_inside_a_sentence_kept() -> None:
    line = "भाषा विभाग ने नई किताबें छापने के लिए एजेंसी तय कर दी है।"
    assert clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{line}")[0].paragraphs == (P1, line)


# --- widgets, prompts, notes -------------------------------------------------------------

POLL = "आपका मत\nक्या मेले में निजी वाहनों पर पूरी तरह रोक लगनी चाहिए?\nहां\nनहीं\nकह नहीं सकते\nवोट करें"
OPINION = (
    "आपकी राय\nक्या आपको लगता है कि बागवानों के लिए फसल बीमा अनिवार्य होना चाहिए?\nहां\nनहीं\nपरिणाम देखें"
)
COMMENTS = (
    "टिप्पणियां (3)\nअपनी टिप्पणी लिखें\nकृपया अभद्र भाषा का प्रयोग न करें। टिप्पणी प्रकाशित होने से पहले जांची जाती है।\n"
    "अजय\n2 घंटे पहले\nबहुत अच्छी खबर है, हमारे शहर में भी ऐसा होना चाहिए।\nकमेंट करने के लिए लॉगिन करें"
)
WORDPRESS = "एक टिप्पणी छोड़ें\nआपका ईमेल पता प्रकाशित नहीं किया जाएगा। आवश्यक फ़ील्ड चिह्नित हैं *\nटिप्पणी *\nनाम * ईमेल * वेबसाइट"


@pytest.mark.parametrize(
    ("block", "rule"),
    [(POLL, "poll"), (OPINION, "poll"), (COMMENTS, "comments"), (WORDPRESS, "comments")],
)
def test_poll_and_comment_widgets_dropped(block: str, rule: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{P2}\n\n{block}")
    assert article.paragraphs == (P1, P2)
    assert {d.rule for d in dropped if d.text in block} == {rule}


def test_poll_between_paragraphs_and_the_article_goes_on() -> None:
    article, _ = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{POLL}\n\n{P2}")
    assert article.paragraphs == (P1, P2)


def test_reader_question_alone_dropped() -> None:
    question = "क्या आपको लगता है कि शहर में साइकिल ट्रैक की जरूरत है?"
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{question}\n\n{P2}")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, question) == ["poll"]


@pytest.mark.parametrize(
    "line",
    [
        "ताजा खबरों के लिए देश दर्पण ऐप डाउनलोड करें",
        "हर सुबह बाजार की बड़ी खबरें सीधे अपने इनबॉक्स में पाएं। हमारे न्यूज़लेटर के लिए साइन अप करें।",
        "इस खबर को शेयर करें",
        "सत्यपथ को गूगल न्यूज़ पर फॉलो करें",
        "हमारे व्हाट्सऐप चैनल से जुड़ने के लिए यहां क्लिक करें",
        "ग्राम संवाद की खबरें अब व्हाट्सऐप पर भी। चैनल से जुड़ें",
        "यूट्यूब पर वीडियो देखें और चैनल सब्सक्राइब करें",
        'देश-दुनिया की ताजा खबरों के लिए डाउनलोड करें "दैनिक भास्कर" ऐप',  # a quoted brand
        'Google News पर "अमर उजाला" को फॉलो करें',
    ],
)
def test_prompt_dropped(line: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{line}\n\n{P2}")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, line) == ["prompt"]


@pytest.mark.parametrize(
    "line",
    [
        "ये भी पढ़ें: लखनऊ मेट्रो के दूसरे चरण का काम अगले महीने से",
        "ये भी पढ़े: प्रवेश परीक्षा की तारीखें घोषित",
        "यह भी पढ़ें - उदयपुर में झीलों के किनारे निर्माण पर रोक",
        "इसे भी पढ़ें - बारहवीं के पाठ्यक्रम में कटौती",
        "इन्हें भी पढ़ें: बिहार की तीन बड़ी खबरें",
        "पढ़ें: शिमला में पर्यटकों की भीड़",
        "जरूर पढ़ें: मौसम विभाग का नया अलर्ट",
        "Also Read: शिमला में पर्यटकों की भीड़, होटल फुल",
        "Read More: दिल्ली में डेंगू के मामले बढ़े",
    ],
)
def test_also_read_dropped(line: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{line}\n\n{P2}")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, line) == ["also-read"]


@pytest.mark.parametrize(
    "line",
    [
        "(ये लेखिका के निजी विचार हैं)",
        "(यह लेखक के अपने विचार हैं)",
        "लेखिका पर्यावरण विशेषज्ञ हैं",
        "(लेखक वरिष्ठ पत्रकार हैं)",
        "डिस्क्लेमर: यह लेख सामान्य जानकारी के लिए है, किसी इलाज की सलाह नहीं।",
    ],
)
def test_author_note_dropped(line: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{P2}\n\n{line}")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, line) == ["author-note"]


def test_author_name_above_the_text_dropped() -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\nडॉ. मीनाक्षी राव\n\n{P1}\n\n{P2}")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, "डॉ. मीनाक्षी राव") == ["label"]


def test_related_questions_after_the_article_dropped() -> None:
    related = "क्या मुंबई लोकल में अब एसी डिब्बे बढ़ेंगे?\nकोस्टल रोड पर टोल कब से लगेगा?"
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{P2}\n\n{related}")
    assert article.paragraphs == (P1, P2)
    assert {d.rule for d in dropped if d.text in related} == {"related-questions"}


def test_related_questions_under_a_heading_dropped() -> None:
    related = "अन्य खबरें\nक्या मुंबई लोकल में अब एसी डिब्बे बढ़ेंगे और किराया कितना होगा?\nबारिश में मुंबई की सड़कें हर साल क्यों डूबती हैं?"
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{P2}\n\n{related}")
    assert article.paragraphs == (P1, P2)
    assert {d.rule for d in dropped if d.text in related} == {"footer-links"}


@pytest.mark.parametrize(
    "line",
    [
        "मंत्री ने कहा कि लोग अस्पताल जाने से पहले ऐप डाउनलोड करें।",
        "दस लाख लोगों ने पहले ही हफ्ते में यह ऐप डाउनलोड किया है।",
        "लेखिका ने कहा कि झीलों को बचाना सबकी जिम्मेदारी है।",
        '"क्या आप मानते हैं कि यह सही है?" उन्होंने पत्रकारों से पूछा।',
        "शेयर बाजार में आज भारी गिरावट दर्ज की गई।",
        'उन्होंने कहा, "लोग घबराएं नहीं, हमें फॉलो करें और सावधानी बरतें।"',
        '"हमारा ऐप डाउनलोड करें और शिकायत दर्ज कराएं," मंत्री बोले।',
    ],
)
def test_sentences_like_widgets_kept(line: str) -> None:
    assert clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{line}\n\n{P2}")[0].paragraphs == (P1, line, P2)


def test_a_last_question_of_the_article_kept() -> None:
    last = "अब देखना यह है कि काम समय पर पूरा होगा या नहीं?"
    assert clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{P2}\n\n{last}")[0].paragraphs == (P1, P2, last)


def test_every_removed_line_has_a_rule() -> None:
    text = f"होम / उत्तर प्रदेश / लखनऊ\nलोकवाणी न्यूज़ - {TITLE}\nसुनील वर्मा / लखनऊ Jul 14, 2025\n\nलखनऊ, संवाददाता। {P1}\n\nये भी पढ़ें: मेट्रो का काम शुरू\n\n{P2} (भाषा)\n\n{POLL}\n\n{COMMENTS}"
    article, dropped = clean_with_dropped(text)
    assert article.title == TITLE and article.paragraphs == (P1, P2)
    rules = [d.rule for d in dropped]
    assert all(rules) and len(dropped) >= 10
    assert {
        "breadcrumb",
        "site-name",
        "byline",
        "inline-dateline",
        "also-read",
        "agency-credit",
        "poll",
        "comments",
    } <= set(rules)


@pytest.mark.parametrize(
    ("line", "rule"),
    [
        ("होम देश राज्य खेल वीडियो ई-पेपर", "breadcrumb"),  # a menu flattened into a line
        ("मध्य भारत लाइव होम · मध्य प्रदेश · छत्तीसगढ़ · पर्यावरण", "breadcrumb"),
        ("संगम तट पर चल रहा पुल निर्माण। फोटो: देश दर्पण", "credit"),  # caption ending with its credit
    ],
)
def test_menu_and_captions_dropped(line: str, rule: str) -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{line}\n\n{P2}")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, line) == [rule]


def test_input_credit_after_the_last_sentence_cut() -> None:
    article, dropped = clean_with_dropped(f"{TITLE}\n\n{P1}\n\n{P2} इनपुट: भाषा")
    assert article.paragraphs == (P1, P2)
    assert _rules_of(dropped, "इनपुट: भाषा") == ["agency-credit"]


def test_list_of_related_headlines_not_joined_as_a_wrapped_paragraph() -> None:
    # one newline per line, as copied from a page: link headlines of uneven length are not
    # a paragraph wrapped at a fixed width, so the heading's link list is dropped line by line
    related = (
        "और खबरें\nलखनऊ में अगले दो दिन भारी बारिश का अलर्ट\n"
        "कानपुर में नई सड़क का उद्घाटन, यातायात में मिलेगी राहत\nप्रयागराज में संगम तट पर सफाई अभियान शुरू"
    )
    article, dropped = clean_with_dropped(f"{TITLE}\n{P1}\n{P2}\n{related}")
    assert article.paragraphs == (P1, P2)
    assert [d.rule for d in dropped if d.text in related] == ["footer-links"] * 4


def test_dropped_lines_follow_the_text() -> None:
    text = f"{TITLE}\nडॉ. मीनाक्षी राव\n\n{P1}\n\nये भी पढ़ें: मेट्रो का काम शुरू\n\n{P2}\n\nक्या एसी बसें बढ़ेंगी?\nटोल कब लगेगा?"
    _, dropped = clean_with_dropped(text)
    assert [d.rule for d in dropped] == [
        "label",
        "also-read",
        "related-questions",
        "related-questions",
    ]
