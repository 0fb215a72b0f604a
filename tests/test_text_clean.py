"""clean_article() and plain_article(): the seed article and other site layouts."""

# ruff: noqa: E501 - fixtures are scraped text and page source with their real long lines

from __future__ import annotations

import pytest

from hinews.text import clean_article, clean_with_dropped, normalize, plain_article

SEED_TITLE = "रूस के विदेश मंत्री सर्गेई लावरोव ने की नॉर्थ कोरियाई सुप्रीम लीडर किम जोंग उन से मुलाकात"
SEED_SUBHEADINGS = [
    "लावरोव और किम जोंग की हुई मुलाकात",
    "समर्थन के लिए लावरोव ने किम जोंग को दिया धन्यवाद",
    "दोनों देशों के बीच पर्यटन को भी बढ़ाया जाएगा",
]


def test_seed_title(seed_text: str) -> None:
    assert clean_article(seed_text).title == SEED_TITLE


def test_seed_body_exact(seed_text: str) -> None:
    # Every block of the seed after the header, up to the breadcrumb, is article text:
    # dek, paragraphs and subheadings, in order and unchanged.
    blocks = [b.strip() for b in normalize(seed_text).split("\n\n")]
    start = next(i for i, b in enumerate(blocks) if b.startswith("रूस के विदेश मंत्री और"))
    byline = blocks.index("Tanay Mishra")
    first_body = next(i for i, b in enumerate(blocks) if b.startswith("रूस (Russia)"))
    end = next(i for i, b in enumerate(blocks) if b.startswith("Hindi News /"))
    expected = (blocks[start], *blocks[first_body:end])
    assert byline < first_body
    assert clean_article(seed_text).paragraphs == expected
    assert len(expected) == 8


@pytest.mark.parametrize(
    "junk",
    [
        "script",
        "Patrika News",
        "Russian foreign minister",
        "Tanay Mishra",
        "Jul 12, 2025",
        "04:42 pm",
        "Kim Jong Un with Sergey Lavrov",
        "Photo",
        "Washington Post",
        "Hindi News",
        "World",
        "ट्रेंडिंग वीडियो",
    ],
)
def test_seed_junk_gone(seed_text: str, junk: str) -> None:
    article = clean_article(seed_text)
    assert junk not in article.title
    assert not any(junk in p for p in article.paragraphs)


def test_seed_section_label_and_duplicate_title_gone(seed_text: str) -> None:
    article = clean_article(seed_text)
    assert "विदेश" not in article.paragraphs
    assert SEED_TITLE not in article.paragraphs


def test_seed_keeps_mixed_lines_subheadings_and_dek(seed_text: str) -> None:
    paragraphs = clean_article(seed_text).paragraphs
    assert paragraphs[0].startswith("रूस के विदेश मंत्री और नॉर्थ कोरिया")  # the dek
    assert paragraphs[0].endswith("क्या हो सकती है वजह? आइए जानते हैं।")
    assert paragraphs[1].startswith("रूस (Russia) और नॉर्थ कोरिया (North Korea) के बीच")
    assert "व्लादिमीर पुतिन (Vladimir Putin)" in paragraphs[1]
    for subheading in SEED_SUBHEADINGS:
        assert subheading in paragraphs


# --- other layouts (invented articles) ---------------------------------------------------

BHASKAR = """होम » देश » राजनीति
देश
संसद का मानसून सत्र 21 जुलाई से, सरकार लाएगी आठ नए बिल - Dainik Bhaskar
नई दिल्ली, 12 जुलाई (भाषा)
Edited By: Rakesh Kumar
Updated: 12 Jul 2025, 06:30 PM IST
संसद का मानसून सत्र 21 जुलाई से शुरू होकर 21 अगस्त तक चलेगा। संसदीय कार्य मंत्री ने शनिवार को यह जानकारी दी।
फोटो: पीटीआई
सत्र के दौरान सरकार आठ नए विधेयक पेश करेगी। इनमें आयकर से जुड़ा एक अहम विधेयक भी शामिल है।
ये भी पढ़ें: बिहार में चुनाव से पहले मतदाता सूची पर विवाद
विपक्ष की रणनीति तैयार
विपक्षी दल सत्र में महंगाई और बेरोजगारी के मुद्दे उठाने की तैयारी में हैं। कांग्रेस ने सोमवार को बैठक बुलाई है।
Advertisement
Tags: संसद, मानसून सत्र, विधेयक
Follow us on Google News
"""

