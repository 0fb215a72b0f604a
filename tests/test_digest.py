"""hinews digest: inputs, copies, stories, stable ids, briefs, the three formats, the CLI.

Reports are made of the sentences the tiny models memorised (``tiny_data.PAIRS``), so
every translated headline and bullet can be checked exactly.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from hinews.digests import dedup, stories
from hinews.digests import state as state_file
from hinews.digests.inputs import Report, feed_reports, html_to_text, load_reports
from hinews.errors import ConfigError
from tiny_data import PAIRS, TITLE, TITLE_EN

HI = [p[0] for p in PAIRS]
EN = dict(PAIRS)

BRIDGE = " ".join(HI[28:32])  # new bridge: 4 sentences
SATELLITE = " ".join([HI[0], HI[2], HI[3]])  # launch, joy, congratulations
SATELLITE_2 = " ".join([HI[1], HI[2]])  # another report of the launch: weather, joy
RAIN = " ".join(HI[4:8])
CRICKET = " ".join(HI[8:12])
MARATHI = (
    "मुंबईत आज जोरदार पाऊस झाला आणि अनेक रस्त्यांवर पाणी साचले. शाळा दोन दिवस बंद "
    "राहतील असे प्रशासनाने सांगितले. हवामान विभागाने पुढील दोन दिवसांसाठी इशारा दिला आहे."
)


def syndicated(title: str, body: str, outlet: str) -> str:
    """A copy as another site publishes it: its header, byline, the body, its footer."""
    return (
        f"होम » देश » ख़बर\n{title} | {outlet}\nरिपोर्ट: राहुल शर्मा, नई दिल्ली\n\n{body}\n\n"
        f"ये भी पढ़ें: {HI[16]}\nहमें फॉलो करें: फेसबुक | ट्विटर"
    )


def folder_of_reports(root: Path) -> Path:
    folder = root / "reports"
    folder.mkdir()
    (folder / "a-bridge.txt").write_text(f"{TITLE}\n\n{BRIDGE}", "utf-8")
    (folder / "b-bridge-copy.txt").write_text(syndicated(TITLE, BRIDGE, "दैनिक समाचार"), "utf-8")
    (folder / "c-satellite.txt").write_text(SATELLITE, "utf-8")
    (folder / "d-satellite-2.txt").write_text(SATELLITE_2, "utf-8")
    (folder / "e-rain.txt").write_text(RAIN, "utf-8")
    (folder / "f-english.txt").write_text("The weather was fine in Delhi today.", "utf-8")
    (folder / "g-marathi.txt").write_text(MARATHI, "utf-8")
    (folder / "h-binary.txt").write_bytes(b"%PDF-1.4 binary")
    (folder / "notes.csv").write_text("ignored,by,folders\n", "utf-8")
    return folder


# -- pure parts ---------------------------------------------------------------------------
def test_exact_key_ignores_form_but_not_words() -> None:
    assert dedup.exact_key("भारत ने आज, नया उपग्रह!") == dedup.exact_key("भारत  ने आज नया उपग्रह।")
    assert dedup.exact_key("२० करोड़") == dedup.exact_key("20 करोड़")
    assert dedup.exact_key(HI[0]) != dedup.exact_key(HI[1])


def test_copies_with_a_paragraph_dropped_are_found_other_reports_are_not() -> None:
    full = " ".join(HI[0:8])
    dropped = " ".join(HI[0:4] + HI[5:8])  # one sentence gone
    trimmed = " ".join(HI[0:6])  # the end cut: lies inside the full one
    other = " ".join(HI[8:16])
    same_story_other_half = " ".join(HI[2:3] + HI[12:16])
    found = dedup.find_duplicates([full, dropped, other, trimmed, same_story_other_half])
    assert found == [None, 0, None, 0, None]


def test_copies_point_at_the_kept_report_never_at_another_copy() -> None:
    base = HI[0:10]
    texts = [" ".join(base), " ".join(base[1:]), " ".join(base[2:])]
    assert dedup.find_duplicates(texts) == [None, 0, 0]


def test_stories_group_by_topic_and_do_not_chain_through_one_bridging_report() -> None:
    from sklearn.cluster import AgglomerativeClustering

    texts = [
        "सरकार ने नई शिक्षा नीति की घोषणा की। शिक्षकों ने शिक्षा नीति का स्वागत किया।",
        "नई शिक्षा नीति से छात्रों को लाभ होगा। शिक्षकों और छात्रों ने शिक्षा नीति पर बात की।",
        # mentions the policy in passing, but is about the match
        "छात्रों ने शिक्षा नीति पर बहस के बाद दिल्ली में क्रिकेट मैच देखा। क्रिकेट टीम ने मैच जीत लिया।",
        "क्रिकेट टीम के कप्तान ने शतक बनाया। क्रिकेट मैच रविवार को खेला जाएगा।",
    ]
    assert stories.group(texts) == [0, 0, 1, 1]
    assert stories.group(texts, linkage="complete") == [0, 0, 1, 1]
    # Single linkage at the same threshold chains all four through the third report.
    m = stories.vectorize(texts)
    distance = (1 - (m @ m.T).toarray()).clip(0)
    single = AgglomerativeClustering(
        n_clusters=None,
        metric="precomputed",
        linkage="single",
        distance_threshold=stories.DEFAULT_THRESHOLD,
    ).fit_predict(distance)
    assert len(set(single)) == 1


def test_single_linkage_is_refused_with_the_choices() -> None:
    with pytest.raises(ConfigError, match="average, complete"):
        stories.group(["क", "ख"], linkage="single")


def test_state_keeps_ids_when_reports_are_added_and_splits_get_new_ids() -> None:
    saved = state_file.load(None)
    first = state_file.assign(saved, [["k:a", "k:b"], ["k:c"]])
    saved = state_file.update(saved, first, [["k:a", "k:b"], ["k:c"]])
    again = state_file.assign(saved, [["k:c", "k:new"], ["k:a"], ["k:b"]])
    assert again[0] == first[1]  # the story of c, with a new report
    assert again[1] == first[0]  # a keeps the old id (tie: the older story)
    assert again[2] not in first  # b split off: a new id


def test_feed_entries_become_reports_with_outlet_link_and_time(tmp_path: Path) -> None:
    rss = f"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>जनवाणी</title>
<item><title>{TITLE}</title><link>https://janvani.example/1</link><guid>j-1</guid>
<pubDate>Sat, 12 Jul 2025 10:00:00 +0530</pubDate>
<description>&lt;p&gt;{HI[28]}&lt;/p&gt;&lt;p&gt;{HI[29]}&lt;/p&gt;</description></item>
</channel></rss>"""
    (reports,) = [feed_reports(rss, name="feed.xml", file="feed.xml")]
    assert reports == [
        Report(
            id="j-1",
            text=f"{HI[28]}\n\n{HI[29]}",
            file="feed.xml",
            source="जनवाणी",
            url="https://janvani.example/1",
            published="Sat, 12 Jul 2025 10:00:00 +0530",
            title=TITLE,
        )
    ]
    (tmp_path / "feed.rss").write_text(rss, "utf-8")
    read, skipped = load_reports([str(tmp_path / "feed.rss")])
    assert [r.id for r in read] == ["j-1"] and skipped == []


