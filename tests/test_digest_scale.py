"""A day of news: the sparse grouping beside the exact one, cleaning in processes,
--stories-only without any model, and bad input at scale (bad rows, Ctrl-C, --workers 0)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from hinews.cli import main
from hinews.digests import digest, grouping, parallel, stories
from hinews.errors import ConfigError
from tiny_data import PAIRS

HI = [p[0] for p in PAIRS]
SRC = Path(__file__).resolve().parents[1] / "src"


def partition(labels: list[int]) -> set[frozenset[int]]:
    groups: dict[int, set[int]] = {}
    for i, label in enumerate(labels):
        groups.setdefault(label, set()).add(i)
    return {frozenset(g) for g in groups.values()}


def day(path: Path, extra: list[str] = ()) -> Path:  # type: ignore[assignment]
    """Four stories told by several outlets (one a copy), as JSON Lines."""
    rows = []
    outlets = ["अ", "ब", "स", "द"]
    for s, start in enumerate((0, 4, 8, 28)):
        for r in range(3):
            body = " ".join(HI[start + (r + k) % 4] for k in range(3))
            rows.append(
                {
                    "id": f"s{s}r{r}",
                    "text": body,
                    "source": outlets[r],
                    "published": f"2026-12-07T0{r}:00:00Z",
                }
            )
    lines = [json.dumps(r, ensure_ascii=False) for r in rows] + list(extra)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_heap_linkage_on_the_full_graph_is_average_linkage() -> None:
    import numpy as np
    from sklearn.cluster import AgglomerativeClustering

    rng = np.random.default_rng(7)
    centres = rng.random((5, 30)) ** 4
    x = np.vstack([c + 0.4 * rng.random((8, 30)) ** 4 for c in centres])
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    sim = x @ x.T
    a, b = np.triu_indices(len(x), 1)
    for threshold in (0.2, 0.35, 0.5):
        dense = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=threshold
        ).fit_predict(np.clip(1 - sim, 0, 1))
        ours = grouping.linkage_labels(len(x), a, b, sim[a, b], threshold=threshold)
        assert partition(ours) == partition(list(dense))
        assert 1 < len(set(ours)) < len(x)  # a real test: neither extreme


def test_a_pair_outside_the_graph_counts_as_distance_one() -> None:
    import numpy as np

    # 0-1 and 1-2 close, 0-2 unknown: {0,1} and {2} average (0.9 + 0) / 2 = 0.45
    a, b, s = np.array([0, 1]), np.array([1, 2]), np.array([0.95, 0.9])
    assert grouping.linkage_labels(3, a, b, s, threshold=0.5) == [0, 0, 1]  # 0.55 > 0.5
    assert grouping.linkage_labels(3, a, b, s, threshold=0.6) == [0, 0, 0]  # 0.55 < 0.6
    assert grouping.linkage_labels(3, a, b, s, threshold=0.6, linkage="complete") == [0, 0, 1]


def test_sparse_grouping_agrees_with_exact_on_stories() -> None:
    texts = [
        " ".join(HI[start + (r + k) % 4] for k in range(3))
        for start in (0, 4, 8, 28)
        for r in range(3)
    ]
    sparse = stories.group(texts)
    exact = stories.group(texts, method="exact")
    assert partition(sparse) == partition(exact)
    assert len(set(sparse)) == 4
    with pytest.raises(ConfigError, match="sparse, exact"):
        stories.group(texts, method="dense")


def test_stories_only_json_markdown_html(tmp_path: Path) -> None:
    path = day(tmp_path / "day.jsonl")
    d = digest([path], stories_only=True, workers=1)
    data = d.to_dict()
    ids = [a["id"] for s in data["stories"] for a in s["articles"]]
    assert sorted(ids) == sorted(f"s{s}r{r}" for s in range(4) for r in range(3))
    assert len(data["stories"]) == 4 and d.translator is None
    assert all(s["title_source"] and s["bullets"] == [] for s in data["stories"])
    assert data["provenance"]["grouping"]["stories_only"] is True
    md, html = d.to_markdown(), d.to_html()
    for story in d.stories:
        assert story.title_source in md and story.id in html


def test_workers_give_the_same_digest(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = day(tmp_path / "day.jsonl", ['{"id": "bad", "text": 3}'])
    monkeypatch.setattr(parallel, "CHUNK", 2)  # several chunks, so the pool really runs
    one = digest([path], stories_only=True, workers=1).to_dict()
    two = digest([path], stories_only=True, workers=2).to_dict()
    assert one == two
    assert [s["id"] for s in one["skipped"]] == [f"{path}:13"]


def test_slim_cleaning_lists_what_the_full_cleaning_lists(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # --stories-only keeps of each report only its headline, first sentence, key and time
    path = day(tmp_path / "day.jsonl")
    slim = digest([path], stories_only=True, workers=1).to_dict()
    real = parallel.prepare
    seen: list[bool] = []

    def full(*args, **kwargs):  # type: ignore[no-untyped-def]
        seen.append(kwargs["slim"])
        kwargs["slim"] = False
        return real(*args, **kwargs)

    monkeypatch.setattr(parallel, "prepare", full)
    assert digest([path], stories_only=True, workers=1).to_dict() == slim
    assert seen == [True] and all(s["title_source"] for s in slim["stories"])


def test_prepared_copies_match_the_text_detector(tmp_path: Path) -> None:
    from hinews.digests import dedup
    from hinews.digests.inputs import load_reports
    from hinews.pipeline import Pipeline

    reports, _ = load_reports([day(tmp_path / "day.jsonl")])
    copy = reports[0].__class__(id="copy", text="होम » देश\n\n" + reports[0].text)
    prep = parallel.prepare(Pipeline.from_options(), [*reports, copy], workers=1)
    order = list(range(len(prep.cleaned)))
    keys = [c.key for c in prep.cleaned]
    got = parallel.find_duplicates(keys, prep.shingles, prep.signatures, order)
    assert got == dedup.find_duplicates([c.body for c in prep.cleaned])
    assert got[-1] == 0


def test_workers_zero_or_negative_refused_in_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = day(tmp_path / "day.jsonl")
    for bad in ("0", "-3"):
        assert main(["digest", "--stories-only", "--workers", bad, str(path)]) == 2
        err = capsys.readouterr().err.strip()
        assert "\n" not in err and "--workers" in err and bad in err


@pytest.mark.requires("datasketch", "sklearn")
def test_a_bad_row_is_skipped_with_its_line_and_the_rest_goes_on(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = day(tmp_path / "day.jsonl", ['{"id": "broken", "text": ', '{"id": "empty"}'])
    out = tmp_path / "out.json"
    assert main(["digest", "--stories-only", "--format", "json", "-o", str(out), str(path)]) == 0
    data = json.loads(out.read_text("utf-8"))
    assert sum(len(s["articles"]) for s in data["stories"]) == 12
    where = {s["id"]: s["reason"] for s in data["skipped"]}
    assert set(where) == {f"{path}:13", f"{path}:14"}
    assert "JSON" in where[f"{path}:13"] or "json" in where[f"{path}:13"].lower()
    assert "text" in where[f"{path}:14"]


@pytest.mark.requires("datasketch", "sklearn")
def test_ctrl_c_leaves_no_half_written_output(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = day(tmp_path / "day.jsonl")
    out = tmp_path / "out" / "digest.json"
    out.parent.mkdir()
    real = parallel.prepare

    def interrupted(*args, **kwargs):  # type: ignore[no-untyped-def]
        real(*args, **kwargs)
        raise KeyboardInterrupt

    monkeypatch.setattr(parallel, "prepare", interrupted)
    assert main(["digest", "--stories-only", "--format", "json", "-o", str(out), str(path)]) == 130
    assert list(out.parent.iterdir()) == []
    assert "interrupted" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("module", "package"),
    [
        ("datasketch", "datasketch"),
        # datasketch is checked first: on a core install it is the one named
        pytest.param("sklearn", "scikit-learn", marks=pytest.mark.requires("datasketch")),
    ],
)
def test_a_missing_digest_extra_is_one_line_before_any_input_is_read(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    module: str,
    package: str,
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import -> ImportError, as on a core install
    missing = tmp_path / "not-there.jsonl"  # refused for the package, not for the file
    assert main(["digest", "--stories-only", str(missing)]) == 4
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"'{package}'" in err and "pip install 'hinews[digest]'" in err


@pytest.mark.requires("datasketch", "sklearn")
def test_stories_only_imports_no_model_library(tmp_path: Path) -> None:
    path = day(tmp_path / "day.jsonl")
    out = tmp_path / "out.json"
    code = (
        "import sys\n"
        "BLOCKED = {'torch', 'transformers', 'ctranslate2', 'sentencepiece', 'ray'}\n"
        "class Block:\n"
        "    def find_spec(self, name, path=None, target=None):\n"
        "        if name.split('.')[0] in BLOCKED:\n"
        "            raise ImportError(f'{name} is blocked in this test')\n"
        "sys.meta_path.insert(0, Block())\n"
        "from hinews.cli import main\n"
        f"sys.exit(main(['digest', '--stories-only', '--workers', '2', '--format', 'json', "
        f"'-o', {str(out)!r}, {str(path)!r}]))\n"
    )
    env = {**os.environ, "PYTHONPATH": str(SRC)}
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert len(json.loads(out.read_text("utf-8"))["stories"]) == 4
    assert "blocked" not in done.stderr
