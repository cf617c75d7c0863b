"""Command line: a thin layer over the library; each command mirrors one call.

newslineage scan PATH... [--json FILE|-] [--html FILE]   pipeline.scan
newslineage explain A B [--collection PATH]                explain.explain_pair
newslineage synth OUT --articles N --seed S               synth.write_collection
newslineage spark --input URI... --output URI             cli_spark (spark.job.run)
newslineage index|query|serve ...                         cli_index (the index and the service)
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

from newslineage import __version__, cli_index, cli_spark
from newslineage.errors import NewslineageError, NoArticles, OutputError
from newslineage.models import Rejection

EXIT_OK, EXIT_INTERNAL, EXIT_INPUT, EXIT_NO_ARTICLES, EXIT_OUTPUT, EXIT_INTERRUPTED = 0, 1, 2, 3, 4, 130
EXIT_CODES = """\
exit codes:
  0    done
  1    internal error (a bug: please report it; NEWSLINEAGE_DEBUG=1 shows the traceback)
  2    bad arguments or inputs: no such path, unreadable folder, invalid option value
  3    no articles: every input was skipped (the first reason is printed)
  4    a report could not be written (no space left, no permission, not a folder)
  130  interrupted (Ctrl-C); no partial report file is left behind
"""

EPILOG_SCAN = (
    """\
examples:
  newslineage scan articles/                       summary in the terminal
  newslineage scan 'crawl/**/*.html' --json out.json --html out.html
  newslineage scan feed.jsonl --json - | jq '.relations[] | select(.relation=="derived")'
  newslineage scan crawl/ --json out.json --checkpoint crawl.ckpt   resumable: rerun after a crash

inputs: .txt/.md, .html/.htm, .json/.jsonl (fields text, title, url, published, site,
id), .warc/.warc.gz. Folders are read recursively; symbolic links leading out of the
folders named are listed as skipped unless --follow-links. An input that cannot be
read is listed with its reason and the scan goes on.

