"""Turn a task's ``data:`` section into examples: line-aligned files, tables or hub datasets."""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from hinews.errors import DataError, HinewsError, missing_dependency
from hinews.evaluation.fileio import (
    check_aligned,
    check_no_empty,
    column,
    read_lines,
    read_table,
)
from hinews.evaluation.tasks import ColumnsConfig, DataConfig


@dataclass(frozen=True)
class Example:
    """One evaluation example.

    Attributes:
        index: Position in the dataset (0-based).
        id: Stable id (from the data, or the line/document number).
        source: Source text (a sentence, or a document with paragraphs split by blank lines).
        references: One or more reference texts.
        title: The source headline, when the data has one.
    """

    index: int
    id: str
    source: str
    references: tuple[str, ...]
    title: str = ""


@dataclass(frozen=True)
class Dataset:
    """Loaded examples and where they came from.

    Attributes:
        examples: The examples (after ``limit``).
        total: Examples in the full data (before ``limit``), or None when unknown.
        origin: Human-readable description of the data source.
    """

    examples: list[Example]
    total: int | None
    origin: str

    def fingerprint(self) -> str:
        """SHA-256 of the sources and references, to tell when the data changed."""
        h = hashlib.sha256()
        for ex in self.examples:
            h.update(json.dumps([ex.id, ex.source, list(ex.references)]).encode("utf-8"))
        return h.hexdigest()


def flores_articles(folder: Path, lang: str = "hin_Deva") -> list[tuple[str, list[str]]]:
    """FLORES-200 devtest as news articles, in file order.

    Consecutive lines sharing a URL in ``metadata_devtest.tsv`` are one article (the
    devtest has 281 of them in 1012 lines). The eval scripts that need whole articles
    (segmentation, trust signals, digests, batch) all read them through here.

    Args:
        folder: The ``flores200-devtest`` folder.
        lang: The file's language code (``hin_Deva``, ``mar_Deva``...).

    Returns:
        ``(url, sentences)`` per article.

    Raises:
        DataError: The sentence file and the metadata have different numbers of rows.
    """
    path = folder / f"{lang}.devtest"
    lines = [line.strip() for line in path.read_text("utf-8").splitlines() if line.strip()]
    rows = (folder / "metadata_devtest.tsv").read_text("utf-8").splitlines()[1:]
    urls = [row.split("\t")[0] for row in rows if row.strip()]
    if len(lines) != len(urls):
        raise DataError(
            f"{path} has {len(lines)} sentences but metadata_devtest.tsv {len(urls)} rows; "
            "both must come from the same FLORES-200 release"
        )
    articles: list[tuple[str, list[str]]] = []
    for url, line in zip(urls, lines, strict=True):
        if not articles or articles[-1][0] != url:
            articles.append((url, []))
        articles[-1][1].append(line)
    return articles


def load_dataset(
    data: DataConfig,
    *,
    data_dir: Path,
    limit: int | None = None,
    where: Callable[[str], str] | None = None,
) -> Dataset:
    """Load the examples a task's ``data:`` describes.

    Args:
        data: The data section.
        data_dir: Folder relative paths are resolved against.
        limit: Keep only the first N examples (documents, for document-level data).
        where: ``where("data.columns.source") -> "task.yaml:14"``: where a task entry is
            written, for errors.

    Raises:
        DataError: Files missing, misaligned or unreadable; hub unreachable or gated.
    """
    if data.format == "text":
        examples = _load_text(data, data_dir)
        origin = _files_origin(data, data_dir)
    elif data.format == "hf":
        if data.parquet:
            examples, origin = _load_parquet(data, data_dir, limit, where)
        else:
            examples = _load_hf(data, limit, where)
            origin = f"hf {data.dataset} ({data.config}, {data.split})"
            if data.revision:
                origin += f" @ {data.revision}"
        total = None if limit else len(examples)
        return Dataset(examples[:limit] if limit else examples, total, origin)
    else:
        path = _resolve(data_dir, data.path or "")
        rows = read_table(path, fmt=data.format, what="data")
        examples = rows_to_examples(
            rows, data.columns or ColumnsConfig(), source=str(path), where=where
        )
        origin = f"{data.format} {path.resolve()}"
    total = len(examples)
    if limit is not None:
        examples = examples[:limit]
    return Dataset(examples, total, origin)