def test_jsonl_records_keep_their_fields_and_a_bad_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "day.jsonl"
    lines = [
        json.dumps({"id": "x1", "text": RAIN, "source": "जनवाणी", "url": "https://j.example/x1"}),
        "{not json",
        json.dumps({"id": "x2", "body": RAIN}),
        json.dumps({"text": CRICKET, "published": "2025-07-12T09:00:00Z"}),
    ]
    path.write_text("\n".join(lines) + "\n", "utf-8")
    reports, skipped = load_reports([str(path), "https://example.com/rss"])
    assert [(r.id, r.source, r.published) for r in reports] == [
        ("x1", "जनवाणी", None),
        (f"{path}:4", None, "2025-07-12T09:00:00Z"),
    ]
    assert [s.id for s in skipped] == [f"{path}:2", f"{path}:3", "https://example.com/rss"]
    assert "not valid JSON" in skipped[0].reason and "'text'" in skipped[1].reason
    assert "--fetch" in skipped[2].reason


def test_html_fragments_become_paragraphs() -> None:
    assert html_to_text("<p>एक &amp; दो</p><script>x()</script><p>तीन</p>") == "एक & दो\n\nतीन"


def test_repeated_ids_are_made_unique() -> None:
    reports, _ = load_reports([{"id": "a", "text": RAIN}, {"id": "a", "text": CRICKET}])
    assert [r.id for r in reports] == ["a", "a#2"]


