"""Every example command in README.md and in the docs pages (``docs/**/*.md``) runs on a
fresh clone.

Each line of a ``bash`` code block is one case (a line that appears in several pages is
run once, under its first page). ``hinews`` commands run in-process (``hinews.cli.main``,
so models load once for all of them) in a scratch folder laid out like a checkout:
``examples/``, ``eval/`` and ``configs/`` of this tree, and, when the shared data is there,
``../shared`` and ``data/`` (the folder the evaluation page has a user download). Hub
models are replaced by the session's tiny test models of the same family (a preset's
OPUS-MT by ``tiny_marian``, NLLB by ``tiny_nllb``, IndicTrans2 by the memorised reference
fixture ``tiny_indictrans2``, BART-style summarisers by ``tiny_bart``, chat models by
``tiny_chat``, mT5 XL-Sum and CrossSum by ``tiny_xlsum`` and ``tiny_crosssum``); evaluation
runs are cut to three examples. Skipped, each with its reason: installs, downloads,
servers, the benchmark, developer tooling, commands that need a file of the reader's own,
and subcommands this tree does not have yet (``hinews CMD --help`` fails).
"""

from __future__ import annotations

import io
import json
import re
import shlex
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"
#: The README first, then every docs page in a stable order.
DOCUMENTS = [README, *sorted((ROOT / "docs").rglob("*.md"))]
EVAL_LIMIT = "3"

# Programs (first words of a step) that are never run here, and why.
SKIPPED_PROGRAMS: dict[tuple[str, ...], str] = {
    ("pip",): "installs packages (needs the network)",
    ("python", "-m", "pytest"): "the test suite itself",
    ("ruff",): "developer tooling (CI runs it)",
    ("mypy",): "developer tooling (CI runs it)",
    ("mkdocs",): "builds the docs site (CI runs it: mkdocs build --strict)",
    ("python", "app.py"): "starts the web app, which runs until stopped",
    ("python", "-m", "hinews.bench"): "benchmark on real-size models (minutes); "
    "tests/test_bench.py runs it on tiny shapes",
    ("python", "eval/batch_scaling.py"): "benchmark on a real-size model (minutes); "
    "tests/test_batch.py checks the engines on tiny models",
}
SKIPPED_SUBCOMMANDS = {
    "download": "downloads models from the hub",
    "serve": "starts the web app, which runs until stopped",
    "bench": "benchmark on real-size models (minutes); tests/test_bench.py runs it",
}
OUTPUT_OPTIONS = {"-o", "--output", "--out"}
# Summariser strategies that read Hindi, and the tiny model standing in for their aliases.
HINDI_READERS = {"source": "xlsum", "crosslingual": "crosssum"}


@dataclass
class Step:
    """One command of a line: ``argv`` with optional input and output redirections."""

    argv: list[str]
    stdin_from: str | None = None
    stdout_to: str | None = None


@dataclass
class Line:
    section: str
    text: str
    document: str = "README.md"
    steps: list[Step] = field(default_factory=list)


def _tokens(text: str) -> list[str]:
    lexer = shlex.shlex(text, posix=True, punctuation_chars="|&><")
    lexer.whitespace_split = True
    lexer.commenters = "#"
    tokens = list(lexer)
    # "[--ref ref2.en]" marks an optional part of a synopsis: leave it out.
    out, depth = [], 0
    for token in tokens:
        if token.startswith("["):
            depth += 1
        if depth == 0:
            out.append(token)
        if token.endswith("]") and depth:
            depth -= 1
    return out


def _steps(tokens: list[str]) -> list[Step]:
    """Split on ``&&``; ``cat FILE | cmd`` becomes stdin; ``> FILE`` becomes stdout."""
    steps: list[Step] = []
    chunks: list[list[str]] = [[]]
    for token in tokens:
        if token == "&&":
            chunks.append([])
        else:
            chunks[-1].append(token)
    for chunk in chunks:
        step = Step([])
        if "|" in chunk:
            source, chunk = chunk[: chunk.index("|")], chunk[chunk.index("|") + 1 :]
            if source[:1] != ["cat"] or len(source) != 2:
                raise ValueError(f"unsupported pipe source {source!r}")
            step.stdin_from = source[1]
        if ">" in chunk:
            at = chunk.index(">")
            step.stdout_to = chunk[at + 1]
            chunk = chunk[:at] + chunk[at + 2 :]
        step.argv = chunk
        steps.append(step)
    return steps


