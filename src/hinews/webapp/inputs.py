"""Web app inputs: uploaded files and the one-click example article (no gradio here)."""

from __future__ import annotations

import os
from pathlib import Path

from hinews.errors import InputError

UPLOAD_SUFFIXES = (".txt", ".html", ".htm")

#: A short news-style article written for hinews, offered when no example file is found.
BUILTIN_EXAMPLE = """\
मुंबई में भारी बारिश से जनजीवन प्रभावित

मुंबई में मंगलवार को हुई भारी बारिश से शहर के कई इलाकों में पानी भर गया। मौसम विभाग के अनुसार \
सुबह आठ बजे तक बीते चौबीस घंटों में 180 मिलीमीटर बारिश दर्ज की गई। लोकल ट्रेनें देरी से चलीं और \
कई सड़कों पर यातायात धीमा रहा।

नगर निगम ने लोगों से अनावश्यक यात्रा न करने की अपील की है। स्कूलों और कॉलेजों को एक दिन के लिए \
बंद रखने का आदेश दिया गया है। मौसम विभाग ने अगले दो दिनों के लिए भी तेज बारिश की चेतावनी जारी की है।
"""


#: The article shipped with the project (written for it, CC0), in a source checkout.
SHIPPED_EXAMPLE = Path(__file__).resolve().parents[3] / "examples" / "article.txt"


def example_path(given: str | None = None) -> Path | None:
    """The example file: ``given`` (``--example``), ``$HINEWS_EXAMPLE``, the shared seed, or
    the shipped ``examples/article.txt``; ``None`` when none is there (an installed wheel
    without ``../shared``).

    The seed article is third-party data and is never shipped; it is looked up in
    ``$HINEWS_SHARED/data/seed`` or a ``shared/`` folder beside the checkout.
    """
    given = given or os.environ.get("HINEWS_EXAMPLE")
    if given:
        return Path(given).expanduser()
    roots = [Path(os.environ["HINEWS_SHARED"])] if os.environ.get("HINEWS_SHARED") else []
    roots += [Path(__file__).resolve().parents[3].parent / "shared", Path.cwd().parent / "shared"]
    for root in roots:
        found = sorted((root / "data" / "seed").glob("*.txt"))
        if found:
            return found[0]
    return SHIPPED_EXAMPLE if SHIPPED_EXAMPLE.is_file() else None


def load_example(given: str | None = None) -> tuple[str, str]:
    """The one-click example as (label, text); the built-in article when no file is found.

    Raises:
        InputError: ``given`` (or ``$HINEWS_EXAMPLE``) names a file that cannot be read.
    """
    path = example_path(given)
    if path is None:
        return "Example article (built in)", BUILTIN_EXAMPLE
    from hinews.text import read_source

    return f"Example article ({path.name})", read_source(str(path))


def read_upload(path: str | Path, *, max_bytes: int = 5_000_000) -> str:
    """The article text of an uploaded ``.txt`` or ``.html`` file.

    HTML pages are reduced to the headline and body paragraphs (trafilatura); cleaning of
    bylines, captions and the like is left to the pipeline.

    Args:
        path: Where the upload was stored.
        max_bytes: Refuse larger files.

    Returns:
        The text, title first, paragraphs separated by blank lines.

    Raises:
        InputError: Wrong file type, too large, binary, not UTF-8, or no article text.
    """
    from hinews.text import decode_bytes

    path = Path(path)
    name = path.name
    if path.suffix.lower() not in UPLOAD_SUFFIXES:
        raise InputError(
            f"{name!r} is not a .txt or .html file. Upload the article as UTF-8 "
            "plain text (.txt) or a saved web page (.html)."
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise InputError(
            f"{name!r} is {size / 1e6:.1f} MB; the limit is "
            f"{max_bytes / 1e6:.1f} MB. Upload only the article."
        )
    return article_text(decode_bytes(path.read_bytes(), name=f"The file {name!r}"))


def article_text(text: str) -> str:
    """Plain text as it is; an HTML page reduced to its headline and body paragraphs.

    Raises:
        InputError: An HTML page with no article text.
    """
    from hinews.text import extract_html, looks_like_html

    if not looks_like_html(text):
        return text
    article = extract_html(text, clean=False)
    return "\n\n".join(p for p in (article.title, *article.paragraphs) if p)
