"""The web app: rendering, inputs, URL fetching, and the API end to end with a tiny model.

The end-to-end tests launch the real app on a free port on 127.0.0.1 with the tiny Marian
model (built at test time) and call ``/brief`` and ``/translate`` through ``gradio_client``.
"""

from __future__ import annotations

import http.server
import json
import os
import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any, ClassVar

import pytest

from hinews.errors import ConfigError, InputError
from hinews.results import Brief, Provenance, SentencePair, Translation
from hinews.webapp.core import AppSettings, Choices, make_choices
from hinews.webapp.fetch import check_address, fetch_url
from hinews.webapp.inputs import BUILTIN_EXAMPLE, example_path, load_example, read_upload
from hinews.webapp.render import brief_html, message_html, translation_html
from sample_texts import HINGLISH
from tiny_data import DOC, DOC_EN, PAIRS, PARAGRAPHS, TITLE, TITLE_EN

ROOT = Path(__file__).resolve().parents[1]
EVIL = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


# -- rendering ----------------------------------------------------------------------------
def _translation(source: str = "भारत।", target: str = "India.") -> Translation:
    pairs = (SentencePair(source, target, 0), SentencePair("दूसरा।", "Second.", 1))
    return Translation("शीर्षक", "Title", pairs, Provenance("m", "transformers"))


def test_translation_html_pairs_each_sentence_with_its_hindi_source() -> None:
    html = translation_html(_translation())
    assert html.count("<table") == 3  # the title, then one table per paragraph
    assert '<td lang="hi" class="hinews-src">भारत।</td>' in html
    assert 'title="भारत।">India.</td>' in html
    assert 'data-paragraph="1"' in html


def test_everything_rendered_is_escaped() -> None:
    tr = _translation(source=EVIL, target=EVIL)
    brief = Brief(
        EVIL, (EVIL, "b", "c"), (("<b>9</b>",), (), ()), tr, Provenance("x", "y"), note=EVIL
    )
    for html in (translation_html(tr), brief_html(brief), message_html(EVIL)):
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;" in html


def test_brief_html_flags_unsupported_numbers() -> None:
    tr = _translation()
    brief = Brief("T", ("a 12", "b", "c"), (("12",), (), ()), tr, Provenance("x", "y"))
    html = brief_html(brief)
    assert html.count("<li>") == 3
    assert "check: 12 not in the source" in html