NBT = """Home > News > India
नीति आयोग की बैठक में शामिल होंगे 20 मुख्यमंत्री : Navbharat Times
Written by अमित कुमार | नवभारत टाइम्स
अपडेटेड: 24 मई 2025, 9:12 am

नीति आयोग की बैठक में शामिल होंगे 20 मुख्यमंत्री

नई दिल्ली, 23 मई (भाषा) प्रधानमंत्री नरेंद्र मोदी की अध्यक्षता में शनिवार को नीति आयोग की संचालन परिषद की बैठक होगी। इसमें बीस राज्यों के मुख्यमंत्री शामिल होंगे।

प्रधानमंत्री मोदी बैठक को संबोधित करते हुए (फोटो: एएनआई)

बैठक का विषय 'विकसित भारत के लिए विकसित राज्य' रखा गया है। अधिकारियों ने बताया कि चर्चा में रोजगार, स्वास्थ्य और शिक्षा पर जोर रहेगा।

Also Read | जीडीपी के आंकड़े जारी, विकास दर 7.4 प्रतिशत रही

कुछ राज्यों के मुख्यमंत्री बैठक में शामिल नहीं होंगे। उन्होंने केंद्र पर भेदभाव का आरोप लगाया है।

शेयर करें

संबंधित खबरें
मोदी ने की मुख्यमंत्रियों से बात
राज्यों को मिलेगा ज्यादा पैसा
"""

NO_TITLE = """दिल्ली में आज सुबह से तेज बारिश हो रही है। कई इलाकों में पानी भर गया है।

मौसम विभाग ने अगले दो दिन के लिए ऑरेंज अलर्ट जारी किया है।"""

AMAR = """scriptnull&nbsp;अमेरिका ने भारत पर लगाया 25 प्रतिशत टैरिफ, ट्रंप बोले- दोस्त है लेकिन | US imposes 25% tariff on India | Amar Ujala
बिज़नेस
World
Tanay Mishra
अमेरिका के राष्ट्रपति डोनाल्ड ट्रंप ने भारत से आने वाले सामान पर 25 प्रतिशत टैरिफ लगाने का एलान किया है। यह एक अगस्त से लागू होगा।
Donald Trump (File Photo)
सांकेतिक तस्वीर
ट्रंप ने कहा कि भारत हमारा दोस्त है, लेकिन उसके टैरिफ दुनिया में सबसे ज्यादा हैं। उन्होंने रूस से तेल खरीदने पर भी आपत्ति जताई।
लेखक: सुरेश पांडेय
ट्रेंडिंग वीडियो
सोने के दाम में उछाल
शेयर बाजार में भारी गिरावट
"""


@pytest.mark.parametrize(
    ("text", "title", "paragraphs"),
    [
        pytest.param(
            BHASKAR,
            "संसद का मानसून सत्र 21 जुलाई से, सरकार लाएगी आठ नए बिल",
            (
                "संसद का मानसून सत्र 21 जुलाई से शुरू होकर 21 अगस्त तक चलेगा। संसदीय कार्य "
                "मंत्री ने शनिवार को यह जानकारी दी।",
                "सत्र के दौरान सरकार आठ नए विधेयक पेश करेगी। इनमें आयकर से जुड़ा एक अहम विधेयक भी शामिल है।",
                "विपक्ष की रणनीति तैयार",
                "विपक्षी दल सत्र में महंगाई और बेरोजगारी के मुद्दे उठाने की तैयारी में हैं। "
                "कांग्रेस ने सोमवार को बैठक बुलाई है।",
            ),
            id="breadcrumb-dateline-tags",
        ),
        pytest.param(
            NBT,
            "नीति आयोग की बैठक में शामिल होंगे 20 मुख्यमंत्री",
            (
                # the inline dateline "नई दिल्ली, 23 मई (भाषा)" is cut off, the sentence kept
                "प्रधानमंत्री नरेंद्र मोदी की अध्यक्षता में शनिवार को "
                "नीति आयोग की संचालन परिषद की बैठक होगी। इसमें बीस राज्यों के मुख्यमंत्री शामिल "
                "होंगे।",
                "बैठक का विषय 'विकसित भारत के लिए विकसित राज्य' रखा गया है। अधिकारियों ने बताया "
                "कि चर्चा में रोजगार, स्वास्थ्य और शिक्षा पर जोर रहेगा।",
                "कुछ राज्यों के मुख्यमंत्री बैठक में शामिल नहीं होंगे। उन्होंने केंद्र पर भेदभाव का आरोप लगाया है।",
            ),
            id="written-by-also-read-related",
        ),
        pytest.param(
            NO_TITLE,
            "",
            (
                "दिल्ली में आज सुबह से तेज बारिश हो रही है। कई इलाकों में पानी भर गया है।",
                "मौसम विभाग ने अगले दो दिन के लिए ऑरेंज अलर्ट जारी किया है।",
            ),
            id="no-title",
        ),
        pytest.param(
            AMAR,
            "अमेरिका ने भारत पर लगाया 25 प्रतिशत टैरिफ, ट्रंप बोले- दोस्त है लेकिन",
            (
                "अमेरिका के राष्ट्रपति डोनाल्ड ट्रंप ने भारत से आने वाले सामान पर 25 प्रतिशत "
                "टैरिफ लगाने का एलान किया है। यह एक अगस्त से लागू होगा।",
                "ट्रंप ने कहा कि भारत हमारा दोस्त है, लेकिन उसके टैरिफ दुनिया में सबसे ज्यादा "
                "हैं। उन्होंने रूस से तेल खरीदने पर भी आपत्ति जताई।",
            ),
            id="debris-gloss-captions-author-trending",
        ),
    ],
)
def test_other_layouts(text: str, title: str, paragraphs: tuple[str, ...]) -> None:
    article = clean_article(text)
    assert article.title == title
    assert article.paragraphs == paragraphs


