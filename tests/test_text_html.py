"""extract_html() on small saved pages of Hindi news sites, and prepare() on HTML."""

# ruff: noqa: E501 - fixtures are scraped text and page source with their real long lines

from __future__ import annotations

import pytest

from hinews.errors import InputError
from hinews.text import extract_html, looks_like_html, prepare

ARTICLE_PAGE = """<!DOCTYPE html>
<html lang="hi"><head><meta charset="utf-8">
<title>दिल्ली में मानसून की पहली बारिश, कई इलाकों में जलभराव - Dainik Bhaskar</title>
<script>window.dataLayer = window.dataLayer || []; function gtag(){dataLayer.push(arguments);}</script>
</head><body>
<header><a class="logo" href="/">दैनिक भास्कर</a>
<nav><ul><li><a href="/">होम</a></li><li><a href="/national">देश</a></li>
<li><a href="/international">विदेश</a></li><li><a href="/sports">खेल</a></li>
<li><a href="/business">बिज़नेस</a></li><li><a href="/entertainment">मनोरंजन</a></li></ul></nav></header>
<main>
<ol class="breadcrumb"><li><a href="/">होम</a></li><li><a href="/national">देश</a></li><li>दिल्ली</li></ol>
<article>
<h1>दिल्ली में मानसून की पहली बारिश, कई इलाकों में जलभराव</h1>
<div class="byline">राहुल शर्मा | नई दिल्ली | 29 जून 2025, 10:15 AM</div>
<div class="share"><a href="#">शेयर करें</a> <a href="#">WhatsApp</a> <a href="#">Facebook</a></div>
<p>राजधानी दिल्ली में शनिवार सुबह मानसून की पहली बारिश हुई। मौसम विभाग ने बताया कि अगले तीन दिनों तक रुक-रुक कर बारिश जारी रहेगी।</p>
<p>तेज बारिश के कारण मिंटो ब्रिज, आईटीओ और लाजपत नगर समेत कई इलाकों में जलभराव हो गया। सुबह दफ्तर जाने वाले लोगों को लंबे जाम का सामना करना पड़ा।</p>
<h2>निगम ने बनाए कंट्रोल रूम</h2>
<p>नगर निगम ने जलभराव की शिकायतों के लिए बारह कंट्रोल रूम बनाए हैं। अधिकारियों के मुताबिक पानी निकालने के लिए दो सौ से ज्यादा पंप लगाए गए हैं।</p>
</article>
<aside class="related"><h3>ये भी पढ़ें</h3><ul>
<li><a href="/a">मुंबई में भारी बारिश का रेड अलर्ट, स्कूल बंद</a></li>
<li><a href="/b">उत्तराखंड में भूस्खलन से बद्रीनाथ हाईवे बंद</a></li></ul></aside>
</main>
<footer><p>© 2025 दैनिक भास्कर. सर्वाधिकार सुरक्षित।</p><a href="/about">हमारे बारे में</a> <a href="/contact">संपर्क करें</a></footer>
<script>var ads = {slot: "top"}; loadAds(ads);</script>
</body></html>"""

