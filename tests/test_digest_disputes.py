"""Disputed numbers and what is new since the last run, on real digests with tiny Marian."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hinews.digests import discrepancies
from hinews.digests import state as state_file
from hinews.errors import InputError
from hinews.summarize.numbers import quantity_spans
from tiny_data import PAIRS

HI = [p[0] for p in PAIRS]
RAIN = " ".join(HI[4:8])
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "digest-reports.jsonl"


def _report(rid: str, dead: str, source: str, extra: str = "") -> dict[str, str]:
    text = f"{RAIN} हादसे में {dead} लोगों की मौत हो गई और 20 लोग घायल हुए। {extra}"
    return {"id": rid, "text": text, "source": source}


# -- pure parts ---------------------------------------------------------------------------
def test_numbers_are_read_in_devanagari_indian_grouping_and_scales() -> None:
    text = "१२ लोग, 1,00,000 रुपये और 2.5 लाख लोग"
    assert [(text[s:e], v) for s, e, v in quantity_spans(text)] == [
        ("१२", 12.0),
        ("1,00,000", 100000.0),
        ("2.5 लाख", 250000.0),
    ]


def test_the_same_claim_with_other_numbers_is_a_dispute_other_things_are_not() -> None:
    found, _ = discrepancies.find(
        [
            ("A", ["हादसे में 12 लोगों की मौत हो गई और 20 लोग घायल हुए।"]),
            ("B", ["पुलिस ने कहा कि हादसे में १५ लोगों की मौत हुई और 20 लोग घायल हुए।"]),
            ("C", ["सर्वे में 30 फीसदी किसान और 53 फीसदी महिलाएं खुश थीं।"]),
            ("D", ["सर्वे में 30 फीसदी किसान और 53 फीसदी महिलाएं खुश थीं।"]),
            ("E", ["नई दिल्ली, 12 जुलाई (भाषा)। फोन 9876543210 पर 10:30 बजे।"]),
            ("F", ["नई दिल्ली, 14 जुलाई (भाषा)। फोन 9876543211 पर 11:30 बजे।"]),
        ]
    )
    assert [d.to_dict() for d in found] == [
        {
            "what": "लोगों",
            "what_en": "people",
            "values": [
                {"value": "12", "reports": ["A"], "written": "12"},
                {"value": "15", "reports": ["B"], "written": "15"},
            ],
        }
    ]


def test_one_report_listing_two_values_is_not_a_dispute() -> None:
    found, _ = discrepancies.find(
        [("A", ["सर्वे में 30 फीसदी किसान खुश थे।", "सर्वे में 53 फीसदी किसान खुश थे।"])]
    )
    assert found == ()


def test_a_foreign_or_corrupt_state_is_refused_in_one_line_and_left_alone(tmp_path: Path) -> None:
    for name, text in (
        ("corrupt.json", '{"stories": {'),
        ("foreign.json", '{"name": "a package.json"}'),
        ("other.json", '{"format": "something else", "version": 2, "stories": {}}'),
        ("list.json", "[1, 2]"),
    ):
        path = tmp_path / name
        path.write_text(text, "utf-8")
        with pytest.raises(InputError) as caught:
            state_file.load(path)
        message = str(caught.value)
        assert "\n" not in message and str(path) in message and "start fresh" in message
        assert path.read_text("utf-8") == text


def test_a_state_write_killed_midway_leaves_the_previous_state(tmp_path: Path) -> None:
    path = tmp_path / "stories.json"
    old = {"format": state_file.FORMAT, "version": 2, "stories": {"s-1": {"keys": ["i:a"]}}}
    state_file.save(path, old)
    before = path.read_bytes()
    # A real kill (SIGKILL) in the middle of writing a big state, in another process.
    script = (
        "import os, signal, json\n"
        "from hinews.digests import state\n"
        "real = json.dump\n"
        "def dying(obj, fh, **kw):\n"
        '    fh.write(\'{"version": 2, "stories": {\')\n'
        "    fh.flush()\n"
        "    os.kill(os.getpid(), signal.SIGKILL)\n"
        "json.dump = dying\n"
        f"state.save({str(path)!r}, {{'version': 2, 'stories': {{}}}})\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=60)
    assert done.returncode != 0
    assert path.read_bytes() == before
    assert state_file.load(path)["stories"] == old["stories"]


# -- real digests -------------------------------------------------------------------------
@pytest.fixture(scope="module")
def pipe(tiny_marian: Any) -> Any:
    from hinews.pipeline import Pipeline

    return Pipeline.from_options(translator=str(tiny_marian.path), device="cpu")


def test_the_digest_shows_disputes_in_json_markdown_and_html(pipe: Any) -> None:
    reports = [_report("a", "12", "दैनिक समाचार"), _report("b", "15", "जनवाणी")]
    result = pipe.digest(reports)
    (story,) = result.stories
    (dispute,) = story.discrepancies
    assert dispute.what == "लोगों" and dispute.what_en == "people"
    assert [(v.value, v.reports) for v in dispute.values] in (
        [("12", ("a",)), ("15", ("b",))],
        [("15", ("b",)), ("12", ("a",))],
    )
    data = json.loads(json.dumps(result.to_dict()))["stories"][0]
    assert data["discrepancies"][0]["what"] == "लोगों"
    assert {v["value"] for v in data["discrepancies"][0]["values"]} == {"12", "15"}
    assert data["new_reports"] == [] and data["first_seen"] is None  # no state: untracked
    line = "outlets disagree on लोगों (people): "
    md, page = result.to_markdown(), result.to_html()
    assert line in md and ("12 (दैनिक समाचार) · 15 (जनवाणी)" in md or "15 (जनवाणी) · 12" in md)
    assert line in page and "new story" not in md


def test_state_marks_new_reports_and_moved_numbers_and_since_last(
    pipe: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    state = tmp_path / "stories.json"
    morning = [_report("a", "12", "दैनिक समाचार"), {"id": "c", "text": " ".join(HI[8:12])}]
    first = pipe.digest(morning, state=state)
    assert all(s.is_new and set(s.new_reports) == {a.id for a in s.articles} for s in first.stories)
    assert "new story" in first.to_markdown()
    again = pipe.digest(morning, state=state)
    assert [s.new_reports for s in again.stories] == [(), ()]
    assert all(not s.changes and s.first_seen for s in again.stories)
    evening = [_report("a2", "15", "जनवाणी"), *morning]
    later = pipe.digest(evening, state=state)
    story = next(s for s in later.stories if any(a.id == "a" for a in s.articles))
    assert story.new_reports == ("a2",) and not story.is_new
    assert [c.to_dict() for c in story.changes] == [
        {"what": "लोगों", "what_en": "people", "old": "12", "new": "15", "reports": ["a2"]}
    ]
    assert story.first_seen == first.stories[0].first_seen or story.first_seen is not None
    md = later.to_markdown()
    assert "1 new report" in md and "changed since the last run: लोगों (people) 12 → 15" in md
    assert '<span class="new">new</span>' in later.to_html()

    from hinews.cli import main

    common = ["--translator", str(pipe.config.translator.model), "--device", "cpu"]
    src = tmp_path / "day.jsonl"
    src.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in evening), "utf-8")
    fresh = tmp_path / "fresh.json"
    assert main(["digest", str(src), *common, "--state", str(fresh), "--format", "json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert sum(len(s["new_reports"]) for s in data["stories"]) == 3
    assert main(["digest", str(src), *common, "--state", str(fresh), "--since-last"]) == 0
    assert "## " not in capsys.readouterr().out.split("## Made with")[0]  # nothing new
    src.write_text(src.read_text("utf-8") + "\n" + json.dumps(_report("a3", "17", "X")), "utf-8")
    assert main(["digest", str(src), *common, "--state", str(fresh), "--since-last"]) == 0
    out = capsys.readouterr().out
    assert out.count("\n## ") == 2 and "## Made with" in out and "1 new report" in out


def test_cli_refuses_since_last_without_state_and_a_bad_state(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], tiny_marian: Any
) -> None:
    from hinews.cli import main

    src = tmp_path / "r.txt"
    src.write_text(RAIN, "utf-8")
    common = [str(src), "--translator", str(tiny_marian.path), "--device", "cpu"]
    assert main(["digest", *common, "--since-last"]) == 2
    assert "--state" in capsys.readouterr().err
    bad = tmp_path / "bad.json"
    bad.write_text("not json", "utf-8")
    assert main(["digest", *common, "--state", str(bad)]) == 2
    err = capsys.readouterr().err
    assert str(bad) in err and "start fresh" in err and bad.read_text("utf-8") == "not json"


def test_the_example_set_has_the_disputes_the_app_shows(tiny_marian: Any) -> None:
    from hinews.webapp.core import AppSettings, PipelineCache
    from hinews.webapp.digest_tab import EXAMPLE_SET, run_digest

    assert EXAMPLE_SET == EXAMPLES and EXAMPLE_SET.is_file()
    cache = PipelineCache(AppSettings(translator=str(tiny_marian.path)))
    result = run_digest(cache, [str(EXAMPLE_SET)], state=None)
    bus = next(s for s in result.stories if len(s.articles) == 3)
    assert {(d.what, tuple(sorted(v.value for v in d.values))) for d in bus.discrepancies} == {
        ("लोगों", ("12", "15")),
        ("रुपये", ("400000", "500000")),
    }
    rain = next(s for s in result.stories if len(s.articles) == 1)
    assert rain.discrepancies == ()


def test_copies_of_a_sentence_with_two_like_numbers_match_number_by_number() -> None:
    a = "भूकंप शहर से लगभग 20 किमी और गांव से लगभग 65 किमी दूर था।"
    b = "भूकंप शहर से लगभग 26 किमी और गांव से लगभग 65 किमी दूर था।"
    found, _ = discrepancies.find([("A", [a]), ("B", [b]), ("C", [a])])
    assert [[(v.value, v.reports) for v in d.values] for d in found] == [
        [("20", ("A", "C")), ("26", ("B",))]
    ]


def test_what_en_comes_from_the_digests_translation_else_the_glossary() -> None:
    a, b = "सरकार ने 5 लाख मुआवजा दिया।", "सरकार ने 4 लाख मुआवजा दिया।"
    english = {a: "The government gave 5 lakh compensation."}
    found, _ = discrepancies.find([("A", [a]), ("B", [b])], english)
    assert [(d.what, d.what_en) for d in found] == [("मुआवजा", "compensation")]
    found, _ = discrepancies.find([("A", [a]), ("B", [b])])
    assert [(d.what, d.what_en) for d in found] == [("मुआवजा", "")]  # not in the glossary