# -- end to end with the tiny Marian model ------------------------------------------------
@pytest.fixture(scope="module")
def pipe(tiny_marian: Any) -> Any:
    from hinews.pipeline import Pipeline

    return Pipeline.from_options(translator=str(tiny_marian.path), device="cpu")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return folder_of_reports(tmp_path_factory.mktemp("digest"))


@pytest.fixture(scope="module")
def result(pipe: Any, folder: Path) -> Any:
    return pipe.digest([str(folder)])


def _story_with(result: Any, file_name: str) -> Any:
    return next(s for s in result.stories if any(a.id.endswith(file_name) for a in s.articles))


def test_every_hindi_report_is_in_one_story_and_the_rest_are_skipped(result: Any) -> None:
    listed = [Path(a.id).name for s in result.stories for a in s.articles]
    assert sorted(listed) == [
        "a-bridge.txt",
        "b-bridge-copy.txt",
        "c-satellite.txt",
        "d-satellite-2.txt",
        "e-rain.txt",
    ]
    reasons = {Path(s.id).name: s.reason for s in result.skipped}
    assert sorted(reasons) == ["f-english.txt", "g-marathi.txt", "h-binary.txt"]
    assert "not Hindi" in reasons["f-english.txt"] or "no Devanagari" in reasons["f-english.txt"]
    assert "Marathi" in reasons["g-marathi.txt"]
    assert "binary" in reasons["h-binary.txt"]
    assert len(result.stories) == 3 and result.articles == 5 and result.duplicates == 1


def test_the_syndicated_copy_points_at_the_original(result: Any, folder: Path) -> None:
    story = _story_with(result, "a-bridge.txt")
    by_name = {Path(a.id).name: a for a in story.articles}
    assert by_name["b-bridge-copy.txt"].duplicate_of == str(folder / "a-bridge.txt")
    assert by_name["a-bridge.txt"].duplicate_of is None
    assert by_name["a-bridge.txt"].file == str(folder / "a-bridge.txt")
    assert story.title == TITLE_EN and story.title_source == TITLE
    assert [a.title for a in story.articles] == [TITLE_EN, TITLE_EN]
    assert story.outlets == 2  # two files, no source given: each its own outlet
    assert len(story.bullets) == 3
    assert all(b in [EN[h] for h in HI[28:32]] for b in story.bullets)
    assert story.unsupported == ((), (), ())


def test_two_reports_of_one_event_make_one_story_with_bullets_from_both(result: Any) -> None:
    story = _story_with(result, "c-satellite.txt")
    assert {Path(a.id).name for a in story.articles} == {"c-satellite.txt", "d-satellite-2.txt"}
    assert all(a.duplicate_of is None for a in story.articles)
    # Pooled lead first: launch (c), weather (d), joy (both: once), congratulations (c).
    # No headline in either file: the first is the headline, the next three the bullets
    # (no bullet repeats the headline).
    assert story.title == EN[HI[0]]
    assert story.bullets == (EN[HI[1]], EN[HI[2]], EN[HI[3]])


def test_stories_are_ranked_by_outlets(result: Any) -> None:
    assert [s.outlets for s in result.stories] == [2, 2, 1]
    assert result.stories[-1].articles[0].id.endswith("e-rain.txt")


def test_json_has_exactly_the_documented_shape(result: Any) -> None:
    data = json.loads(json.dumps(result.to_dict()))
    assert list(data) == ["stories", "articles", "duplicates", "skipped", "provenance"]
    story = data["stories"][0]
    assert list(story) == [
        "id",
        "title",
        "title_source",
        "bullets",
        "unsupported",
        "bullet_flags",
        "bullet_support",
        "outlets",
        "articles",
        "discrepancies",
        "new_reports",
        "changes",
        "first_seen",
        "updated",
    ]
    assert list(story["bullet_support"][0]) == [
        "sentences",
        "hindi",
        "english",
        "score",
        "method",
        "articles",
    ]
    assert list(story["articles"][0]) == [
        "id",
        "file",
        "source",
        "url",
        "published",
        "title",
        "duplicate_of",
    ]
    assert data["articles"] == 5 and data["duplicates"] == 1
    assert data["provenance"]["translator"]["backend"] == "transformers"
    assert data["provenance"]["grouping"]["stories"]["linkage"] == "average"
    assert {s["id"].rsplit("/", 1)[-1] for s in data["skipped"]} == {
        "f-english.txt",
        "g-marathi.txt",
        "h-binary.txt",
    }


