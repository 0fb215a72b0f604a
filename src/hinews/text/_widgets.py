"""Page widgets that read like text: polls, comment boxes, prompts, author notes.

A poll (``आपका मत`` over a question put to readers and its options), a comment box
(``टिप्पणियां (3)``, ``अपनी टिप्पणी लिखें``, readers' comments), a call to follow, share,
download an app or sign up for a newsletter, and an author's note (``(ये लेखिका के निजी
विचार हैं)``) are Hindi text in whole sentences, so the script and punctuation rules let
them through. These rules recognise them by their shape: a widget heading, a second-person
question about the reader's opinion, an imperative next to a channel word.
"""

from __future__ import annotations

import re

from hinews.text._rules import is_reported_speech, n_words

_POLL_HEAD = re.compile(
    r"^(?:आपका मत|आपकी राय|अपनी राय(?: दें)?|राय दें|आपका वोट|पोल|ओपिनियन पोल|क्विक पोल|"
    r"जनमत(?: सर्वे)?|सर्वे|poll|quick poll|opinion poll|your (?:say|opinion|vote)|vote)"
    r"\s*[:：?!-]?$",
    re.I,
)
_POLL_BUTTON = re.compile(
    r"^(?:वोट करें|वोट दें|मत दें|परिणाम देखें|नतीजे देखें|रिजल्ट देखें|सबमिट(?: करें)?|"
    r"vote(?: now)?|submit|view results|see results)\s*[!।]?$",
    re.I,
)
_SECOND_PERSON = re.compile(r"(?:^|\s)(?:आप|आपको|आपकी|आपके|आपका|आपने|तुम|तुम्हें)(?=\s|$)")
_OPINION = re.compile(r"राय|मत\b|लगता|लगती|सोचते|सोचती|मानते|मानती|सहमत|पसंद|चाहेंगे|चाहेंगी|करेंगे वोट|वोट")


def is_poll_heading(line: str) -> bool:
    """The heading of a readers' poll: ``आपका मत``, ``आपकी राय``, ``Poll``."""
    return _POLL_HEAD.match(line.strip()) is not None


def is_poll_button(line: str) -> bool:
    """A poll's button: ``वोट करें``, ``परिणाम देखें``."""
    return _POLL_BUTTON.match(line.strip()) is not None


def is_reader_question(line: str) -> bool:
    """A question put to the reader about their opinion, alone on its line: ``क्या आपको
    लगता है कि फसल बीमा अनिवार्य होना चाहिए?``. Quoted questions are an article's."""
    stripped = line.strip()
    if not stripped.endswith("?") or n_words(stripped) > 30 or stripped[0] in "\"'“‘":
        return False
    return bool(_SECOND_PERSON.search(stripped) and _OPINION.search(stripped))


_COMMENT_HEAD = re.compile(
    r"^(?:\d+\s*)?(?:टिप्पणियां|टिप्पणियाँ|टिप्पणी|कमेंट्स|कमेंट|कॉमेंट्स|प्रतिक्रियाएं|"
    r"प्रतिक्रियाएँ|comments?|एक टिप्पणी छोड़ें|अपनी टिप्पणी (?:लिखें|दें)|टिप्पणी (?:लिखें|करें)|"
    r"कमेंट (?:लिखें|करें)|leave a (?:comment|reply)|post a comment)\s*(?:\(\d+\))?\s*[:：*]?$",
    re.I,
)
# Text of a comment form or its rules ("आपका ईमेल पता प्रकाशित नहीं किया जाएगा", "कमेंट
# करने के लिए लॉगिन करें").
_COMMENT_FORM = re.compile(
    r"ईमेल पता प्रकाशित नहीं|(?:टिप्पणी|कमेंट)\s*(?:करने|लिखने|पोस्ट करने) के लिए|"
    r"(?:लॉगिन|लॉग इन|साइन इन) करें|अभद्र भाषा|(?:टिप्पणी|कमेंट)\s*प्रकाशित होने से पहले|"
    r"आवश्यक (?:फ़ील्ड|फील्ड)|^नाम\s*\*|^टिप्पणी\s*\*|^ईमेल\s*\*",
    re.I,
)