def _files_origin(data: DataConfig, data_dir: Path) -> str:
    """``files SOURCE | REF, REF`` and, when some path is relative, ``in /abs/data/dir``."""
    paths = [data.source or "", *data.references]
    origin = f"files {paths[0]} | {', '.join(paths[1:])}"
    if any(not Path(os.path.expanduser(p)).is_absolute() for p in paths):
        origin += f" in {data_dir.resolve()}"
    return origin


def _resolve(data_dir: Path, rel: str) -> Path:
    p = Path(os.path.expanduser(rel))
    return p if p.is_absolute() else data_dir / p


def _load_text(data: DataConfig, data_dir: Path) -> list[Example]:
    src_path = _resolve(data_dir, data.source or "")
    src = read_lines(src_path, what="source")
    refs = [
        read_lines(_resolve(data_dir, r), what=f"reference {i + 1}")
        for i, r in enumerate(data.references)
    ]
    named: list[tuple[str, list[str]]] = [(f"source {data.source}", src)]
    named += [(f"reference {r}", lines) for r, lines in zip(data.references, refs, strict=True)]
    if data.documents:
        doc_ids = read_lines(_resolve(data_dir, data.documents), what="document ids")
        named.append((f"documents {data.documents}", [d.split("\t")[0] for d in doc_ids]))
        n = check_aligned(named)
        ids = [d.split("\t")[0].strip() for d in doc_ids[:n]]
        return _documents(src[:n], [r[:n] for r in refs], ids, data.headline)
    n = check_aligned(named)
    for r, lines in zip(data.references, refs, strict=True):
        check_no_empty(f"reference {_resolve(data_dir, r)}", lines[:n])
    return [Example(i, str(i + 1), s, tuple(r[i] for r in refs)) for i, s in enumerate(src[:n])]


def _documents(
    src: list[str], refs: list[list[str]], doc_ids: list[str], headline: bool
) -> list[Example]:
    groups: list[tuple[str, list[int]]] = []
    for i, doc in enumerate(doc_ids):
        if not groups or groups[-1][0] != doc:
            groups.append((doc, []))
        groups[-1][1].append(i)
    seen: set[str] = set()
    examples: list[Example] = []
    for k, (doc, lines) in enumerate(groups):
        if doc in seen:
            raise DataError(
                f"Document {doc!r} appears in two separate runs of lines; the document id "
                "file must list each document's lines consecutively."
            )
        seen.add(doc)
        paras = [src[i] for i in lines]
        source = "\n\n".join(p for p in paras if p.strip())
        references = tuple("\n".join(r[i] for i in lines) for r in refs)
        title = paras[0] if headline else ""
        examples.append(Example(k, doc, source, references, title))
    return examples


def check_columns(
    rows: list[dict[str, Any]],
    columns: ColumnsConfig,
    *,
    source: str,
    where: Callable[[str], str] | None = None,
) -> None:
    """One line naming the task file and line when a mapped column is not in the data.

    Raises:
        DataError: A column of ``columns`` is missing from the first row.
    """
    if not rows or where is None:
        return
    from hinews.errors import did_you_mean

    present = rows[0]
    wanted: list[tuple[str, str]] = [("source", columns.source)]
    wanted += [(f"references[{i}]", c) for i, c in enumerate(columns.references)]
    wanted += [(k, getattr(columns, k)) for k in ("id", "title") if getattr(columns, k)]
    for key, name in wanted:
        if name not in present:
            raise DataError(
                f"{where(f'data.columns.{key}')}: column {name!r} (columns.{key}) is not in "
                f"{source}; its columns are {sorted(present)}.{did_you_mean(name, present)}"
            )