DIV_SOUP_PAGE = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>किसानों के लिए नई योजना: हर खेत को मिलेगा पानी | अमर उजाला</title></head>
<body><div id="wrapper"><div class="top-bar"><div class="menu"><a href="/">होम</a> <a href="/desh">देश</a> <a href="/rajya">राज्य</a> <a href="/video">वीडियो</a> <a href="/login">लॉग इन</a></div></div>
<div class="row"><div class="col-8"><div class="breadcrumbs"><a href="/">होम</a> » <a href="/desh">देश</a> » किसान</div>
<div class="story-head"><div class="headline">किसानों के लिए नई योजना: हर खेत को मिलेगा पानी</div></div>
<div class="story-content">
<div class="para">केंद्र सरकार ने सोमवार को किसानों के लिए नई सिंचाई योजना की घोषणा की। इस योजना के तहत अगले पांच साल में हर खेत तक पानी पहुंचाने का लक्ष्य रखा गया है।</div>
<div class="ad-slot">विज्ञापन</div>
<div class="para">कृषि मंत्री ने कहा कि योजना पर कुल पचास हजार करोड़ रुपये खर्च होंगे। राज्यों को इसके लिए अलग से राशि दी जाएगी और छोटे किसानों को प्राथमिकता मिलेगी।</div>
<div class="para">विपक्ष ने योजना का स्वागत किया, लेकिन कहा कि पिछली योजनाओं का पैसा अब तक पूरी तरह खर्च नहीं हुआ है।</div>
</div></div>
<div class="col-4 sidebar"><div class="widget"><div class="widget-title">ट्रेंडिंग</div>
<div class="item"><a href="/x">सोने के दाम में आज फिर गिरावट</a></div>
<div class="item"><a href="/y">क्रिकेट: भारत ने सीरीज जीती</a></div></div></div></div>
<div class="footer">कॉपीराइट © 2025 अमर उजाला लिमिटेड</div></div>
<script type="text/javascript">document.write('<div>ad</div>');</script></body></html>"""

OG_TITLE_PAGE = """<!doctype html><html><head>
<meta property="og:title" content="चंद्रयान-4 मिशन को कैबिनेट की मंजूरी, 2027 में होगा लॉन्च">
<meta property="og:site_name" content="Navbharat Times">
<meta name="description" content="चंद्रयान-4 मिशन को मंजूरी।">
<title>चंद्रयान-4 मिशन को कैबिनेट की मंजूरी, 2027 में होगा लॉन्च - Navbharat Times</title>
<style>.x{color:red}</style></head><body>
<div class="nav"><a href="/">Home</a> | <a href="/india">India</a> | <a href="/tech">Tech</a></div>
<section class="article-section">
<h1 class="title">चंद्रयान-4 मिशन को कैबिनेट की मंजूरी | NBT</h1>
<span class="time">Updated: 19 Sep 2024, 6:30 pm</span>
<figure><img src="/moon.jpg" alt="moon"><figcaption>फोटो: इसरो</figcaption></figure>
<div class="article-body">
<p>केंद्रीय कैबिनेट ने बुधवार को चंद्रयान-4 मिशन को मंजूरी दे दी। इस मिशन में चांद की सतह से नमूने लाकर पृथ्वी पर वापस लाए जाएंगे।</p>
<p>इसरो के अध्यक्ष ने बताया कि मिशन 2027 में लॉन्च किया जाएगा। इसके लिए 2104 करोड़ रुपये का बजट तय किया गया है।</p>
<p>विशेषज्ञों का मानना है कि इस मिशन से भारत अंतरिक्ष अनुसंधान में अग्रणी देशों की सूची में और मजबूत होगा।</p>
</div></section>
<div class="share-buttons">Share: <a>Twitter</a> <a>Facebook</a></div>
<div class="comments"><h3>कमेंट्स</h3><p>बहुत अच्छी खबर, जय हिंद!</p></div>
<footer>Copyright - 2024 Bennett, Coleman &amp; Co. Ltd. All rights reserved.</footer>
</body></html>"""

NAVIGATION = [
    "होम",
    "मनोरंजन",
    "लॉग इन",
    "ये भी पढ़ें",
    "मुंबई में भारी बारिश",
    "उत्तराखंड में भूस्खलन",
    "सोने के दाम",
    "भारत ने सीरीज जीती",
    "ट्रेंडिंग",
    "सर्वाधिकार",
    "कॉपीराइट",
    "संपर्क करें",
    "हमारे बारे में",
    "शेयर करें",
    "WhatsApp",
    "Share",
    "Twitter",
    "विज्ञापन",
    "dataLayer",
    "loadAds",
    "document.write",
    "color:red",
    "जय हिंद",  # a reader comment
    "फोटो: इसरो",
    "Updated",
    "राहुल शर्मा",
    "Dainik Bhaskar",
    "अमर उजाला",
    "Navbharat Times",
    "NBT",
]

CASES = [
    pytest.param(
        ARTICLE_PAGE,
        "दिल्ली में मानसून की पहली बारिश, कई इलाकों में जलभराव",
        (
            "राजधानी दिल्ली में शनिवार सुबह मानसून की पहली बारिश हुई। मौसम विभाग ने बताया कि "
            "अगले तीन दिनों तक रुक-रुक कर बारिश जारी रहेगी।",
            "तेज बारिश के कारण मिंटो ब्रिज, आईटीओ और लाजपत नगर समेत कई इलाकों में जलभराव हो "
            "गया। सुबह दफ्तर जाने वाले लोगों को लंबे जाम का सामना करना पड़ा।",
            "निगम ने बनाए कंट्रोल रूम",
            "नगर निगम ने जलभराव की शिकायतों के लिए बारह कंट्रोल रूम बनाए हैं। अधिकारियों के "
            "मुताबिक पानी निकालने के लिए दो सौ से ज्यादा पंप लगाए गए हैं।",
        ),
        id="article-element",
    ),
    pytest.param(
        DIV_SOUP_PAGE,
        "किसानों के लिए नई योजना: हर खेत को मिलेगा पानी",
        (
            "केंद्र सरकार ने सोमवार को किसानों के लिए नई सिंचाई योजना की घोषणा की। इस योजना "
            "के तहत अगले पांच साल में हर खेत तक पानी पहुंचाने का लक्ष्य रखा गया है।",
            "कृषि मंत्री ने कहा कि योजना पर कुल पचास हजार करोड़ रुपये खर्च होंगे। राज्यों को "
            "इसके लिए अलग से राशि दी जाएगी और छोटे किसानों को प्राथमिकता मिलेगी।",
            "विपक्ष ने योजना का स्वागत किया, लेकिन कहा कि पिछली योजनाओं का पैसा अब तक पूरी "
            "तरह खर्च नहीं हुआ है।",
        ),
        id="div-soup",
    ),
    pytest.param(
        OG_TITLE_PAGE,
        "चंद्रयान-4 मिशन को कैबिनेट की मंजूरी, 2027 में होगा लॉन्च",
        (
            "केंद्रीय कैबिनेट ने बुधवार को चंद्रयान-4 मिशन को मंजूरी दे दी। इस मिशन में चांद "
            "की सतह से नमूने लाकर पृथ्वी पर वापस लाए जाएंगे।",
            "इसरो के अध्यक्ष ने बताया कि मिशन 2027 में लॉन्च किया जाएगा। इसके लिए 2104 करोड़ "
            "रुपये का बजट तय किया गया है।",
            "विशेषज्ञों का मानना है कि इस मिशन से भारत अंतरिक्ष अनुसंधान में अग्रणी देशों की सूची में और मजबूत होगा।",
        ),
        id="og-title",
    ),
]


@pytest.mark.parametrize(("page", "title", "paragraphs"), CASES)
def test_extract_html(page: str, title: str, paragraphs: tuple[str, ...]) -> None:
    article = extract_html(page)
    assert article.title == title
    assert article.paragraphs == paragraphs


@pytest.mark.parametrize(("page", "title", "paragraphs"), CASES)
def test_navigation_gone(page: str, title: str, paragraphs: tuple[str, ...]) -> None:
    text = "\n".join(extract_html(page).paragraphs)
    for junk in NAVIGATION:
        assert junk not in text, junk


@pytest.mark.parametrize(("page", "title", "paragraphs"), CASES)
def test_prepare_dispatches_html(page: str, title: str, paragraphs: tuple[str, ...]) -> None:
    assert looks_like_html(page)
    assert prepare(page) == extract_html(page)


@pytest.mark.parametrize(
    ("raw_title", "expected"),
    [
        ("रूस में बड़ी बैठक - Dainik Bhaskar", "रूस में बड़ी बैठक"),
        ("रूस में बड़ी बैठक | Russia meeting | Patrika News", "रूस में बड़ी बैठक"),
        ("रूस में बड़ी बैठक : Navbharat Times", "रूस में बड़ी बैठक"),
        ("रूस में बड़ी बैठक | अमर उजाला", "रूस में बड़ी बैठक"),
        ("IPL 2025: धोनी ने रचा इतिहास", "IPL 2025: धोनी ने रचा इतिहास"),
    ],
)
def test_title_tag_site_name_removed(raw_title: str, expected: str) -> None:
    page = (
        f"<html><head><title>{raw_title}</title></head><body><article>"
        "<p>दिल्ली में आज सुबह से तेज बारिश हो रही है और कई इलाकों में पानी भर गया है।</p>"
        "<p>मौसम विभाग ने अगले दो दिन के लिए ऑरेंज अलर्ट जारी किया है।</p>"
        "</article></body></html>"
    )
    assert extract_html(page).title == expected


def test_no_article_text() -> None:
    page = (
        "<html><head><title>लॉग इन करें</title></head><body><nav><a href='/'>होम</a>"
        "<a href='/desh'>देश</a></nav><script>app.start()</script></body></html>"
    )
    with pytest.raises(InputError, match="No article text found") as info:
        extract_html(page)
    assert "plain text" in str(info.value)


def test_html_with_english_only_refused() -> None:
    page = (
        "<html><head><title>Storm hits Delhi</title></head><body><article><p>A heavy storm "
        "hit Delhi on Saturday morning, flooding several roads and halting traffic for hours."
        "</p><p>The weather office has issued an orange alert for two more days.</p>"
        "</article></body></html>"
    )
    with pytest.raises(InputError, match=r"not Hindi.*ratio 0\.00"):
        prepare(page)
