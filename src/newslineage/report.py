"""Reports: the JSON document (schema ``newslineage/1``) and the terminal summary.

The JSON report is the product's API (docs/json-schema.md). It is built from a
``ScanResult`` as plain data, so the HTML report, the service and the Spark job
all speak the same format.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from rich.console import Console
from rich.table import Table

from newslineage import __version__
from newslineage.errors import ReportError
from newslineage.models import Passage, Relation, ScanResult
from newslineage.titles import shorten

SCHEMA = "newslineage/1"


def _span(start: int, end: int) -> dict[str, int]:
    return {"start": start, "end": end}


def _passage(p: Passage, result: ScanResult, a: str, b: str) -> dict[str, Any]:
    da, db = result.document(a), result.document(b)
    return {
        "kind": p.kind,
        "similarity": p.similarity,
        "a": _span(p.a_start, p.a_end),
        "b": _span(p.b_start, p.b_end),
        "links": [
            {
                "a": _span(da.sentences[link.a].start, da.sentences[link.a].end),
                "b": _span(db.sentences[link.b].start, db.sentences[link.b].end),
                "kind": link.kind,
                "similarity": link.similarity,
            }
            for link in p.links
        ],
    }


def relation_json(rel: Relation, result: ScanResult) -> dict[str, Any]:
    """One relation as JSON data."""
    return {
        "a": rel.a,
        "b": rel.b,
        "relation": rel.relation,
        "transforms": list(rel.transforms),
        "direction": rel.direction,
        "direction_evidence": list(rel.direction_evidence),
        "confidence": rel.confidence,
        "coverage": {"a": rel.coverage_a, "b": rel.coverage_b},
        "evidence": list(rel.evidence),
        "passages": [_passage(p, result, rel.a, rel.b) for p in rel.passages],
    }


def to_json(result: ScanResult, *, include_text: bool = False) -> dict[str, Any]:
    """The whole report as JSON data (schema ``newslineage/1``)."""
    documents = []
    for doc in result.documents:
        art = doc.article
        entry: dict[str, Any] = {
            "id": doc.id,
            "title": art.title,
            "language": doc.language,
            "url": art.url,
            "site": art.site,
            "published": art.published,
            "chars": len(doc.text),
            "sentences": len(doc.sentences),
            "boilerplate": [_span(s.start, s.end) for s in doc.sentences if s.boilerplate],
        }
        if include_text:
            entry["text"] = doc.text
        documents.append(entry)
    return {
        "schema": SCHEMA,
        "generator": {"name": "newslineage", "version": __version__},
        "config": result.config.describe(),
        "documents": documents,
        "rejected": [{"path": r.path, "reason": r.reason} for r in result.rejected],
        "relations": [relation_json(r, result) for r in result.relations],
        "stories": [{"id": s.id, "documents": list(s.documents), "title": s.title} for s in result.stories],
        "lineage": {
            "nodes": [
                {"id": n.id, "kind": n.kind, "label": n.label, "document": n.document, "story": n.story}
                for n in result.lineage.nodes
            ],
            "edges": [
                {
                    "parent": e.parent,
                    "child": e.child,
                    "transforms": list(e.transforms),
                    "confidence": e.confidence,
                    "evidence": list(e.evidence),
                }
                for e in result.lineage.edges
            ],
        },
        "findings": [
            {
                "document": f.document,
                "kind": f.kind,
                "detail": f.detail,
                "span": _span(*f.span) if f.span else None,
                "spans": [_span(*span) for span in f.spans],
                "related": f.related,
                "related_span": _span(*f.related_span) if f.related_span else None,
            }
            for f in result.findings
        ],
        "notes": list(result.notes),
        "timings": dict(result.timings),
    }


def dumps(report: Mapping[str, Any]) -> str:
    """Serialize a report: stable key order, UTF-8 text kept readable."""
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"


def load(text: str, source: str = "report") -> dict[str, Any]:
    """Parse a JSON report, refusing other schemas with a clear message."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ReportError(f"{source}: not JSON ({exc})") from exc
    if not isinstance(data, dict) or data.get("schema") != SCHEMA:
        found = data.get("schema") if isinstance(data, dict) else type(data).__name__
        raise ReportError(f"{source}: expected schema {SCHEMA!r}, found {found!r}")
    return data