BHASKAR_APP = """Hindi News
National
Monsoon Session 2025 Date; Parliament | Opposition Strategy
संसद का मानसून सत्र 21 जुलाई से, सरकार लाएगी आठ नए बिल
नई दिल्ली 2 घंटे पहले
कॉपी लिंक
संसद का मानसून सत्र 21 जुलाई से शुरू होकर 21 अगस्त तक चलेगा। संसदीय कार्य मंत्री ने शनिवार को यह जानकारी दी।
सत्र के दौरान सरकार आठ नए विधेयक पेश करेगी। इनमें आयकर से जुड़ा एक अहम विधेयक भी शामिल है।
विपक्ष की रणनीति तैयार
विपक्षी दल सत्र में महंगाई और बेरोजगारी के मुद्दे उठाने की तैयारी में हैं। कांग्रेस ने सोमवार को बैठक बुलाई है।
खबरें और भी हैं...
बिहार में वोटर लिस्ट पर विवाद, विपक्ष ने चुनाव आयोग को घेरा
दिल्ली में बारिश से कई इलाकों में जलभराव
"""

AMAR_UJALA = """अमेरिका ने भारत पर लगाया 25 प्रतिशत टैरिफ, ट्रंप बोले- दोस्त है लेकिन
न्यूज डेस्क, अमर उजाला, नई दिल्ली Published by: आशीष तिवारी Updated Sat, 12 Jul 2025 04:42 PM IST
सार
अमेरिका ने भारत से आने वाले सामान पर 25 प्रतिशत टैरिफ लगाने का एलान किया है।
विस्तार
अमेरिका के राष्ट्रपति डोनाल्ड ट्रंप ने भारत से आने वाले सामान पर 25 प्रतिशत टैरिफ लगाने का एलान किया है। यह एक अगस्त से लागू होगा।
ट्रंप ने कहा कि भारत हमारा दोस्त है, लेकिन उसके टैरिफ दुनिया में सबसे ज्यादा हैं। उन्होंने रूस से तेल खरीदने पर भी आपत्ति जताई।
"""

AAJTAK = """बिहार में वोटर लिस्ट पर घमासान, सुप्रीम कोर्ट पहुंचा विपक्ष
स्टोरी हाइलाइट्स
चुनाव आयोग के फैसले पर विपक्ष ने उठाए सवाल
सुप्रीम कोर्ट में सोमवार को होगी सुनवाई
आयोग ने कहा- नियमों के तहत हो रहा काम
aajtak.in
नई दिल्ली,
12 जुलाई 2025,
(अपडेटेड 12 जुलाई 2025, 4:42 PM IST)
बिहार में मतदाता सूची के विशेष पुनरीक्षण को लेकर विपक्ष ने सुप्रीम कोर्ट का दरवाजा खटखटाया है। अदालत सोमवार को इस मामले पर सुनवाई करेगी।
चुनाव आयोग का कहना है कि पूरी प्रक्रिया नियमों के तहत हो रही है। आयोग ने सभी दलों से सहयोग की अपील की है।
"""

BHASKAR_APP_BODY = (
    "संसद का मानसून सत्र 21 जुलाई से शुरू होकर 21 अगस्त तक चलेगा। संसदीय कार्य मंत्री ने "
    "शनिवार को यह जानकारी दी।",
    "सत्र के दौरान सरकार आठ नए विधेयक पेश करेगी। इनमें आयकर से जुड़ा एक अहम विधेयक भी शामिल है।",
    "विपक्ष की रणनीति तैयार",
    "विपक्षी दल सत्र में महंगाई और बेरोजगारी के मुद्दे उठाने की तैयारी में हैं। कांग्रेस ने सोमवार को बैठक बुलाई है।",
)
AMAR_UJALA_BODY = (
    "अमेरिका ने भारत से आने वाले सामान पर 25 प्रतिशत टैरिफ लगाने का एलान किया है।",
    "अमेरिका के राष्ट्रपति डोनाल्ड ट्रंप ने भारत से आने वाले सामान पर 25 प्रतिशत टैरिफ लगाने "
    "का एलान किया है। यह एक अगस्त से लागू होगा।",
    "ट्रंप ने कहा कि भारत हमारा दोस्त है, लेकिन उसके टैरिफ दुनिया में सबसे ज्यादा हैं। उन्होंने "
    "रूस से तेल खरीदने पर भी आपत्ति जताई।",
)
AAJTAK_BODY = (
    "बिहार में मतदाता सूची के विशेष पुनरीक्षण को लेकर विपक्ष ने सुप्रीम कोर्ट का दरवाजा "
    "खटखटाया है। अदालत सोमवार को इस मामले पर सुनवाई करेगी।",
    "चुनाव आयोग का कहना है कि पूरी प्रक्रिया नियमों के तहत हो रही है। आयोग ने सभी दलों से सहयोग की अपील की है।",
)


