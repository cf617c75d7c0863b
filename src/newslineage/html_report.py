"""The HTML report: one self-contained file, built from the JSON report and the texts.

Everything a reader sees is escaped: static parts with ``html.escape``; article text
travels in a ``<script type="application/json">`` block (with ``<``, ``>`` and ``&``
written as ``\\u003c``-style escapes, so no text can close the block) and is put on
the page by the inline script with ``textContent`` only, when the reader opens a
pair. That lazy step is also what keeps a report of a thousand articles fast.
"""

from __future__ import annotations

import difflib
import html
import itertools
import json
import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from newslineage.errors import ReportError
from newslineage.html_assets import CSS, SCRIPT
from newslineage.report import SCHEMA

_WORD = re.compile(r"\w+", re.UNICODE)
Segment = list[Any]  # [start, end, kind, link id or -1, changed (0/1), finding index or -1]


def write_html(data: Mapping[str, Any], texts: Mapping[str, str], path: Path) -> None:
    """Write the report of ``data`` (schema newslineage/1) to ``path``."""
    path.write_text(render_html(data, texts), encoding="utf-8")


def render_html(data: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    """The whole report as one HTML string."""
    if data.get("schema") != SCHEMA:
        raise ReportError(f"cannot render a report of schema {data.get('schema')!r}; expected {SCHEMA!r}")
    payload = {"texts": dict(texts), "pairs": [pair_view(rel, data, texts) for rel in data["relations"]]}
    body = [
        "<h1>newslineage report</h1>",
        _overview(data),
        _stories(data),
        _articles(data),
        _pairs(data),
        _rejected(data),
    ]
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta http-equiv='Content-Security-Policy' content=\"default-src 'none'; style-src 'unsafe-inline'; "
        "script-src 'unsafe-inline'; img-src data:\">"
        f"<title>newslineage report</title><style>{CSS}</style></head><body>"
        + "".join(body)
        + f"<script type='application/json' id='nl-data'>{_json_for_script(payload)}</script>"
        + f"<script>{SCRIPT}</script></body></html>\n"
    )


