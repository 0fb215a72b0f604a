"""Request pooling for the app: concurrent callers share the translator's model batches.

Twenty readers who press **Brief** at once each send a few dozen sentences. Translated one
request after the other, each waits for all before it; sent as one list, the model sorts
them by length and fills its batches (CTranslate2 and transformers run a batch of 32 in
little more time than a batch of 4). :class:`PooledTranslator` sits in front of a
:class:`~hinews.Translator`: a call waits at most ``max_wait_s`` for other calls, then one
worker thread translates every waiting call's sentences in one ``translate_batch`` and hands
each caller exactly its own slice. Items are opaque (whatever ``translate_batch`` returns),
calls with different keyword options (``src_lang=...``) are never mixed, and when a pooled
call fails each caller is retried on its own, so a bad request fails alone.
"""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger("hinews.webapp")

#: How long a call waits for others to join its batch (a fraction of one model batch).
MAX_WAIT_S = 0.005
#: Most sentences merged into one ``translate_batch`` call.
MAX_SENTENCES = 1024


@dataclass
class _Call:
    sentences: list[str]
    options: tuple[tuple[str, Any], ...]
    done: threading.Event = field(default_factory=threading.Event)
    result: list[Any] | None = None
    error: BaseException | None = None


@dataclass(frozen=True)
class PoolStats:
    """What the pool has done so far (for tests and the benchmark).

    Attributes:
        calls: ``translate_batch`` calls received.
        model_calls: Calls made to the wrapped translator.
        largest: Most callers served by one model call.
    """

    calls: int
    model_calls: int
    largest: int


class PooledTranslator:
    """A :class:`~hinews.Translator` that pools concurrent calls into shared model calls.

    Everything but ``translate_batch`` (``count_tokens``, ``provenance``, ``tgt_lang``...)
    is the wrapped translator's own.

    Args:
        translator: The translator to share (any object with ``translate_batch``).
        max_wait_s: How long the first waiting call waits for others before the model runs.
        max_sentences: Most sentences in one model call; a bigger call runs on its own.

    Example:
        >>> pooled = PooledTranslator(pipe.translator)           # doctest: +SKIP
        >>> Pipeline(pipe.config, translator=pooled)              # doctest: +SKIP
    """

    def __init__(
        self,
        translator: Any,
        *,
        max_wait_s: float = MAX_WAIT_S,
        max_sentences: int = MAX_SENTENCES,
    ) -> None:
        self.translator = translator
        self.max_wait_s = max_wait_s
        self.max_sentences = max_sentences
        self._cond = threading.Condition()
        self._queue: list[_Call] = []
        self._worker: threading.Thread | None = None
        self._calls = self._model_calls = self._largest = 0

    def __getattr__(self, name: str) -> Any:
        # Only called for names not found here: the wrapped translator's attributes.
        if name == "translator":  # not set yet (during unpickling): no recursion
            raise AttributeError(name)
        return getattr(self.translator, name)

    @property
    def stats(self) -> PoolStats:
        """Counts of calls received and model calls made."""
        with self._cond:
            return PoolStats(self._calls, self._model_calls, self._largest)

    def translate_batch(self, sentences: list[str], **options: Any) -> list[Any]:
        """Translate ``sentences`` together with whatever other calls are waiting.

        Returns:
            Exactly what the wrapped translator returns for ``sentences`` alone.

        Raises:
            Whatever the wrapped translator raises for ``sentences`` alone.
        """
        if not sentences:
            return []
        call = _Call(list(sentences), tuple(sorted(options.items())))
        with self._cond:
            self._calls += 1
            self._queue.append(call)
            if self._worker is None or not self._worker.is_alive():
                self._worker = threading.Thread(
                    target=self._serve, name="hinews-translate-pool", daemon=True
                )
                self._worker.start()
            self._cond.notify_all()
        call.done.wait()
        if call.error is not None:
            raise call.error
        return call.result if call.result is not None else []

    # -- worker -----------------------------------------------------------------------------
    def _serve(self) -> None:
        """Take waiting calls, a batch at a time, until none is left for a while."""
        while True:
            with self._cond:
                if not self._queue and not self._cond.wait_for(lambda: self._queue, timeout=5.0):
                    self._worker = None  # idle: a later call starts a new worker
                    return
                # The first call waits a little for others (unless the batch is full).
                deadline = time.monotonic() + self.max_wait_s
                while self._size() < self.max_sentences:
                    left = deadline - time.monotonic()
                    if left <= 0:
                        break
                    self._cond.wait(left)
                batch = self._take()
            self._run(batch)

    def _size(self) -> int:
        return sum(len(c.sentences) for c in self._queue)

    def _take(self) -> list[_Call]:
        """The oldest call and every waiting call with the same options, up to the cap."""
        first = self._queue[0]
        batch: list[_Call] = []
        total = 0
        for call in list(self._queue):
            if call.options != first.options:
                continue
            if batch and total + len(call.sentences) > self.max_sentences:
                break
            batch.append(call)
            total += len(call.sentences)
        for call in batch:
            self._queue.remove(call)
        return batch

    def _run(self, batch: list[_Call]) -> None:
        try:
            self._translate(batch)
        except BaseException as exc:  # never leave a caller waiting
            for call in batch:
                if not call.done.is_set():
                    call.error = exc
                    call.done.set()
            if not isinstance(exc, Exception):
                raise

    def _translate(self, batch: list[_Call]) -> None:
        options = dict(batch[0].options)
        with self._cond:
            self._model_calls += 1
            self._largest = max(self._largest, len(batch))
        if len(batch) == 1:
            self._alone(batch[0], options, count=False)
            return
        flat = [s for call in batch for s in call.sentences]
        try:
            results = list(self.translator.translate_batch(flat, **options))
            if len(results) != len(flat):
                raise RuntimeError(
                    f"the translator returned {len(results)} results for {len(flat)} sentences"
                )
        except Exception:  # any failure: each call alone gets its own outcome
            log.info("a pooled batch of %d calls failed; retrying them one by one", len(batch))
            for call in batch:
                self._alone(call, options, count=True)
            return
        start = 0
        for call in batch:
            call.result = results[start : start + len(call.sentences)]
            start += len(call.sentences)
            call.done.set()

    def _alone(self, call: _Call, options: dict[str, Any], *, count: bool) -> None:
        """Translate one call by itself; its error (if any) is handed to its caller."""
        if count:
            with self._cond:
                self._model_calls += 1
        try:
            call.result = list(self.translator.translate_batch(call.sentences, **options))
        except Exception as exc:  # re-raised in the caller's thread
            call.error = exc
        finally:
            call.done.set()


class SerialSummarizer:
    """A summariser used by one request at a time (model summarisers hold one model and
    its memory; the extractive and lead ones need no lock and are not wrapped).

    Args:
        summarizer: The summariser to guard.
    """

    def __init__(self, summarizer: Any) -> None:
        self.summarizer = summarizer
        self._lock = threading.Lock()

    def __getattr__(self, name: str) -> Any:
        if name == "summarizer":
            raise AttributeError(name)
        return getattr(self.summarizer, name)

    def summarize(self, *args: Any, **kwargs: Any) -> Any:
        """The wrapped summariser's ``summarize``, one call at a time."""
        with self._lock:
            return self.summarizer.summarize(*args, **kwargs)

    def write(self, *args: Any, **kwargs: Any) -> Any:
        """The wrapped summariser's ``write`` (summarisers that read Hindi), one call at a
        time."""
        with self._lock:
            return self.summarizer.write(*args, **kwargs)