@pytest.mark.parametrize(
    ("text", "title", "paragraphs"),
    [
        pytest.param(
            BHASKAR_APP,
            "संसद का मानसून सत्र 21 जुलाई से, सरकार लाएगी आठ नए बिल",
            BHASKAR_APP_BODY,
            id="bhaskar-relative-time-more-news-footer",
        ),
        pytest.param(
            BHASKAR_APP.replace("नई दिल्ली 2 घंटे पहले", "जयपुर 45 मिनट पहले"),
            "संसद का मानसून सत्र 21 जुलाई से, सरकार लाएगी आठ नए बिल",
            BHASKAR_APP_BODY,
            id="bhaskar-minutes-ago",
        ),
        pytest.param(
            BHASKAR_APP.replace("नई दिल्ली 2 घंटे पहले", "New Delhi 3 hours ago"),
            "संसद का मानसून सत्र 21 जुलाई से, सरकार लाएगी आठ नए बिल",
            BHASKAR_APP_BODY,
            id="bhaskar-hours-ago-english",
        ),
        pytest.param(
            AMAR_UJALA,
            "अमेरिका ने भारत पर लगाया 25 प्रतिशत टैरिफ, ट्रंप बोले- दोस्त है लेकिन",
            AMAR_UJALA_BODY,
            id="amar-ujala-desk-published-by-updated",
        ),
        pytest.param(
            AMAR_UJALA.replace(
                "न्यूज डेस्क, अमर उजाला, नई दिल्ली Published by: आशीष तिवारी Updated Sat, 12 Jul 2025 04:42 PM IST",
                "डिजिटल डेस्क, लखनऊ\nPublished by: Ashish Tiwari\nअपडेटेड Sun, 13 Jul 2025 09:15 AM IST",
            ),
            "अमेरिका ने भारत पर लगाया 25 प्रतिशत टैरिफ, ट्रंप बोले- दोस्त है लेकिन",
            AMAR_UJALA_BODY,
            id="amar-ujala-byline-on-three-lines",
        ),
        pytest.param(
            AAJTAK,
            "बिहार में वोटर लिस्ट पर घमासान, सुप्रीम कोर्ट पहुंचा विपक्ष",
            AAJTAK_BODY,
            id="aajtak-story-highlights",
        ),
        pytest.param(
            AAJTAK.replace("काम\n", "काम।\n")
            .replace("सवाल\n", "सवाल।\n")
            .replace("सुनवाई\n", "सुनवाई।\n"),
            "बिहार में वोटर लिस्ट पर घमासान, सुप्रीम कोर्ट पहुंचा विपक्ष",
            AAJTAK_BODY,
            id="aajtak-highlights-ending-with-danda",
        ),
        pytest.param(
            AAJTAK.replace("स्टोरी हाइलाइट्स\n", "मुख्य बातें:\n")
            .replace("चुनाव आयोग के", "• चुनाव आयोग के")
            .replace("सुप्रीम कोर्ट में", "• सुप्रीम कोर्ट में")
            .replace("आयोग ने कहा-", "• आयोग ने कहा-"),
            "बिहार में वोटर लिस्ट पर घमासान, सुप्रीम कोर्ट पहुंचा विपक्ष",
            AAJTAK_BODY,
            id="key-points-bullets",
        ),
    ],
)
def test_more_site_layouts(text: str, title: str, paragraphs: tuple[str, ...]) -> None:
    article = clean_article(text)
    assert article.title == title
    assert article.paragraphs == paragraphs


BODY = "सरकार ने आज नई शिक्षा नीति को मंजूरी दे दी। इससे देश के करोड़ों छात्रों को फायदा होगा।"


@pytest.mark.parametrize(
    ("raw_title", "title"),
    [
        ("scriptनई शिक्षा नीति को मंजूरी", "नई शिक्षा नीति को मंजूरी"),
        ("undefinedनई शिक्षा नीति को मंजूरी", "नई शिक्षा नीति को मंजूरी"),
        ("null नई शिक्षा नीति को मंजूरी", "नई शिक्षा नीति को मंजूरी"),
        ("<div>नई शिक्षा नीति को मंजूरी</div>", "नई शिक्षा नीति को मंजूरी"),
        ("&nbsp;नई शिक्षा नीति को मंजूरी", "नई शिक्षा नीति को मंजूरी"),
        ("stylenoscriptनई शिक्षा नीति को मंजूरी", "नई शिक्षा नीति को मंजूरी"),
        ("नई शिक्षा नीति को मंजूरी - Dainik Bhaskar", "नई शिक्षा नीति को मंजूरी"),
        ("नई शिक्षा नीति को मंजूरी : Navbharat Times", "नई शिक्षा नीति को मंजूरी"),
        ("नई शिक्षा नीति को मंजूरी | Cabinet nod | Zee News", "नई शिक्षा नीति को मंजूरी"),
        ("नई शिक्षा नीति को मंजूरी | दैनिक जागरण", "नई शिक्षा नीति को मंजूरी"),
        ("NEP 2025: नई शिक्षा नीति को मंजूरी", "NEP 2025: नई शिक्षा नीति को मंजूरी"),
        ("नई शिक्षा नीति को मंजूरी, जानें क्या बदलेगा?", "नई शिक्षा नीति को मंजूरी, जानें क्या बदलेगा?"),
    ],
)
def test_title_cleaning(raw_title: str, title: str) -> None:
    article = clean_article(f"{raw_title}\n\n{BODY}")
    assert article.title == title
    assert article.paragraphs == (BODY,)


