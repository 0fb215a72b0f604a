"""IndicTrans2 without its hub code, against outputs of IndicTrans2's own implementation.

The fixtures in ``../shared/models/indictrans2`` (README there) were made by AI4Bharat's
modelling code under transformers 4.53.2 with ``IndicProcessor``: a random 1B-layout model
(greedy and beam-4 ids, teacher-forced log-probabilities) and a dist-200M-layout model that
memorised 30 sentences (placeholders included). hinews converts them to CTranslate2 from
their weights and must reproduce those outputs exactly, without ever running the Python
files the folders hold (stand-ins that raise if imported).
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("sacremoses")

import hinews
from hinews.cli import main
from hinews.config import TranslatorConfig
from hinews.errors import ConfigError, InputError
from hinews.translators.factory import clear_cache, load_translator
from hinews.translators.indictrans2.processing import preprocess
from hinews.translators.indictrans2.tokenizer import IndicTransTokenizer
from shared_paths import shared_root

ROOT = Path(__file__).resolve().parents[1]


def _fixture(name: str) -> Path:
    path = shared_root() / "models" / "indictrans2" / name
    if not (path / "reference.jsonl").is_file():
        pytest.skip(f"IndicTrans2 reference fixtures not found at {path} (set HINEWS_SHARED)")
    return path


def _rows(path: Path) -> list[dict]:  # type: ignore[type-arg]
    return [json.loads(line) for line in (path / "reference.jsonl").read_text("utf-8").splitlines()]


@pytest.fixture(scope="module")
def random_1b() -> Path:
    return _fixture("tiny-random-1b")


@pytest.fixture(scope="module")
def memorised() -> Path:
    return _fixture("tiny-memorised-dist")


@pytest.fixture(autouse=True)
def _fresh_translators():  # type: ignore[no-untyped-def]
    clear_cache()  # each test's HINEWS_CACHE is its own tmp dir
    yield
    clear_cache()


def _translator(model: Path | str, **options: object):  # type: ignore[no-untyped-def]
    config = TranslatorConfig(model=str(model), device="cpu", threads=1, **options)  # type: ignore[arg-type]
    return load_translator(config)


def _numbered_by_appearance(text: str) -> str:
    """``text`` with its ``< IDn >`` placeholders renumbered in order of appearance."""
    order: dict[str, str] = {}
    return re.sub(
        r"< ID(\d+) >", lambda m: f"< ID{order.setdefault(m[1], str(len(order) + 1))} >", text
    )


def _set_ordered(row: dict) -> bool:  # type: ignore[type-arg]
    """Whether the reference numbered two placeholders of one pattern otherwise than in
    order of appearance: IndicProcessor numbers them in ``set`` order, which changes with
    PYTHONHASHSEED (the fixture caught one order); hinews numbers them as they appear, the
    same in every process."""
    ours = preprocess(row["text"]).text
    return ours != row["preprocessed"] and ours == _numbered_by_appearance(row["preprocessed"])


@pytest.mark.parametrize("name", ["tiny-random-1b", "tiny-memorised-dist"])
def test_source_ids_equal_the_hub_tokenizer_and_indicprocessor(name: str) -> None:
    path = _fixture(name)
    tokenizer = IndicTransTokenizer(path)
    rows = _rows(path)
    renumbered = [r for r in rows if _set_ordered(r)]
    exact = [r for r in rows if r not in renumbered]
    assert [tokenizer.encode_ids(r["text"]) for r in exact] == [r["input_ids"] for r in exact]
    # At most the one sentence with two entities of one pattern (#tag and @handle) differs,
    # and only in which is ID1 and which ID2.
    assert len(renumbered) <= 1 and all("@" in r["text"] for r in renumbered)
    assert [tokenizer.count(r["text"]) for r in rows] == [len(r["input_ids"]) for r in rows]


def test_random_1b_greedy_and_beam4_ids_equal_the_reference_in_float32(random_1b: Path) -> None:
    """Random weights with layer norms and biases away from identity: any difference in
    the architecture (positions, scaling, norms, fused projections, untied output) would
    change these ids. The reference decodes exactly 24 new tokens (the random model never
    ends), left-padded batches equal to single runs. The converted model is fed the
    reference's own input ids here; through hinews's tokenizer below."""
    rows = _rows(random_1b)
    greedy = _translator(random_1b, quantization="float32", num_beams=1, max_new_tokens=24)
    engine, tokenizer = greedy.engine, greedy.tokenizer
    tgt = tokenizer._target_ids
    by_id = {v: k for k, v in tokenizer.vocab.items()}
    source = [[by_id[i] for i in r["input_ids"][:-1]] for r in rows]  # </s>: added by CT2
    singles = [engine.translate_batch([s], beam_size=1, max_decoding_length=24)[0] for s in source]
    assert [[tgt[t] for t in r.hypotheses[0]] for r in singles] == [r["greedy_ids"] for r in rows]
    batched = engine.translate_batch(source, beam_size=1, max_decoding_length=24)
    assert [[tgt[t] for t in r.hypotheses[0]] for r in batched] == [
        r["batched_greedy_ids"] for r in rows
    ]
    beams = engine.translate_batch(source, beam_size=4, max_decoding_length=24, patience=2)
    assert [[tgt[t] for t in r.hypotheses[0]] for r in beams] == [r["beam4_ids"] for r in rows]
    # Through the translator (preprocessing, batching, post-processing): the reference's
    # strings, for every sentence whose reference numbering hinews reproduces.
    same = [r for r in rows if not _set_ordered(r)]
    assert len(same) >= len(rows) - 1
    texts = [r["text"] for r in same]
    assert [h.text for h in greedy.translate_batch(texts)] == [r["greedy_text"] for r in same]
    beam = _translator(random_1b, quantization="float32", num_beams=4, max_new_tokens=24)
    assert [h.text for h in beam.translate_batch(texts)] == [r["beam4_text"] for r in same]


def test_teacher_forced_log_probs_equal_the_reference(random_1b: Path) -> None:
    forced = json.loads((random_1b / "reference.forced.json").read_text("utf-8"))
    translator = _translator(random_1b, quantization="float32")
    src_tokens = json.loads((random_1b / "dict.SRC.json").read_text("utf-8"))
    tgt_tokens = json.loads((random_1b / "dict.TGT.json").read_text("utf-8"))
    by_id_src = {v: k for k, v in src_tokens.items()}
    by_id_tgt = {v: k for k, v in tgt_tokens.items()}
    source = [by_id_src[i] for i in forced["source_ids"][:-1]]  # </s>: the model adds it
    target = [by_id_tgt[i] for i in forced["target_ids"][:-1]]
    scored = translator.engine.score_batch([source], [target])[0]
    assert scored.log_probs == pytest.approx(forced["token_log_probs"], abs=2e-4)


@pytest.mark.parametrize("quantization", ["float32", "int8"])
@pytest.mark.parametrize(("beams", "field"), [(1, "english"), (4, "beam4_text")])
def test_memorised_dist_translates_every_sentence_exactly(
    memorised: Path, quantization: str, beams: int, field: str
) -> None:
    """Tied output embeddings and ``layernorm_embedding``; five sentences carry a URL, an
    e-mail or a long number that IndicProcessor replaces by ``<ID1>`` and puts back."""
    rows = _rows(memorised)
    translator = _translator(memorised, quantization=quantization, num_beams=beams)
    out = translator.translate_batch([r["text"] for r in rows])
    assert [h.text for h in out] == [r[field] for r in rows]
    assert all(h.confidence is not None and 0.5 < h.confidence <= 1 for h in out)
    provenance = translator.provenance.options
    assert (provenance["src_lang"], provenance["tgt_lang"]) == ("hin_Deva", "eng_Latn")
    assert provenance["quantization"] == quantization


def _article(rows: list[dict]) -> tuple[str, str, list[str]]:  # type: ignore[type-arg]
    """A title and three paragraphs made of the memorised sentences."""
    title = rows[0]["text"]
    paragraphs = [rows[1:5], rows[6:11], rows[11:30]]
    text = title + "\n\n" + "\n\n".join(" ".join(r["text"] for r in p) for p in paragraphs)
    return text, rows[0]["english"], [r["english"] for p in paragraphs for r in p]


def test_an_article_through_the_pipeline_and_the_cli(
    memorised: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = _rows(memorised)
    text, title, english = _article(rows)
    result = hinews.translate(text, translator=str(memorised))
    assert result.title == title
    assert [s.target for s in result.sentences] == english
    assert [s.paragraph for s in result.sentences][:5] == [0, 0, 0, 0, 1]
    assert result.provenance.backend == "ctranslate2"  # backend auto: IndicTrans2 -> ct2
    assert result.provenance.options["num_beams"] == 5  # the default preset's beam
    article = tmp_path / "article.txt"
    article.write_text(text, encoding="utf-8")
    assert (
        main(["translate", "--translator", str(memorised), "--format", "json", str(article)]) == 0
    )
    out = json.loads(capsys.readouterr().out)
    assert [s["target"] for s in out["sentences"]] == english
    assert out["provenance"]["options"]["source_lang"] == "hin_Deva"


def test_the_alias_finds_the_hub_snapshot_offline(
    memorised: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """``--translator indictrans2`` is the hub's ai4bharat/indictrans2-indic-en-dist-200M,
    found in the HF cache without network (HF_HUB_OFFLINE is set by conftest)."""
    cache = tmp_path / "hub"
    repo = cache / "models--ai4bharat--indictrans2-indic-en-dist-200M"
    snapshot = repo / "snapshots" / ("d" * 40)
    snapshot.mkdir(parents=True)
    for f in memorised.iterdir():
        (snapshot / f.name).symlink_to(f)
    (repo / "refs").mkdir()
    (repo / "refs" / "main").write_text("d" * 40)
    import huggingface_hub.constants as constants

    monkeypatch.setenv("HF_HUB_CACHE", str(cache))
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(cache))
    rows = _rows(memorised)
    result = hinews.translate(rows[1]["text"], translator="indictrans2", force=True)
    assert [s.target for s in result.sentences] == [rows[1]["english"]]
    assert result.provenance.model == "ai4bharat/indictrans2-indic-en-dist-200M"
    assert result.provenance.revision == "d" * 40


def test_the_transformers_backend_is_refused_in_one_line(memorised: Path) -> None:
    for model in (str(memorised), "indictrans2"):
        with pytest.raises(ConfigError) as caught:
            _translator(model, backend="transformers")
        message = str(caught.value)
        assert "\n" not in message and 'backend="ctranslate2"' in message, message


def test_languages_the_model_has_are_given_their_tag_and_bhojpuri_is_refused(
    memorised: Path, shared_data: Path
) -> None:
    flores = shared_data / "flores200-devtest"

    def article(lang: str) -> str:
        return " ".join((flores / f"{lang}.devtest").read_text("utf-8").splitlines()[:4])

    pipe = hinews.Pipeline.from_options(translator=str(memorised), source_lang="auto")
    marathi = pipe.translate(article("mar_Deva"))
    assert marathi.language is not None and marathi.language.code == "mar_Deva"
    assert marathi.provenance.options["src_lang"] == "mar_Deva"
    encoded = pipe.translator.tokenizer.encode(["x"])  # type: ignore[attr-defined]
    assert encoded[0][:2] == ["hin_Deva", "eng_Latn"]  # the default, swapped per article
    with pytest.raises(InputError) as caught:
        pipe.translate(article("bho_Deva"))
    assert "Bhojpuri (bho_Deva" in str(caught.value) and "\n" not in str(caught.value)
    forced = pipe.translate(article("bho_Deva"), force=True)  # read as Hindi, said so
    assert forced.provenance.options["source_lang"] == "hin_Deva"
    given = hinews.Pipeline.from_options(translator=str(memorised), source_lang="bho_Deva")
    with pytest.raises(ConfigError, match="has no such language"):
        given.translate(article("hin_Deva"))


def test_long_sentences_are_split_never_cut(memorised: Path) -> None:
    """IndicTrans2's own engine cuts inputs at 160 tokens; hinews splits at clauses."""
    rows = _rows(memorised)
    long_sentence = ", ".join(r["text"].rstrip("।") for r in rows[11:26]) + "।"
    pipe = hinews.Pipeline.from_options(translator=str(memorised), max_source_tokens=48)
    seen: list[str] = []
    translator = pipe.translator
    original = translator.translate_batch

    def spy(sentences, **kw):  # type: ignore[no-untyped-def]
        seen.extend(sentences)
        return original(sentences, **kw)

    translator.translate_batch = spy  # type: ignore[method-assign]
    result = pipe.translate(long_sentence, force=True)
    assert len(result.sentences) == 1 and len(seen) > 2
    assert all(translator.count_tokens(s) <= 48 for s in seen)
    # Nothing left out: the pieces (sent longest first) put back in place are the sentence.
    assert all(piece in long_sentence for piece in seen)
    in_place = sorted(seen, key=long_sentence.index)
    assert " ".join(in_place).replace(" ", "") == long_sentence.replace(" ", "")