def test_markdown_and_html_show_every_story_bullet_and_source(result: Any) -> None:
    md = result.to_markdown()
    page = result.to_html()
    for story in result.stories:
        assert f"## {story.title}" in md
        for bullet in story.bullets:
            assert f"- {bullet}" in md
            assert f"<li>{bullet}<details" in page  # the sentences it rests on, folded
    assert md.count("(copy of `") == 1 and "## Skipped" in md
    assert page.count("<details>") == 3 and "Skipped (3)" in page
    assert "<script" not in page and "http" not in page.split("<body>")[0]  # no assets


def test_only_headlines_and_chosen_sentences_are_translated(pipe: Any, folder: Path) -> None:
    calls: list[list[str]] = []
    original = pipe.translate_sentences_scored

    def spy(sentences: list[str], **kw: Any) -> list[Any]:
        calls.append(list(sentences))
        return original(sentences, **kw)

    pipe.translate_sentences_scored = spy
    try:
        pipe.digest([str(folder)])
    finally:
        del pipe.translate_sentences_scored
    assert len(calls) == 1  # one batch, each text once
    sent = calls[0]
    assert len(sent) == len(set(sent)) == 12
    # The headline and 3 of the bridge's 4 sentences; the untitled stories' first chosen
    # sentence as their headline and 3 more: the rest is never translated.
    assert TITLE in sent
    assert sum(h in sent for h in HI[28:32]) == 3
    for story_sentences in ([HI[0], HI[1], HI[2], HI[3]], HI[4:8]):
        assert sum(h in sent for h in story_sentences) == 4


def test_state_file_keeps_story_ids_when_an_hourly_run_adds_reports(
    pipe: Any, folder: Path, tmp_path: Path
) -> None:
    state = tmp_path / "stories.json"
    first = pipe.digest([str(folder / "a-bridge.txt"), str(folder / "e-rain.txt")], state=state)
    later = pipe.digest(
        [
            str(folder / "b-bridge-copy.txt"),
            str(folder / "e-rain.txt"),
            {"id": "new-rain", "text": " ".join(HI[4:7]), "source": "जनवाणी"},
            str(folder / "c-satellite.txt"),
        ],
        state=state,
    )
    ids = {Path(a.id).name: s.id for s in first.stories for a in s.articles}
    again = {Path(a.id).name: s.id for s in later.stories for a in s.articles}
    assert again["b-bridge-copy.txt"] == ids["a-bridge.txt"]  # same text, other file
    assert again["e-rain.txt"] == again["new-rain"] == ids["e-rain.txt"]
    assert again["c-satellite.txt"] not in ids.values()
    saved = json.loads(state.read_text("utf-8"))
    assert set(saved["stories"]) == set(ids.values()) | {again["c-satellite.txt"]}


def test_without_state_the_same_inputs_give_the_same_ids(
    pipe: Any, folder: Path, result: Any
) -> None:
    one = [s.id for s in result.stories]
    two = [s.id for s in pipe.digest([str(folder)]).stories]
    assert one == two and len(set(one)) == 3


def test_the_api_function_and_the_package_are_the_same_call(tiny_marian: Any) -> None:
    import hinews
    import hinews.digests

    got = hinews.digest(
        [{"id": "r", "text": RAIN, "source": "जनवाणी"}], translator=str(tiny_marian.path)
    )
    assert isinstance(got, hinews.Digest)
    assert got.stories[0].articles[0].source == "जनवाणी"
    assert set(got.stories[0].bullets) <= {EN[h] for h in HI[4:8]}