@pytest.mark.parametrize(
    "junk_line",
    [
        "देश",
        "खेल",
        "बिज़नेस",
        "World",
        "Tanay Mishra",
        "Edited By: Rakesh Kumar",
        "Written by: अमित कुमार",
        "लेखक: सुरेश पांडेय",
        "By राहुल शर्मा",
        "Updated: Jul 12, 2025, 10:30 AM IST",
        "Published on 12 July 2025",
        "अपडेटेड: 12 जुलाई 2025, 10:30 AM",
        "प्रकाशित: 12 जुलाई 2025",
        "भारतJul 12, 2025 / 04:42 pm",
        "नई दिल्ली, 12 जुलाई (भाषा)",
        "मुंबई | 5 अगस्त 2025",
        "Kim Jong Un with Sergey Lavrov (Photo – Washington Post)",
        "प्रधानमंत्री बैठक को संबोधित करते हुए (फोटो: एएनआई)",
        "Photo: Reuters",
        "फोटो: पीटीआई",
        "Image: Social Media",
        "Source: X",
        "सोर्स: सोशल मीडिया",
        "Credit: ANI",
        "सांकेतिक तस्वीर",
        "Hindi News / India / शिक्षा नीति को मंजूरी",
        "Home > News > India",
        "होम » देश » शिक्षा",
        "ये भी पढ़ें: बिहार में बाढ़ से हालात बिगड़े",
        "यह भी पढ़ें- मानसून ने पकड़ी रफ्तार",
        "Also Read | GDP के आंकड़े जारी",
        "Advertisement",
        "विज्ञापन",
        "शेयर करें",
        "Follow us on Google News",
        "ताज़ा खबरों के लिए हमें फेसबुक पर फॉलो करें",
        "Tags: शिक्षा, सरकार, छात्र",
        "(इनपुट: भाषा)",
        "© 2025 सर्वाधिकार सुरक्षित",
        "नई दिल्ली 2 घंटे पहले",
        "मुंबई 15 मिनट पहले",
        "पटना एक दिन पहले",
        "जयपुर 3 hours ago",
        "न्यूज डेस्क, अमर उजाला, नई दिल्ली Published by: आशीष तिवारी Updated Sat, 12 Jul 2025 04:42 PM IST",
        "न्यूज डेस्क, अमर उजाला, नई दिल्ली",
        "स्पोर्ट्स डेस्क, नई दिल्ली",
        "भोपाल ब्यूरो | Edited by: राहुल शर्मा",
        "पीटीआई, नई दिल्ली Updated Mon, 14 Jul 2025 10:05 AM IST",
        "(अपडेटेड 12 जुलाई 2025, 4:42 PM IST)",
        "Kim Jong Un meets Sergey Lavrov in Wonsan",
        "Photo: Reuters.",
    ],
)
def test_junk_line_in_body_dropped(junk_line: str) -> None:
    text = f"नई शिक्षा नीति को मंजूरी\n\n{BODY}\n\n{junk_line}\n\n{BODY.replace('आज', 'कल')}"
    article = clean_article(text)
    assert article.title == "नई शिक्षा नीति को मंजूरी"
    assert article.paragraphs == (BODY, BODY.replace("आज", "कल"))


@pytest.mark.parametrize(
    "content_line",
    [
        "शिक्षा मंत्री ने क्या कहा",  # a subheading
        "छात्रों पर असर",  # a two-word subheading between paragraphs
        "रूस (Russia) और नॉर्थ कोरिया (North Korea) के बीच संबंध मज़बूत हुए हैं।",
        "शेयर बाजार में आज भारी गिरावट दर्ज की गई।",  # starts like "शेयर करें"
        "विज्ञापन पर खर्च 12 जुलाई से घटेगा, मंत्रालय ने कहा।",
        "उन्होंने कहा, 'हम 12 जुलाई को बैठक करेंगे।'",
        "दो घंटे पहले हुई बारिश से सड़कें पानी से भर गईं।",
        "न्यूज डेस्क ने शनिवार को बताया कि खबर की पुष्टि हो गई है।",
        "एंटी करप्शन ब्यूरो की कार्रवाई जारी",  # a subheading with ब्यूरो
        "Il faut bien le faire.",  # a French quotation between Hindi paragraphs
        "Education is the most powerful weapon which you can use to change the world.",
        "Is this the end of exams?",
    ],
)
def test_content_line_kept(content_line: str) -> None:
    text = f"नई शिक्षा नीति को मंजूरी\n\n{BODY}\n\n{content_line}\n\n{BODY.replace('आज', 'कल')}"
    article = clean_article(text)
    assert article.paragraphs == (BODY, content_line, BODY.replace("आज", "कल"))


