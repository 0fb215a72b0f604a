"""Systems under evaluation: anything that turns a batch of examples into outputs.

A :class:`System` has a ``name``, a ``role`` (``system`` or ``baseline``), ``describe()``
(what goes into the run's config and its hash) and ``run(examples) -> list[Output]``.
Implementations: a hinews pipeline (:class:`PipelineSystem`), a bare translator
(:class:`TranslatorSystem`), any function (:class:`CallableSystem`), a summarizer on
same-language text (:class:`SummarizerSystem`) and a file of hypotheses
(:class:`HypothesisFile`). Baselines live in :mod:`hinews.evaluation.baselines`.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from hinews.errors import ConfigError, DataError, HinewsError
from hinews.evaluation.data import Example
from hinews.evaluation.fileio import content_length, read_lines
from hinews.evaluation.tasks import SystemConfig

if TYPE_CHECKING:
    from hinews.evaluation.anchors import PublishedSetup


@dataclass(frozen=True)
class Output:
    """What a system produced for one example.

    Attributes:
        hypothesis: The text scored against the references (bullets joined by newlines).
        bullets: For briefs, the bullets.
        candidates: For briefs, the sentences extractive baselines may pick from (the
            translated article).
    """

    hypothesis: str
    bullets: tuple[str, ...] | None = None
    candidates: tuple[str, ...] | None = None


@runtime_checkable
class System(Protocol):
    """Something to evaluate."""

    name: str
    role: str

    def describe(self) -> dict[str, Any]:
        """JSON-able description; a change means a different run."""
        ...

    def run(self, examples: Sequence[Example]) -> list[Output]:
        """Outputs for ``examples``, same length and order."""
        ...


def split_sentences(text: str) -> list[str]:
    """Sentences of a text: :func:`hinews.text.split_sentences` on each line."""
    from hinews.text import split_sentences as splitter

    out: list[str] = []
    for para in text.split("\n"):
        if para.strip():
            out.extend(s for s in splitter(para) if s.strip())
    return out


def _check_len(name: str, outputs: Sequence[Any], n: int) -> None:
    if len(outputs) != n:
        raise HinewsError(f"System {name!r} returned {len(outputs)} outputs for {n} inputs.")


class CallableSystem:
    """Any function from source texts to hypotheses.

    Args:
        name: System name.
        fn: ``fn(list_of_sources) -> list_of_hypotheses``.
        description: What the function is (goes into the config hash).
        role: ``system`` or ``baseline``.
    """

    def __init__(
        self,
        name: str,
        fn: Callable[[list[str]], list[str]],
        description: dict[str, Any] | None = None,
        role: str = "system",
    ) -> None:
        self.name = name
        self.role = role
        self._fn = fn
        self._description = description or {"type": "callable", "function": repr(fn)}

    def describe(self) -> dict[str, Any]:
        return dict(self._description)

    def run(self, examples: Sequence[Example]) -> list[Output]:
        outs = self._fn([ex.source for ex in examples])
        _check_len(self.name, outs, len(examples))
        return [Output(h) for h in outs]


class TranslatorSystem:
    """A bare :class:`hinews.Translator` (no pipeline): sentence-level data, line by line;
    documents are split into paragraphs and sentences and joined back.
    """

    def __init__(self, name: str, translator: Any, role: str = "system") -> None:
        self.name = name
        self.role = role
        self.translator = translator

    def describe(self) -> dict[str, Any]:
        prov = getattr(self.translator, "provenance", None)
        return {"type": "translator", "provenance": prov.to_dict() if prov is not None else None}

    def run(self, examples: Sequence[Example]) -> list[Output]:
        out: list[Output] = []
        if all("\n" not in ex.source for ex in examples):
            hyps = _texts(self.translator.translate_batch([ex.source for ex in examples]))
            _check_len(self.name, hyps, len(examples))
            return [Output(h) for h in hyps]
        for ex in examples:
            paras = [p for p in ex.source.split("\n\n") if p.strip()]
            translated = [
                " ".join(_texts(self.translator.translate_batch(split_sentences(p)))) for p in paras
            ]
            out.append(Output("\n".join(translated)))
        return out


def _texts(results: list[Any]) -> list[str]:
    """The texts of a translator's outputs (``Hypothesis`` objects, or plain strings)."""
    return [getattr(r, "text", r) for r in results]


