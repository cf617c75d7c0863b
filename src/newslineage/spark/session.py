"""Starting Spark: pyspark and Java found, or an error that says how to get them."""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from newslineage.errors import ConfigError, MissingExtra, NewslineageError

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

#: Native math libraries start one thread per core in every Python worker; Spark already
#: runs one worker per core, so more threads only fight over the same cores.
_ONE_THREAD = ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS")


#: Where a Python worker starts spilling a grouping to disk (``spark.python.worker.memory``,
#: 512m unless set). PySpark compares the worker's whole resident memory with it, and the
#: embedding model alone holds about 300 MB of it: at the default, every grouping after the
#: embeddings went to disk and back. Set for local masters; on a cluster, pass it with
#: ``--conf`` (docs/spark.md).
PYTHON_WORKER_MEMORY = "1g"


class JavaNotFound(NewslineageError):
    """Spark needs a Java runtime and none was found."""


def find_java() -> str:
    """The ``java`` Spark will start: ``$JAVA_HOME/bin/java``, else the one on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        if java.is_file():
            return str(java)
        raise JavaNotFound(
            f"JAVA_HOME is {home!r} but {java} does not exist; point JAVA_HOME at a Java 17 "
            "(or later) installation, or unset it to use the java on PATH"
        )
    found = shutil.which("java")
    if found is None:
        raise JavaNotFound(
            "the Spark job needs Java 17 or later and no java was found (JAVA_HOME is unset and "
            "java is not on PATH); install it, e.g. apt-get install openjdk-17-jre-headless"
        )
    return found


def _local_cores(master: str) -> int:
    """The cores of a ``local``, ``local[N]``, ``local[*]`` or ``local[N,F]`` master."""
    inside = master.partition("[")[2].rstrip("]").split(",")[0]
    if inside in ("", "*"):
        return os.cpu_count() or 1 if inside == "*" else 1
    try:
        return max(1, int(inside))
    except ValueError:
        raise ConfigError(f"master {master!r}: expected local, local[N], local[*] or local[N,F]") from None


def require_pyspark() -> None:
    """Import pyspark, or say which extra installs it."""
    try:
        import pyspark  # noqa: F401
    except ImportError as exc:
        raise MissingExtra("the Spark job", "spark", "pyspark") from exc


def parse_conf(pairs: Sequence[str]) -> dict[str, str]:
    """``KEY=VALUE`` strings (as ``spark-submit --conf`` takes them) as a mapping.

    >>> parse_conf(["spark.driver.memory=4g"])
    {'spark.driver.memory': '4g'}
    """
    out: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip() or not value.strip():
            raise ConfigError(f"--conf takes KEY=VALUE, for example spark.driver.memory=4g; got {pair!r}")
        out[key.strip()] = value.strip()
    return out


def start(master: str | None, conf: Mapping[str, str] | None = None) -> SparkSession:
    """A Spark session: on ``master`` when given, else on what spark-submit configured.

    In local mode the Python workers run this interpreter, so they see the same
    installed packages (the model ships inside one of them).
    """
    require_pyspark()
    find_java()
    from pyspark.sql import SparkSession

    builder = SparkSession.builder.appName("newslineage")
    if master is not None:
        builder = builder.master(master)
        if master.startswith("local"):
            os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
            builder = builder.config("spark.ui.enabled", "false").config(
                "spark.ui.showConsoleProgress", "false"
            )
            # Unset, every shuffle after a union would have as many partitions as its parents together.
            builder = builder.config("spark.default.parallelism", str(_local_cores(master)))
            builder = builder.config("spark.python.worker.memory", PYTHON_WORKER_MEMORY)
    for name in _ONE_THREAD:
        builder = builder.config(f"spark.executorEnv.{name}", "1")
    for key, value in (conf or {}).items():
        builder = builder.config(key, value)
    session = builder.getOrCreate()
    session.sparkContext.setLogLevel("ERROR")
    return session