# -- choices ------------------------------------------------------------------------------
def test_choices_offer_the_server_model_first_and_the_presets(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")  # online: every preset is offered
    choices = make_choices(AppSettings(translator="/models/mine"))
    assert choices.translators[0] == "/models/mine"
    assert {"default", "fast", "best"} <= set(choices.translators)
    assert choices.summarizers[:2] == ("extractive", "lead")
    assert make_choices(AppSettings()).translators[0] == "default"
    assert make_choices(AppSettings(preset="fast")).translators[0] == "fast"
    with pytest.raises(ConfigError, match="unknown preset 'fsat'"):
        make_choices(AppSettings(preset="fsat"))


def test_choices_refuse_names_not_on_offer() -> None:
    choices = Choices(("a", "b"), ("extractive", "lead"))
    assert choices.check("", None) == ("a", "extractive")
    assert choices.check(" b ", "lead") == ("b", "lead")
    with pytest.raises(ConfigError, match="unknown translator '/etc'"):
        choices.check("/etc", "")
    with pytest.raises(ConfigError, match="unknown summarizer 'x'"):
        choices.check("a", "x")


def test_models_load_once_per_choice_even_when_requests_arrive_together(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time
    from concurrent.futures import ThreadPoolExecutor

    from hinews.webapp.core import PipelineCache

    built: list[tuple[str, str]] = []

    class Slow:
        translator = summarizer = None

    def build(self: PipelineCache, translator: str, summarizer: str) -> Any:
        built.append((translator, summarizer))
        time.sleep(0.2)  # a slow model load: the other requests must wait for it
        return Slow()

    monkeypatch.setattr(PipelineCache, "_build", build)
    cache = PipelineCache(AppSettings(), choices=Choices(("a", "b"), ("extractive",)))
    with ThreadPoolExecutor(8) as pool:
        pipes = list(pool.map(lambda n: cache.get("ab"[n % 2], "extractive")[0], range(16)))
    assert sorted(built) == [("a", "extractive"), ("b", "extractive")]
    assert len({id(p) for p in pipes}) == 2


def _fake_cached(monkeypatch: pytest.MonkeyPatch, hub_cache: Path, hub_id: str) -> None:
    """A Hugging Face cache at ``hub_cache`` holding a hub model (config.json only)."""
    from huggingface_hub import constants

    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(hub_cache))  # read at import
    repo = hub_cache / f"models--{hub_id.replace('/', '--')}"
    (repo / "snapshots" / "abc123").mkdir(parents=True)
    (repo / "snapshots" / "abc123" / "config.json").write_text("{}", encoding="utf-8")
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("abc123", encoding="utf-8")


def test_choices_mark_models_that_are_not_downloaded(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("HF_HUB_OFFLINE")
    _fake_cached(monkeypatch, tmp_path / "hub", "Helsinki-NLP/opus-mt-hi-en")
    choices = make_choices(AppSettings(translator="fast"))
    labels = dict((v, label) for label, v in choices.options("translator"))
    assert labels["fast"] == "fast (server default)"
    assert labels["cheap"] == "cheap"  # opus-mt is cached
    assert labels["default"] == "default (not downloaded)"
    assert labels["best"] == "best (not downloaded)"
    summarizers = dict((v, label) for label, v in choices.options("summarizer"))
    assert summarizers["extractive"] == "extractive (server default)"
    assert summarizers["lead"] == "lead"
    assert summarizers["distilbart-cnn"] == "distilbart-cnn (not downloaded)"
    # The server's own model is never marked, even when it still has to be downloaded.
    assert make_choices(AppSettings()).options("translator")[0] == (
        "default (server default)",
        "default",
    )


def test_offline_or_cached_only_servers_offer_only_cached_models(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _fake_cached(monkeypatch, tmp_path / "hub", "Helsinki-NLP/opus-mt-hi-en")
    offline = make_choices(AppSettings(translator="/models/mine"))  # HF_HUB_OFFLINE=1 here
    assert offline.translators == ("/models/mine", "cheap", "fast")
    assert offline.summarizers == ("extractive", "lead")
    assert not offline.missing
    with pytest.raises(ConfigError, match="unknown translator 'default'; this server offers"):
        offline.check("default", "")
    monkeypatch.delenv("HF_HUB_OFFLINE")
    online = make_choices(AppSettings(translator="/models/mine"))
    assert {"default", "best", "instruct"} <= set(online.translators)
    assert "default" in online.missing
    cached_only = make_choices(AppSettings(translator="best", cached_only=True))
    assert cached_only.translators == ("best", "cheap", "fast")  # its own model stays


def test_local_model_folders_are_shown_by_name_and_never_by_path(tmp_path: Path) -> None:
    folder = tmp_path / "secret-place" / "marian-6a34"
    folder.mkdir(parents=True)
    choices = Choices((str(folder), "fast"), ("extractive", "lead"))
    assert choices.options("translator") == [
        ("marian-6a34 (server default)", "marian-6a34"),
        ("fast", "fast"),
    ]
    assert choices.check("marian-6a34", "") == (str(folder), "extractive")
    assert choices.check(str(folder), "lead") == (str(folder), "lead")  # the full name too
    with pytest.raises(ConfigError) as info:
        choices.check("marian", "")
    assert "secret-place" not in str(info.value)
    assert "this server offers: marian-6a34, fast" in str(info.value)
    # A folder named like a preset does not hide the preset.
    clash = Choices(("/srv/fast", "fast"), ("extractive",))
    assert [v for _, v in clash.options("translator")] == ["fast (server)", "fast"]
    assert clash.check("fast", "") == ("fast", "extractive")
    assert clash.check("fast (server)", "") == ("/srv/fast", "extractive")


def test_mixed_text_errors_point_at_the_checkbox_in_the_page_and_force_in_the_api() -> None:
    from hinews.text import check_text
    from hinews.webapp import FORCE_LABEL, user_message

    for text in (HINGLISH, "भारत"):  # mixed, then too short
        with pytest.raises(InputError) as info:
            check_text(text)
        page = user_message(info.value)
        assert "--force" not in page and f"tick '{FORCE_LABEL}'" in page, page
        api = user_message(info.value, where="api")
        assert "--force" not in api and "force=True" in api, api
    reworded = InputError("Mostly English. Use --force (or force=True) to go on.")
    assert user_message(reworded) == f"Mostly English. Tick '{FORCE_LABEL}' to go ahead."


@pytest.mark.parametrize("model_codes", [False, True])
def test_another_language_is_one_whole_message_in_the_page(model_codes: bool) -> None:
    from hinews.results import Language
    from hinews.trust.language import check_source_language
    from hinews.webapp import FORCE_LABEL, user_message

    with pytest.raises(InputError) as info:
        marathi = Language("mar_Deva", "Marathi", 1.0)
        check_source_language(marathi, model="opus-mt", model_codes=model_codes, force=False)
    page = user_message(info.value)
    assert page.startswith("This looks like Marathi (mar_Deva, confidence 1.00), not Hindi")
    assert page.count("(") == page.count(")") and "--force" not in page
    assert page.endswith(
        f"or tick '{FORCE_LABEL}' to translate it as Hindi" + ("" if model_codes else " anyway")
    )


def test_run_passes_force_to_the_pipeline() -> None:
    from hinews.webapp.core import PipelineCache, run

    seen: list[tuple[str, bool]] = []
    tr = _translation()

    class Stub:
        translator = summarizer = None

        def translate(self, text: str, *, force: bool = False) -> Translation:
            seen.append(("translate", force))
            return tr

        def brief(self, text: str, *, force: bool = False) -> Brief:
            seen.append(("brief", force))
            return Brief("T", ("a", "b", "c"), ((), (), ()), tr, Provenance("x", "y"))

    cache = PipelineCache(AppSettings(), Stub(), Choices(("a",), ("extractive",)))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="Devanagari"):
        run(cache, HINGLISH)  # refused before any model is used
    assert seen == []
    assert run(cache, HINGLISH, force=True).brief is not None
    run(cache, HINGLISH, brief=False, force=True)
    assert seen == [("brief", True), ("translate", True)]


# -- inputs -------------------------------------------------------------------------------
def test_upload_reads_text_and_reduces_html_to_the_article(tmp_path: Path) -> None:
    txt = tmp_path / "a.txt"
    txt.write_text(DOC, encoding="utf-8")
    assert read_upload(txt) == DOC
    paras = "".join(f"<p>{' '.join(PAIRS[i][0] for i in p)}</p>" for p in PARAGRAPHS)
    page = tmp_path / "page.html"
    page.write_text(
        f"<html><head><title>{TITLE} - Site</title></head><body><nav>होम | खेल</nav>"
        f"<article><h1>{TITLE}</h1>{paras}</article><footer>© कॉपीराइट</footer></body></html>",
        encoding="utf-8",
    )
    text = read_upload(page)
    assert text.startswith(TITLE)
    assert PAIRS[28][0] in text and PAIRS[33][0] in text
    assert "<p>" not in text and "कॉपीराइट" not in text


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("a.pdf", b"%PDF-1.4", "not a .txt or .html file"),
        ("a.txt", b"\x89PNG\r\n\x1a\n\x00\x00", "binary file"),
        ("a.txt", "café".encode("cp1252"), "not valid UTF-8"),
        ("big.txt", b"a" * 2000, "the limit is"),
    ],
)
def test_upload_refuses_bad_files_with_a_message(
    tmp_path: Path, name: str, data: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(InputError, match=message):
        read_upload(path, max_bytes=1000)


def test_example_is_the_seed_when_present_else_built_in(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    from hinews.text import prepare

    assert len(prepare(BUILTIN_EXAMPLE).paragraphs) == 2  # the built-in one is valid input
    own = tmp_path / "mine.txt"
    own.write_text(DOC, encoding="utf-8")
    assert load_example(str(own)) == ("Example article (mine.txt)", DOC)
    monkeypatch.setenv("HINEWS_EXAMPLE", str(own))
    assert example_path() == own
    monkeypatch.delenv("HINEWS_EXAMPLE")
    monkeypatch.setenv("HINEWS_SHARED", str(tmp_path / "nothing"))
    monkeypatch.chdir(tmp_path)
    found = example_path()
    # the checkout's ../shared seed, else the shipped examples/article.txt
    assert found is None or found.parent.name in ("seed", "examples")


# -- URL fetching (127.0.0.1 only) ---------------------------------------------------------
@pytest.mark.parametrize(
    "ip",
    [
        "10.1.2.3",
        "192.168.0.1",
        "172.16.0.1",
        "169.254.169.254",
        "127.0.0.1",
        "::1",
        "0.0.0.0",
        "fe80::1",
        "::ffff:10.0.0.1",
        "224.0.0.1",
        "100.64.0.1",
    ],
)
def test_private_and_local_addresses_are_refused(ip: str) -> None:
    with pytest.raises(InputError, match="not a public internet address"):
        check_address(ip)


def test_public_addresses_pass_and_loopback_only_when_allowed() -> None:
    check_address("93.184.216.34")
    check_address("2606:4700::1111")
    check_address("127.0.0.1", allow_loopback=True)
    with pytest.raises(InputError):
        check_address("10.0.0.1", allow_loopback=True)


class _Handler(http.server.BaseHTTPRequestHandler):
    pages: ClassVar[dict[str, tuple[int, str, bytes, dict[str, str]]]] = {}

    def do_GET(self) -> None:
        status, kind, body, headers = self.pages.get(self.path, (404, "text/plain", b"no", {}))
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture(scope="module")
def local_site() -> Iterator[str]:
    """A plain ``http.server`` on 127.0.0.1 with a few pages."""
    page = f"<html><body><h1>{TITLE}</h1><p>{PAIRS[0][0]}</p></body></html>".encode()
    _Handler.pages = {
        "/article.html": (200, "text/html; charset=utf-8", page, {}),
        "/moved": (302, "text/plain", b"", {"Location": "/article.html"}),
        "/loop": (302, "text/plain", b"", {"Location": "/loop"}),
        "/away": (302, "text/plain", b"", {"Location": "http://10.0.0.1/x"}),
        "/big.html": (200, "text/html", b"x" * 5000, {}),
        "/image.png": (200, "image/png", b"\x89PNG", {}),
    }
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_fetch_reads_a_local_page_when_loopback_is_allowed(local_site: str) -> None:
    html = fetch_url(local_site + "/moved", allow_loopback=True)
    assert TITLE in html and PAIRS[0][0] in html


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/loop", "redirects more than"),
        ("/away", "not a public internet address"),
        ("/big.html", "larger than"),
        ("/image.png", "not an HTML page"),
        ("/missing", "HTTP 404"),
    ],
)
def test_fetch_refuses_bad_pages(local_site: str, path: str, message: str) -> None:
    with pytest.raises(InputError, match=message):
        fetch_url(local_site + path, allow_loopback=True, max_bytes=1000)


