"""The web app in a real browser: Debian's Chromium driven by pip ``playwright``.

Needs ``/usr/bin/chromium`` and a Devanagari font (``apt-get install chromium
fonts-lohit-deva``); never ``playwright install``. The page is opened on the app launched
with the tiny Marian model; with the seed article (from ``../shared``) the English is
nonsense, so the checks are about structure: a title, three bullets, the aligned table
holding the Hindi sentences, and Devanagari drawn with a real font. A screenshot is saved
to ``tmp_path`` and copied to ``$HINEWS_SCREENSHOT_DIR`` when set.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import shutil
import socket
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sample_texts import HINGLISH
from tiny_data import DOC, DOC_EN, TITLE_EN

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
DEVANAGARI = re.compile(r"[\u0900-\u097F]")
TIMEOUT_MS = 90_000

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(600)]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not CHROMIUM.exists():
        pytest.skip("no /usr/bin/chromium: apt-get install chromium fonts-lohit-deva")
    sync_api = pytest.importorskip("playwright.sync_api", reason="pip install playwright")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def seed_file() -> Path | None:
    """The shared seed article, when the checkout has ``../shared`` (else the tiny DOC)."""
    from hinews.webapp.inputs import example_path

    path = example_path()
    return path if path and path.parent.name == "seed" else None


@pytest.fixture(scope="module")
def app_url(tiny_marian: Any, seed_file: Path | None) -> Iterator[str]:
    from hinews.pipeline import Pipeline
    from hinews.webapp import build_demo, serving
    from hinews.webapp.core import AppSettings

    model = str(tiny_marian.path)
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        # Greedy and short: the tiny model rambles on sentences it never saw.
        pipe = Pipeline.from_options(translator=model, num_beams=1, max_new_tokens=48)
        settings = AppSettings(
            translator=model,
            example=str(seed_file) if seed_file else None,
            allow_url=True,
            allow_loopback=True,  # only for the test page server below
        )
        with serving(build_demo(pipe, settings), port=_free_port()) as url:
            yield url


@pytest.fixture
def page(browser: Any, app_url: str) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 1400})
    pg = context.new_page()
    pg.set_default_timeout(TIMEOUT_MS)
    pg.goto(app_url)
    pg.locator("#hinews-brief").wait_for()
    yield pg
    context.close()


def _screenshot(page: Any, tmp_path: Path, name: str) -> Path:
    shot = tmp_path / name
    page.screenshot(path=str(shot), full_page=True)
    target = os.environ.get("HINEWS_SCREENSHOT_DIR")
    if target:
        Path(target).mkdir(parents=True, exist_ok=True)
        shutil.copy(shot, Path(target) / name)
    return shot


def _assert_devanagari_is_drawn(page: Any) -> None:
    """A font with Devanagari exists, and the glyphs are real ones, not 'tofu' boxes."""
    fonts = subprocess.run(["fc-list", ":lang=hi", "family"], capture_output=True, text=True)
    assert fonts.stdout.strip(), "no Devanagari font: apt-get install fonts-lohit-deva"
    cell = page.locator("#hinews-translation td[lang=hi]").first
    box = cell.bounding_box()
    assert box and box["width"] > 10 and box["height"] > 5
    # Missing glyphs all share one box shape and width; real letters differ in width.
    widths = page.evaluate(
        """(font) => {
            const ctx = document.createElement('canvas').getContext('2d');
            ctx.font = '32px ' + font;
            return ['क', 'म', 'ि', 'ज्ञ', 'श्र'].map(t => ctx.measureText(t).width);
        }""",
        cell.evaluate("el => getComputedStyle(el).fontFamily"),
    )
    assert all(w > 0 for w in widths[:2]) and len({round(w, 1) for w in widths}) >= 3, widths


def test_seed_article_gives_title_three_bullets_and_aligned_hindi(
    page: Any, seed_file: Path | None, tmp_path: Path
) -> None:
    textarea = page.locator("#hinews-input textarea")
    if seed_file:
        page.locator("#hinews-example").click()  # the one-click example is the seed
        page.wait_for_function(
            "document.querySelector('#hinews-input textarea').value.length > 1000"
        )
    else:
        textarea.fill(DOC)
    page.locator("#hinews-brief").click()
    bullets = page.locator("#hinews-brief-out ul.hinews-bullets > li")
    bullets.nth(2).wait_for()
    assert bullets.count() == 3
    title = page.locator("#hinews-brief-out h2.hinews-title").inner_text().strip()
    assert title
    hindi = page.locator("#hinews-translation td[lang=hi]").all_inner_texts()
    english = page.locator("#hinews-translation td[lang=en]").all_inner_texts()
    assert len(hindi) == len(english) >= 4
    assert all(DEVANAGARI.search(h) for h in hindi)
    source = " ".join((seed_file.read_text("utf-8") if seed_file else DOC).split())
    found = sum(" ".join(h.split()) in source for h in hindi[1:])
    assert found >= len(hindi[1:]) // 2, hindi  # the source sentences, as pasted
    if not seed_file:
        assert title == TITLE_EN and " ".join(english[1:]) == DOC_EN.replace("\n\n", " ")
    with page.expect_download() as download:  # the downloads appear with the result
        page.locator("#hinews-json").click()
    data = json.loads(Path(download.value.path()).read_text("utf-8"))
    assert len(data["bullets"]) == 3 and data["translation"]["sentences"]
    assert page.locator("#hinews-meta").inner_text().count("translator") == 1
    _assert_devanagari_is_drawn(page)
    shot = _screenshot(page, tmp_path, "hinews-app.png")
    assert shot.stat().st_size > 10_000


@pytest.mark.parametrize("box", ["hinews-upload", "hinews-glossary"])
def test_upload_box_shows_its_whole_prompt(page: Any, box: str) -> None:
    """ "Click to Upload" is inside the box and no scrolling part of it cuts it off."""
    clipped = page.evaluate(
        """(id) => {
            const box = document.getElementById(id);
            const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
            let node, found = null;
            while ((node = walker.nextNode())) {
                if (/Click to Upload/i.test(node.textContent)) { found = node; break; }
            }
            if (!found) return 'no "Click to Upload" text';
            const range = document.createRange();
            range.selectNodeContents(found);
            const r = range.getBoundingClientRect();
            if (r.height < 5) return 'text has no height';
            for (let el = found.parentElement; el; el = el.parentElement) {
                const style = getComputedStyle(el);
                const clips = el === box || [style.overflow, style.overflowY].some(
                    v => v !== 'visible');
                const b = el.getBoundingClientRect();
                if (clips && (r.top < b.top - 1 || r.bottom > b.bottom + 1))
                    return `clipped by ${el.tagName}.${el.className}: text ${r.top}-${r.bottom}` +
                        `, box ${b.top}-${b.bottom}`;
                if (el === box) break;
            }
            return '';
        }""",
        box,
    )
    assert clipped == ""


def test_mixed_hindi_english_needs_the_checkbox_and_then_goes_through(
    page: Any, tmp_path: Path
) -> None:
    textarea = page.locator("#hinews-input textarea")
    textarea.fill(HINGLISH)
    page.locator("#hinews-brief").click()
    message = page.locator("#hinews-message .hinews-message")
    message.wait_for()
    text = message.inner_text()
    assert "Allow mixed-language or short text" in text and "--force" not in text, text
    force = page.locator("#hinews-force input[type=checkbox]")
    assert not force.is_checked()
    force.check()
    page.locator("#hinews-brief").click()
    page.locator("#hinews-brief-out ul.hinews-bullets > li").first.wait_for()
    assert page.locator("#hinews-message .hinews-message").count() == 0
    hindi = page.locator("#hinews-translation td[lang=hi]").all_inner_texts()
    assert any("iPhone 17 Pro Max" in h for h in hindi)
    meta = page.locator("#hinews-meta").inner_text()
    assert "/tmp" not in meta and "hinews-tiny" not in meta  # the model by its folder name
    _screenshot(page, tmp_path, "hinews-app-mixed.png")


def test_bad_input_shows_a_message_in_the_page_and_the_app_keeps_working(
    page: Any, tmp_path: Path
) -> None:
    textarea = page.locator("#hinews-input textarea")
    textarea.fill("This is an English sentence about the weather in Delhi today. " * 3)
    page.locator("#hinews-brief").click()
    message = page.locator("#hinews-message .hinews-message")
    message.wait_for()
    assert "not Hindi" in message.inner_text()
    assert "Traceback" not in page.content()
    _screenshot(page, tmp_path, "hinews-app-error.png")
    textarea.fill(DOC)
    page.locator("#hinews-translate").click()
    page.locator("#hinews-translation td[lang=en]").nth(5).wait_for()
    assert page.locator("#hinews-message .hinews-message").count() == 0


def test_uploads_fill_the_text_box_and_binary_files_are_refused(page: Any, tmp_path: Path) -> None:
    good = tmp_path / "article.txt"
    good.write_text(DOC, encoding="utf-8")
    upload = page.locator("#hinews-upload input[type=file]")
    upload.set_input_files(str(good))
    page.wait_for_function("document.querySelector('#hinews-input textarea').value.length > 100")
    assert page.locator("#hinews-input textarea").input_value() == DOC
    page.reload()
    bad = tmp_path / "photo.txt"
    bad.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
    page.locator("#hinews-upload input[type=file]").set_input_files(str(bad))
    message = page.locator("#hinews-message .hinews-message")
    message.wait_for()
    assert "binary" in message.inner_text()
    page.reload()
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n", encoding="utf-8")
    page.locator("#hinews-upload input[type=file]").set_input_files(str(empty))
    message = page.locator("#hinews-message .hinews-message")
    message.wait_for()
    assert message.inner_text() == "empty.txt is empty: nothing to load."


def test_url_input_fetches_a_page_from_a_local_server(page: Any, tmp_path: Path) -> None:
    paragraphs = "".join(f"<p>{p}</p>" for p in DOC.split("\n\n")[1:])
    (tmp_path / "news.html").write_text(
        f"<html><head><title>{DOC.split(chr(10))[0]}</title></head><body><article>"
        f"{paragraphs}</article></body></html>",
        encoding="utf-8",
    )

    class Quiet(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, directory=str(tmp_path), **kwargs)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/news.html"
        page.locator("#hinews-url textarea, #hinews-url input").first.fill(url)
        page.locator("#hinews-fetch").click()
        page.wait_for_function(
            "document.querySelector('#hinews-input textarea').value.length > 100"
        )
        text = page.locator("#hinews-input textarea").input_value()
        assert "<p>" not in text and DOC.split("\n\n")[2] in text
        page.locator("#hinews-url textarea, #hinews-url input").first.fill("file:///etc/passwd")
        page.locator("#hinews-fetch").click()
        page.locator("#hinews-message .error", has_text="only http:// and https://").wait_for()
    finally:
        server.shutdown()
        server.server_close()


def test_article_and_digest_are_two_tabs(page: Any) -> None:
    tabs = page.locator("#hinews-tabs [role=tab]")
    assert [t.strip() for t in tabs.all_inner_texts()] == [
        "Article: translate and brief",
        "Digest: many reports → stories",
    ]
    assert page.locator("#hinews-brief").is_visible()  # the article tab opens first
    assert not page.locator("#hinews-digest-run").is_visible()
    tabs.nth(1).click()
    page.locator("#hinews-digest-run").wait_for(state="visible")
    assert not page.locator("#hinews-brief").is_visible()