class PipelineSystem:
    """A hinews pipeline built from a :class:`SystemConfig` (created on first use).

    Translation, sentence level: ``translate_sentences``; document level:
    ``translate_batch`` (hypothesis = title line + text); briefs: ``brief_batch`` (hypothesis
    = bullets joined by newlines; the translated sentences become baseline candidates).

    Args:
        config: The system config.
        kind: ``translation`` or ``brief``.
        level: ``sentence`` or ``document``.
        pipeline: An already built pipeline (tests, notebooks); else built from ``config``.
    """

    role = "system"

    def __init__(
        self, config: SystemConfig, *, kind: str, level: str = "sentence", pipeline: Any = None
    ) -> None:
        self.name = config.name
        self.config = config
        self.kind = kind
        self.level = level
        self._pipeline = pipeline
        #: Brief outputs carry the translated sentences, which brief baselines pick from.
        self.provides_candidates = kind == "brief"

    def describe(self) -> dict[str, Any]:
        c = self.config
        return {
            "type": "pipeline",
            "translator": c.translator,
            "summarizer": c.summarizer,
            "config": _file_fingerprint(c.config) if c.config else None,
            "options": c.options,
        }

    @property
    def pipeline(self) -> Any:
        """The pipeline (built on first access)."""
        if self._pipeline is None:
            from hinews.pipeline import Pipeline

            c = self.config
            self._pipeline = Pipeline.from_options(
                translator=c.translator, summarizer=c.summarizer, config=c.config, **c.options
            )
        return self._pipeline

    def provenance(self) -> dict[str, Any]:
        """Provenance of the built pipeline's parts (for versions.json)."""
        if self._pipeline is None:
            return {}
        out: dict[str, Any] = {}
        for part in ("translator", "summarizer"):
            obj = getattr(self._pipeline, part, None)
            prov = getattr(obj, "provenance", None)
            if prov is not None and hasattr(prov, "to_dict"):
                out[part] = prov.to_dict()
        return out

    def run(self, examples: Sequence[Example]) -> list[Output]:
        sources = [ex.source for ex in examples]
        pipe = self.pipeline
        if self.kind == "brief":
            briefs = pipe.brief_batch(sources)
            _check_len(self.name, briefs, len(examples))
            return [
                Output(
                    "\n".join(b.bullets),
                    tuple(b.bullets),
                    tuple(s.target for s in b.translation.sentences),
                )
                for b in briefs
            ]
        if self.level == "document":
            results = pipe.translate_batch(sources)
            _check_len(self.name, results, len(examples))
            return [Output("\n".join(x for x in (t.title, t.text) if x)) for t in results]
        hyps = pipe.translate_sentences(sources)
        _check_len(self.name, hyps, len(examples))
        return [Output(h) for h in hyps]


class SummarizerSystem:
    """A summarizer applied to the source sentences, no translation.

    Same-language tasks (XL-Sum Hindi): the bullets of ``summarize``. As an ``anchor``, a
    published model scored as its card scores it: the sentences its model writes
    (``write``) for the article body (the title left out), in the language it writes
    (CrossSum: English), with no extractive top-up and no cap of ``n``.

    Args:
        name: System name.
        summarizer: A summarizer name (``extractive``, an alias, hub id or folder) or object.
        n: Bullets per brief.
        anchor: Score the model's own summary (see above).
        options: Further ``Pipeline.from_options`` overrides (``summarizer_strategy``...).
    """

    role = "system"

    def __init__(
        self,
        name: str,
        summarizer: str | Any,
        *,
        n: int = 3,
        anchor: bool = False,
        options: dict[str, Any] | None = None,
    ) -> None:
        self.name = name
        self.n = n
        self.anchor = anchor
        self.options = dict(options or {})
        #: An anchor's output is a summary, not sentences for the baselines to pick from.
        self.provides_candidates = not anchor
        self._spec = summarizer
        self._summarizer: Any = None if isinstance(summarizer, str) else summarizer

    def describe(self) -> dict[str, Any]:
        spec = self._spec if isinstance(self._spec, str) else type(self._spec).__name__
        out: dict[str, Any] = {"type": "summarizer", "summarizer": spec, "n": self.n}
        if self.anchor:
            out["anchor"] = True
        if self.options:
            out["options"] = dict(self.options)
        return out

    def provenance(self) -> dict[str, Any]:
        """Provenance of the loaded summariser (for versions.json)."""
        prov = getattr(self._summarizer, "provenance", None)
        if prov is None or not hasattr(prov, "to_dict"):
            return {}
        return {"summarizer": prov.to_dict()}

    def _loaded(self) -> Any:
        if self._summarizer is None:
            self._summarizer = load_summarizer(str(self._spec), **self.options)
        if self.anchor and not callable(getattr(self._summarizer, "write", None)):
            raise ConfigError(
                f"System {self.name!r} is an anchor, which scores what a summarisation model "
                f"writes, but {self._spec!r} has no model of that kind: give a seq2seq model "
                "(strategies seq2seq, source or crosslingual), e.g. xlsum or crosssum."
            )
        return self._summarizer

    def run(self, examples: Sequence[Example]) -> list[Output]:
        summarizer = self._loaded()
        outs = []
        for ex in examples:
            if self.anchor:
                written, _ = summarizer.write(split_sentences(_body(ex)))
                outs.append(Output("\n".join(written), tuple(written)))
                continue
            sentences = split_sentences(ex.source)
            bullets = tuple(summarizer.summarize(sentences, n=self.n))
            outs.append(Output("\n".join(bullets), bullets, tuple(sentences)))
        return outs