def _json_for_script(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")


def changed_words(a: str, b: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Character ranges of the words that differ between two sentences, on each side."""
    wa, wb = list(_WORD.finditer(a)), list(_WORD.finditer(b))
    matcher = difflib.SequenceMatcher(
        a=[m.group(0).lower() for m in wa], b=[m.group(0).lower() for m in wb], autojunk=False
    )
    out_a, out_b = [], []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "equal":
            out_a += [(m.start(), m.end()) for m in wa[i1:i2]]
            out_b += [(m.start(), m.end()) for m in wb[j1:j2]]
    return out_a, out_b


def pair_view(rel: Mapping[str, Any], data: Mapping[str, Any], texts: Mapping[str, str]) -> dict[str, Any]:
    """What the page needs to draw one pair: segments of both texts, labelled."""
    spans: dict[str, list[tuple[int, int, str, int, int, int]]] = {"a": [], "b": []}
    link_id = 0
    for passage in rel["passages"]:
        for link in passage["links"]:
            (a0, a1), (b0, b1) = (
                (link["a"]["start"], link["a"]["end"]),
                (link["b"]["start"], link["b"]["end"]),
            )
            kind = link["kind"]
            spans["a"].append((a0, a1, kind, link_id, 0, -1))
            spans["b"].append((b0, b1, kind, link_id, 0, -1))
            if kind != "verbatim" and kind != "translated":
                ca, cb = changed_words(texts[rel["a"]][a0:a1], texts[rel["b"]][b0:b1])
                spans["a"] += [(a0 + s, a0 + e, kind, link_id, 1, -1) for s, e in ca]
                spans["b"] += [(b0 + s, b0 + e, kind, link_id, 1, -1) for s, e in cb]
            link_id += 1
    findings = _pair_findings(rel, data)
    for k, f in enumerate(findings):
        side = "a" if f["document"] == rel["a"] else "b"
        spans[side].append((f["span"]["start"], f["span"]["end"], "", -1, 0, k))
    return {
        "a": rel["a"],
        "b": rel["b"],
        "segments": {side: segments(len(texts[rel[side]]), spans[side]) for side in ("a", "b")},
        "findings": [f"{f['kind']}: {f['detail']}" for f in findings],
    }


def _pair_findings(rel: Mapping[str, Any], data: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    pair = {rel["a"], rel["b"]}
    return [
        f
        for f in data["findings"]
        if f["span"] is not None
        and (f["document"] in pair and (f["related"] in pair or f["kind"] == "spin_suspected"))
    ]


def segments(length: int, spans: Sequence[tuple[int, int, str, int, int, int]]) -> list[Segment]:
    """Cut ``[0, length)`` at every span edge; each piece carries the labels of the spans over it."""
    cuts = sorted({0, length, *(max(0, min(length, p)) for s in spans for p in s[:2])})
    out: list[Segment] = []
    for start, end in itertools.pairwise(cuts):
        over = [s for s in spans if s[0] <= start and end <= s[1]]
        kind = next((s[2] for s in over if s[2]), "")
        link = next((s[3] for s in over if s[3] >= 0), -1)
        changed = int(any(s[4] for s in over))
        finding = next((s[5] for s in over if s[5] >= 0), -1)
        if out and out[-1][2:] == [kind, link, changed, finding]:
            out[-1][1] = end
        else:
            out.append([start, end, kind, link, changed, finding])
    return out


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _overview(data: Mapping[str, Any]) -> str:
    copies = sum(r["relation"] != "same_story" for r in data["relations"])
    multi = [s for s in data["stories"] if len(s["documents"]) > 1]
    return (
        f"<p class='summary'>{len(data['documents'])} articles, {len(data['rejected'])} skipped, "
        f"{len(multi)} stories with several articles, {copies} copy relations, "
        f"{len(data['findings'])} findings.</p>"
        "<p class='legend'>Passages: <mark class='k-verbatim'>verbatim</mark> <mark class='k-light_edit'>light edit"
        "</mark> <mark class='k-spun'>spun</mark> <mark class='k-paraphrase'>paraphrase</mark> "
        "<mark class='k-translated'>translated</mark> <span class='chg'>changed words</span> "
        "<span class='finding'>finding</span></p>"
    )


def _roles(data: Mapping[str, Any]) -> dict[str, str]:
    parent = {e["child"]: e["parent"] for e in data["lineage"]["edges"]}
    labels = {n["id"]: n["label"] for n in data["lineage"]["nodes"]}
    kinds = {n["id"]: n["kind"] for n in data["lineage"]["nodes"]}
    related = {d for r in data["relations"] for d in (r["a"], r["b"])}
    roles = {}
    for doc in data["documents"]:
        up = parent.get(doc["id"])
        if up is not None and kinds.get(up) == "inferred_source":
            roles[doc["id"]] = f"retells {labels[up]}"
        elif up is not None:
            roles[doc["id"]] = f"copy of {up}"
        elif doc["id"] in {e["parent"] for e in data["lineage"]["edges"]}:
            roles[doc["id"]] = "origin"
        else:
            roles[doc["id"]] = "independent" if doc["id"] in related else "unrelated to the rest"
    return roles


def _stories(data: Mapping[str, Any]) -> str:
    parts = ["<h2>Stories</h2>"]
    for story in data["stories"]:
        if len(story["documents"]) < 2:
            continue
        parts.append(
            f"<section class='story'><h3>{_e(story['title'])} <small>{len(story['documents'])} articles</small></h3>"
            + lineage_svg(data, story["id"])
            + "</section>"
        )
    alone = [s["documents"][0] for s in data["stories"] if len(s["documents"]) == 1]
    if alone:
        parts.append(f"<p>Articles on a story of their own: {_e(', '.join(alone))}</p>")
    return "".join(parts)


def lineage_svg(data: Mapping[str, Any], story: str) -> str:
    """The story's lineage as an inline SVG: layers by depth, arrows from parent to child."""
    nodes = [n for n in data["lineage"]["nodes"] if n["story"] == story]
    ids = {n["id"] for n in nodes}
    edges = [e for e in data["lineage"]["edges"] if e["child"] in ids]
    parent = {e["child"]: e["parent"] for e in edges}
    depth = {n["id"]: _depth(n["id"], parent) for n in nodes}
    layers: dict[int, list[str]] = defaultdict(list)
    for n in sorted(nodes, key=lambda n: (depth[n["id"]], n["id"])):
        layers[depth[n["id"]]].append(n["id"])
    width, row = 240, 110
    pos = {nid: (20 + k * width, 20 + d * row) for d, layer in layers.items() for k, nid in enumerate(layer)}
    total_w = 40 + width * max(len(v) for v in layers.values())
    total_h = 60 + row * len(layers)
    out = [
        f"<svg class='lineage' role='img' aria-label='lineage of {_e(story)}' width='{total_w}' height='{total_h}' "
        f"viewBox='0 0 {total_w} {total_h}'><defs><marker id='arrow-{_e(story)}' viewBox='0 0 10 10' refX='10' "
        "refY='5' markerWidth='8' markerHeight='8' orient='auto'><path d='M0,0 L10,5 L0,10 z'/></marker></defs>"
    ]
    for e in edges:
        (x1, y1), (x2, y2) = pos[e["parent"]], pos[e["child"]]
        label = f"{', '.join(e['transforms'][:2]) or 'shared passages'} {e['confidence']:.2f}"
        out.append(
            f"<line x1='{x1 + 100}' y1='{y1 + 44}' x2='{x2 + 100}' y2='{y2}' marker-end='url(#arrow-{_e(story)})'/>"
            f"<text class='edge' x='{(x1 + x2) / 2 + 104:.0f}' y='{(y1 + y2) / 2 + 30:.0f}'>{_e(label)}</text>"
        )
    for n in nodes:
        x, y = pos[n["id"]]
        has_children = any(e["parent"] == n["id"] for e in edges)
        cls = (
            "inferred"
            if n["kind"] == "inferred_source"
            else "copy"
            if n["id"] in parent
            else "origin"
            if has_children
            else "independent"
        )
        name = n["document"] or n["label"]
        out.append(
            f"<g class='node {cls}'><title>{_e(n['label'])}</title><rect x='{x}' y='{y}' width='200' height='44' rx='6'/>"
            f"<text x='{x + 8}' y='{y + 18}'>{_e(name[:30])}</text>"
            f"<text class='sub' x='{x + 8}' y='{y + 35}'>{_e(cls)}</text></g>"
        )
    return "".join(out) + "</svg>"


def _depth(node: str, parent: Mapping[str, str]) -> int:
    depth, seen = 0, {node}
    while node in parent and parent[node] not in seen:
        node = parent[node]
        seen.add(node)
        depth += 1
    return depth


def _articles(data: Mapping[str, Any]) -> str:
    roles = _roles(data)
    by_doc: dict[str, list[str]] = defaultdict(list)
    for f in data["findings"]:
        by_doc[f["document"]].append(f"<li><b>{_e(f['kind'])}</b> {_e(f['detail'])}</li>")
    rows = []
    for d in data["documents"]:
        meta = " · ".join(_e(v) for v in (d["site"], d["published"], d["language"]) if v)
        findings = f"<ul>{''.join(by_doc[d['id']])}</ul>" if by_doc[d["id"]] else ""
        rows.append(
            f"<details class='article'><summary><b>{_e(d['id'])}</b> {_e(d['title'])} <span class='meta'>{meta}</span>"
            f" <span class='role'>{_e(roles[d['id']])}</span></summary>{findings or '<p>No findings.</p>'}</details>"
        )
    return "<h2>Articles</h2>" + "".join(rows)


def _pairs(data: Mapping[str, Any]) -> str:
    rows = []
    for k, r in enumerate(data["relations"]):
        rows.append(
            f"<details class='pair' data-pair='{k}'><summary>{_e(r['a'])} ↔ {_e(r['b'])}: <b>{_e(r['relation'])}</b>"
            f" {_e(', '.join(r['transforms']))} · direction {_e(r['direction'])} · confidence {r['confidence']:.2f}"
            f"</summary><ul class='evidence'>{''.join(f'<li>{_e(x)}</li>' for x in r['evidence'] + r['direction_evidence'])}"
            "</ul><div class='side-by-side'></div></details>"
        )
    return (
        "<h2>Related pairs</h2><p>Open a pair to see both texts; click a passage to find its counterpart.</p>"
        + "".join(rows)
    )


def _rejected(data: Mapping[str, Any]) -> str:
    if not data["rejected"]:
        return ""
    rows = "".join(f"<tr><td>{_e(r['path'])}</td><td>{_e(r['reason'])}</td></tr>" for r in data["rejected"])
    return (
        f"<h2>Skipped inputs</h2><table class='rejected'><tr><th>path</th><th>reason</th></tr>{rows}</table>"
    )
