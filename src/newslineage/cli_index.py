"""The index commands: ``index add|remove|stats|export``, ``query`` and ``serve``.

A thin layer over ``newslineage.index`` and ``newslineage.service``, kept apart
from cli.py's scan commands.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from rich.console import Console
from rich.table import Table

from newslineage.errors import InputError

if TYPE_CHECKING:
    from newslineage.index import Indexer

Command = Callable[[argparse.Namespace, Console, Console], int]


def add_parsers(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register the commands (their handlers are in ``COMMANDS``)."""
    index = sub.add_parser(
        "index",
        help="keep a growing collection in an index folder (add, remove, stats, export)",
        description="An index folder (SQLite and a vector file) that grows batch by batch and "
        "gives the same answers as one scan of everything in it.",
        epilog="examples:\n  newslineage index add examples/newsroom --index idx\n"
        "  newslineage index stats --index idx\n  newslineage index export --json out.json --index idx",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    actions = index.add_subparsers(dest="action", required=True, metavar="ACTION")
    add = actions.add_parser("add", help="add or update articles (files, folders, globs)")
    add.add_argument("paths", nargs="+", metavar="PATH")
    add.add_argument("--chunk", type=int, default=256, help="articles per transaction (default 256)")
    add.add_argument(
        "--verbose", "-v", action="store_true", help="print 'done ID' as each article is committed"
    )
    remove = actions.add_parser("remove", help="remove articles by id")
    remove.add_argument("ids", nargs="+", metavar="ID")
    actions.add_parser("stats", help="how many articles, relations, stories; size on disk")
    exp = actions.add_parser("export", help="write the whole index as a newslineage/1 JSON report")
    exp.add_argument("--json", metavar="FILE", required=True, help="output file; - for stdout")
    for p in (add, remove, actions.choices["stats"], exp):
        p.add_argument("--index", metavar="DIR", required=True, help="the index folder")
    q = sub.add_parser(
        "query",
        help="relate one article to an index without adding it",
        description="Its likely sources and copies in the index: relation, direction, transforms, "
        "confidence and aligned passages.",
        epilog="examples:\n  newslineage query new.txt --index idx\n"
        "  curl -s https://example.org/a.html | newslineage query - --index idx --json -",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    q.add_argument("file", metavar="FILE", help="an article file; - reads standard input")
    q.add_argument("--index", metavar="DIR", required=True)
    q.add_argument("--json", metavar="FILE", help="write the answer as JSON; - for stdout")
    serve = sub.add_parser(
        "serve",
        help="serve the index over HTTP: the API (OpenAPI at /docs) and a web page",
        description="Reads are open; writes need NEWSLINEAGE_API_KEY (or --api-key-file) as a bearer token.",
    )
    serve.add_argument("--index", metavar="DIR", required=True)
    serve.add_argument(
        "--host", default="127.0.0.1", help="address to bind (default 127.0.0.1, loopback only)"
    )
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--api-key-file", metavar="FILE", help="a file holding the API key for writes")


def _indexer(folder: str, *, create: bool = False) -> Indexer:
    from newslineage.index import Indexer, Store

    return Indexer(Store(Path(folder), create=create))


def cmd_index(args: argparse.Namespace, out: Console, err: Console) -> int:
    from newslineage import report
    from newslineage.index import Store, export

    if args.action == "add":
        return _add(args, out, err)
    if args.action == "remove":
        removed = _indexer(args.index).remove(args.ids)
        missing = sorted(set(args.ids) - set(removed))
        out.print(
            f"removed {len(removed)} articles"
            + (f"; not in the index: {', '.join(missing)}" if missing else "")
        )
        return 0 if removed else 1
    store = Store(Path(args.index))
    if args.action == "stats":
        size = sum(p.stat().st_size for p in Path(args.index).iterdir() if p.is_file())
        out.print(
            f"{store.count('documents')} articles, {store.count('relations')} relations, "
            f"{store.count('stories')} stories, {store.count('edges')} lineage edges, "
            f"{store.count('findings')} findings; {size / 1e6:.1f} MB in {args.index}"
        )
        return 0
    _write(args.json, report.dumps(report.to_json(export(store))))
    if args.json != "-":
        out.print(f"JSON report written to {args.json}")
    return 0


def _add(args: argparse.Namespace, out: Console, err: Console) -> int:
    from newslineage.cli import RichProgress, _NoProgress
    from newslineage.config import IngestConfig
    from newslineage.ingest import ingest

    read = ingest(args.paths, IngestConfig())
    for bad in read.rejected:
        err.print(f"skipped {bad.path}: {bad.reason}", soft_wrap=True)
    indexer = _indexer(args.index, create=True)

    def committed(ids: object) -> None:
        if args.verbose:
            for doc_id in ids:  # type: ignore[attr-defined]
                sys.stdout.write(f"done {doc_id}\n")
            sys.stdout.flush()

    with RichProgress(err) if err.is_terminal else _NoProgress() as progress:
        done = indexer.add(read.articles, progress=progress, on_commit=committed, chunk=args.chunk)
    out.print(
        f"{len(done.added)} added, {len(done.updated)} updated, {len(done.unchanged)} unchanged, "
        f"{len(read.rejected)} skipped; {done.relations} relations written, {done.stories} stories updated"
        + (
            f"; {len(done.remarked)} stored articles marked again (lines now furniture)"
            if done.remarked
            else ""
        )
    )
    return 0


def cmd_query(args: argparse.Namespace, out: Console, err: Console) -> int:
    from newslineage import report
    from newslineage.config import IngestConfig
    from newslineage.index import query
    from newslineage.ingest import ingest, ingest_stream

    indexer = _indexer(args.index)
    if args.file == "-":
        read = ingest_stream(sys.stdin.buffer, "stdin.txt", IngestConfig())
    else:
        read = ingest([args.file], IngestConfig())
    if not read.articles:
        reason = read.rejected[0].reason if read.rejected else "no article found"
        raise InputError(f"{args.file}: {reason}")
    found = query(indexer, read.articles[0])
    if args.json:
        data = report.to_json(found.result)
        data["query"] = found.id
        _write(args.json, report.dumps(data))
    if args.json != "-":
        render_query(found, out)
    return 0


def render_query(found: object, out: Console) -> None:
    from newslineage.index import QueryResult

    assert isinstance(found, QueryResult)
    rels = found.result.relations
    out.print(
        f"{found.id}: {len(found.sources)} likely sources, {len(found.copies)} copies, "
        f"{len(found.siblings)} copies of a common source, "
        f"{len([r for r in rels if not r.is_copy])} same-story articles in the index"
    )
    table = Table("other article", "role", "relation", "transforms", "confidence", "passages")
    for rel in sorted(rels, key=lambda r: -r.confidence):
        other = rel.b if rel.a == found.id else rel.a
        role = "source" if rel in found.sources else "copy" if rel in found.copies else "related"
        if rel.direction == "common_source":
            role = "sibling (common source)"
        table.add_row(
            other,
            role,
            rel.relation,
            ", ".join(rel.transforms),
            f"{rel.confidence:.2f}",
            str(len(rel.passages)),
        )
    out.print(table)
    for f in found.result.findings:
        out.print(f"  {f.kind}: {f.detail}", soft_wrap=True)


def cmd_serve(args: argparse.Namespace, out: Console, err: Console) -> int:
    from newslineage.service import run

    run(Path(args.index), host=args.host, port=args.port, key_file=args.api_key_file)
    return 0


def _write(target: str, text: str) -> None:
    if target == "-":
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    path = Path(target)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


COMMANDS: dict[str, Command] = {"index": cmd_index, "query": cmd_query, "serve": cmd_serve}