def test_cli_digest_on_a_folder_writes_json_and_markdown(
    tiny_marian: Any, folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hinews.cli import main

    common = [str(folder), "--translator", str(tiny_marian.path), "--device", "cpu"]
    out = tmp_path / "digest.json"
    assert main(["digest", *common, "--format", "json", "-o", str(out)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert len(data["stories"]) == 3 and len(data["skipped"]) == 3
    assert "3 stories from 5 reports (1 copy), 3 skipped" in capsys.readouterr().err
    assert main(["digest", *common]) == 0  # Markdown on standard output
    md = capsys.readouterr().out
    assert f"## {TITLE_EN}" in md
    assert "3 stories from 5 reports (1 copy of another report), 3 skipped (listed below)." in md
    made = md.split("## Made with\n\n")[1].splitlines()
    assert made[0].startswith(f"- translator: `{tiny_marian.path}` (transformers; ")
    assert made[1].startswith("- grouping: ") and made[2].startswith("- hinews ")


def test_cli_digest_help_has_examples(capsys: pytest.CaptureFixture[str]) -> None:
    from hinews.cli import main

    with pytest.raises(SystemExit):
        main(["digest", "--help"])
    assert "hinews digest --state stories.json reports/" in capsys.readouterr().out


def test_digest_modules_import_no_heavy_library() -> None:
    import subprocess

    probe = (
        "import hinews.digests, hinews.digests.cli, hinews.digests.build, sys; "
        "print(' '.join(m for m in ('sklearn', 'datasketch', 'feedparser', 'torch', "
        "'transformers', 'gradio') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True)
    assert out.returncode == 0 and out.stdout.split() == []


def test_fetch_reads_a_feed_url_through_the_guard(tmp_path: Path) -> None:
    import http.server
    import threading

    pages: dict[str, tuple[str, bytes]] = {}

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            kind, body = pages.get(self.path, ("text/plain", b""))
            self.send_response(200 if self.path in pages else 404)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    url = f"{base}/rss"
    long_text = " ".join(HI[28:32] * 4)  # more than a teaser: used as it is
    pages["/rss"] = (
        "application/rss+xml; charset=utf-8",
        (
            '<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>जनवाणी'
            f"</title><item><title>{TITLE}</title><link>https://j.example/1</link>"
            f"<description>{long_text}</description></item>"
            f"<item><title>{HI[4]}</title><link>{base}/rain</link>"
            f"<description>{HI[4]}</description></item></channel></rss>"
        ).encode(),
    )
    pages["/rain"] = ("text/plain; charset=utf-8", RAIN.encode())
    try:
        reports, skipped = load_reports([url], fetch=True, allow_loopback=True)
        refused, why = load_reports([url], fetch=True)  # loopback is refused by default
    finally:
        server.shutdown()
    assert [(r.title, r.source, r.url) for r in reports] == [
        (TITLE, "जनवाणी", "https://j.example/1"),
        (HI[4], "जनवाणी", f"{base}/rain"),
    ]
    assert reports[0].text == long_text  # the feed's own text
    assert reports[1].text == RAIN  # a teaser: its page was fetched
    assert skipped == [] and refused == []
    assert "not a public internet address" in why[0].reason


def test_cli_digest_refuses_a_bad_threshold_before_reading(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hinews.cli import main

    assert main(["digest", str(tmp_path), "--story-threshold", "1.5"]) == 2
    err = capsys.readouterr().err
    assert "story threshold must be between 0 and 1" in err and "0.825" in err
    assert "stories from" not in err  # nothing was read


def test_bullets_carry_the_trust_flags_of_their_translations(
    result: Any, tiny_marian: Any, folder: Path
) -> None:
    from hinews.pipeline import Pipeline

    # memorised sentences: nothing to check
    assert all(f == () for s in result.stories for f in s.bullet_flags)
    assert all(len(s.bullet_flags) == len(s.bullets) for s in result.stories)
    strict = Pipeline.from_options(
        translator=str(tiny_marian.path), device="cpu", confidence_threshold=0.9999
    ).digest([str(folder)])
    flags = [f for s in strict.stories for f in s.bullet_flags]
    assert flags and all("low-confidence" in f for f in flags)
    assert "(⚠ low-confidence)" in strict.to_markdown()
    assert strict.to_dict()["stories"][0]["bullet_flags"][0] == ["low-confidence"]


@pytest.mark.requires("datasketch", "sklearn", "feedparser")
def test_cli_digest_with_nothing_readable_is_a_one_line_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from hinews.cli import main

    (tmp_path / "english.txt").write_text("Only English here, no Hindi at all.", "utf-8")
    out = tmp_path / "digest.md"
    code = main(["digest", str(tmp_path / "nope"), str(tmp_path / "english.txt"), "-o", str(out)])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == "" and not out.exists()
    (line,) = captured.err.strip().splitlines()[-1:]
    assert line.startswith("hinews: error: no report to digest. ")
    assert f"{tmp_path / 'nope'}: The file" in line and "english.txt" in line
    bad = tmp_path / "day.jsonl"
    bad.write_text("{bad\n", "utf-8")
    assert main(["digest", str(bad)]) == 2
    err = capsys.readouterr().err  # the file is named once, with its line
    assert f"no report to digest. {bad}:1 is not valid JSON (" in err
