"""Trust signals: which sentences to check, which language an article is, and a glossary.

* :mod:`hinews.trust.language` identifies the language of an article among Devanagari
  languages (CLD2 via pycld2) and decides whether a model may translate it;
* :mod:`hinews.trust.flags` holds the per-sentence checks, pure functions of source,
  target and confidence;
* :mod:`hinews.trust.glossary` loads a desk's glossary, flags and protects its terms.

Cheap to import: pycld2 is imported on first detection.
"""

from hinews.trust.flags import FLAG_NAMES, sentence_flags
from hinews.trust.glossary import Glossary, load_glossary
from hinews.trust.language import detect_language

__all__ = ["FLAG_NAMES", "Glossary", "detect_language", "load_glossary", "sentence_flags"]