class AsPublishedSystem(SummarizerSystem):
    """An anchor run the way its paper evaluated it (:mod:`hinews.evaluation.anchors`):
    the article body cut at 512 tokens, the card's decoding, one generation (no
    map-reduce), the summary as it is (no top-up).

    Args:
        name: System name.
        summarizer: An alias or hub id that :func:`~hinews.evaluation.anchors.anchor_setup`
            knows, or a loaded summariser together with ``setup``.
        setup: The published setup (default: the one of ``summarizer``).
    """

    def __init__(
        self,
        name: str,
        summarizer: str | Any,
        *,
        setup: Any = None,
        options: dict[str, Any] | None = None,
    ) -> None:
        from hinews.evaluation.anchors import anchor_setup

        options = dict(options or {})
        # The card's code is transformers' generate: an anchor as published runs there
        # (auto would pick CTranslate2, whose beam search is not the published one).
        if options.setdefault("summarizer_backend", "transformers") != "transformers":
            raise ConfigError(
                f"System {name!r} runs {summarizer!r} as published, with the card's "
                f"transformers code; summarizer_backend={options['summarizer_backend']!r} "
                "cannot: leave summarizer_backend out (or set it to 'transformers')."
            )
        super().__init__(name, summarizer, anchor=True, options=options)
        found = setup or (anchor_setup(summarizer) if isinstance(summarizer, str) else None)
        if found is None:
            raise ConfigError(f"System {name!r}: no published setup for {summarizer!r}.")
        self.setup: PublishedSetup = found
        #: Articles run, and how many of them were cut at the token limit.
        self.inputs = 0
        self.inputs_cut = 0

    def describe(self) -> dict[str, Any]:
        return {**super().describe(), "as_published": self.setup.to_dict()}

    def provenance(self) -> dict[str, Any]:
        prov = super().provenance()
        summ = dict(prov.get("summarizer", {}))
        options = dict(summ.get("options", {}))
        # What ran is the published setup, not hinews' map-reduce decoding.
        for key in ("long_input", "max_source_tokens", "max_new_tokens", "num_beams"):
            options.pop(key, None)
        options["as_published"] = self.setup.to_dict()
        options["long_input"] = f"cut at {self.setup.max_source_tokens} tokens (as published)"
        options["inputs_cut"] = f"{self.inputs_cut} of {self.inputs}"
        summ["options"] = options
        return {"summarizer": summ} if summ else {"as_published": self.setup.to_dict()}

    def run(self, examples: Sequence[Example]) -> list[Output]:
        from hinews.evaluation.anchors import generate_as_published

        summarizer = self._loaded()
        outs = []
        for ex in examples:
            result = generate_as_published(summarizer, _body(ex), self.setup)
            self.inputs += 1
            self.inputs_cut += bool(result["truncated"])
            summary = result["summary"].strip()
            outs.append(Output(summary, (summary,)))
        return outs


def _body(example: Example) -> str:
    """The source without the title line the data loader put first."""
    title = example.title
    if title and example.source.startswith(title):
        return example.source[len(title) :].lstrip("\n")
    return example.source


def load_summarizer(name: str, **options: Any) -> Any:
    """A summarizer by name (``extractive``, ``lead``, a model alias, hub id or folder),
    built as the pipeline builds it (``options``: ``Pipeline.from_options`` overrides)."""
    from hinews.pipeline import Pipeline

    return Pipeline.from_options(summarizer=name, **options).summarizer


