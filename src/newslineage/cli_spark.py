"""The ``spark`` command: the scan on Apache Spark (``newslineage.spark``, extra ``spark``).

A thin layer over ``spark.job``, kept apart from cli.py's scan commands; pyspark is
imported only when the command runs.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from rich.console import Console

from newslineage.cli_index import Command

EPILOG = """\
examples:
  newslineage spark --input crawl/ --output tables/                  local Spark, all cores
  newslineage spark --input 'cc-news/*.warc.gz' --output out/ --master 'local[2]' --json out.json
  spark-submit --master yarn "$(python -c 'import newslineage.spark.submit as m; print(m.__file__)')" \\
      --input s3a://bucket/cc-news/ --output s3a://bucket/newslineage/

inputs: JSONL, Parquet (columns url, date, text or html), WARC and WARC.gz, and every
format the local scan reads, from any Hadoop path. Output: Parquet tables documents,
relations, passages, stories, lineage_nodes, lineage_edges, findings, rejected
(docs/spark.md). Needs `pip install 'newslineage[spark]'` and Java 17 or later.
"""


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the command (its handler is in ``COMMANDS``)."""
    from newslineage.spark.options import add_arguments

    spark = sub.add_parser(
        "spark",
        help="run the scan on Apache Spark and write Parquet tables",
        description="The scan on Spark, for crawls that outgrow one machine: the same stages, "
        "run in Spark's executors; the same ids and the same newslineage/1 JSON.",
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(spark)
    spark.add_argument(
        "--master", default="local[*]", help="Spark master URL (default local[*]: every core here)"
    )
    spark.add_argument(
        "--conf",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="a Spark setting, as spark-submit takes it (repeatable); in local mode the driver's "
        "heap is one JVM's for everything: --conf spark.driver.memory=4g for --json on large runs",
    )


def cmd_spark(args: argparse.Namespace, out: Console, err: Console) -> int:
    from newslineage.files import check_writable
    from newslineage.spark.job import describe, job_from, run, write_json
    from newslineage.spark.session import parse_conf, start

    conf = parse_conf(args.conf)  # a mistyped setting fails before the job, not after it
    job = job_from(args)
    if args.json and args.json != "-":
        check_writable(Path(args.json))  # before the job, not after an hour of it
    summary = run(job, start(args.master, conf), collect=bool(args.json))
    if args.json and summary.result is not None:
        write_json(summary.result, args.json)
    if args.json != "-":
        out.print(describe(summary), soft_wrap=True)
    return 0


COMMANDS: dict[str, Command] = {"spark": cmd_spark}