def test_fetch_refuses_loopback_by_default_and_other_schemes(local_site: str) -> None:
    with pytest.raises(InputError, match="not a public internet address"):
        fetch_url(local_site + "/article.html")
    for url in ("file:///etc/passwd", "ftp://127.0.0.1/x", "gopher://x", "http://"):
        with pytest.raises(InputError):
            fetch_url(url, allow_loopback=True)


# -- command line ---------------------------------------------------------------------------
def test_serve_and_app_py_take_the_model_and_server_options() -> None:
    code = (
        "import sys, hinews.cli as c; p = c.build_parser(); "
        "a = p.parse_args(['serve', '--translator', 'x', '--summarizer', 'lead', '--config', "
        "'c.yaml', '--preset', 'fast', '--host', '0.0.0.0', '--port', '8000']); "
        "assert (a.translator, a.summarizer, a.config, a.host, a.port) == "
        "('x', 'lead', 'c.yaml', '0.0.0.0', 8000); "
        "assert 'gradio' not in sys.modules, 'hinews.cli imported gradio'"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
    out = subprocess.run(
        [sys.executable, "app.py", "--help"], cwd=ROOT, check=True, capture_output=True, text=True
    ).stdout
    for option in ("--translator", "--summarizer", "--config", "--preset", "--host", "--port"):
        assert option in out
    assert "--cached-only" in out and "HF_HUB_OFFLINE" in out and "not downloaded" in out


def test_cached_only_option_reaches_the_settings() -> None:
    import argparse

    from hinews.webapp.cli import add_arguments, settings_from_args

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    assert settings_from_args(parser.parse_args(["--cached-only"])).cached_only
    assert not settings_from_args(parser.parse_args([])).cached_only


def test_backend_option_reaches_every_pipeline_the_app_builds(tiny_marian) -> None:  # type: ignore[no-untyped-def]
    import argparse

    from hinews.webapp.cli import add_arguments, settings_from_args
    from hinews.webapp.core import PipelineCache

    parser = argparse.ArgumentParser()
    add_arguments(parser)
    argv = ["--translator", str(tiny_marian.path), "--backend", "ctranslate2"]
    settings = settings_from_args(parser.parse_args(argv))
    cache = PipelineCache(settings)
    pipe = cache._build(cache.choices.translators[0], cache.choices.summarizers[0])
    assert settings.backend == "ctranslate2" and pipe.config.translator.backend == "ctranslate2"


def test_serve_reports_a_bad_config_without_a_traceback(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("translator: {backend: nope}\n", encoding="utf-8")
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "hinews.cli",
            "serve",
            "--config",
            str(bad),
            "--port",
            str(free_port()),
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert "Traceback" not in proc.stderr and "backend" in proc.stderr


# -- the launched app, end to end ---------------------------------------------------------
@pytest.fixture(scope="module")
def app_url(tiny_marian: Any) -> Iterator[str]:
    """The app on a free port with the tiny Marian model as the server's translator."""
    from hinews.webapp import build_demo, serving

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        demo = build_demo(settings=AppSettings(translator=str(tiny_marian.path)))
        with serving(demo, port=free_port()) as url:
            yield url


@pytest.fixture(scope="module")
def client(app_url: str) -> Any:
    from gradio_client import Client

    return Client(app_url, verbose=False)


@pytest.mark.slow
def test_brief_endpoint_gives_the_exact_translation_and_three_bullets(client: Any) -> None:
    result = client.predict(DOC, api_name="/brief")
    assert result["title"] == TITLE_EN
    assert result["translation"]["text"] == DOC_EN
    assert result["translation"]["title_source"] == TITLE
    assert len(result["bullets"]) == 3
    assert all(b in DOC_EN for b in result["bullets"])
    assert result["unsupported_numbers"] == [[], [], []]
    assert result["provenance"]["summarizer"]["model"]
    assert result["timings"]["run_s"] >= 0


@pytest.mark.slow
def test_translate_endpoint_keeps_sentences_aligned(client: Any, tiny_marian: Any) -> None:
    result = client.predict(DOC, "", "", api_name="/translate")
    assert result["title"] == TITLE_EN and result["text"] == DOC_EN
    assert [(s["source"], s["target"]) for s in result["sentences"]] == [
        PAIRS[i] for p in PARAGRAPHS for i in p
    ]
    assert result["provenance"]["model"] == str(tiny_marian.path)


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("",), "empty"),
        (("This is an English sentence about the weather in Delhi today. " * 3,), "not Hindi"),
        ((DOC * 2000,), "takes up to"),
        ((DOC, "/etc"), "Unknown translator '/etc'"),
        ((DOC, "", "nope"), "Unknown summarizer 'nope'"),
        ((DOC, "default"), "Unknown translator 'default'"),  # offline: not cached, not offered
        ((HINGLISH,), "pass force=True"),
    ],
)
def test_bad_requests_get_a_message_and_the_app_keeps_serving(
    client: Any, args: tuple[str, ...], message: str, tiny_marian: Any
) -> None:
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match=message) as info:
        client.predict(*args, api_name="/brief")
    assert "Traceback" not in str(info.value)
    assert "--force" not in str(info.value)
    assert str(tiny_marian.path.parent) not in str(info.value)  # no server paths
    assert client.predict(DOC, api_name="/translate")["text"] == DOC_EN


