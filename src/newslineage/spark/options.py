"""The job's command-line options, shared by ``newslineage spark`` and the spark-submit entry point.

Kept apart from the job so that building the CLI's parser imports nothing heavy.
"""

from __future__ import annotations

import argparse

from newslineage.config import CandidateConfig, IngestConfig

#: ``neighbours.BucketSearch``'s defaults, here so that the parser does not import numpy.
BUCKET_TABLES = 16
BUCKET_SIZE = 512


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The job's options, shared by ``newslineage spark`` and the spark-submit entry point."""
    parser.add_argument("--input", nargs="+", required=True, metavar="URI", action="extend",
                        help="files, folders or globs (any Hadoop path: file://, hdfs://, s3a://, gs://)")  # fmt: skip
    parser.add_argument("--output", required=True, metavar="URI", help="folder for the Parquet tables")
    parser.add_argument(
        "--json", metavar="FILE", help="also write the newslineage/1 JSON report (small runs)"
    )
    parser.add_argument("--partitions", type=int, default=0, metavar="N",
                        help="pieces the documents are cut into (default: one per core, more for large inputs)")  # fmt: skip
    parser.add_argument(
        "--max-bytes",
        type=int,
        default=IngestConfig().max_bytes,
        metavar="N",
        help="largest input file read, in bytes (default %(default)s; a CC-NEWS WARC file is about 1 GB)",
    )
    parser.add_argument("--overwrite", action="store_true", help="replace an existing output folder")
    parser.add_argument(
        "--exact-neighbours-up-to",
        type=int,
        default=CandidateConfig().exact_neighbours_up_to,
        metavar="N",
        help="compare every pair of document vectors up to N documents, as the local scan does; above, "
        "search hyperplane buckets (default %(default)s)",
    )
    parser.add_argument(
        "--bucket-tables",
        type=int,
        default=BUCKET_TABLES,
        metavar="N",
        help="hyperplane tables of the bucket search (default %(default)s; more find more neighbours)",
    )
    parser.add_argument(
        "--bucket-size",
        type=int,
        default=BUCKET_SIZE,
        metavar="N",
        help="documents per bucket the hyperplanes aim at (default %(default)s; larger find more, cost more)",
    )