def readme_lines(text: str, document: str = "README.md") -> list[Line]:
    """Every command line of the ``bash`` code blocks, continuation lines joined."""
    lines: list[Line] = []
    section = ""
    in_bash = False
    pending = ""
    for raw in text.splitlines():
        if not in_bash and re.match(r"^#{1,3} ", raw):
            section = raw.lstrip("#").strip()
        if raw.startswith("```"):
            in_bash = not in_bash and raw.strip() in ("```bash", "```sh", "```shell")
            continue
        if not in_bash:
            continue
        pending += raw.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        command, pending = pending.strip(), ""
        if command and not command.startswith("#"):
            lines.append(Line(section, command, document=document, steps=_steps(_tokens(command))))
    return lines


def all_lines() -> list[Line]:
    """The command lines of every document, each distinct line once (its first page)."""
    seen: set[str] = set()
    out: list[Line] = []
    for path in DOCUMENTS:
        name = path.relative_to(ROOT).as_posix()
        for line in readme_lines(path.read_text(encoding="utf-8"), name):
            if line.text not in seen:
                seen.add(line.text)
                out.append(line)
    return out


LINES = all_lines()


def test_readme_has_the_commands_this_test_reads() -> None:
    """The parser finds the README's and the docs' commands (this file's cases are not
    vacuous): the README's first command installs and briefs the shipped example, its
    second runs the tests, and every docs page with a ``bash`` block is read."""
    texts = [line.text for line in LINES]
    first, second = LINES[0], LINES[1]
    assert first.document == "README.md" and first.section == "The two commands"
    assert [s.argv[:2] for s in first.steps] == [["pip", "install"], ["hinews", "brief"]]
    assert first.steps[1].argv[-1] == "examples/article.txt"
    assert second.steps[-1].argv[:4] == ["python", "-m", "pytest", "-q"]
    documents = {line.document for line in LINES}
    for page in ("docs/translation.md", "docs/evaluation.md", "docs/digest.md"):
        assert page in documents
    piped = next(line for line in LINES if line.text.startswith("cat "))
    assert piped.steps[0].stdin_from == "examples/article.txt"
    assert piped.steps[0].argv == ["hinews", "brief", "-"]
    assert any(step.stdout_to == "out.jsonl" for line in LINES for step in line.steps)
    assert len([t for t in texts if t.startswith("hinews ")]) >= 12


def test_stand_ins_and_skips() -> None:
    """Presets and aliases get the tiny model of their family; unknown commands skip."""

    @dataclass
    class Fake:
        path: Path

    def tiny(kind: str) -> Fake:
        return Fake(Path("/tiny") / kind)

    assert _stand_in(["brief", "--preset", "fast", "a.txt"], tiny) == [
        "brief",
        "--translator",
        "/tiny/marian",
        "--preset",
        "fast",
        "a.txt",
    ]
    default = ["brief", "--translator", "/tiny/indictrans2", "a.txt"]
    assert _stand_in(["brief", "a.txt"], tiny) == default
    assert "/tiny/nllb" in _stand_in(["brief", "--preset", "nllb", "a.txt"], tiny)
    assert _stand_in(["brief", "--summarizer", "distilbart-cnn", "a.txt"], tiny) == [
        "brief",
        "--translator",
        "/tiny/indictrans2",
        "--summarizer",
        "/tiny/bart",
        "a.txt",
    ]
    assert "/tiny/chat" in _stand_in(["brief", "--preset", "instruct", "a.txt"], tiny)
    assert _stand_in(["brief", "--summarizer", "crosssum", "a.txt"], tiny) == [
        "brief",
        "--summarizer-strategy",
        "crosslingual",
        "--translator",
        "/tiny/indictrans2",
        "--summarizer",
        "/tiny/crosssum",
        "a.txt",
    ]
    assert _stand_in(["eval", "t.yaml", "--system", "fast", "--limit", "100"], tiny) == [
        "eval",
        "t.yaml",
        "--system",
        "name=fast,translator=/tiny/marian",
        "--limit",
        EVAL_LIMIT,
    ]
    assert _stand_in(["segment", "a.txt"], tiny) == ["segment", "a.txt"]
    assert _skip_reason(Step(["hinews", "segment", "a.txt"])) is None
    assert "network" in str(_skip_reason(Step(["hinews", "segment", "https://x.in/a"])))
    reason = _skip_reason(Step(["hinews", "no-such-command", "a.txt"]))
    assert reason is not None and "`hinews no-such-command --help` fails" in reason
    assert _missing_inputs(Step(["hinews", "score", "--hyp", "mine.hi", "-o", "x.json"]), ROOT) == [
        "mine.hi"
    ]


