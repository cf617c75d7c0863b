"""``newslineage explain A B``: one pair's aligned passages side by side, with the evidence.

The pair is scanned together with its collection when one is given (direction
and lineage depend on the relatives), else on its own.
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Sequence
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from newslineage.config import ScanConfig
from newslineage.embed import Encoder
from newslineage.errors import InputError
from newslineage.models import Relation, ScanResult
from newslineage.pipeline import Progress, scan
from newslineage.synonyms import Synonyms

_COLOURS = {
    "verbatim": "green",
    "light_edit": "cyan",
    "spun": "magenta",
    "paraphrase": "yellow",
    "translated": "blue",
}


def _tail_match(target: tuple[str, ...], doc: tuple[str, ...]) -> bool:
    n = min(len(target), len(doc))
    return target[-n:] == doc[-n:]


def _resolve(target: str, result: ScanResult) -> str:
    """The document id for ``target``: an id, or a path whose tail is an id."""
    ids = [d.id for d in result.documents]
    if target in ids:
        return target
    parts = Path(target).parts
    # A whole trailing run of path components must match: "original.txt" is not "01-original.txt".
    matches = [i for i in ids if _tail_match(parts, Path(i).parts)]
    if len(matches) == 1:
        return matches[0]
    rejected = [r for r in result.rejected if Path(r.path).name == Path(target).name]
    if rejected:
        raise InputError(f"{target}: skipped by the scan ({rejected[0].reason})")
    raise InputError(f"{target}: no such article in the scan ({len(ids)} articles read)")


def explain_pair(
    a: str,
    b: str,
    collection: Sequence[str | os.PathLike[str]] = (),
    *,
    config: ScanConfig | None = None,
    progress: Progress | None = None,
    encoder: Encoder | None = None,
    synonyms: Synonyms | None = None,
) -> tuple[ScanResult, Relation | None, str, str]:
    """Scan the pair (with its collection) and return the result, their relation and their ids.

    ``encoder`` and ``synonyms`` are loaded when not given; a caller explaining
    many pairs passes its own so that the model loads once.
    """
    config = config or ScanConfig()
    # Every pair is worth aligning when a person asks about it explicitly.
    config = dataclasses.replace(
        config, candidates=dataclasses.replace(config.candidates, min_doc_similarity=-1.0)
    )
    paths = list(collection) or [a, b]
    result = scan(paths, config, progress=progress, encoder=encoder, synonyms=synonyms)
    ida, idb = _resolve(a, result), _resolve(b, result)
    if ida == idb:
        raise InputError(f"{a} and {b} are the same article")
    first, second = sorted((ida, idb))
    rel = next((r for r in result.relations if (r.a, r.b) == (first, second)), None)
    return result, rel, first, second


def render(result: ScanResult, rel: Relation | None, a: str, b: str, console: Console) -> None:
    """Print the pair: verdict, direction evidence, then passages side by side."""
    if rel is None:
        console.print(f"[bold]{a}[/] and [bold]{b}[/]: unrelated (no shared passages, no shared story)")
        return
    console.print(
        f"[bold]{a}[/] and [bold]{b}[/]: [bold]{rel.relation}[/] "
        f"({', '.join(rel.transforms) or 'no shared passages'}), confidence {rel.confidence:.2f}, "
        f"coverage {rel.coverage_a:.0%} / {rel.coverage_b:.0%}"
    )
    for line in rel.evidence:
        console.print(f"  - {line}")
    console.print(f"direction: [bold]{rel.direction}[/]")
    for line in rel.direction_evidence:
        console.print(f"  - {line}")
    table = Table(show_lines=True, expand=True)
    table.add_column(a, ratio=1)
    table.add_column(b, ratio=1)
    table.add_column("kind", no_wrap=True)
    da, db = result.document(a), result.document(b)
    for passage in rel.passages:
        colour = _COLOURS.get(passage.kind, "white")
        table.add_row(
            Text(da.text[passage.a_start : passage.a_end]),
            Text(db.text[passage.b_start : passage.b_end]),
            Text(f"{passage.kind}\n{passage.similarity:.2f}", style=colour),
        )
    console.print(table)
    findings = [f for f in result.findings if f.document in (a, b) and f.related in (a, b)]
    for f in findings:
        console.print(f"[bold]{f.kind}[/] in {f.document}: {f.detail}")
