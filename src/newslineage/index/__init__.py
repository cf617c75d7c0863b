"""The persistent index: an adapter that keeps a growing collection in a folder.

``Store`` is the folder (SQLite in WAL mode and a vector file); ``Indexer`` adds,
updates and removes articles by running the scan's stage functions on what each
batch touches; ``export`` and ``query`` read it back as the scan's records.
"""

from newslineage.index.read import QueryResult, export, query
from newslineage.index.store import Store
from newslineage.index.update import AddReport, Indexer

__all__ = ["AddReport", "Indexer", "QueryResult", "Store", "export", "query"]
