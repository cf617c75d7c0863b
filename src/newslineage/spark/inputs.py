"""Inputs of the Spark job: files named by Hadoop-compatible URIs, read into articles.

Ids follow the local scan's rule, so the two give the same document ids: a file
inside a folder given on the command line is named by its path relative to that
folder, a file given directly by its name, a glob's matches relative to the part of
the pattern before the first wildcard, and the N-th record of a JSONL, WARC or
Parquet file is ``file#N``. Parquet is read by Spark (columns ``url``, ``date``,
``text`` or ``html``, as in CC-NEWS exports); every other format is read by
``ingest`` in the executors, so a record that cannot be read becomes a rejection
exactly as it does in a local scan: local files (``file:``) by the local scan's own
``ingest.read_file``, files on other file systems through Spark's ``binaryFiles``.
"""

from __future__ import annotations

import datetime
import glob
import io
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import unquote, urlsplit

from newslineage import ingest
from newslineage.config import IngestConfig
from newslineage.errors import InputError
from newslineage.models import Article, Rejection

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession

#: Hidden columns the Parquet reader fills with the file and the row of each record.
_FILE, _ROW = "__newslineage_file", "__newslineage_row"
Read = Article | Rejection


@dataclass(frozen=True, slots=True)
class InputFile:
    """One file to read: its URI as Hadoop names it, its document id and its size in bytes."""

    uri: str
    id: str
    size: int = 0

    @property
    def parquet(self) -> bool:
        return self.uri.lower().endswith(".parquet")


def path_key(uri: str) -> str:
    """One spelling of a URI (``file:/x``, ``file:///x`` and ``/x`` agree), for matching."""
    parts = urlsplit(uri)
    return f"{parts.netloc}{unquote(parts.path)}"


def list_inputs(spark: SparkSession, uris: Sequence[str]) -> list[InputFile]:
    """Every file the URIs name, with its id; InputError for a URI that names nothing.

    Only the names are listed on the driver; the files are read in the executors.
    Names starting with ``.`` or ``_`` are skipped (Hadoop's markers and checksums).
    """
    jvm = spark.sparkContext._jvm
    assert jvm is not None, "a classic Spark session (not Spark Connect) is required"
    conf = spark.sparkContext._jsc.hadoopConfiguration()
    found: dict[str, tuple[str, int]] = {}
    for raw in uris:
        path = jvm.org.apache.hadoop.fs.Path(raw)
        fs = path.getFileSystem(conf)
        if glob.has_magic(raw):
            statuses = list(fs.globStatus(path) or [])
            if not statuses:
                raise InputError(f"{raw}: the pattern matches no file")
            root = _glob_root(raw)
            root_key = path_key(str(fs.makeQualified(jvm.org.apache.hadoop.fs.Path(root)))) if root else ""
            for status in statuses:
                _add_tree(fs, status, root_key, found)
        elif fs.exists(path):
            status = fs.getFileStatus(path)
            parent = (
                path_key(str(status.getPath().getParent()))
                if status.isFile()
                else path_key(str(status.getPath()))
            )
            _add_tree(fs, status, parent, found)
        else:
            raise InputError(f"{raw}: no such file or folder")
    return [
        InputFile(uri, doc_id, size) for uri, (doc_id, size) in sorted(found.items(), key=lambda kv: kv[1])
    ]


def _glob_root(pattern: str) -> str:
    """The part of a glob before its first wildcard, up to the last slash."""
    head = pattern[: min(pattern.index(c) for c in "*?[" if c in pattern)]
    return head[: head.rfind("/") + 1] if "/" in head else ""


def _add_tree(fs: Any, status: Any, root_key: str, found: dict[str, tuple[str, int]]) -> None:
    """Add the file, or every file under the folder, named relative to ``root_key``, with its size."""
    if status.isFile():
        statuses = [status]
    else:
        listing = fs.listFiles(status.getPath(), True)
        statuses = []
        while listing.hasNext():
            statuses.append(listing.next())
    used = {rel for rel, _ in found.values()}
    for each in statuses:
        file = each.getPath()
        uri = str(file)
        key = path_key(uri)
        rel = key[len(root_key) :].lstrip("/") if root_key and key.startswith(root_key) else file.getName()
        if uri in found or any(part.startswith((".", "_")) for part in rel.split("/")):
            continue
        while rel in used:  # two roots holding one relative path: keep both, told apart
            rel = f"_{rel}"
        used.add(rel)
        found[uri] = (rel, int(each.getLen()))