ids: a file's path relative to the folder named; record N of a JSON list, JSONL or
WARC file is FILE#N, or the record's own "id" field (a string or an integer) when
one record of the file carries it. An id several records of one file carry is not
used (those records keep FILE#N); a record id that another document also has
becomes FILE#id=ID. The report's "notes" say which ids were changed and why.

"""
    + EXIT_CODES
)


class RichProgress:
    """Adapts the pipeline's progress protocol to a rich progress bar on stderr."""

    def __init__(self, console: Console) -> None:
        self._bar = Progress(
            TextColumn("{task.description:<22}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=console,
            transient=True,
        )
        self._task: TaskID | None = None

    def __enter__(self) -> RichProgress:
        self._bar.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._bar.stop()

    def start(self, stage: str, total: int | None) -> None:
        if self._task is not None:
            self._bar.remove_task(self._task)
        self._task = self._bar.add_task(stage, total=total)

    def advance(self, amount: int = 1) -> None:
        if self._task is not None:
            self._bar.advance(self._task, amount)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="newslineage",
        description="Find which news articles tell the same story, who copied whom and how, "
        "and what changed along the way.",
        epilog=EXIT_CODES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"newslineage {__version__}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    scan = sub.add_parser(
        "scan",
        help="scan files, folders or globs and report related articles",
        description="Scan a collection of news articles: stories, copies, transforms, evidence.",
        epilog=EPILOG_SCAN,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    scan.add_argument("paths", nargs="+", metavar="PATH", help="files, folders or glob patterns")
    scan.add_argument(
        "--json", metavar="FILE", help="write the JSON report (schema newslineage/1); - for stdout"
    )
    scan.add_argument("--json-text", action="store_true", help="include each document's text in the JSON")
    scan.add_argument("--html", metavar="FILE", help="write a self-contained HTML report")
    scan.add_argument("--quiet", "-q", action="store_true", help="no summary and no progress bar")
    scan.add_argument(
        "--follow-links",
        action="store_true",
        help="read symbolic links that lead out of the folders named (default: list them as skipped)",
    )
    scan.add_argument(
        "--workers",
        type=int,
        default=0,
        metavar="N",
        help="processes that split, embed and align articles (default 0: one per CPU core)",
    )
    scan.add_argument(
        "--low-memory",
        action="store_true",
        help="run each batch of the workers' work in a process of its own that ends with it: "
        "less memory (at 100,000 articles 3.6 GB at the peak instead of 4.1), more time (about "
        "30%% on a 2-core machine); the same results",
    )
    scan.add_argument(
        "--checkpoint",
        metavar="DIR",
        help="save each finished stage in DIR; run the same command again after a crash or "
        "Ctrl-C to resume from there (DIR must be new, empty, or from this same scan)",
    )
    _add_explain(sub)
    _add_synth(sub)
    # The index, query, serve and spark commands live in cli_index and cli_spark (adapters).
    cli_index.add_parsers(sub)
    cli_spark.add_parsers(sub)
    return parser


def _add_explain(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    explain = sub.add_parser(
        "explain",
        help="show one pair's aligned passages side by side, with the direction evidence",
        description="Align two articles and print their passages side by side with their labels "
        "(verbatim, light_edit, spun, paraphrase, translated), the relation and the direction evidence. "
        "Give --collection to judge the pair among its relatives (direction depends on them).",
        epilog="example:\n  newslineage explain examples/newsroom/01-northwire-original.txt "
        "examples/newsroom/04-spun-copy.txt --collection examples/newsroom",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    explain.add_argument("a", metavar="A", help="an article file (or its id within --collection)")
    explain.add_argument("b", metavar="B", help="another article file (or id)")
    explain.add_argument(
        "--collection",
        action="append",
        metavar="PATH",
        default=[],
        help="a file, folder or glob of the collection the pair belongs to (repeatable)",
    )


def _add_synth(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    synth = sub.add_parser(
        "synth",
        help="write a synthetic collection with known ground truth",
        description="Write OUT/articles/ (one file per article) and OUT/truth.json: originals, "
        "copies made with known transforms, independent reports and unrelated articles.",
    )
    synth.add_argument("out", metavar="OUT", help="output folder (created)")
    synth.add_argument("--articles", type=int, default=1000, help="number of articles (100 to 1,000,000)")
    synth.add_argument("--seed", type=int, default=0, help="random seed; same seed, same collection")


def cmd_scan(args: argparse.Namespace, out: Console, err: Console) -> int:
    from newslineage import report
    from newslineage.config import IngestConfig, ScanConfig, TextConfig
    from newslineage.files import check_writable
    from newslineage.pipeline import scan

    config = ScanConfig(
        ingest=IngestConfig(follow_links=args.follow_links),
        text=TextConfig(workers=args.workers, low_memory=args.low_memory),
    )
    for target in (args.json, args.html):
        if target and target != "-":
            check_writable(Path(target))  # before the scan, not after an hour of it
    show = not args.quiet and args.json != "-"
    with RichProgress(err) if show and err.is_terminal else _NoProgress() as progress:
        result = scan(args.paths, config, progress=progress, checkpoint=args.checkpoint)
    if not result.documents:
        raise NoArticles(_no_articles(result.rejected))
    data = report.to_json(result, include_text=args.json_text) if args.json or args.html else None
    if args.json and data is not None:
        _write(args.json, report.dumps(data))
    if args.html and data is not None:
        from newslineage.files import write_atomic
        from newslineage.html_report import render_html

        texts = {d.id: d.text for d in result.documents}
        write_atomic(Path(args.html), render_html(data, texts).encode("utf-8"))
    if show:
        report.print_summary(result, out)
        for label, target in (("JSON", args.json), ("HTML", args.html)):
            if target and target != "-":
                out.print(f"{label} report written to {target}", soft_wrap=True)
    return 0


def _no_articles(rejected: Sequence[Rejection]) -> str:
    if not rejected:
        return "no articles: the inputs hold no files to read"
    first = rejected[0]
    return f"no articles: all {len(rejected)} input(s) were skipped (first: {first.path}: {first.reason})"


class _NoProgress:
    def __enter__(self) -> _NoProgress:
        return self

    def __exit__(self, *exc: object) -> None:
        pass

    def start(self, stage: str, total: int | None) -> None:
        pass

    def advance(self, amount: int = 1) -> None:
        pass


def _write(target: str, text: str) -> None:
    from newslineage.files import write_atomic

    if target == "-":
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:
            raise
        except OSError as exc:
            _silence_stdout()  # else Python fails again flushing it at exit, with a traceback
            raise OutputError(f"cannot write the report to standard output: {exc.strerror or exc}") from None
    else:
        write_atomic(Path(target), text.encode("utf-8"))


def cmd_explain(args: argparse.Namespace, out: Console, err: Console) -> int:
    from newslineage.explain import explain_pair, render

    with RichProgress(err) if err.is_terminal else _NoProgress() as progress:
        result, rel, a, b = explain_pair(args.a, args.b, args.collection, progress=progress)
    render(result, rel, a, b, out)
    return 0


def cmd_synth(args: argparse.Namespace, out: Console, err: Console) -> int:
    from newslineage.synth import SynthConfig, write_collection

    summary = write_collection(Path(args.out), SynthConfig(articles=args.articles, seed=args.seed))
    out.print(
        f"wrote {summary.articles} articles in {summary.stories} stories "
        f"({summary.derived_pairs} derived pairs) to {summary.out}/articles, truth in {summary.out}/truth.json"
    )
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``newslineage`` command."""
    args = build_parser().parse_args(argv)
    # Piped or redirected output is read by programs and editors: no wrapping at 80 columns.
    out = Console(highlight=False, width=None if sys.stdout.isatty() else 200)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    commands: dict[str, cli_index.Command] = {"scan": cmd_scan, "explain": cmd_explain, "synth": cmd_synth}
    commands.update(cli_index.COMMANDS)
    commands.update(cli_spark.COMMANDS)
    return run(lambda: commands[args.command](args, out, err), err)


def run(command: Callable[[], int], err: Console) -> int:
    """Run a command; whatever goes wrong becomes one line on stderr and an exit code (``EXIT_CODES``)."""
    try:
        return command()
    except NoArticles as exc:
        return _fail(err, f"[red]error:[/] {escape(str(exc))}", EXIT_NO_ARTICLES)
    except OutputError as exc:
        return _fail(err, f"[red]error:[/] {escape(str(exc))}", EXIT_OUTPUT)
    except NewslineageError as exc:
        return _fail(err, f"[red]error:[/] {escape(str(exc))}", EXIT_INPUT)
    except KeyboardInterrupt:
        return _fail(err, "interrupted", EXIT_INTERRUPTED)
    except BrokenPipeError:
        # The reader of our output went away (``| head``): nothing left to say, and nowhere to say it.
        _silence_stdout()
        return EXIT_OK
    except MemoryError:
        return _fail(err, "[red]error:[/] out of memory; scan fewer articles at a time", EXIT_INTERNAL)
    except Exception as exc:
        if os.environ.get("NEWSLINEAGE_DEBUG"):
            raise
        detail = escape(" ".join(f"{type(exc).__name__}: {exc}".split())[:300])
        return _fail(
            err,
            f"[red]internal error:[/] {detail} (a bug: please report it; NEWSLINEAGE_DEBUG=1 shows the traceback)",
            EXIT_INTERNAL,
        )


def _silence_stdout() -> None:
    with contextlib.suppress(OSError, ValueError):
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())


def _fail(err: Console, message: str, code: int) -> int:
    with contextlib.suppress(OSError):
        err.print(message)
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
