"""Which Devanagari language an article is written in, and whether a model may take it.

CLD2 (through pycld2, which ships its models) separates Hindi, Marathi, Nepali and Sanskrit
at article level; it has one label, ``bh`` (Bihari), for Maithili and Bhojpuri, which a
handful of frequent function words then tell apart. Only the Devanagari part of the text
counts, so Hindi with English words or quotes in it stays Hindi.
"""

from __future__ import annotations

import dataclasses
import re

from hinews.errors import ConfigError, InputError, missing_dependency
from hinews.results import Language, Segmentation

HINDI = "hin_Deva"
#: CLD2 code -> (FLORES-200/NLLB code, English name).
CLD2_CODES: dict[str, tuple[str, str]] = {
    "hi": ("hin_Deva", "Hindi"),
    "mr": ("mar_Deva", "Marathi"),
    "ne": ("npi_Deva", "Nepali"),
    "sa": ("san_Deva", "Sanskrit"),
    "bh": ("bho_Deva", "Bhojpuri"),  # CLD2's "Bihari": told apart from Maithili below
}
NAMES: dict[str, str] = {code: name for code, name in CLD2_CODES.values()}
NAMES["mai_Deva"] = "Maithili"
NAMES["awa_Deva"] = "Awadhi"
NAMES["mag_Deva"] = "Magahi"
NAMES["hne_Deva"] = "Chhattisgarhi"

# Function words frequent in one language and (almost) absent from Hindi and the other;
# measured on FLORES-200 devtest articles (no Hindi article reaches 2 % of either).
_MAITHILI = frozenset("अछि छल छलाह छथि छैक सँ केँ एहि ओहि कएल".split())
_BHOJPURI = frozenset("बा बाटे बाड़े बाड़न बाड़ी हवे होला कइल गइल रहल आपन ओकरा एकरा".split())
_MARKER_SHARE = 0.02
# CLD2 is made for documents: on a headline alone it can say Marathi for Hindi. Under
# _FULL_WORDS words the confidence shrinks, and below REFUSE_AT nothing is refused.
_FULL_WORDS = 12
REFUSE_AT = 0.75
_WORD = re.compile(r"[\u0900-\u097F]+")
_DEVANAGARI = re.compile(r"[\u0900-\u097F]")


def detect_language(text: str) -> Language | None:
    """The Devanagari language ``text`` is written in, or ``None`` when it has too little
    Devanagari to tell (under 4 letters).

    Args:
        text: An article (or a sentence: less reliable, CLD2 is made for documents).

    Returns:
        A :class:`~hinews.results.Language` with a FLORES-200 code such as ``mar_Deva``.
    """
    if len(_DEVANAGARI.findall(text)) < 4:
        return None
    try:
        import pycld2
    except ImportError:  # a base install (segmenting only): the language stays unknown
        return None

    # Only the Devanagari words: English names and quotes must not outvote the article.
    words = _WORD.findall(text)
    devanagari = " ".join(words)
    try:
        _, _, details = pycld2.detect(devanagari, bestEffort=True)
    except pycld2.error:  # invalid UTF-8 cannot reach here (str); kept for odd surrogates
        return Language(HINDI, "Hindi", 0.0)
    scores = [(code, percent) for _, code, percent, _ in details if code in CLD2_CODES]
    if not scores:
        return Language(HINDI, "Hindi", 0.0)
    total = sum(p for _, p in scores) or 1
    cld2, percent = max(scores, key=lambda item: item[1])
    code, name = CLD2_CODES[cld2]
    share = percent / total * min(1.0, len(words) / _FULL_WORDS)
    if cld2 in ("hi", "bh"):
        code = _bihari(words, default=code)
        name = NAMES[code]
    return Language(code, name, share)


def with_language(seg: Segmentation) -> Segmentation:
    """``seg`` with the language of its title and sentences detected."""
    body = " ".join([seg.title, *(s.text for s in seg.sentences)])
    return dataclasses.replace(seg, language=detect_language(body))


def _bihari(words: list[str], *, default: str) -> str:
    """Maithili or Bhojpuri by their function words (CLD2 says ``bh`` for both, and
    ``hi`` for a tenth of them); ``default`` when neither is frequent."""
    n = len(words) or 1
    mai = sum(w in _MAITHILI for w in words) / n
    bho = sum(w in _BHOJPURI for w in words) / n
    if max(mai, bho) < _MARKER_SHARE:
        return default
    return "mai_Deva" if mai > bho else "bho_Deva"