@pytest.mark.parametrize(
    "last_line",
    [
        "क्रिस लेस्ली नॉटिंघम पूर्व के एमपी हैं",  # an author bio without a danda
        "जॉन एडवर्ड स्कॉटिश काउंसिल ऑफ़ इंडिपेंडेंट स्कूल्स के डायरेक्टर हैं",
        "आप 30 सितंबर, रविवार को पूरा इंटरव्यू 12:00 और 13:00 BST के बीच रेडियो पर सुन सकते हैं",
        "वे दिल्ली विश्वविद्यालय में अर्थशास्त्र पढ़ाती थीं",
        '"वह रो पड़ी"?""',
        "क्या अब भी कोई शक है?",
    ],
)
def test_sentence_without_danda_at_the_end_kept(last_line: str) -> None:
    text = f"नई शिक्षा नीति को मंजूरी\n\n{BODY}\n\n{last_line}"
    assert clean_article(text).paragraphs == (BODY, last_line)


@pytest.mark.parametrize(
    "tail",
    [
        "सोने के दाम में उछाल\nशेयर बाजार में भारी गिरावट",  # related headlines
        "Kim Jong Un with Sergey Lavrov",  # an English caption
        "Il faut bien le faire.",  # a Latin sentence after the Hindi text: no longer the article
        "मोदी ने की मुख्यमंत्रियों से बात",
    ],
)
def test_trailing_non_sentences_dropped(tail: str) -> None:
    text = f"नई शिक्षा नीति को मंजूरी\n\n{BODY}\n\n{tail}"
    assert clean_article(text).paragraphs == (BODY,)


def test_latin_sentence_before_the_hindi_text_dropped() -> None:
    text = f"नई शिक्षा नीति को मंजूरी\nCabinet approves the new education policy.\n{BODY}"
    assert clean_article(text).paragraphs == (BODY,)


@pytest.mark.parametrize(
    "title",
    [
        "अध्ययन इतिहास",  # a two-word headline
        "महंगाई बेलगाम",
        "इंडोनेशिया में आई सुनामी से मरने वालों की संख्या 800 से ज़्यादा हो गई।",
        "काम करना अब ब्रॉड चर्च नहीं है।",
        "और महिलाओं को इसे हिलाने की आवश्यकता है।",
        "अपनी मौजूदगी के बाद, कान्ये वेस्ट ने ट्रम्प के पुराने विवादित भाषण की निंदा की।",
    ],
)
def test_first_line_headline(title: str) -> None:
    article = clean_article(f"{title}\n\n{BODY}\n\n{BODY.replace('आज', 'कल')}")
    assert article.title == title
    assert article.paragraphs == (BODY, BODY.replace("आज", "कल"))


@pytest.mark.parametrize(
    "text",
    [
        f"देश\n\n{BODY}",  # one word: a section label
        f"स्टोरी हाइलाइट्स\n\n{BODY}",
        f"{BODY}\n\nमौसम विभाग ने अलर्ट जारी किया है।",  # two sentences: the body
        "मौसम विभाग ने आज पूरे प्रदेश में भारी बारिश का अलर्ट जारी किया और लोगों से घरों में "
        "रहने, नदियों और नालों से दूर रहने और बिजली के खंभों से बचने की अपील की, क्योंकि "
        f"अगले दो दिन हालात बिगड़ सकते हैं।\n\n{BODY}",  # a long first sentence: body
        f"नई दिल्ली, 12 जुलाई (भाषा)\nसरकार ने नीति जारी की।\n\n{BODY}",  # not the first line
    ],
)
def test_not_a_headline(text: str) -> None:
    assert clean_article(text).title == ""


def test_footer_link_list_dropped_but_later_prose_kept() -> None:
    text = (
        f"नई शिक्षा नीति को मंजूरी\n\n{BODY}\n\nसंबंधित खबरें\n"
        "मोदी ने की मुख्यमंत्रियों से बात\nराज्यों को मिलेगा ज्यादा पैसा\n\n"
        "विपक्ष ने नीति का स्वागत किया, लेकिन कहा कि इसे लागू करने के लिए राज्यों से बात करनी "
        "चाहिए थी। कांग्रेस ने इस पर संसद में चर्चा की मांग की है।"
    )
    paragraphs = clean_article(text).paragraphs
    assert paragraphs[0] == BODY
    assert len(paragraphs) == 2 and paragraphs[1].startswith("विपक्ष ने नीति")


