"""Load: 20 ``gradio_client`` clients ask ``/brief`` at once; every one gets its own answer.

Each client sends a different article (memorised sentences in a different order and
mix), so an answer given to the wrong client, or lost, is caught.
"""

from __future__ import annotations

import socket
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor, wait
from typing import Any

import pytest

from tiny_data import PAIRS, TITLE, TITLE_EN

CLIENTS = 20
BODY = list(range(39))  # every memorised pair but the title

pytestmark = [pytest.mark.slow, pytest.mark.timeout(600)]


def article(n: int) -> tuple[str, str]:
    """The n-th test article (title + three paragraphs of two sentences) and its English."""
    picks = [BODY[(n * 7 + k * 5) % len(BODY)] for k in range(6)]
    paragraphs = [picks[0:2], picks[2:4], picks[4:6]]
    hindi = "\n\n".join([TITLE, *(" ".join(PAIRS[i][0] for i in p) for p in paragraphs)])
    english = "\n\n".join(" ".join(PAIRS[i][1] for i in p) for p in paragraphs)
    return hindi, english


@pytest.fixture(scope="module")
def app_url(tiny_marian: Any) -> Iterator[str]:
    from hinews.webapp import build_demo, serving
    from hinews.webapp.core import AppSettings

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = int(s.getsockname()[1])
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        demo = build_demo(settings=AppSettings(translator=str(tiny_marian.path)))
        with serving(demo, port=port) as url:
            yield url


def test_twenty_concurrent_clients_all_get_their_own_brief(app_url: str) -> None:
    from gradio_client import Client

    articles = [article(n) for n in range(CLIENTS)]
    assert len({a for a, _ in articles}) == CLIENTS

    def ask(n: int) -> tuple[int, dict[str, Any], float]:
        start = time.perf_counter()
        client = Client(app_url, verbose=False)
        return n, client.predict(articles[n][0], api_name="/brief"), time.perf_counter() - start

    with ThreadPoolExecutor(CLIENTS) as pool:
        futures = [pool.submit(ask, n) for n in range(CLIENTS)]
        done, pending = wait(futures, timeout=300)
    assert not pending, f"{len(pending)} of {CLIENTS} requests unanswered after 300 s"
    answers = [f.result() for f in done]  # re-raises any client error
    assert sorted(n for n, _, _ in answers) == list(range(CLIENTS))
    for n, result, _ in answers:
        assert result["title"] == TITLE_EN
        assert result["translation"]["text"] == articles[n][1], n
        assert len(result["bullets"]) == 3
    slowest = max(t for _, _, t in answers)
    print(f"{CLIENTS} concurrent /brief requests, slowest answered in {slowest:.1f} s")
