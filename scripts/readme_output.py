"""Regenerate the README's output block: what ``hinews brief examples/article.txt`` prints.

No model hub is reachable where the README is built and tested, so the translator is a
tiny OPUS-MT-shaped model that memorised the example's own sentences with English written
for the tests (``tests/conftest.py: tiny_marian_example``, ``tests/tiny_data.py:
EXAMPLE_PAIRS``; trained once and cached like the tests' models, and checked to reproduce
every sentence), and the README says so beside the block. A memorised model gives the
same block on any machine; a model run on sentences it never saw would not. Everything
else is the real pipeline and the real CLI, run in-process.

    python scripts/readme_output.py            # rewrite the block in README.md
    python scripts/readme_output.py --check    # exit 1 when README.md is out of date

``tests/test_docs.py`` runs :func:`render` on the session's ``tiny_marian_example`` and fails when
the README's block differs.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
START = "<!-- readme-output:start -->"
END = "<!-- readme-output:end -->"
COMMAND = ["brief", "examples/article.txt"]


def render(model_path: Path) -> str:
    """The block: the command as typed, then what it printed (``--translator`` set to the
    tiny model, run from the checkout's root like a user)."""
    from hinews.cli import main

    argv = ["brief", "--translator", str(model_path), *COMMAND[1:]]
    out, err = io.StringIO(), io.StringIO()
    here = Path.cwd()
    os.chdir(ROOT)
    try:
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(argv)
    finally:
        os.chdir(here)
    if code != 0:
        raise RuntimeError(f"hinews {' '.join(argv)} exited {code}: {err.getvalue()}")
    return f"```text\n$ hinews {' '.join(COMMAND)}\n{out.getvalue().rstrip()}\n```"


def block_of(readme: str) -> str:
    """The generated block as it stands in ``readme`` (between the markers)."""
    if START not in readme or END not in readme:
        raise ValueError(f"README.md has no {START} ... {END} block")
    return readme.split(START, 1)[1].split(END, 1)[0].strip()


def replaced(readme: str, block: str) -> str:
    head, rest = readme.split(START, 1)
    return f"{head}{START}\n{block}\n{END}{rest.split(END, 1)[1]}"


def _tiny_marian() -> Path:
    """The tests' tiny Marian model of the example, built (or found in the cache) by their
    own code."""
    sys.path.insert(0, str(ROOT / "tests"))
    import conftest
    import tiny_models

    model = conftest._cached_build(
        "marian-example", tiny_models.build_marian_example, conftest._translation_model
    )
    return Path(model.path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 if stale")
    args = parser.parse_args(argv)
    # Offline, and the conversion cache in a scratch folder, as in the tests.
    scratch = Path(tempfile.mkdtemp(prefix="hinews-readme-"))
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("HINEWS_CACHE", str(scratch / "hinews"))
    block = render(_tiny_marian())
    text = README.read_text(encoding="utf-8")
    if block_of(text) == block:
        print("README.md output block is up to date")
        return 0
    if args.check:
        print("README.md output block is stale: run python scripts/readme_output.py")
        return 1
    README.write_text(replaced(text, block), encoding="utf-8")
    print("README.md output block rewritten")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