# -- stand-ins for hub models ---------------------------------------------------------------
def _family(model: str | None) -> str:
    """Which tiny model stands in for a translator ``model`` (alias, preset, dir...)."""
    from hinews.presets import load_preset, preset_names

    if model in preset_names():
        model = load_preset(model).translator.model
    if model and "indictrans" in model.lower():
        return "indictrans2"
    return "nllb" if model and "nllb" in model.lower() else "marian"


def _summarizer_family(name: str) -> str | None:
    from hinews.presets import MODELS, load_preset, preset_names

    if name in ("extractive", "lead"):
        return None
    if name in preset_names() and name not in MODELS:
        section = load_preset(name).summarizer
        if section.strategy in ("extractive", "lead"):
            return None
        return "chat" if section.strategy == "instruct" else "bart"
    info = MODELS.get(name)
    note = info.note if info else name
    strategy = note.split(",", 1)[0].strip()
    if strategy in HINDI_READERS:
        return HINDI_READERS[strategy]
    return "chat" if any(w in note.lower() for w in ("instruct", "chat")) else "bart"


def _option(argv: list[str], name: str) -> str | None:
    return argv[argv.index(name) + 1] if name in argv[:-1] else None


def _set_option(argv: list[str], name: str, value: str) -> None:
    if name in argv[:-1]:
        argv[argv.index(name) + 1] = value
    else:
        argv[1:1] = [name, value]


def _subparser(sub: str) -> Any:
    from hinews.cli import build_parser

    parser = build_parser()
    for action in parser._subparsers._group_actions:  # type: ignore[union-attr]
        if sub in getattr(action, "choices", {}):
            return action.choices[sub]
    return None


def _stand_in(argv: list[str], tiny: Any) -> list[str]:
    """``argv`` (after ``hinews``) with the tiny models in place of hub models."""
    from hinews.presets import load_preset

    argv = list(argv)
    sub = argv[0]
    if sub == "eval":
        return _stand_in_eval(argv, tiny)
    parser = _subparser(sub)
    options = set(parser._option_string_actions) if parser else set()
    if "--translator" not in options:
        return argv
    preset = load_preset(_option(argv, "--preset") or "default")
    given = _option(argv, "--translator")
    family = _family(given or preset.translator.model)
    _set_option(argv, "--translator", str(tiny(family).path))
    if "--summarizer" in options:
        summarizer = _option(argv, "--summarizer")
        kind = _summarizer_family(summarizer) if summarizer else None
        if summarizer is None and preset.summarizer.strategy not in ("extractive", "lead"):
            kind = "chat" if preset.summarizer.strategy == "instruct" else "bart"
        if kind:
            _set_option(argv, "--summarizer", str(tiny(kind).path))
        if kind in HINDI_READERS.values() and "--summarizer-strategy" not in argv:
            # A folder does not say which way an mT5 model summarises: the alias did.
            strategy = next(k for k, v in HINDI_READERS.items() if v == kind)
            argv[1:1] = ["--summarizer-strategy", strategy]
    return argv


def _stand_in_eval(argv: list[str], tiny: Any) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(argv):
        token = argv[i]
        if token == "--system" and i + 1 < len(argv):
            spec = argv[i + 1]
            if "=" not in spec:  # a system named in the task file
                spec = f"name={spec},translator={spec}"
            parts = dict(p.split("=", 1) for p in spec.split(","))
            if "translator" in parts:
                parts["translator"] = str(tiny(_family(parts["translator"])).path)
            out += [token, ",".join(f"{k}={v}" for k, v in parts.items())]
            i += 2
            continue
        if token in ("--translator", "--summarizer") and i + 1 < len(argv):
            value = argv[i + 1]
            if token == "--translator":
                value = str(tiny(_family(value)).path)
            elif _summarizer_family(value):
                value = str(tiny(_summarizer_family(value)).path)
            out += [token, value]
            i += 2
            continue
        if token == "--limit" and i + 1 < len(argv):
            i += 2
            continue
        out.append(token)
        i += 1
    if len(out) > 1 and out[1] not in ("--help", "-h"):
        out += ["--limit", EVAL_LIMIT]
    return out


# -- running ----------------------------------------------------------------------------------
def _skip_reason(step: Step) -> str | None:
    for prefix, reason in SKIPPED_PROGRAMS.items():
        if tuple(step.argv[: len(prefix)]) == prefix:
            return reason
    if step.argv[0] != "hinews":
        return None
    sub = step.argv[1] if len(step.argv) > 1 else ""
    if sub in SKIPPED_SUBCOMMANDS:
        return SKIPPED_SUBCOMMANDS[sub]
    if sub and not sub.startswith("-") and _subparser(sub) is None:
        return f"`hinews {sub} --help` fails: this tree has no `{sub}` command yet"
    urls = [a for a in step.argv if re.match(r"^https?://", a)]
    if urls:
        return f"fetches {urls[0]} (tests make no network requests)"
    return None


