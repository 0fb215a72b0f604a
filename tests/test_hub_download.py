"""Downloads as the hub repos really are: one weights format, no code, real sizes, pins.

Everything runs against a fake ``HfApi`` and a fake ``snapshot_download``: no network.
The file lists are those of the real repos (read on their hub pages, 2026-12).
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest

from hinews.cli import main
from hinews.errors import ModelNotFoundError
from hinews.models import hub

INDICTRANS2_200M = {
    "config.json": 1_502,
    "configuration_indictrans.py": 13_000,
    "modeling_indictrans.py": 60_000,
    "tokenization_indictrans.py": 9_000,
    "dict.SRC.json": 3_300_000,
    "dict.TGT.json": 700_000,
    "model.SRC": 3_200_000,
    "model.TGT": 750_000,
    "generation_config.json": 180,
    "model.safetensors": 912_969_000,
    "pytorch_model.bin": 913_061_000,
    "special_tokens_map.json": 100,
    "tokenizer_config.json": 1_400,
    "README.md": 9_000,
    ".gitattributes": 1_500,
}
CROSSSUM = {
    "config.json": 800,
    "pytorch_model.bin": 2_329_700_000,
    "spiece.model": 4_309_802,
    "special_tokens_map.json": 65,
    "tokenizer_config.json": 400,
    "README.md": 5_000,
}
FULL_200M = "9e0c904" + "a" * 33
FULL_CROSSSUM = "978a27f" + "b" * 33


class FakeApi:
    """``HfApi.model_info(files_metadata=True)`` for a fixed repo; records the calls."""

    def __init__(self, files: dict[str, int], sha: str, error: Exception | None = None) -> None:
        self.files, self.sha, self.error = files, sha, error
        self.calls: list[dict[str, Any]] = []

    def model_info(self, name: str, **kwargs: Any) -> Any:
        self.calls.append({"name": name, **kwargs})
        if self.error is not None:
            raise self.error
        siblings = [SimpleNamespace(rfilename=f, size=n) for f, n in self.files.items()]
        return SimpleNamespace(sha=self.sha, siblings=siblings)


def _gated(name: str) -> Exception:
    import httpx
    from huggingface_hub.errors import GatedRepoError

    url = f"https://huggingface.co/api/models/{name}"
    response = httpx.Response(401, request=httpx.Request("GET", url))
    return GatedRepoError(f"401 Client Error. Cannot access gated repo {url}", response=response)


def test_one_weights_format_and_no_code() -> None:
    api = FakeApi(INDICTRANS2_200M, FULL_200M)
    plan = hub.plan_download("ai4bharat/indictrans2-indic-en-dist-200M", api=api)
    names = [p for p, _ in plan.files]
    assert plan.weights == "safetensors"
    assert "model.safetensors" in names and "pytorch_model.bin" not in names
    assert not [n for n in names if n.endswith(".py")]
    assert {"config.json", "dict.SRC.json", "dict.TGT.json", "model.SRC", "model.TGT"} <= set(names)
    assert "README.md" not in names and "pytorch_model.bin" in plan.skipped
    # The real sizes, summed from the hub's metadata (files_metadata=True was asked for).
    assert plan.total_bytes == sum(INDICTRANS2_200M[n] for n in names)
    assert api.calls[0]["files_metadata"] is True
    # The alias's pin: main, which must be at 9e0c904.
    assert api.calls[0]["revision"] == "main" and plan.commit == FULL_200M


def test_bin_only_repo_takes_the_bin() -> None:
    plan = hub.plan_download(
        "csebuetnlp/mT5_m2o_english_crossSum", api=FakeApi(CROSSSUM, FULL_CROSSSUM)
    )
    assert plan.weights == "pytorch"
    assert [p for p, _ in plan.files] == [
        "config.json",
        "pytorch_model.bin",
        "special_tokens_map.json",
        "spiece.model",
        "tokenizer_config.json",
    ]


def test_an_alias_pinned_to_a_full_commit_asks_the_hub_for_exactly_it() -> None:
    xlsum = "361416d0a10fe5df7e139081f3b5476fd39c860f"
    files = {**CROSSSUM}  # the same layout as CrossSum: a .bin, spiece.model, configs
    api = FakeApi(files, xlsum)
    plan = hub.plan_download("csebuetnlp/mT5_multilingual_XLSum", api=api)
    assert api.calls[0]["revision"] == xlsum and plan.commit == xlsum
    assert plan.revision == xlsum and plan.weights == "pytorch"


def test_a_pinned_alias_moved_off_its_commit_is_refused() -> None:
    api = FakeApi(CROSSSUM, "c" * 40)
    with pytest.raises(ModelNotFoundError) as info:
        hub.plan_download("csebuetnlp/mT5_m2o_english_crossSum", api=api)
    message = str(info.value)
    assert "978a27f" in message and "cccccccccccc" in message and "--revision" in message
    # An explicit revision is the user's choice: no pin applies.
    plan = hub.plan_download("csebuetnlp/mT5_m2o_english_crossSum", "main", api=api)
    assert plan.commit == "c" * 40


def test_gated_repo_is_one_line_naming_hf_auth_login() -> None:
    name = "ai4bharat/indictrans2-indic-indic-1B"
    with pytest.raises(ModelNotFoundError) as info:
        hub.plan_download(name, api=FakeApi({}, "", error=_gated(name)))
    message = str(info.value)
    assert "\n" not in message
    assert f"request access on https://huggingface.co/{name}" in message
    assert "`hf auth login`" in message and "huggingface-cli" not in message


def test_no_loadable_weights() -> None:
    with pytest.raises(ModelNotFoundError, match="no weights hinews can load"):
        hub.choose_files(["config.json", "tf_model.h5", "onnx/model.onnx"])


def test_download_fetches_exactly_the_plan_at_its_commit(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    import huggingface_hub

    monkeypatch.delenv("HF_HUB_OFFLINE", raising=False)
    seen: dict[str, Any] = {}
    folder = tmp_path / FULL_200M
    folder.mkdir()

    def fake_snapshot(name: str, **kwargs: Any) -> str:
        seen.update(name=name, **kwargs)
        return str(folder)

    monkeypatch.setattr(huggingface_hub, "snapshot_download", fake_snapshot)
    said: list[str] = []
    files = hub.download(
        "ai4bharat/indictrans2-indic-en-dist-200M",
        report=said.append,
        api=FakeApi(INDICTRANS2_200M, FULL_200M),
    )
    assert seen["revision"] == FULL_200M
    assert "pytorch_model.bin" not in seen["allow_patterns"]
    assert "model.safetensors" in seen["allow_patterns"]
    assert not [p for p in seen["allow_patterns"] if p.endswith(".py") or "*" in p]
    assert files.revision == FULL_200M
    # The size is said before anything is fetched.
    assert said == [
        "Downloading ai4bharat/indictrans2-indic-en-dist-200M @ 9e0c904 (main): 9 files, "
        "920.9 MB, safetensors weights."
    ]


def test_cli_dry_run_lists_files_and_bytes(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import huggingface_hub

    api = FakeApi(INDICTRANS2_200M, FULL_200M)
    monkeypatch.setattr(hub, "_api", lambda: api)

    def no_download(*args: Any, **kwargs: Any) -> str:
        raise AssertionError("--dry-run must not download")

    monkeypatch.setattr(huggingface_hub, "snapshot_download", no_download)
    assert main(["download", "indictrans2", "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "would fetch ai4bharat/indictrans2-indic-en-dist-200M @ 9e0c904" in out
    assert "model.safetensors" in out and "(912969000 bytes)" in out
    assert "left out:" in out and "pytorch_model.bin" in out.split("left out:")[1]
    assert "modeling_indictrans.py" in out.split("left out:")[1]


def test_every_anchor_and_indictrans2_alias_records_its_pin() -> None:
    from hinews.presets import MODELS

    for alias in ("indictrans2", "indictrans2-1b", "xlsum", "crosssum"):
        pin = hub.pinned(MODELS[alias].hub_id)
        assert pin is not None and pin.commit  # every anchor checks a commit
        # a branch checked against a commit prefix, or the full commit itself
        assert pin.revision == "main" or pin.revision.startswith(pin.commit)
    assert hub.pinned(MODELS["indictrans2"].hub_id) == hub.Pin("main", "9e0c904")
    assert hub.pinned(MODELS["crosssum"].hub_id) == hub.Pin("main", "978a27f")
    one_b = hub.pinned(MODELS["indictrans2-1b"].hub_id)
    assert one_b == hub.Pin("76d78eeaca6943827d26d560d6ae12bb13761650", "76d78ee")
    xlsum = hub.pinned(MODELS["xlsum"].hub_id)
    assert xlsum == hub.Pin("361416d0a10fe5df7e139081f3b5476fd39c860f", "361416d")
    assert hub.pinned("org/unknown") is None