def print_summary(result: ScanResult, console: Console) -> None:
    """The human-readable summary: stories, copy relations, rejections."""
    copies = sum(r.is_copy for r in result.relations)
    multi = sum(len(s.documents) > 1 for s in result.stories)
    console.print(
        f"[bold]{_count(len(result.documents), 'article')}[/], [bold]{len(result.rejected)}[/] skipped, "
        f"[bold]{_count(multi, 'story', 'stories')}[/] with several articles, "
        f"[bold]{_count(copies, 'copy relation')}[/]"
    )
    _print_stories(result, console)
    _print_relations(result, console)
    _print_lineage(result, console)
    _print_findings(result, console)
    for note in result.notes:
        console.print(f"[yellow]note:[/] {note}")
    if result.rejected:
        table = Table(title="Skipped inputs", title_justify="left")
        table.add_column("path")
        table.add_column("reason")
        for rej in result.rejected:
            table.add_row(rej.path, rej.reason)
        console.print(table)


def _count(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _print_stories(result: ScanResult, console: Console) -> None:
    multi = [s for s in result.stories if len(s.documents) > 1]
    if not multi:
        return
    table = Table(title="Stories", title_justify="left")
    table.add_column("story")
    table.add_column("articles", justify="right")
    table.add_column("title")
    table.add_column("members")
    for story in multi:
        table.add_row(
            story.id, str(len(story.documents)), shorten(story.title, 60), ", ".join(story.documents)
        )
    console.print(table)


def _print_relations(result: ScanResult, console: Console) -> None:
    shown = [r for r in result.relations if r.is_copy] or list(result.relations)
    if not shown:
        console.print("No related articles found.")
        return
    table = Table(title="Related pairs (copies first)", title_justify="left")
    for col in ("a", "b", "relation", "transforms", "direction", "conf.", "coverage a/b"):
        table.add_column(col)
    ordered = sorted(result.relations, key=lambda r: (not r.is_copy, -r.confidence, r.a, r.b))
    for rel in ordered[:60]:
        table.add_row(
            rel.a,
            rel.b,
            rel.relation,
            ", ".join(rel.transforms) or "-",
            rel.direction,
            f"{rel.confidence:.2f}",
            f"{rel.coverage_a:.0%} / {rel.coverage_b:.0%}",
        )
    console.print(table)
    if len(ordered) > 60:
        console.print(f"... and {len(ordered) - 60} more related pairs (see --json)")


def _print_lineage(result: ScanResult, console: Console) -> None:
    """Each story's lineage as an indented tree, roots first."""
    edges = result.lineage.edges
    if not edges:
        return
    labels = {n.id: n.label for n in result.lineage.nodes}
    children: dict[str, list[str]] = {}
    for e in edges:
        children.setdefault(e.parent, []).append(e.child)
    via = {e.child: e for e in edges}
    roots = sorted({e.parent for e in edges} - set(via))
    console.print("[bold]Lineage[/] (source, then what was made from it)")

    def walk(node: str, depth: int) -> None:
        edge = via.get(node)
        how = f"  [dim]{', '.join(edge.transforms) or 'copy'}, {edge.confidence:.2f}[/]" if edge else ""
        name = f"[italic]{labels.get(node, node)}[/]" if node.startswith("inferred:") else node
        console.print(f"{'  ' * depth}{'└─ ' if depth else ''}{name}{how}")
        for child in sorted(children.get(node, [])):
            walk(child, depth + 1)

    for root in roots:
        walk(root, 0)


def _print_findings(result: ScanResult, console: Console) -> None:
    """Every finding; additions (one per document, listing its passages) last."""
    ordered = sorted(result.findings, key=lambda f: f.kind == "added")
    if not ordered:
        return
    table = Table(title="Findings", title_justify="left")
    table.add_column("document")
    table.add_column("finding")
    table.add_column("detail")
    for f in ordered[:80]:
        table.add_row(f.document, f.kind, f.detail)
    console.print(table)
    if len(ordered) > 80:
        console.print(f"... and {len(ordered) - 80} more findings (see --json)")
