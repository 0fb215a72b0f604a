"""The CTranslate2 path without torch or transformers: exact token ids against the
transformers tokenizers (tiny models, the real IndicTrans2 SentencePiece models), and a
process in which importing torch/transformers is impossible translating exactly as
transformers does, from the hinews cache and from a folder in CTranslate2 format."""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytest.importorskip("ctranslate2")
pytest.importorskip("transformers")

from hinews.translators.tokenize import JsonTokenizer, MarianSpmTokenizer, load_tokenizer
from tiny_models import TinyModel

ROOT = Path(__file__).resolve().parents[1]

# Installed before anything else runs: `import torch` / `import transformers` fail.
BLOCKER = textwrap.dedent(
    """
    import sys
    class _Block:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("torch", "transformers"):
                raise ImportError(f"{name} is blocked in this test")
            return None
    sys.meta_path.insert(0, _Block())
    """
)

TRANSLATE = textwrap.dedent(
    """
    import json, sys
    from hinews.config import TranslatorConfig
    from hinews.models.hub import find_model
    from hinews.translators.ct2 import CTranslate2Translator
    model, beams, sources = sys.argv[1], int(sys.argv[2]), json.loads(sys.stdin.read())
    config = TranslatorConfig(model=model, backend="ctranslate2", device="cpu", threads=1,
                              num_beams=beams, max_new_tokens=64, batch_size=7)
    t = CTranslate2Translator(find_model(model), config)
    out = [getattr(h, "text", h) for h in t.translate_batch(sources)]
    heavy = [m for m in ("torch", "transformers") if m in sys.modules]
    print(json.dumps({"out": out, "heavy": heavy, "counts": [t.count_tokens(s) for s in sources]}))
    """
)

EXTRA = [
    "",
    " ",
    "a </s> b",
    "<unk>x",
    ">>hin<< नमस्ते",
    "  दो  स्पेस  ",
    "x<pad>",
    "१२३ रुपये, 45.6% — “उद्धरण” ।",
]


def _texts(shared_data: Path | None) -> list[str]:
    texts = list(EXTRA)
    if shared_data is not None:
        folder = shared_data / "flores200-devtest"
        texts += (folder / "hin_Deva.devtest").read_text("utf-8").splitlines()[:300]
        texts += (folder / "eng_Latn.devtest").read_text("utf-8").splitlines()[:100]
    return texts


def _same_as_transformers(path: Path, texts: list[str], src_lang: str | None = None) -> None:
    """Ids, counts and decoding (of the encodings and of random id sequences) agree."""
    import transformers

    reference = transformers.AutoTokenizer.from_pretrained(path)
    if src_lang:
        reference.src_lang = src_lang
    mine = load_tokenizer(path, src_lang)
    assert isinstance(mine, MarianSpmTokenizer | JsonTokenizer)  # not the fallback
    ids = reference(texts)["input_ids"]
    assert [mine.encode_ids(t) for t in texts] == ids
    assert [mine.count(t) for t in texts] == [len(i) for i in ids]
    assert mine.encode(texts) == [reference.convert_ids_to_tokens(i) for i in ids]
    rng = random.Random(0)
    size = max(mine.vocab.values()) + 1
    seqs = ids + [[rng.randrange(size) for _ in range(rng.randrange(1, 30))] for _ in range(300)]
    expected = reference.batch_decode(seqs, skip_special_tokens=True)
    assert [mine.decode_ids(s) for s in seqs] == expected
    itos = {i: t for t, i in mine.vocab.items()}
    assert mine.decode([[itos[i] for i in s] for s in seqs]) == expected


def test_tiny_tokenizers_give_transformers_ids(
    tiny_marian: TinyModel, tiny_nllb: TinyModel
) -> None:
    pairs = [s for s, _ in tiny_marian.pairs] + [t for _, t in tiny_marian.pairs]
    _same_as_transformers(tiny_marian.path, pairs + EXTRA)
    _same_as_transformers(tiny_nllb.path, pairs + EXTRA, "hin_Deva")


@pytest.fixture(scope="module")
def indictrans2_spm() -> Path:
    from shared_paths import indictrans2_dir

    return indictrans2_dir()


def _pieces(spm_file: Path, limit: int | None = None) -> list[tuple[str, float]]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_file))
    out = [
        (sp.id_to_piece(i), sp.get_score(i))
        for i in range(sp.get_piece_size())
        if not (sp.is_control(i) or sp.is_unknown(i))
    ]
    return out[:limit]