def source_code(
    language: Language | None, wanted: str | None, languages: frozenset[str] | None
) -> str | None:
    """The source language code to give a multilingual model, or ``None`` for its default.

    Args:
        language: What :func:`detect_language` found for the article.
        wanted: ``pipeline.source_lang``: ``None``, ``auto`` or a code.
        languages: The codes the model takes (empty: none; ``None``: any).
    """
    if wanted is None or languages == frozenset():
        return None
    if wanted != "auto":
        return wanted
    if language is None or (languages is not None and language.code not in languages):
        return None  # read as Hindi: with --force, or a detection too unsure to refuse on
    return language.code


def check_language(
    language: Language | None,
    *,
    wanted: str | None,
    languages: frozenset[str] | None,
    model: str,
    force: bool,
) -> None:
    """Refuse an article the model would read as another language than it is in.

    Args:
        language: What :func:`detect_language` found (``None``: too little to tell).
        wanted: ``pipeline.source_lang``: ``None`` (Hindi expected), ``auto`` (give a
            multilingual model the detected code) or a code given by hand.
        languages: The source codes the model takes: empty for a one-pair model
            (OPUS-MT), ``None`` for one that takes codes without saying which.
        model: The model's name, for the messages.
        force: Translate anyway (as Hindi, unless a code was given).

    Raises:
        ConfigError: A code was given that the model does not take.
        InputError: One line naming the language and the fixes.
    """
    takes_codes = languages != frozenset()
    if wanted not in (None, "auto"):
        if not takes_codes and wanted != HINDI:
            raise ConfigError(
                f"source language {wanted} was given, but {model} only translates Hindi: "
                'use a multilingual preset (e.g. preset="default", IndicTrans2)'
            )
        if languages and wanted not in languages:
            raise ConfigError(
                f"source language {wanted} ({NAMES.get(wanted, 'unknown')}) was given, but "
                f"{model} has no such language; it takes {', '.join(sorted(languages))}"
            )
        return
    if wanted == "auto" and takes_codes:
        # Under REFUSE_AT the detection is too unsure to refuse on (a short Hindi text that
        # CLD2 calls Bihari): source_code() then reads it as Hindi.
        if (
            force
            or language is None
            or languages is None
            or language.code in languages
            or language.confidence < REFUSE_AT
        ):
            return
        raise InputError(
            f"this looks like {language.name} ({language.code}, confidence "
            f"{language.confidence:.2f}), which {model} does not translate. Use a model that "
            f'has it (NLLB: preset="nllb" with source_lang="auto"), or pass force=True to '
            "translate it as Hindi"
        )
    check_source_language(
        language, model_codes=takes_codes, model=model, force=force, languages=languages
    )


def check_source_language(
    language: Language | None,
    *,
    model_codes: bool,
    model: str,
    force: bool,
    languages: frozenset[str] | None = None,
) -> None:
    """Refuse a non-Hindi article for a model that only knows Hindi.

    Too short a text to be sure (confidence under :data:`REFUSE_AT`) is let through.

    Args:
        language: What :func:`detect_language` found (``None``: too little to tell).
        model_codes: Whether the model takes a source language code (IndicTrans2, NLLB).
        model: The model's name, for the message.
        force: Let it through anyway.
        languages: The codes the model takes, when known: the fix offered is one of them.

    Raises:
        InputError: One line naming the language and the two fixes.
    """
    if force:
        return
    if language is None:
        require_detector()  # unknown because pycld2 is missing is not "too short to tell"
        return
    if language.code == HINDI or language.confidence < REFUSE_AT:
        return
    # Two sentences, the last one the fix ending in "pass force=True": the web app swaps
    # that for its checkbox and keeps the rest whole.
    found = (
        f"this looks like {language.name} ({language.code}, confidence {language.confidence:.2f})"
    )
    if model_codes and (languages is None or language.code in languages):
        raise InputError(
            f'{found}, not Hindi; the model would read it as Hindi. Give source_lang="auto" '
            f'or source_lang="{language.code}", or pass force=True to translate it as Hindi'
        )
    if model_codes:
        raise InputError(
            f"{found}, not Hindi, and {model} does not translate {language.name}. Use a "
            'model that has it (NLLB: preset="nllb" with source_lang="auto"), or pass '
            "force=True to translate it as Hindi"
        )
    raise InputError(
        f"{found}, not Hindi, and {model} only translates Hindi. Use a multilingual preset "
        'with source_lang="auto" (preset="default" with source_lang="auto"), or pass '
        "force=True to translate it as Hindi anyway"
    )


def require_detector() -> None:
    """Raise unless pycld2 is installed (translation checks the language; ``--force``
    skips the check).

    Raises:
        DependencyError: pycld2 is missing, with the extra that installs it.
    """
    try:
        import pycld2  # noqa: F401
    except ImportError:
        raise missing_dependency("pycld2", "models") from None