def _missing_inputs(step: Step, cwd: Path) -> list[str]:
    """Files the step reads that a fresh clone does not have (the reader's own)."""
    args = step.argv[1:]
    missing = []
    for i, arg in enumerate(args):
        if arg.startswith("-") or (i and args[i - 1] in OUTPUT_OPTIONS):
            continue
        value = arg.split("=", 1)[1] if re.match(r"^\w+=", arg) else arg
        for part in value.split(","):
            part = part.split("=", 1)[-1]
            looks_like_file = "/" in part or re.search(r"\.[A-Za-z0-9+]{1,6}$", part)
            if looks_like_file and not (cwd / part).exists():
                missing.append(part)
    if step.stdin_from and not (cwd / step.stdin_from).exists():
        missing.append(step.stdin_from)
    return missing


@pytest.fixture(scope="module")
def checkout(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A scratch folder laid out like a fresh clone, with ``../shared`` when there is one."""
    base = tmp_path_factory.mktemp("readme")
    cwd = base / "hinews"
    cwd.mkdir()
    for name in ("examples", "eval", "configs"):
        if (ROOT / name).exists():
            (cwd / name).symlink_to(ROOT / name)
    from shared_paths import shared_root

    shared = shared_root()
    if shared.is_dir():
        (base / "shared").symlink_to(shared.resolve())
        if (shared / "data").is_dir():  # the evaluation page's data/ folder
            (cwd / "data").symlink_to(shared / "data")
    return cwd


def _run_hinews(argv: list[str], stdin: bytes | None, capsys: pytest.CaptureFixture[str]) -> str:
    from hinews.cli import main

    old = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin or b""), encoding="utf-8")
    try:
        code = main(argv)
    except SystemExit as exc:  # argparse errors and --help
        code = exc.code if isinstance(exc.code, int) else 1
    finally:
        sys.stdin = old
    out, err = capsys.readouterr()
    assert code == 0, f"hinews {shlex.join(argv)} exited {code}:\n{err[-2000:]}"
    return out


def _check_output(argv: list[str], out: str, cwd: Path) -> None:
    """Real output: JSON that parses where JSON was asked for, files where promised."""
    target = next((argv[i + 1] for i, a in enumerate(argv[:-1]) if a in OUTPUT_OPTIONS), None)
    if target:
        assert (cwd / target).exists(), f"{target} was not written"
    else:
        assert out.strip(), f"hinews {shlex.join(argv)} printed nothing"
    # translate and brief answer JSON Lines to a .jsonl input; digest writes Markdown by default.
    fmt = _option(argv, "--format")
    wants_json = fmt == "json" or (
        fmt is None and argv[0] != "digest" and any(a.endswith(".jsonl") for a in argv)
    )
    if wants_json and not target:
        try:
            json.loads(out)  # one object
        except json.JSONDecodeError:
            for row in out.strip().splitlines():  # JSON Lines
                json.loads(row)


@pytest.mark.slow
@pytest.mark.parametrize(
    "line", LINES, ids=[f"{i:02d}:{x.document}:{x.text[:50]}" for i, x in enumerate(LINES)]
)
def test_readme_command_runs(
    line: Line,
    checkout: Path,
    request: pytest.FixtureRequest,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(checkout)
    shared = checkout.parent / "shared" / "data"
    if shared.is_dir():
        monkeypatch.setenv("HINEWS_DATA_DIR", str(shared))

    def tiny(kind: str) -> Any:
        return request.getfixturevalue(f"tiny_{kind}")

    skipped: list[str] = []
    ran = 0
    for step in line.steps:
        reason = _skip_reason(step)
        if not reason and step.argv[0] != "hinews":
            pytest.fail(f"no rule for {shlex.join(step.argv)!r}: run it or skip it with a reason")
        argv = [] if reason else _stand_in(step.argv[1:], tiny)
        missing = _missing_inputs(Step(["hinews", *argv], step.stdin_from), checkout)
        if not reason and missing:
            reason = f"needs your own file(s): {', '.join(missing)}"
        if reason:
            skipped.append(f"{shlex.join(step.argv)}: {reason}")
            continue
        stdin = (checkout / step.stdin_from).read_bytes() if step.stdin_from else None
        out = _run_hinews(argv, stdin, capsys)
        if step.stdout_to:
            (checkout / step.stdout_to).write_text(out, encoding="utf-8")
        _check_output(argv, out, checkout)
        ran += 1
    if not ran:
        pytest.skip("; ".join(skipped))