def test_real_marian_spm_gives_transformers_ids(
    indictrans2_spm: Path, shared_data: Path, tmp_path: Path
) -> None:
    """An opus-mt-shaped tokenizer on the real IndicTrans2 models (source 128k, target 32k)."""
    from transformers import MarianTokenizer

    vocab = {"</s>": 0, "<unk>": 1}
    for piece, _ in _pieces(indictrans2_spm / "model.TGT") + _pieces(indictrans2_spm / "model.SRC"):
        vocab.setdefault(piece, len(vocab))
        if len(vocab) >= 61_949:  # opus-mt-hi-en's size: some real pieces become <unk>
            break
    vocab["<pad>"] = len(vocab)
    work = tmp_path / "work"
    work.mkdir()
    (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
    shutil.copy(indictrans2_spm / "model.SRC", work / "source.spm")
    shutil.copy(indictrans2_spm / "model.TGT", work / "target.spm")
    MarianTokenizer(
        source_spm=str(work / "source.spm"),
        target_spm=str(work / "target.spm"),
        vocab=str(work / "vocab.json"),
    ).save_pretrained(tmp_path / "tok")
    _same_as_transformers(tmp_path / "tok", _texts(shared_data))


def test_real_nllb_style_bpe_gives_transformers_ids(
    indictrans2_spm: Path, shared_data: Path, tmp_path: Path
) -> None:
    """An NllbTokenizer (tokenizer.json) built on the real IndicTrans2 source pieces."""
    from transformers import NllbTokenizer
    from transformers.tokenization_utils_base import generate_merges

    vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
    scores: dict[str, float] = {}
    for piece, score in _pieces(indictrans2_spm / "model.SRC", 12_000):
        if piece not in vocab:
            vocab[piece] = len(vocab)
            scores[piece] = score
    NllbTokenizer(
        vocab=vocab, merges=generate_merges(vocab, scores), src_lang="hin_Deva", tgt_lang="eng_Latn"
    ).save_pretrained(tmp_path / "tok")
    _same_as_transformers(tmp_path / "tok", _texts(shared_data), "hin_Deva")


def _run_blocked(model: Path, beams: int, sources: list[str], cache: Path) -> dict[str, object]:
    env_code = BLOCKER + TRANSLATE
    proc = subprocess.run(
        [sys.executable, "-c", env_code, str(model), str(beams)],
        input=json.dumps(sources),
        capture_output=True,
        text=True,
        check=False,
        env={**_env(), "HINEWS_CACHE": str(cache)},
        timeout=120,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    return json.loads(proc.stdout.strip().splitlines()[-1])


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if not k.startswith("PYTEST")}


@pytest.mark.slow
@pytest.mark.parametrize("kind", ["marian", "nllb"])
def test_no_torch_process_translates_exactly(
    kind: str, request: pytest.FixtureRequest, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from hinews.config import TranslatorConfig
    from hinews.models.hub import find_model
    from hinews.translators.ct2 import ensure_converted
    from hinews.translators.hf import TransformersTranslator

    model: TinyModel = request.getfixturevalue(f"tiny_{kind}")
    sources = [s for s, _ in model.pairs]
    config = TranslatorConfig(
        model=str(model.path), device="cpu", num_beams=4, max_new_tokens=64, threads=1
    )
    reference = TransformersTranslator(find_model(str(model.path)), config)
    expected = [getattr(h, "text", h) for h in reference.translate_batch(sources)]
    cache = tmp_path / "cache"
    monkeypatch.setenv("HINEWS_CACHE", str(cache))
    converted = ensure_converted(find_model(str(model.path)), "int8")  # converting needs torch
    result = _run_blocked(model.path, 4, sources, cache)
    assert result["heavy"] == []
    assert result["out"] == expected
    assert result["out"] == [t for _, t in model.pairs]

    # A folder in CTranslate2 format with its tokenizer files, as published (no transformers
    # config, no weights), translates the same in the same torch-free process.
    published = tmp_path / "published"
    shutil.copytree(converted, published)
    (published / "hinews.json").unlink()
    assert not (published / "model.safetensors").exists()
    result = _run_blocked(published, 4, sources, tmp_path / "empty-cache")
    assert result["heavy"] == []
    assert result["out"] == expected
    assert not (tmp_path / "empty-cache").exists()  # nothing was converted


@pytest.mark.slow
def test_conversion_without_transformers_says_so(tiny_marian: TinyModel, tmp_path: Path) -> None:
    copy = tmp_path / "fresh-model"
    shutil.copytree(tiny_marian.path, copy)  # a new fingerprint: not converted yet
    code = BLOCKER + textwrap.dedent(
        """
        import sys
        from hinews.config import TranslatorConfig
        from hinews.errors import DependencyError
        from hinews.models.hub import find_model
        from hinews.translators.ct2 import CTranslate2Translator
        config = TranslatorConfig(model=sys.argv[1], backend="ctranslate2", device="cpu")
        try:
            CTranslate2Translator(find_model(sys.argv[1]), config)
        except DependencyError as exc:
            print("ERROR", exc)
        """
    )
    proc = subprocess.run(
        [sys.executable, "-c", code, str(copy)],
        capture_output=True,
        text=True,
        check=False,
        env={**_env(), "HINEWS_CACHE": str(tmp_path / "cache")},
        timeout=60,
    )
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.startswith("ERROR converting")
    assert "'transformers'" in proc.stdout and "hinews[models]" in proc.stdout
    assert "CTranslate2 format" in proc.stdout
