"""The Spark job: ``newslineage spark`` and the spark-submit entry point call ``run``.

The driver lists the input files, learns the collection's site furniture (a set
of line keys), counts the documents and numbers the stories; everything else runs
in the executors, and no step brings the corpus to the driver, except ``--json``,
which is meant for collections that fit in one report.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from newslineage import audit, report
from newslineage.config import CandidateConfig, IngestConfig, ScanConfig
from newslineage.errors import ConfigError, InputError
from newslineage.files import check_writable, write_atomic
from newslineage.lineage import collection_sites
from newslineage.models import Article, Document, Lineage, Rejection, ScanResult
from newslineage.spark import graph, stages, tables
from newslineage.spark.embedding import embedded_items
from newslineage.spark.faults import fail_once
from newslineage.spark.inputs import list_inputs, partitions_for, read_inputs
from newslineage.spark.neighbours import BucketSearch
from newslineage.spark.options import add_arguments
from newslineage.spark.session import start
from newslineage.synonyms import load_synonyms
from newslineage.titles import display_name, usable_title

if TYPE_CHECKING:
    from pyspark import RDD
    from pyspark.sql import SparkSession


@dataclass(frozen=True, slots=True)
class SparkJob:
    """One run: input URIs, an output folder URI, and the scan's configuration.

    ``partitions`` is how many pieces the documents are cut into (0: one per core
    Spark offers, more for inputs over ``inputs.PARTITION_BYTES`` per core).
    ``overwrite`` replaces an existing output folder. ``search`` is the embedding
    neighbour search above ``config.candidates.exact_neighbours_up_to`` documents
    (below it the search is exact, as in the local scan).
    """

    inputs: tuple[str, ...]
    output: str
    config: ScanConfig = field(default_factory=ScanConfig)
    partitions: int = 0
    overwrite: bool = False
    search: BucketSearch = field(default_factory=BucketSearch)

    def __post_init__(self) -> None:
        if not self.inputs:
            raise ConfigError("SparkJob.inputs is empty; give at least one input URI")
        if not self.output:
            raise ConfigError("SparkJob.output is empty; give the URI of an output folder")
        if self.partitions < 0:
            raise ConfigError(f"SparkJob.partitions must be 0 (automatic) or more, got {self.partitions!r}")


@dataclass(frozen=True, slots=True)
class JobSummary:
    """What a run wrote: row counts per table, the output folder and the wall time."""

    output: str
    counts: dict[str, int]
    seconds: float
    result: ScanResult | None = None


def run(job: SparkJob, spark: SparkSession, *, collect: bool = False) -> JobSummary:
    """Run the scan on Spark and write the tables; ``collect`` also returns the ScanResult."""
    began = time.perf_counter()
    sc = spark.sparkContext
    _check_output(spark, job)
    config = job.config
    files = list_inputs(spark, job.inputs)
    parts = job.partitions or partitions_for(files, sc.defaultParallelism)
    read = read_inputs(spark, files, config.ingest, parts).persist(_spill())
    articles: Any = read.filter(lambda r: isinstance(r, Article))
    learned = sc.broadcast(stages.learned_furniture(articles, config.text))
    # Sorted by id and numbered: the index is the document's place in the local scan's order.
    indexed = articles.sortBy(lambda a: a.id, numPartitions=parts).zipWithIndex()
    # Keyed by index under Spark's default partitioner: the joins of candidate pairs with
    # their documents then move the pairs, never the documents' vectors.
    docs = (
        indexed.map(lambda ai: (ai[1], ai[0]))
        .partitionBy(parts)
        .mapPartitions(lambda part: stages.analyze_partition(part, learned, config), True)
        .persist(_spill())
    )
    keyed = embedded_items(docs, config).persist(_spill())
    n = keyed.count()
    docs.unpersist()
    items: RDD[stages.Item] = keyed.values()
    by_id = stages.by_id(items)
    docs_sites = items.mapPartitions(lambda part: [frozenset(collection_sites([it.document for it in part]))])
    sites = sc.broadcast(docs_sites.fold(frozenset(), lambda x, y: x | y))  # one stage, no shuffle
    sides = stages.candidate_sides(keyed, config).persist(_spill())
    pairs = stages.find_candidates(sides, n, config, job.search)
    # Kept: composition reads the direct relations three times (its hubs, the pairs already
    # settled, and the final merge), and each read would otherwise align every pair again.
    direct = stages.relate_candidates(keyed, pairs, config).persist(_spill())
    relations = graph.add_composed(by_id, direct, config).persist(_spill())
    titles = items.map(lambda it: (it.document.id, _title_and_name(it.document)))
    found = graph.group_stories(
        titles, relations, graph.components(relations.map(lambda r: (r.a, r.b)), parts)
    ).persist()
    synonyms = load_synonyms()
    # Without synonyms the scan finds no spin: no pairs are counted at all.
    spun = graph.spin_reports(by_id) if synonyms else sc.emptyRDD()
    rows = graph.per_story(by_id, relations, found, spun, sites, config)
    rows = rows.union(read.filter(lambda r: isinstance(r, Rejection)).map(lambda r: ("rejected", r)))
    if collect:  # read twice: once converted to the tables, once collected
        rows = rows.persist(_spill())
    counts = _write(spark, rows, job)
    result = None
    if collect:
        notes = () if synonyms else (f"spin detection skipped: {synonyms.source}",)
        result = _collect(rows, config, notes, time.perf_counter() - began)
    for rdd in (rows, found, relations, direct, sides, keyed, read):
        rdd.unpersist()
    return JobSummary(job.output, counts, round(time.perf_counter() - began, 3), result)


def _title_and_name(doc: Document) -> tuple[str, str]:
    return usable_title(doc.article.title) or "", display_name(doc)


def _spill() -> Any:
    from pyspark import StorageLevel

    # Recomputing the documents would read and embed everything again: spill rather than drop.
    return StorageLevel.MEMORY_AND_DISK


def _check_output(spark: SparkSession, job: SparkJob) -> None:
    jvm = spark.sparkContext._jvm
    assert jvm is not None, "a classic Spark session (not Spark Connect) is required"
    path = jvm.org.apache.hadoop.fs.Path(job.output)
    fs = path.getFileSystem(spark.sparkContext._jsc.hadoopConfiguration())
    if fs.exists(path) and not job.overwrite:
        raise InputError(f"{job.output}: the output folder exists; choose a new one or pass --overwrite")


def _write(spark: SparkSession, rows: RDD[graph.Out], job: SparkJob) -> dict[str, int]:
    """Each table as Parquet under the output folder; the row count of each.

    The records are converted to table rows in one pass, kept in the JVM's columnar
    cache, and each table is cut from it there: Python reads every record once, not
    once per table and once more to count.
    """
    from pyspark.sql import functions as F

    converted = rows.flatMap(tables.wide_rows).mapPartitions(lambda part: fail_once(part, "write"))
    # Not verified row by row in Python: the converters give the schema's types, and the tests
    # compare every table's rows with the local scan's records.
    frame = spark.createDataFrame(converted, tables.wide_schema(), verifySchema=False).persist(_spill())
    try:
        for name in tables.ROWS:
            table = frame.where(F.col(name).isNotNull()).select(f"{name}.*")
            table.write.mode("overwrite" if job.overwrite else "errorifexists").parquet(
                f"{job.output}/{name}"
            )
        counted = frame.select([F.count(F.col(name)).alias(name) for name in tables.ROWS]).first()
    finally:
        frame.unpersist()
    assert counted is not None  # an aggregate without grouping has one row
    return {name: int(counted[name]) for name in tables.ROWS}


def _collect(rows: RDD[graph.Out], config: ScanConfig, notes: tuple[str, ...], seconds: float) -> ScanResult:
    """The whole result on the driver, in the local scan's order (for ``--json``)."""
    got: dict[str, list[Any]] = defaultdict(list)
    for tag, value in rows.collect():
        got[tag].append(value)
    docs = sorted((doc for doc, _ in got["document"]), key=lambda d: d.id)
    doc_ids = {d.id for d in docs}
    return ScanResult(
        config=config,
        documents=tuple(docs),
        rejected=tuple(sorted(got["rejected"], key=lambda r: r.path)),
        relations=tuple(sorted(got["relation"], key=lambda r: (r.a, r.b))),
        stories=tuple(sorted(got["story"], key=lambda s: int(s.id.rsplit("-", 1)[1]))),
        lineage=Lineage(
            tuple(sorted(got["node"], key=lambda v: (v.kind != "document", v.id))),
            tuple(sorted(got["edge"], key=lambda e: (e.parent not in doc_ids, e.child))),
        ),
        findings=tuple(sorted(got["finding"], key=audit.finding_order)),
        notes=notes,
        timings={"spark": round(seconds, 3)},
    )


