"""Which files the arguments name, and the id each one gets.

Ids are paths relative to the folder named on the command line (or to a glob's
fixed part), so they do not depend on where the collection lives or in which
order it was given. A symbolic link that leads out of the folders named on the
command line is not followed unless asked (``IngestConfig.follow_links``): a
folder of articles downloaded from anywhere can hold a link to ``/etc/passwd``,
and its content would end up in the report.
"""

from __future__ import annotations

import glob
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from newslineage.errors import InputError
from newslineage.ingest.limits import quote
from newslineage.models import Rejection


@dataclass(frozen=True, slots=True)
class Found:
    """Files to read as (path, id), sorted by id, and the entries skipped, with their reasons."""

    files: tuple[tuple[Path, str], ...]
    skipped: tuple[Rejection, ...]


def glob_root(pattern: str) -> Path:
    """The folder a glob's matches are relative to: its part before the first wildcard."""
    parts = Path(pattern).parts
    fixed = parts[: next(i for i, p in enumerate(parts) if glob.has_magic(p))]
    return Path(*fixed) if fixed else Path(".")


def _inside(path: Path, roots: Sequence[Path]) -> bool:
    return any(path == root or path.is_relative_to(root) for root in roots)


def _walk(
    folder: Path, roots: Sequence[Path], follow: bool, skipped: list[tuple[Path, str]]
) -> Iterator[Path]:
    """Files under ``folder`` (hidden entries left out), following links only where allowed."""
    seen: set[Path] = set()
    stack = [folder]
    while stack:
        current = stack.pop()
        real = current.resolve()
        if real in seen:  # a link back to a folder already read: a cycle, or the same files again
            continue
        seen.add(real)
        try:
            entries = sorted(os.scandir(current), key=lambda e: e.name, reverse=True)
        except OSError as exc:
            skipped.append((current, f"unreadable folder: {exc.strerror or exc}"))
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            path = Path(entry.path)
            if entry.is_symlink():
                reason = _link_reason(path, roots, follow)
                if reason is not None:
                    skipped.append((path, reason))
                    continue
            if entry.is_dir():
                stack.append(path)
            else:
                yield path


def _link_reason(path: Path, roots: Sequence[Path], follow: bool) -> str | None:
    """Why a link is not followed, or None when it may be."""
    if follow:
        return None
    try:
        target = path.resolve(strict=True)
    except (OSError, RuntimeError):
        return None  # a broken or looping link: reading it says "unreadable" with the reason
    if _inside(target, roots):
        return None
    return (
        f"symbolic link to {quote(str(target), 80)}, outside the folders named on the command line; "
        "not followed (--follow-links reads it)"
    )


def find_files(paths: Sequence[str | os.PathLike[str]], follow_links: bool = False) -> Found:
    """Every file the arguments name; InputError for an argument that names nothing or cannot be read."""
    named = [_named(os.fspath(raw)) for raw in paths]
    roots = sorted({root.resolve() for kind, items, root in named if kind != "file"})
    found: dict[str, list[Path]] = {}
    skipped: list[tuple[Path, str, Path]] = []
    for kind, items, root in named:
        if kind == "folder":
            walked: list[tuple[Path, str]] = []
            files = list(_walk(root, roots, follow_links, walked))
            skipped += [(path, reason, root) for path, reason in walked]
        else:
            files = items
        for path in files:
            # A file named outright is read, link or not; one matched by a glob only when it stays
            # inside the folders named or links are followed (_walk checks the links it meets).
            reason = _link_reason(path, roots, follow_links) if kind == "glob" else None
            if reason is not None:
                skipped.append((path, reason, root))
            else:
                _add(found, path.relative_to(root).as_posix(), path)
    files_by_id = sorted(((p, i) for i, p in _unique_ids(found).items()), key=lambda pi: pi[1])
    rejections = {Rejection(_relative(path, root), reason) for path, reason, root in skipped}
    return Found(tuple(files_by_id), tuple(sorted(rejections, key=_by_path)))


def _named(text: str) -> tuple[str, list[Path], Path]:
    """(kind, files, root) of one argument: a glob, a folder or a file."""
    if glob.has_magic(text):
        matches = sorted(Path(m) for m in glob.glob(text, recursive=True) if Path(m).is_file())
        if not matches:
            raise InputError(f"{text}: the pattern matches no file")
        return "glob", matches, glob_root(text)
    path = Path(text)
    if path.is_dir():
        try:
            with os.scandir(path):
                pass
        except OSError as exc:
            raise InputError(f"{text}: cannot read the folder: {exc.strerror or exc}") from None
        return "folder", [], path
    if path.exists() or path.is_symlink():
        return "file", [path], path.parent
    raise InputError(f"{text}: no such file or folder")


def _relative(path: Path, root: Path) -> str:
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()


def _by_path(r: Rejection) -> tuple[str, str]:
    return r.path, r.reason


def _add(found: dict[str, list[Path]], key: str, path: Path) -> None:
    paths = found.setdefault(key, [])
    if all(p.resolve() != path.resolve() for p in paths):
        paths.append(path)


def _unique_ids(found: dict[str, list[Path]]) -> dict[str, Path]:
    """Ids for every file; two roots holding one relative path both get their folder in front."""
    out: dict[str, Path] = {}
    for key, paths in found.items():
        if len(paths) == 1:
            out[key] = paths[0]
            continue
        for path in sorted(paths, key=lambda p: p.resolve().as_posix()):
            name = f"{path.resolve().parents[len(Path(key).parts) - 1].name or 'root'}/{key}"
            while name in out or name in found:
                name = f"_{name}"
            out[name] = path
    return out
