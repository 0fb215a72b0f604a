"""The web app's Digest tab, through its Blocks function, with the tiny Marian model."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from hinews.webapp.core import AppSettings
from tiny_data import PAIRS, TITLE, TITLE_EN

HI = [p[0] for p in PAIRS]


@pytest.fixture(scope="module")
def demo(tiny_marian: Any) -> Any:
    from hinews.webapp import build_demo

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("HF_HUB_OFFLINE", "1")
        yield build_demo(settings=AppSettings(translator=str(tiny_marian.path)))


def _digest_fn(demo: Any) -> Any:
    (fn,) = [f.fn for f in demo.fns.values() if getattr(f.fn, "__name__", "") == "on_digest"]
    return fn


def test_the_tab_is_on_the_page(demo: Any) -> None:
    ids = {c.get("props", {}).get("elem_id") for c in demo.config["components"]}
    assert {"hinews-digest-tab", "hinews-digest-files", "hinews-digest-run"} <= ids


def test_uploaded_reports_become_stories_with_downloads(demo: Any, tmp_path: Path) -> None:
    upload = tmp_path / "gradio-upload-folder"
    upload.mkdir()
    (upload / "a-rail.txt").write_text(f"{TITLE}\n\n{' '.join(HI[28:32])}", "utf-8")
    (upload / "b-rail-copy.txt").write_text(f"{TITLE}\n\n{' '.join(HI[28:31])}", "utf-8")
    (upload / "rain.txt").write_text(" ".join(HI[4:8]), "utf-8")
    (upload / "english.txt").write_text("Nothing in Hindi here, only English.", "utf-8")
    paths = sorted(str(p) for p in upload.iterdir())
    message, html, md, page, data, _ = _digest_fn(demo)(paths, str(_translator(demo)))
    assert message == ""
    assert html.count('<section class="story"') == 2
    assert TITLE_EN in html and "copy of a-rail.txt" in html
    assert str(upload) not in html  # reports are named by file name only
    digest = json.loads(Path(data["value"]).read_text("utf-8"))
    assert [len(s["articles"]) for s in digest["stories"]] == [2, 1]
    assert digest["stories"][0]["title"] == TITLE_EN
    assert digest["skipped"][0]["id"] == "english.txt"
    assert Path(md["value"]).read_text("utf-8").startswith("# News digest")
    assert Path(page["value"]).read_text("utf-8").startswith("<!DOCTYPE html>")


def test_one_jsonl_file_is_read_and_mixing_it_with_reports_is_refused(
    demo: Any, tmp_path: Path
) -> None:
    jsonl = tmp_path / "day.jsonl"
    record = {"id": "r1", "text": " ".join(HI[8:12]), "source": "जनवाणी"}
    jsonl.write_text(json.dumps(record, ensure_ascii=False) + "\n", "utf-8")
    fn = _digest_fn(demo)
    _, html, *_ = fn([str(jsonl)], _translator(demo))
    assert html.count('<section class="story"') == 1 and "जनवाणी" in html
    (tmp_path / "a.txt").write_text(" ".join(HI[4:8]), "utf-8")
    message, html, md, *_ = fn([str(jsonl), str(tmp_path / "a.txt")], _translator(demo))
    assert "ONE .jsonl or feed file" in message and html == ""
    assert md["visible"] is False


def test_no_upload_gets_a_message(demo: Any) -> None:
    message, *_ = _digest_fn(demo)(None, _translator(demo))
    assert "No files" in message


def _translator(demo: Any) -> str:
    return str(demo.hinews_cache.choices.translators[0])


def test_the_example_set_shows_disputes_and_a_second_digest_marks_new_reports(
    demo: Any, tmp_path: Path
) -> None:
    from hinews.webapp.digest_tab import EXAMPLE_SET

    ids = {c.get("props", {}).get("elem_id") for c in demo.config["components"]}
    assert "hinews-digest-example" in ids
    fn = _digest_fn(demo)
    message, html, *_, session = fn([str(EXAMPLE_SET)], _translator(demo))
    assert message == "" and "outlets disagree on लोगों (people): 12" in html
    assert html.count("new story") == 2 and session
    extra = tmp_path / "later.jsonl"
    lines = EXAMPLE_SET.read_text("utf-8").splitlines()
    later = json.loads(lines[0]) | {"id": "later-bus", "source": "सत्य प्रहरी"}
    extra.write_text("\n".join([*lines, json.dumps(later, ensure_ascii=False)]), "utf-8")
    _, html, *_, same = fn([str(extra)], _translator(demo), session)
    assert same == session and "new story" not in html and "1 new report" in html