def rows_to_examples(
    rows: list[dict[str, Any]],
    columns: ColumnsConfig,
    *,
    source: str,
    where: Callable[[str], str] | None = None,
) -> list[Example]:
    """Map table rows to examples with a column mapping (list values are joined by newlines)."""
    check_columns(rows, columns, source=source, where=where)
    sources = column(rows, columns.source, source=source)
    refs = [column(rows, c, source=source, allow_list=True) for c in columns.references]
    ids = column(rows, columns.id, source=source) if columns.id else None
    titles = column(rows, columns.title, source=source) if columns.title else None
    examples = []
    for i, text in enumerate(sources):
        title = titles[i] if titles else ""
        full = f"{title}\n\n{text}" if title else text
        references = tuple("\n".join(r[i]) if isinstance(r[i], list) else r[i] for r in refs)
        examples.append(Example(i, ids[i] if ids else str(i + 1), full, references, title))
    return examples


#: Hub datasets that need accepted terms and a login.
GATED = frozenset({"openlanguagedata/flores_plus"})


def hub_error(
    dataset: str, config: str | None, split: str, exc: BaseException, *, parquet: bool = False
) -> DataError:
    """A DataError for a hub dataset that cannot be loaded, saying why and how to fix it."""
    text = f"{type(exc).__name__}: {exc}"
    lowered = text.lower()
    offline = os.environ.get("HF_HUB_OFFLINE", "").lower() in ("1", "true", "yes", "on")
    what = f"the Hugging Face dataset {dataset!r} (config {config!r}, split {split!r})"
    if "gated" in lowered or "401" in lowered or "403" in lowered or "authenticat" in lowered:
        why = (
            "it is gated: accept its terms at https://huggingface.co/datasets/"
            f"{dataset} and log in with `hf auth login` (or set HF_TOKEN)"
        )
    elif (
        offline or "offline" in lowered or isinstance(exc, ConnectionError) or "connect" in lowered
    ):
        fix = "unset HF_HUB_OFFLINE and connect" if offline else "connect"
        why = (
            "the hub cannot be reached"
            + (" (HF_HUB_OFFLINE=1 is set)" if offline else "")
            + f" and it is not in the local cache: {fix} to the internet to download it once"
        )
    else:
        why = "loading failed"
    if dataset in GATED and "gated" not in why:
        why += (
            f"; it is also gated: accept its terms at https://huggingface.co/datasets/{dataset} "
            "and log in with `hf auth login` (or set HF_TOKEN)"
        )
    return DataError(
        f"Cannot load {what}: {why}. Alternatively, save the data where the hub can be "
        "reached (datasets.load_dataset(...).to_json('data.jsonl', force_ascii=False)) and "
        "pass `--data data.jsonl` (the same columns), or point the task at local files "
        f"(`format: jsonl` with `path:` and `columns:`)"
        + (
            ", or give `mirror:` (a local copy of the parquet tree, laid out as on the hub)"
            if parquet
            else ""
        )
        + f". ({text})"
    )


def parquet_files(data: DataConfig, data_dir: Path | None = None) -> str:
    """The parquet files of an ``hf`` task with ``parquet:``: a glob under ``mirror``
    (a local folder) or an ``hf://datasets/ID@REVISION/...`` path (the revision quoted, as
    ``refs%2Fconvert%2Fparquet``)."""
    from urllib.parse import quote

    pattern = (data.parquet or "").format(config=data.config or "default", split=data.split)
    if data.mirror:
        root = _resolve(data_dir or Path("."), data.mirror)
        return str(root / pattern)
    revision = quote(data.revision or "main", safe="")
    return f"hf://datasets/{data.dataset}@{revision}/{pattern}"