NO_HUB_CODE = textwrap.dedent(
    """
    import json, sys
    fixture, out = sys.argv[1], sys.argv[2]
    touched = []
    def audit(event, args):
        if event in ("open", "import") and args and str(args[0]).startswith(fixture) \\
                and str(args[0]).endswith(".py"):
            touched.append(str(args[0]))
        if event == "import" and str(args[0]).split(".")[0] in (
            "modeling_indictrans", "configuration_indictrans", "tokenization_indictrans"):
            touched.append(str(args[0]))
    sys.addaudithook(audit)
    from hinews.translators.indictrans2.convert import convert
    convert(fixture, out, "int8")
    from hinews.config import TranslatorConfig
    from hinews.models.hub import find_model
    from hinews.translators.ct2 import CTranslate2Translator
    rows = [json.loads(l) for l in open(fixture + "/reference.jsonl", encoding="utf-8")]
    t = CTranslate2Translator(find_model(out), TranslatorConfig(model=out, num_beams=1, threads=1))
    texts = [h.text for h in t.translate_batch([r["text"] for r in rows])]
    heavy = [m for m in ("torch", "transformers") if m in sys.modules]
    print(json.dumps({"touched": touched, "exact": texts == [r["english"] for r in rows],
                      "heavy": heavy}))
    """
)