def is_comments_heading(line: str) -> bool:
    """The heading of a comment box: ``टिप्पणियां (3)``, ``12 कमेंट्स``, ``एक टिप्पणी छोड़ें``."""
    return _COMMENT_HEAD.match(line.strip()) is not None


def is_comment_form(line: str) -> bool:
    """Text of a comment form or its rules (``कमेंट करने के लिए लॉगिन करें``)."""
    return n_words(line) <= 30 and _COMMENT_FORM.search(line) is not None


# An imperative (करें, कीजिए, पाएं, जुड़ें…) next to a channel or action word, or a
# newsletter sign-up: calls to the reader, never a sentence of a report.
_IMPERATIVE = r"करें|करे|कीजिए|करिए|करिये|पाएं|पायें|पाएँ|जुड़ें|जुड़िए|जुड़े रहें|पढ़ें|देखें|लें"
_CHANNEL = (
    r"ऐप|एप|app|न्यूज़लेटर|न्यूजलेटर|newsletter|व्हाट्सऐप|व्हाट्सएप|वॉट्सऐप|whatsapp|टेलीग्राम|"
    r"telegram|यूट्यूब|youtube|फेसबुक|facebook|ट्विटर|twitter|इंस्टाग्राम|instagram|"
    r"गूगल न्यूज़|गूगल न्यूज|google news|चैनल|इनबॉक्स|सब्सक्राइब|subscribe|शेयर|फॉलो|follow|"
    r"साइन अप|sign up|नोटिफिकेशन|notification|लाइक"
)
_PROMPT = re.compile(
    rf"(?:{_CHANNEL})[^।?!]{{0,40}}?(?:{_IMPERATIVE})(?=[\s।.!,]|$)|"
    rf"(?:{_IMPERATIVE})[^।?!]{{0,20}}?(?:{_CHANNEL})|"
    r"(?:न्यूज़लेटर|न्यूजलेटर|newsletter)|साइन अप|इनबॉक्स में",
    re.I,
)


def is_prompt(line: str) -> bool:
    """A call to follow, share, subscribe, download an app or sign up: ``इस खबर को शेयर
    करें``, ``ताजा खबरों के लिए ऐप डाउनलोड करें``, ``हमारे व्हाट्सऐप चैनल से जुड़ें``.
    Reported speech (``… ने कहा कि लोग ऐप डाउनलोड करें।``, ``उन्होंने कहा, "हमें फॉलो
    करें …"``) is not one."""
    if n_words(line) > 30 or is_reported_speech(line):
        return False
    return _PROMPT.search(line) is not None


_AUTHOR_NOTE = re.compile(
    r"^[(\[]?\s*(?:(?:ये|यह|उपरोक्त|लेख में व्यक्त)\s+(?:विचार\s+)?(?:लेखक|लेखिका|लेखकों)\s+के\s+"
    r"(?:निजी|अपने|व्यक्तिगत)\s+(?:विचार|हैं)|(?:लेखक|लेखिका)\s+(?!ने\s)[^।]{2,80}?\s+(?:हैं|है)"
    r"\s*[।.]?\s*[)\]]?\s*$|(?:डिस्क्लेमर|अस्वीकरण|disclaimer)\s*[:：\-–—])",
    re.I,
)


def is_author_note(line: str) -> bool:
    """An author's note or disclaimer: ``(ये लेखिका के निजी विचार हैं)``, ``लेखिका
    पर्यावरण विशेषज्ञ हैं``, ``डिस्क्लेमर: …``."""
    return n_words(line) <= 40 and _AUTHOR_NOTE.match(line.strip()) is not None


_SPEAKER = re.compile(r"(?:^|\s)(?:मैं|मुझे|मेरा|मेरी|मेरे|हम|हमें|हमारा|हमारी|हमारे)(?=\s|$)")


def is_question_line(line: str) -> bool:
    """A line that is one short question shaped like a headline (a related story's
    headline often is one): no quotation marks, no speaker (``मैं``, ``हम``)."""
    stripped = line.strip()
    if not stripped.endswith("?") or n_words(stripped) > 15 or "।" in stripped:
        return False
    return not any(q in stripped for q in "\"'“”‘’") and _SPEAKER.search(stripped) is None