def _load_parquet(
    data: DataConfig,
    data_dir: Path,
    limit: int | None,
    where: Callable[[str], str] | None,
) -> tuple[list[Example], str]:
    """Rows of the dataset's parquet files (its parquet conversion, or a local mirror)."""
    files = parquet_files(data, data_dir)
    if data.mirror:
        rows = _mirror_rows(data, files, limit, where)
    else:
        try:
            import datasets
        except ImportError:
            raise missing_dependency("datasets", "eval") from None
        split = f"train[:{limit}]" if limit else "train"
        try:
            ds = datasets.load_dataset("parquet", data_files={"train": files}, split=split)
        except HinewsError:
            raise
        except Exception as exc:  # the hub raises many types; all mean "cannot load"
            raise hub_error(
                data.dataset or files, data.config, data.split, exc, parquet=True
            ) from None
        rows = [dict(row) for row in ds]
    columns = data.columns or ColumnsConfig()
    origin = f"parquet {data.dataset} ({data.config}, {data.split}) @ {data.revision}"
    if data.mirror:
        origin += f" from {files}"
    return rows_to_examples(rows, columns, source=files, where=where), origin


def _mirror_rows(
    data: DataConfig, files: str, limit: int | None, where: Callable[[str], str] | None
) -> list[dict[str, Any]]:
    """Rows of a local parquet tree, files in name order (``0000.parquet``, ``0001``...)."""
    import glob

    paths = sorted(glob.glob(files))
    if not paths:
        raise DataError(
            f"{where('data.mirror') if where else 'data.mirror'}: no parquet files match "
            f"{files!r}; the mirror must be laid out like the hub repo at "
            f"{data.revision!r} (data.parquet: {data.parquet!r})."
        )
    try:
        import pyarrow.parquet as pq
    except ImportError:
        raise missing_dependency("pyarrow", "eval") from None
    rows: list[dict[str, Any]] = []
    for path in paths:
        try:
            rows += pq.read_table(path).to_pylist()
        except Exception as exc:  # pyarrow raises its own error types for a bad file
            raise DataError(f"{path} is not a readable parquet file ({exc}).") from None
        if limit is not None and len(rows) >= limit:
            return rows[:limit]
    return rows


def _load_hf(
    data: DataConfig, limit: int | None, where: Callable[[str], str] | None = None
) -> list[Example]:
    columns = data.columns or ColumnsConfig()
    rows = _hf_rows(data, data.config, limit)
    if data.reference_config:
        ref_rows = _hf_rows(data, data.reference_config, limit)
        if len(ref_rows) != len(rows):
            raise DataError(
                f"Configs {data.config!r} and {data.reference_config!r} of {data.dataset!r} "
                f"have {len(rows)} and {len(ref_rows)} rows; they must align."
            )
        sources = column(rows, columns.source, source=f"{data.dataset}:{data.config}")
        refs = [
            column(ref_rows, c, source=f"{data.dataset}:{data.reference_config}")
            for c in columns.references
        ]
        ids = column(rows, columns.id, source=str(data.dataset)) if columns.id else None
        if columns.id:
            ref_ids = column(ref_rows, columns.id, source=str(data.dataset))
            if ids != ref_ids:
                raise DataError(
                    f"Rows of {data.config!r} and {data.reference_config!r} are not in the same "
                    f"order (column {columns.id!r} differs)."
                )
        return [
            Example(i, ids[i] if ids else str(i + 1), s, tuple(r[i] for r in refs))
            for i, s in enumerate(sources)
        ]
    return rows_to_examples(rows, columns, source=f"{data.dataset}:{data.config}", where=where)


def _hf_rows(data: DataConfig, config: str | None, limit: int | None) -> list[dict[str, Any]]:
    try:
        import datasets
    except ImportError:
        raise missing_dependency("datasets", "eval") from None
    split = f"{data.split}[:{limit}]" if limit else data.split
    dataset = data.dataset or ""
    try:
        ds = datasets.load_dataset(dataset, config, split=split, revision=data.revision)
    except HinewsError:
        raise
    except Exception as exc:  # the hub raises many types; all mean "cannot load"
        raise hub_error(dataset, config, data.split, exc) from None
    return [dict(row) for row in ds]