def test_the_folder_python_files_are_never_run_and_no_torch_after_conversion(
    memorised: Path, tmp_path: Path
) -> None:
    """An audit hook sees every file opened and module imported: none of the folder's
    ``*.py`` (which raise if run). Converting a ``.bin`` needs torch; translating the
    converted folder needs neither torch nor transformers (checked in a fresh process
    that translates from the converted folder alone, the original folder gone)."""
    folder = tmp_path / "indictrans2-copy"
    shutil.copytree(memorised, folder)
    out = tmp_path / "converted"
    run = subprocess.run(
        [sys.executable, "-c", NO_HUB_CODE, str(folder), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    report = json.loads(run.stdout.strip().splitlines()[-1])
    assert report["touched"] == [] and report["exact"] is True
    shutil.rmtree(folder)
    fresh = NO_HUB_CODE.split("from hinews.translators.indictrans2.convert import convert")[0]
    fresh += textwrap.dedent(
        """
        from hinews.config import TranslatorConfig
        from hinews.models.hub import find_model
        from hinews.translators.ct2 import CTranslate2Translator
        t = CTranslate2Translator(find_model(out), TranslatorConfig(model=out, num_beams=1))
        text = t.translate_batch(["आइए जानते हैं।"])[0].text
        print(json.dumps({"text": text, "heavy": [m for m in ("torch", "transformers")
                                                  if m in sys.modules]}))
        """
    )
    run = subprocess.run(
        [sys.executable, "-c", fresh, str(folder), str(out)],
        capture_output=True,
        text=True,
        check=True,
    )
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {
        "text": "Let us find out.",
        "heavy": [],
    }


def test_models_lists_indictrans2_with_its_licence(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["models", "--format", "json"]) == 0
    listing = json.loads(capsys.readouterr().out)
    models = {m["alias"]: m for m in listing["models"]}
    assert models["indictrans2"]["hub_id"] == "ai4bharat/indictrans2-indic-en-dist-200M"
    assert models["indictrans2-1b"]["hub_id"] == "ai4bharat/indictrans2-indic-en-1B"
    assert models["indictrans2"]["license"] == models["indictrans2-1b"]["license"] == "MIT"
    presets = {p["name"]: p for p in listing["presets"]}
    assert presets["default"]["translator"] == "indictrans2"
    assert presets["best"]["translator"] == "indictrans2-1b"
    assert presets["nllb"]["translator"] == "nllb-600m"
    assert (
        "CC-BY-NC" in presets["nllb"]["description"] and "MIT" in presets["default"]["description"]
    )


def test_limits_and_languages_are_refused_in_one_line_not_mid_run(memorised: Path) -> None:
    """The converted model appends </s> itself: a sentence one token over the limit is
    refused (not sent to fail in the engine); max_new_tokens over the decoder's 256
    positions is refused at load; a tag the text processing cannot take is refused."""
    translator = _translator(memorised, max_source_tokens=12)
    over = next(r["text"] for r in _rows(memorised) if translator.count_tokens(r["text"]) == 13)
    with pytest.raises(InputError, match="13 tokens, more than the model's limit of 12"):
        translator.translate_batch([over])
    with pytest.raises(ConfigError, match="256 target positions") as caught:
        _translator(memorised, max_new_tokens=300)
    assert "\n" not in str(caught.value)
    with pytest.raises(ConfigError, match="ben_Beng"):
        _translator(memorised).translate_batch(["आइए जानते हैं।"], src_lang="ben_Beng")


def test_an_unsure_detection_is_read_as_hindi_and_a_sure_one_the_model_lacks_names_nllb(
    memorised: Path, shared_data: Path
) -> None:
    from hinews.results import Language
    from hinews.trust.language import check_language, source_code

    languages = frozenset({"hin_Deva", "mar_Deva"})
    unsure = Language("bho_Deva", "Bhojpuri", 0.1)  # a short Hindi text CLD2 calls Bihari
    check_language(unsure, wanted="auto", languages=languages, model="it2", force=False)
    assert source_code(unsure, "auto", languages) is None  # the model's default: Hindi
    sure = Language("bho_Deva", "Bhojpuri", 0.96)
    with pytest.raises(InputError, match='preset="nllb"') as caught:  # no source_lang=
        check_language(sure, wanted=None, languages=languages, model="it2", force=False)
    assert 'source_lang="bho_Deva"' not in str(caught.value)
    bhojpuri = " ".join(
        (shared_data / "flores200-devtest" / "bho_Deva.devtest").read_text("utf-8").splitlines()[:4]
    )
    with pytest.raises(InputError, match="does not translate Bhojpuri"):
        hinews.translate(bhojpuri, translator=str(memorised))