@pytest.mark.slow
def test_the_page_lists_the_endpoints_and_the_choices(
    client: Any, app_url: str, tiny_marian: Any
) -> None:
    import httpx

    api = client.view_api(print_info=False, return_format="dict")
    assert {"/brief", "/translate"} <= set(api["named_endpoints"])
    params = [p["parameter_name"] for p in api["named_endpoints"]["/brief"]["parameters"]]
    assert params == ["text", "translator", "summarizer", "force"]
    raw = httpx.get(app_url + "config", timeout=30).text
    config = json.loads(raw)
    props = {c["props"].get("elem_id"): c["props"] for c in config["components"]}
    name = tiny_marian.path.name
    assert props["hinews-translator"]["value"] == name
    # Offline (as in tests) only the server's model is offered: no preset is cached.
    assert [tuple(c) for c in props["hinews-translator"]["choices"]] == [
        (f"{name} (server default)", name)
    ]
    assert str(tiny_marian.path.parent) not in raw  # the server's paths stay server-side
    assert props["hinews-force"]["value"] is False
    assert props["hinews-force"]["label"] == "Allow mixed-language or short text"
    assert os.environ.get("HF_HUB_OFFLINE") == "1"


@pytest.mark.slow
def test_mixed_hindi_english_goes_through_with_force(client: Any, tiny_marian: Any) -> None:
    result = client.predict(HINGLISH, "", "", True, api_name="/translate")
    assert result["title_source"].startswith("Apple ने")
    assert len(result["sentences"]) == 4
    brief = client.predict(HINGLISH, force=True, api_name="/brief")
    assert brief["bullets"] and brief["translation"]["sentences"] == result["sentences"]
    named = client.predict(DOC, tiny_marian.path.name, api_name="/translate")  # by its name
    assert named["text"] == DOC_EN


