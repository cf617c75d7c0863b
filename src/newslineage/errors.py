"""Exceptions raised by newslineage.

Every exception the library raises on purpose derives from ``NewslineageError``,
so a caller can catch the whole family with one clause::

    NewslineageError
    ├── ConfigError          a parameter is out of range or inconsistent
    ├── InputError           a path given by the user cannot be scanned at all
    │   ├── NoArticles       the inputs were read but none of them is an article
    │   └── CheckpointError  a checkpoint folder belongs to another scan, or cannot be used
    ├── OutputError          a report cannot be written (disk full, no permission, ...)
    ├── SignatureMismatch    two signatures built with different parameters were compared
    ├── ReportError          a JSON report cannot be read (wrong schema, malformed)
    ├── MissingExtra         an optional part is used without its pip extra installed
    ├── IndexStoreError      an index folder cannot be opened, or an id is not in it
    └── WorkerError          a worker process ended without its result (killed, out of memory)

A single unreadable *article* is not an exception: ingest turns it into a
``Rejection`` with a reason, and the scan goes on.
"""

from __future__ import annotations


class NewslineageError(Exception):
    """Base class of every error raised by newslineage."""


class ConfigError(NewslineageError, ValueError):
    """A configuration value is invalid; the message says what was received."""


class InputError(NewslineageError):
    """A path given on the command line does not exist or matches nothing."""


class NoArticles(InputError):
    """Every input was skipped: there is nothing to scan."""


class CheckpointError(InputError):
    """A checkpoint folder was made for another scan, or cannot be read or written."""


class OutputError(NewslineageError):
    """A report cannot be written; the message names the path and the reason."""


class SignatureMismatch(NewslineageError, ValueError):
    """Two signatures made with different parameters cannot be compared."""


class ReportError(NewslineageError):
    """A report file is not a newslineage report this version can read."""


class MissingExtra(NewslineageError, ImportError):
    """An optional dependency is missing; the message names the pip extra."""

    def __init__(self, feature: str, extra: str, package: str) -> None:
        super().__init__(
            f"{feature} needs the optional package {package!r}; "
            f"install it with: pip install 'newslineage[{extra}]'"
        )
        self.feature = feature
        self.extra = extra
        self.package = package


class IndexStoreError(NewslineageError):
    """An index folder is not a newslineage index, or a requested id is not in it."""


class WorkerError(NewslineageError):
    """A worker process ended without returning its task's result, or the result could not be sent."""

    @classmethod
    def ended(cls, how: str) -> WorkerError:
        """A worker that ended before it returned its result; ``how`` says what is known of it."""
        return cls(
            f"a worker process ended without its result ({how}); killed, or out of memory? "
            "A scan uses less memory with --low-memory, or with one process (--workers 1)"
        )
