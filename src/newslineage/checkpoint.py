"""Checkpoints: a long scan that is stopped resumes from its last finished stage or batch.

A checkpoint folder holds one file per finished stage (and per finished batch
of candidate pairs in the alignment stage, the longest one), written to a
temporary name and renamed, so a scan killed at any moment leaves only whole
files. A manifest names what the folder was made for: the articles (ids and a
digest of their contents), the configuration and the package version. A folder
made for anything else is refused rather than read, so a resumed scan reports
exactly what an uninterrupted one would.

The files are Python pickles of the scan's own records: read them only from a
folder you made (``pickle`` runs code named in the file it reads).
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from newslineage import __version__, symmetry
from newslineage.config import ScanConfig
from newslineage.errors import CheckpointError
from newslineage.models import Article

T = TypeVar("T")

MANIFEST = "manifest.json"
#: Bumped when what a stage file holds changes shape.
FORMAT = 1


def fingerprint(articles: Sequence[Article], config: ScanConfig) -> str:
    """A digest of everything a scan's answer depends on: the articles, the configuration, the version."""
    digest = hashlib.blake2b(digest_size=20)
    head = {"format": FORMAT, "version": __version__, "config": config.describe()}
    digest.update(json.dumps(head, sort_keys=True, default=str).encode("utf-8"))
    for article in sorted(articles, key=lambda a: a.id):
        name = article.id.encode("utf-8", "surrogatepass")
        # The id length-prefixed, then the contents' fixed-size digest: no two articles run together.
        digest.update(len(name).to_bytes(8, "little") + name + symmetry.article_key(article))
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class Checkpoint:
    """A folder of finished stages for one scan (``open_checkpoint`` makes or reopens it)."""

    folder: Path
    fingerprint: str

    def path(self, name: str) -> Path:
        return self.folder / f"{name}.pickle"

    def has(self, name: str) -> bool:
        return self.path(name).is_file()

    def load_or(self, name: str, compute: Callable[[], T]) -> T:
        """The saved result of stage ``name``, or ``compute()``'s, saved before it is returned."""
        path = self.path(name)
        if path.is_file():
            try:
                with open(path, "rb") as fh:
                    value: T = pickle.load(fh)
            except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError) as exc:
                raise CheckpointError(f"{path}: cannot read this checkpoint file ({exc}); remove it") from exc
            return value
        value = compute()
        self.save(name, value)
        return value

    def save(self, name: str, value: object) -> None:
        path = self.path(name)
        tmp = path.with_name(path.name + ".tmp")
        try:
            with open(tmp, "wb") as fh:
                pickle.dump(value, fh, protocol=pickle.HIGHEST_PROTOCOL)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except OSError as exc:
            raise CheckpointError(f"{path}: cannot write the checkpoint ({exc.strerror or exc})") from exc


class NoCheckpoint:
    """What a scan without ``--checkpoint`` uses: every stage computed, nothing saved."""

    def load_or(self, name: str, compute: Callable[[], T]) -> T:
        return compute()

    def has(self, name: str) -> bool:
        return False


def open_checkpoint(folder: Path, articles: Sequence[Article], config: ScanConfig) -> Checkpoint:
    """The checkpoint in ``folder`` for this scan: reopened if it was made for it, else started.

    Raises ``CheckpointError`` when the folder holds a checkpoint of another scan
    (other articles, configuration or version): resuming it would mix two answers.
    """
    print_ = fingerprint(articles, config)
    manifest = folder / MANIFEST
    if manifest.is_file():
        try:
            found = json.loads(manifest.read_text(encoding="utf-8")).get("fingerprint")
        except (OSError, ValueError, AttributeError) as exc:
            raise CheckpointError(f"{manifest}: not a newslineage checkpoint manifest ({exc})") from exc
        if found != print_:
            raise CheckpointError(
                f"{folder}: this checkpoint was made for other articles, another configuration or "
                "another version of newslineage; remove the folder or name a new one"
            )
        return Checkpoint(folder, print_)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if any(folder.iterdir()):
            raise CheckpointError(f"{folder}: not empty and not a checkpoint; name an empty or new folder")
        tmp = manifest.with_name(MANIFEST + ".tmp")
        data = {"fingerprint": print_, "articles": len(articles), "version": __version__}
        tmp.write_text(json.dumps(data, indent=1), encoding="utf-8")
        os.replace(tmp, manifest)
    except OSError as exc:
        raise CheckpointError(f"{folder}: cannot make a checkpoint folder ({exc.strerror or exc})") from exc
    return Checkpoint(folder, print_)
