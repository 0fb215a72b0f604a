"""Request pooling in front of the translator: concurrent callers share model calls, each
gets exactly its own results, a bad call fails alone, options are never mixed; with the
tiny models, concurrent app requests translate exactly as sequential ones."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import pytest

from hinews.webapp.pooling import PooledTranslator, SerialSummarizer
from tiny_data import PAIRS, TITLE, TITLE_EN


class Item:
    """An opaque result: the pool must hand back these very objects."""

    def __init__(self, text: str) -> None:
        self.text = text


class Fake:
    """Records its calls; the first one blocks until the test opens the gate."""

    tgt_lang = "eng_Latn"  # an attribute the pool must pass through

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, Any]]] = []
        self.gate = threading.Event()
        self.made: dict[str, Item] = {}

    def count_tokens(self, sentence: str) -> int:
        return len(sentence.split())

    def translate_batch(self, sentences: list[str], **options: Any) -> list[Item]:
        self.calls.append((list(sentences), options))
        if len(self.calls) == 1:
            assert self.gate.wait(30), "the test never opened the gate"
        if "BAD" in sentences:
            raise ValueError("a bad sentence")
        prefix = options.get("src_lang") or ""
        return [self.made.setdefault(prefix + s, Item(prefix + s.upper())) for s in sentences]


def _wait_for_queue(pool: PooledTranslator, n: int) -> None:
    """Until ``n`` calls wait in the pool (a bounded wait, not a timing assertion)."""
    for _ in range(3000):
        with pool._cond:
            if len(pool._queue) >= n:
                return
        time.sleep(0.01)
    raise AssertionError(f"{n} calls never queued")


def _concurrently(
    pool: PooledTranslator, requests: list[tuple[list[str], dict[str, Any]]], fake: Fake
) -> list[Any]:
    """The first request holds the model; the others queue behind it; then all run."""
    with ThreadPoolExecutor(len(requests)) as ex:

        def call(request: tuple[list[str], dict[str, Any]]) -> Any:
            try:
                return pool.translate_batch(request[0], **request[1])
            except ValueError as exc:
                return exc

        first = ex.submit(call, requests[0])
        for _ in range(3000):  # the first call is inside the model
            if fake.calls:
                break
            time.sleep(0.01)
        rest = [ex.submit(call, r) for r in requests[1:]]
        _wait_for_queue(pool, len(requests) - 1)
        fake.gate.set()
        return [first.result(), *(f.result() for f in rest)]


def test_waiting_calls_share_one_model_call_and_get_their_own_results() -> None:
    fake = Fake()
    pool = PooledTranslator(fake, max_wait_s=0.001)
    requests: list[tuple[list[str], dict[str, Any]]] = [
        ([f"r{i} s{j}" for j in range(i % 4 + 1)], {}) for i in range(10)
    ]
    results = _concurrently(pool, requests, fake)
    for (sentences, _), got in zip(requests, results, strict=True):
        assert [r.text for r in got] == [s.upper() for s in sentences]
        assert all(r is fake.made[s] for r, s in zip(got, sentences, strict=True))  # opaque
    assert len(fake.calls) == 2  # the first alone, the nine that waited together
    assert sorted(fake.calls[1][0]) == sorted(s for r, _ in requests[1:] for s in r)
    assert pool.stats.calls == 10 and pool.stats.model_calls == 2 and pool.stats.largest == 9


def test_a_bad_call_fails_alone() -> None:
    fake = Fake()
    pool = PooledTranslator(fake)
    requests: list[tuple[list[str], dict[str, Any]]] = [(["first"], {})]
    requests += [([f"ok {i}", "BAD"] if i == 3 else [f"ok {i}"], {}) for i in range(6)]
    results = _concurrently(pool, requests, fake)
    assert [r.text for r in results[0]] == ["FIRST"]
    for i, got in enumerate(results[1:]):
        if i == 3:
            assert isinstance(got, ValueError)
        else:
            assert [r.text for r in got] == [f"OK {i}"]
    # the pooled call failed, then each of its six calls ran on its own
    assert len(fake.calls) == 1 + 1 + 6


def test_calls_with_different_options_are_never_mixed() -> None:
    fake = Fake()
    pool = PooledTranslator(fake)
    requests: list[tuple[list[str], dict[str, Any]]] = [(["x"], {})]
    requests += [([f"a{i}"], {"src_lang": "mar_Deva"} if i % 2 else {}) for i in range(6)]
    results = _concurrently(pool, requests, fake)
    for (sentences, options), got in zip(requests, results, strict=True):
        prefix = options.get("src_lang", "")
        assert [r.text for r in got] == [prefix + s.upper() for s in sentences]
    for sentences, options in fake.calls[1:]:
        odd = [int(s[1:]) % 2 for s in sentences]
        assert len(set(odd)) == 1 and bool(odd[0]) == ("src_lang" in options)


def test_a_big_call_runs_by_itself_and_others_go_on() -> None:
    fake = Fake()
    pool = PooledTranslator(fake, max_sentences=8)
    big = [f"b{i}" for i in range(20)]
    requests: list[tuple[list[str], dict[str, Any]]] = [(["first"], {}), (big, {})]
    requests += [([f"s{i}"], {}) for i in range(5)]
    results = _concurrently(pool, requests, fake)
    assert [r.text for r in results[1]] == [s.upper() for s in big]
    assert [[r.text for r in got] for got in results[2:]] == [[f"S{i}"] for i in range(5)]
    assert [len(s) for s, _ in fake.calls][1] == 20  # alone: over the cap
    assert max(len(s) for s, _ in fake.calls[2:]) <= 8


def test_everything_else_is_the_translators_own() -> None:
    fake = Fake()
    fake.gate.set()
    pool = PooledTranslator(fake)
    assert pool.tgt_lang == "eng_Latn"
    assert pool.count_tokens("a b c") == 3
    assert pool.translate_batch([]) == []
    assert fake.calls == []
    with pytest.raises(AttributeError):
        _ = pool.no_such_thing


def test_serial_summarizer_runs_one_call_at_a_time() -> None:
    inside = 0
    most = 0
    lock = threading.Lock()

    class Slow:
        provenance = "p"

        def summarize(self, sentences: list[str], n: int = 3) -> list[str]:
            nonlocal inside, most
            with lock:
                inside += 1
                most = max(most, inside)
            time.sleep(0.01)
            with lock:
                inside -= 1
            return sentences[:n]

    guarded = SerialSummarizer(Slow())
    with ThreadPoolExecutor(6) as ex:
        out = list(ex.map(lambda i: guarded.summarize([str(i)] * 5, n=2), range(6)))
    assert out == [[str(i)] * 2 for i in range(6)]
    assert most == 1 and guarded.provenance == "p"


# -- with the tiny models -------------------------------------------------------------------
def _docs() -> list[tuple[str, list[str]]]:
    """Eight small articles of memorised sentences (title + two sentences) and their English."""
    docs = []
    for k in range(8):
        picked = [PAIRS[(3 * k + j) % 28] for j in range(2)]
        text = TITLE + "\n\n" + " ".join(s for s, _ in picked)
        docs.append((text, [e for _, e in picked]))
    return docs


@pytest.mark.slow
@pytest.mark.parametrize("backend", ["ctranslate2", "transformers"])
def test_concurrent_app_requests_translate_exactly(
    backend: str, tiny_marian: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    if backend == "ctranslate2":
        pytest.importorskip("ctranslate2")
    pytest.importorskip("transformers")
    from hinews.pipeline import Pipeline
    from hinews.webapp.core import AppSettings, Choices, PipelineCache, run

    monkeypatch.setenv("HINEWS_CACHE", str(tmp_path / "cache"))
    pipe = Pipeline.from_options(
        translator=str(tiny_marian.path), backend=backend, device="cpu", num_beams=1
    )
    settings = AppSettings(translator=str(tiny_marian.path))
    cache = PipelineCache(settings, pipe, Choices((str(tiny_marian.path),), ("extractive",)))
    docs = _docs()
    with ThreadPoolExecutor(len(docs)) as ex:
        futures = [
            ex.submit(run, cache, text, brief=(i % 2 == 0), force=True)
            for i, (text, _) in enumerate(docs)
        ]
        outs = [f.result() for f in futures]
    for (_, english), out in zip(docs, outs, strict=True):
        assert out.translation.title == TITLE_EN
        assert [p.target for p in out.translation.sentences] == english
    served, _, _ = cache.get(str(tiny_marian.path), "extractive")
    pooled = served.translator
    assert isinstance(pooled, PooledTranslator)
    assert pooled.stats.calls >= len(docs)
    # the same requests one after the other give the same results
    for (text, english), out in zip(docs, outs, strict=True):
        again = run(cache, text, brief=False, force=True)
        assert again.translation.to_dict()["sentences"] == out.translation.to_dict()["sentences"]
        assert [p.target for p in again.translation.sentences] == english


@pytest.mark.slow
def test_pool_shares_real_model_calls(tiny_marian: Any, tmp_path: Any, monkeypatch: Any) -> None:
    """With the CTranslate2 tiny model: waiting callers are served by one model call."""
    pytest.importorskip("ctranslate2")
    from hinews.config import TranslatorConfig
    from hinews.models.hub import find_model
    from hinews.translators.ct2 import CTranslate2Translator

    monkeypatch.setenv("HINEWS_CACHE", str(tmp_path / "cache"))
    config = TranslatorConfig(
        model=str(tiny_marian.path), backend="ctranslate2", device="cpu", num_beams=1, threads=1
    )
    real = CTranslate2Translator(find_model(str(tiny_marian.path)), config)

    class Gated(Fake):
        def translate_batch(self, sentences: list[str], **options: Any) -> list[Any]:
            self.calls.append((list(sentences), options))
            if len(self.calls) == 1:
                assert self.gate.wait(30)
            return real.translate_batch(sentences, **options)

    gated = Gated()
    pool = PooledTranslator(gated)
    requests: list[tuple[list[str], dict[str, Any]]] = [
        ([PAIRS[i][0], PAIRS[i + 1][0]], {}) for i in range(0, 24, 2)
    ]
    results = _concurrently(pool, requests, gated)
    for (sentences, _), got in zip(requests, results, strict=True):
        expected = [dict(PAIRS)[s] for s in sentences]
        assert [h.text if hasattr(h, "text") else h for h in got] == expected
    assert len(gated.calls) == 2