class HypothesisFile:
    """Hypotheses read from a file: one per line, or for briefs a JSONL file whose objects
    have ``bullets`` (a list) or ``hypothesis``/``summary`` (a string).

    Args:
        name: System name.
        path: The file.
        total: Examples in the full data (the file must have that many lines), or None.
    """

    role = "system"

    def __init__(self, name: str, path: str | Path, *, total: int | None = None) -> None:
        self.name = name
        self.path = Path(path)
        self.outputs = _read_hypotheses(self.path)
        # Empty lines at the end of the file (extra newlines at EOF) are not hypotheses.
        if total is not None and all(
            not o.hypothesis and o.bullets is None for o in self.outputs[total:]
        ):
            self.outputs = self.outputs[:total]
        if total is not None and len(self.outputs) != total:
            raise DataError(
                f"The hypotheses file {str(self.path)!r} has {len(self.outputs)} lines but the "
                f"data has {total} examples; they must be line-aligned."
            )

    def describe(self) -> dict[str, Any]:
        return {"type": "file", "path": str(self.path), "sha256": _file_fingerprint(self.path)}

    def run(self, examples: Sequence[Example]) -> list[Output]:
        if examples and examples[-1].index >= len(self.outputs):
            raise DataError(
                f"The hypotheses file {str(self.path)!r} has {len(self.outputs)} lines; "
                f"example {examples[-1].index + 1} has none."
            )
        return [self.outputs[ex.index] for ex in examples]


def _read_hypotheses(path: Path) -> list[Output]:
    lines = read_lines(path, what="hypotheses")
    if path.suffix.lower() != ".jsonl":
        return [Output(line) for line in lines]
    lines = lines[: content_length(lines)]  # blank lines at the end of a JSONL file
    outs: list[Output] = []
    for number, line in enumerate(lines, 1):
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"Line {number} of {str(path)!r} is not JSON ({exc.msg}).") from None
        if isinstance(obj, str):
            outs.append(Output(obj))
        elif isinstance(obj, dict) and isinstance(obj.get("bullets"), list):
            bullets = tuple(str(b) for b in obj["bullets"])
            outs.append(Output("\n".join(bullets), bullets))
        elif isinstance(obj, dict) and isinstance(obj.get("hypothesis", obj.get("summary")), str):
            outs.append(Output(str(obj.get("hypothesis", obj.get("summary")))))
        else:
            raise DataError(
                f"Line {number} of {str(path)!r} has no `bullets` list or `hypothesis` string."
            )
    return outs


def _file_fingerprint(path: str | Path) -> str:
    try:
        return hashlib.sha256(Path(path).read_bytes()).hexdigest()
    except OSError:
        raise ConfigError(f"Cannot read {str(path)!r}.") from None


def build_system(
    config: SystemConfig,
    *,
    kind: str,
    level: str,
    source_lang: str,
    target_lang: str,
    total: int | None,
    bullets: int = 3,
    resolve: Callable[[str], Path] | None = None,
) -> System:
    """The system a :class:`SystemConfig` describes.

    A ``hyp`` file becomes :class:`HypothesisFile`; an ``anchor``, or a brief task whose
    sources are already in the reference language with only a ``summarizer``, becomes
    :class:`SummarizerSystem`; anything else a :class:`PipelineSystem`.
    """
    system = _build_system(
        config,
        kind=kind,
        level=level,
        source_lang=source_lang,
        target_lang=target_lang,
        total=total,
        bullets=bullets,
        resolve=resolve,
    )
    if config.published is not None:
        # Printed beside the reproduced figures in metrics.json and report.md.
        system.published = config.published  # type: ignore[attr-defined]
    return system


def _build_system(
    config: SystemConfig,
    *,
    kind: str,
    level: str,
    source_lang: str,
    target_lang: str,
    total: int | None,
    bullets: int,
    resolve: Callable[[str], Path] | None,
) -> System:
    if config.hyp is not None:
        path = resolve(config.hyp) if resolve else Path(config.hyp)
        return HypothesisFile(config.name, path, total=total)
    if config.as_published and config.summarizer:
        from hinews.evaluation.anchors import anchor_setup

        setup = anchor_setup(config.published_setup or config.summarizer)
        return AsPublishedSystem(
            config.name, config.summarizer, setup=setup, options=config.options
        )
    if config.anchor and config.summarizer:
        return SummarizerSystem(
            config.name, config.summarizer, n=bullets, anchor=True, options=config.options
        )
    if (
        kind == "brief"
        and source_lang == target_lang
        and config.summarizer
        and not (config.translator or config.config)
    ):
        return SummarizerSystem(config.name, config.summarizer, n=bullets, options=config.options)
    return PipelineSystem(config, kind=kind, level=level)