def test_single_newlines_are_paragraphs_and_wrapped_blocks_join() -> None:
    wrapped = (
        "सरकार ने आज नई शिक्षा नीति को मंजूरी दे दी और कहा कि\n"
        "इससे देश के करोड़ों छात्रों को फायदा होगा क्योंकि अब\n"
        "पढ़ाई का तरीका बदल जाएगा और परीक्षाएं आसान होंगी।"
    )
    article = clean_article(
        f"नई शिक्षा नीति को मंजूरी\n{wrapped}\n\nदूसरा पैराग्राफ यहां है और यह भी खबर है।"
    )
    assert article.paragraphs[0] == " ".join(wrapped.split("\n"))
    assert len(article.paragraphs) == 2


@pytest.mark.parametrize(
    ("lines", "paragraphs"),
    [
        (  # cut after the first sentence: the short rest is no label, nor a dateline
            "दिल्ली में आज भारी बारिश के कारण कई इलाकों में पानी भर गया। सड़कें\nबंद रहीं।",
            ("दिल्ली में आज भारी बारिश के कारण कई इलाकों में पानी भर गया। सड़कें बंद रहीं।",),
        ),
        (
            "दिल्ली में आज भारी बारिश हुई। सड़कें\nबंद रहीं। पुलिस ने लोगों से घर में रहने की अपील की।",
            ("दिल्ली में आज भारी बारिश हुई। सड़कें बंद रहीं। पुलिस ने लोगों से घर में रहने की अपील की।",),
        ),
        (  # a question cut the same way
            "क्या सरकार मानेगी? विपक्ष ने कहा कि वह\nसंसद में यह मुद्दा उठाएगा।",
            ("क्या सरकार मानेगी? विपक्ष ने कहा कि वह संसद में यह मुद्दा उठाएगा।",),
        ),
        (  # whole lines: each stays a paragraph
            "दिल्ली में आज भारी बारिश हुई।\nसड़कें बंद रहीं और लोग घरों में रहे।",
            ("दिल्ली में आज भारी बारिश हुई।", "सड़कें बंद रहीं और लोग घरों में रहे।"),
        ),
        (  # a subheading (no sentence end inside it) is not joined to the next line
            "प्रशासन की तैयारी\nनगर निगम ने पंपों से पानी निकालने का काम शुरू कर दिया है।",
            ("प्रशासन की तैयारी", "नगर निगम ने पंपों से पानी निकालने का काम शुरू कर दिया है।"),
        ),
        (  # a line ending with a postposition is cut too
            "मौसम विभाग ने अगले दो दिनों तक हल्की बारिश का\nअनुमान जताया है।",
            ("मौसम विभाग ने अगले दो दिनों तक हल्की बारिश का अनुमान जताया है।",),
        ),
        (  # ... but "की" also ends a sentence as a verb: a whole headline stays whole
            "पीटर जोन्स ने सौदे पर नाराज़गी जाहिर की\nटीवी प्रेजेंटर ने सौदे से अलग होने का फ़ैसला लिया।",
            (
                "पीटर जोन्स ने सौदे पर नाराज़गी जाहिर की",
                "टीवी प्रेजेंटर ने सौदे से अलग होने का फ़ैसला लिया।",
            ),
        ),
        (  # a narrow newspaper column (about 40 characters a line)
            "प्रशासन ने निचले इलाकों में रहने वाले लोगों\n"
            "से सुरक्षित स्थानों पर जाने की अपील की है।\n"
            "करीब 10 हजार लोगों को राहत शिविरों में\n"
            "पहुंचाया गया है।",
            (
                "प्रशासन ने निचले इलाकों में रहने वाले लोगों से सुरक्षित स्थानों पर जाने की अपील "
                "की है। करीब 10 हजार लोगों को राहत शिविरों में पहुंचाया गया है।",
            ),
        ),
    ],
)
def test_a_line_cut_in_its_last_sentence_joins_the_next(
    lines: str, paragraphs: tuple[str, ...]
) -> None:
    article = clean_article(f"नई दिल्ली में बारिश से जनजीवन ठप\n\n{lines}")
    assert article.paragraphs == paragraphs