#: Input bytes per partition of the documents when the job picks the count: about 5,000
#: plain-text articles, whose sentence vectors (about 300 MB) one task holds at once.
PARTITION_BYTES = 16 * 1024 * 1024


def partitions_for(files: Sequence[InputFile], cores: int) -> int:
    """One partition per core, or a multiple of the cores for input over ``PARTITION_BYTES`` a core.

    Each partition is a task in every stage, and at small sizes a task's fixed cost
    outweighs its work: more partitions than cores only pays when there is work to
    share. A multiple of the cores keeps every core busy to the end of a stage.
    """
    total = sum(f.size for f in files)
    return cores * max(1, -(-total // (PARTITION_BYTES * cores)))


def read_inputs(
    spark: SparkSession, files: Sequence[InputFile], config: IngestConfig, partitions: int
) -> RDD[Read]:
    """Articles and rejections of every file, read in the executors."""
    sc = spark.sparkContext
    ids = {path_key(f.uri): f.id for f in files}
    parts: list[RDD[Read]] = []
    local = [f for f in files if not f.parquet and local_path(f.uri) is not None]
    if local:
        # Read by the workers with the local scan's own function: binaryFiles spends about
        # 10 ms on each file (a copy of the Hadoop configuration per file), most of a
        # collection of small articles' time.
        shares = _groups(local, partitions)
        parts.append(sc.parallelize(shares, len(shares)).flatMap(lambda share: _read_local(share, config)))
    plain = [f for f in files if not f.parquet and local_path(f.uri) is None]
    if plain:
        # binaryFiles packs small files into splits of up to 128 MB: a folder of small
        # articles would be one task. A call per group of files gives each core its share.
        groups = [sc.binaryFiles(",".join(f.uri for f in group)) for group in _groups(plain, partitions)]
        raw = groups[0] if len(groups) == 1 else sc.union(groups)
        parts.append(raw.flatMap(lambda kv: _read_file(kv[0], kv[1], ids, config)))
    tables = [f.uri for f in files if f.parquet]
    if tables:
        frame = spark.read.parquet(*tables).selectExpr(
            "*", f"_metadata.file_path AS {_FILE}", f"_metadata.row_index AS {_ROW}"
        )
        parts.append(frame.rdd.map(lambda row: _read_row(row.asDict(), ids, config)))
    return parts[0] if len(parts) == 1 else sc.union(parts)


def _groups(files: Sequence[InputFile], count: int) -> list[list[InputFile]]:
    """The files in at most ``count`` runs of about equal bytes, in their order."""
    share = max(1, sum(f.size for f in files) // max(1, count))
    groups: list[list[InputFile]] = [[]]
    held = 0
    for f in files:
        if groups[-1] and held + f.size > share and len(groups) < count:
            groups.append([])
            held = 0
        groups[-1].append(f)
        held += f.size
    return groups


def local_path(uri: str) -> str | None:
    """The path of a ``file:`` URI (as Hadoop spells those of a local or mounted folder), else None."""
    parts = urlsplit(uri)
    if parts.scheme == "file" and parts.netloc in ("", "localhost"):
        return unquote(parts.path)
    return None


def _read_local(files: Sequence[InputFile], config: IngestConfig) -> Iterator[Read]:
    for f in files:
        path = local_path(f.uri)
        assert path is not None, f"{f.uri} is not a local file"
        articles, rejected = ingest.read_file(Path(path), f.id, config)
        yield from articles
        yield from rejected


def _read_file(uri: str, data: bytes, ids: Mapping[str, str], config: IngestConfig) -> Iterator[Read]:
    read = ingest.ingest_stream(io.BytesIO(data), ids[path_key(uri)], config)
    yield from read.articles
    yield from read.rejected


def _read_row(row: dict[str, Any], ids: Mapping[str, str], config: IngestConfig) -> Read:
    n = int(row.pop(_ROW)) + 1
    rid = f"{ids[path_key(str(row.pop(_FILE)))]}#{n}"
    record = {k: _plain(v) for k, v in row.items() if v is not None}
    return ingest.read_record(record, rid, n, config)


def _plain(value: object) -> object:
    # CC-NEWS exports store the date as a timestamp; ingest reads dates as text.
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    return value