def write_json(result: ScanResult, target: str) -> None:
    """The newslineage/1 report of a collected run (``-``: standard output), whole or not at all."""
    text = report.dumps(report.to_json(result))
    if target == "-":
        sys.stdout.write(text)
    else:
        write_atomic(Path(target), text.encode("utf-8"))


def job_from(args: argparse.Namespace) -> SparkJob:
    """The job the parsed options describe."""
    config = ScanConfig(
        ingest=IngestConfig(max_bytes=args.max_bytes),
        candidates=CandidateConfig(exact_neighbours_up_to=args.exact_neighbours_up_to),
    )
    search = BucketSearch(tables=args.bucket_tables, bucket_size=args.bucket_size)
    return SparkJob(tuple(args.input), args.output, config, args.partitions, args.overwrite, search)


def main(argv: Sequence[str] | None = None) -> int:
    """spark-submit entry point: the master and resources come from spark-submit."""
    from rich.console import Console

    from newslineage.cli import run as guarded

    parser = argparse.ArgumentParser(prog="newslineage-spark", description="The newslineage scan on Spark.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    # The CLI's guard: one line on stderr and the CLI's exit codes, never a traceback.
    return guarded(lambda: _submit(args), Console(stderr=True, highlight=False, soft_wrap=True))


def _submit(args: argparse.Namespace) -> int:
    job = job_from(args)
    if args.json and args.json != "-":
        check_writable(Path(args.json))
    summary = run(job, start(None), collect=bool(args.json))
    if args.json and summary.result is not None:
        write_json(summary.result, args.json)
    print(describe(summary))
    return 0


def describe(summary: JobSummary) -> str:
    counts = ", ".join(f"{name} {n:,}" for name, n in summary.counts.items())
    return f"wrote {summary.output}: {counts} ({summary.seconds:.1f} s)"