@pytest.mark.parametrize(
    ("text", "title", "paragraphs"),
    [
        (  # a headline ending with a postposition stays the headline
            "घोटाले में पूर्व मंत्री का बेटा हिरासत में\nपुलिस ने मंगलवार को पूर्व मंत्री के बेटे को "
            "हिरासत में ले लिया। उससे पूछताछ जारी है।",
            "घोटाले में पूर्व मंत्री का बेटा हिरासत में",
            ("पुलिस ने मंगलवार को पूर्व मंत्री के बेटे को हिरासत में ले लिया। उससे पूछताछ जारी है।",),
        ),
        (  # a sentence that lost its danda is no cut: the subheading after it stays apart
            "शीर्षक यहाँ है\n\nपुलिस ने आरोपी को गिरफ्तार कर लिया है। जांच जारी है\n"
            "अदालत का फैसला\nअदालत में कल इस मामले की सुनवाई होगी।",
            "शीर्षक यहाँ है",
            (
                "पुलिस ने आरोपी को गिरफ्तार कर लिया है। जांच जारी है",
                "अदालत का फैसला",
                "अदालत में कल इस मामले की सुनवाई होगी।",
            ),
        ),
        (  # a short subheading ending with a postposition is not joined either
            "शीर्षक यहाँ है\n\nदिल्ली में आज भारी बारिश हुई और कई इलाकों में पानी भर गया।\n"
            "अस्पताल भी पानी में\nकई अस्पतालों में पानी घुस गया है और मरीज परेशान हैं।",
            "शीर्षक यहाँ है",
            (
                "दिल्ली में आज भारी बारिश हुई और कई इलाकों में पानी भर गया।",
                "अस्पताल भी पानी में",
                "कई अस्पतालों में पानी घुस गया है और मरीज परेशान हैं।",
            ),
        ),
    ],
)
def test_lines_that_are_not_cut_stay_apart(
    text: str, title: str, paragraphs: tuple[str, ...]
) -> None:
    article = clean_article(text)
    assert (article.title, article.paragraphs) == (title, paragraphs)


def test_a_list_of_short_headlines_is_no_wrapped_column() -> None:
    related = (
        "मुंबई में भारी बारिश से लोकल ट्रेनें हुईं ठप\n"
        "पुणे में स्कूल दो दिन के लिए बंद किए गए\n"
        "नासिक में गोदावरी नदी खतरे के निशान पर\n"
        "ठाणे में पेड़ गिरने से कई गाड़ियां दबीं"
    )
    text = f"शीर्षक यहाँ है\n\n{BODY}\n\n{related}"
    article, dropped = clean_with_dropped(text)
    assert article.paragraphs == (BODY,)
    assert {d.rule for d in dropped} == {"trailing"}


def test_a_junk_line_after_a_cut_line_is_not_joined() -> None:
    text = (
        "नई दिल्ली में बारिश से जनजीवन ठप\n\nदिल्ली में आज भारी बारिश हुई। सड़कें\n"
        "यह भी पढ़ें: मुंबई में भी अलर्ट जारी\nपुलिस ने लोगों से घर में रहने की अपील की।"
    )
    article, dropped = clean_with_dropped(text)
    assert "यह भी पढ़ें" not in " ".join(article.paragraphs)
    assert [d.rule for d in dropped] == ["also-read"]


def test_pipe_danda_in_body() -> None:
    article = clean_article("नई शिक्षा नीति को मंजूरी\n\nसरकार ने नीति जारी की | छात्र खुश हैं |")
    assert article.paragraphs == ("सरकार ने नीति जारी की। छात्र खुश हैं।",)


def test_empty_after_cleaning() -> None:
    assert clean_article("Patrika News\n\nWorld\n\nTanay Mishra").paragraphs == ()


# --- plain_article (--no-clean) --------------------------------------------------------------


def test_plain_article_keeps_everything(seed_text: str) -> None:
    article = plain_article(seed_text)
    assert article.title == ""
    lines = [line.strip() for line in normalize(seed_text).split("\n") if line.strip()]
    assert article.paragraphs == tuple(lines)
    assert article.paragraphs[0].startswith("scriptरूस")


def test_plain_article_joins_wrapped_block() -> None:
    text = (
        "सरकार ने आज नई शिक्षा नीति को मंजूरी दे दी और कहा कि\n"
        "इससे देश के करोड़ों छात्रों को फायदा होगा क्योंकि अब\n"
        "पढ़ाई का तरीका बदल जाएगा।\n\nदूसरा\nतीसरा"
    )
    assert plain_article(text).paragraphs == (
        "सरकार ने आज नई शिक्षा नीति को मंजूरी दे दी और कहा कि इससे देश के करोड़ों छात्रों को "
        "फायदा होगा क्योंकि अब पढ़ाई का तरीका बदल जाएगा।",
        "दूसरा",
        "तीसरा",
    )


def test_ntrex_documents_survive_cleaning(ntrex_docs: dict[str, list[str]]) -> None:
    # NTREX-128: 123 real news documents (Hindi translations), first line the headline.
    # Cleaning must not eat article text: nearly all headlines found, body lines kept.
    docs = {doc: [normalize(line) for line in lines] for doc, lines in ntrex_docs.items()}
    assert len(docs) == 123
    titles = kept = total = 0
    for doc_lines in docs.values():
        article = clean_article("\n\n".join(doc_lines))
        titles += article.title == doc_lines[0]
        total += len(doc_lines) - 1
        kept += sum(1 for line in doc_lines[1:] if line in article.paragraphs)
    assert titles == 123  # including two-word headlines and headlines ending with a danda
    assert kept == total  # French quotes, author bios and lines without a danda too