@pytest.mark.slow
def test_digest_endpoint_groups_reports_into_stories(client: Any) -> None:
    hi = [p[0] for p in PAIRS]
    rail = f"{TITLE}\n\n{' '.join(hi[28:32])}"
    copy = f"{TITLE}\n\n{' '.join(hi[28:31])}"
    reports = [rail, copy, " ".join(hi[4:8]), "Nothing in Hindi here, only English."]
    digest = client.predict(reports, api_name="/digest")
    assert [len(s["articles"]) for s in digest["stories"]] == [2, 1]
    assert digest["stories"][0]["title"] == TITLE_EN
    assert len(digest["stories"][0]["bullets"]) == 3
    assert [s["id"] for s in digest["skipped"]] == ["report-4"]
    from gradio_client.exceptions import AppError

    with pytest.raises(AppError, match="No reports"):
        client.predict([], api_name="/digest")


@pytest.mark.slow
@pytest.mark.parametrize("command", [["-m", "hinews.cli", "serve"], ["app.py"]])
def test_the_commands_start_the_app_on_a_local_model(tiny_marian: Any, command: list[str]) -> None:
    """``hinews serve`` and ``python app.py`` as a user runs them, stopped with SIGINT."""
    import signal
    import time

    import httpx

    port = free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    proc = subprocess.Popen(
        [sys.executable, *command, "--translator", str(tiny_marian.path), "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        # SIGINT as a terminal's Ctrl-C finds it, even under a background job that ignores it.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/", timeout=5).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.5)
        assert proc.poll() is None, proc.communicate()[0]
        from gradio_client import Client

        result = Client(f"http://127.0.0.1:{port}/", verbose=False).predict(DOC, api_name="/brief")
        assert result["translation"]["text"] == DOC_EN
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            output = proc.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            proc.kill()
            output = proc.communicate()[0]
    assert "Traceback" not in output, output


def test_a_bad_glossary_upload_is_named_by_its_file_name(tmp_path: Path) -> None:
    from hinews.webapp.blocks import _retrust

    upload = tmp_path / "gradio-tmp-1234" / "desk.tsv"  # where gradio keeps an upload
    upload.parent.mkdir()
    upload.write_bytes("चुनाव\telection\n".encode() + b"\xff\xfe\n")
    with pytest.raises(InputError) as info:
        _retrust(None, 0.5, str(upload))  # type: ignore[arg-type]
    message = str(info.value)
    assert "desk.tsv" in message and str(upload.parent) not in message
    assert "is not UTF-8 text (at byte offset 25)" in message
