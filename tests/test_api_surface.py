"""A small, obvious API: ``help(hinews)`` lists it, ``__all__`` names a handful, typed
errors are the built-ins they mean, and messages to Python name Python arguments while
the CLI shows the same ones in flags."""

from __future__ import annotations

import pydoc
import re
import subprocess
import sys

import pytest

import hinews
from hinews import errors
from hinews.flags import as_flags


def test_help_lists_the_pipeline_and_the_one_call_functions() -> None:
    text = pydoc.render_doc(hinews, renderer=pydoc.plaintext)
    functions = text[text.index("\nFUNCTIONS") : text.index("\nDATA")]
    listed = set(re.findall(r"^    (\w+)\(", functions, re.M))
    assert {"translate", "brief", "digest", "score", "segment"} <= listed
    classes = text[text.index("\nCLASSES") : text.index("\nFUNCTIONS")]
    assert "class Pipeline" in classes and "class HinewsError" in classes
    for name in ("translate", "brief", "digest", "score"):
        assert getattr(hinews, name).__doc__, name  # each says what it does


def test_all_is_a_handful_and_import_stays_light() -> None:
    assert set(hinews.__all__) == {
        "Pipeline", "translate", "brief", "digest", "score", "segment", "HinewsError",
        "__version__",
    }  # fmt: skip
    probe = (
        "import sys, hinews; print(sorted(m for m in ('hinews.pipeline', 'hinews.digests', "
        "'hinews.evaluation.score', 'torch', 'transformers') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"  # the functions load their code when called
    assert hinews.ConfigError is errors.ConfigError and hinews.Brief  # still importable


@pytest.mark.parametrize(
    ("cls", "builtin"),
    [
        (errors.InputError, ValueError),
        (errors.TextTooLongError, ValueError),
        (errors.ConfigError, ValueError),
        (errors.DataError, ValueError),
        (errors.ModelNotFoundError, FileNotFoundError),
        (errors.ModelLoadError, RuntimeError),
        (errors.DependencyError, ImportError),
    ],
)
def test_typed_errors_are_the_builtin_they_mean(cls: type, builtin: type) -> None:
    with pytest.raises(builtin) as caught:
        raise cls("what was given; what is valid; how to fix it")
    assert isinstance(caught.value, errors.HinewsError)
    assert str(caught.value) == "what was given; what is valid; how to fix it"


def test_every_error_class_in_errors_is_covered() -> None:
    classes = {
        obj
        for obj in vars(errors).values()
        if isinstance(obj, type) and issubclass(obj, errors.HinewsError)
    }
    builtin_of = {c: next(b for b in c.__mro__[1:] if b.__module__ == "builtins") for c in classes}
    assert builtin_of.pop(errors.HinewsError) is Exception  # the base catches them all
    assert all(b is not Exception for b in builtin_of.values()), builtin_of


def test_a_config_error_is_a_value_error_where_it_is_raised() -> None:
    with pytest.raises(ValueError, match=r"'num_beam' \(did you mean 'num_beams'\?\)"):
        hinews.Pipeline.from_options(num_beam=2)


@pytest.mark.parametrize(
    ("python", "cli"),
    [
        ("pass force=True to go on", "pass --force to go on"),
        ("or pass clean=False to keep it", "or pass --no-clean to keep it"),
        ('give source_lang="auto" (preset="nllb")', "give --source-lang auto (--preset nllb)"),
        ("raise the limit with max_chars=1234.", "raise the limit with --max-chars 1234."),
        ("(e.g. summarizer=./my-model).", "(e.g. --summarizer ./my-model)."),
        ("config key summarizer.strategy=x, n=3", "config key summarizer.strategy=x, n=3"),
    ],
)
def test_the_cli_words_python_arguments_as_flags(python: str, cli: str) -> None:
    assert as_flags(python) == cli


def test_messages_to_python_name_arguments_and_the_cli_shows_flags(
    tmp_path, capsys: pytest.CaptureFixture[str]
) -> None:  # type: ignore[no-untyped-def]
    from hinews.cli import main

    with pytest.raises(errors.InputError) as caught:
        hinews.segment("नमस्ते")
    assert "pass force=True" in str(caught.value) and "--force" not in str(caught.value)
    (tmp_path / "a.txt").write_text("नमस्ते", "utf-8")
    assert main(["segment", str(tmp_path / "a.txt")]) == 2
    err = capsys.readouterr().err
    assert "pass --force" in err and "force=True" not in err


def test_the_apps_size_message_speaks_to_a_web_user() -> None:
    pytest.importorskip("gradio")
    from hinews.text import check_text
    from hinews.webapp import user_message

    with pytest.raises(errors.TextTooLongError) as caught:
        check_text("भारत " * 300, max_chars=1000)
    page = user_message(caught.value)
    assert page.startswith("This text is 1,500 characters long; this app takes up to 1,000")
    assert "max-chars" not in page and "max_chars" not in page


def test_score_takes_lists_or_files_and_gives_the_same(tmp_path) -> None:  # type: ignore[no-untyped-def]
    pytest.importorskip("sacrebleu")
    hyps = ["The new bridge was opened today.", "Heavy rain fell in the city."]
    refs = ["The new bridge opened today.", "Heavy rain fell in the city on Monday."]
    (tmp_path / "h.txt").write_text("\n".join(hyps) + "\n", "utf-8")
    (tmp_path / "r.txt").write_text("\n".join(refs) + "\n", "utf-8")
    metrics = ["bleu", "chrf++"]
    from_lists = hinews.score(hyps, refs, metrics=metrics)
    from_files = hinews.score(tmp_path / "h.txt", tmp_path / "r.txt", metrics=metrics)
    assert from_lists == from_files and 0 < from_lists["chrf++"] < 100
    assert hinews.score(hyps, [refs, refs], metrics=metrics)["signature"].count("nrefs:2") == 2
    with pytest.raises(errors.DataError, match="2 hypotheses but references 1: 1"):
        hinews.score(hyps, refs[:1], metrics=metrics)
