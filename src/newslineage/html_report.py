"""The HTML report: one self-contained file built from the JSON report and the texts.

What the file holds, in order:

- static HTML: the overview, each story's lineage as an inline SVG laid out here (layers
  by depth), the articles with their roles and findings, one folded group of related
  pairs per story, and the rejected inputs;
- ``<script type="application/json">`` blocks: the list of pairs, one block per document
  that takes part in a pair, and one per pair (aligned sentences, changed words, findings);
- one inline script that lists a story's pairs when its group is opened and builds a
  pair's side-by-side view when the pair is opened.

Building pair lists and views only on demand is what keeps a report with thousands of
pairs quick to open: the browser lays out the summary and leaves the data blocks as
unparsed text until the reader asks for one.

Article text, titles, ids and findings come from the web and are untrusted. In the
static HTML every value goes through ``html.escape``; in the data blocks ``<``, ``>``
and ``&`` are written as ``\\u003c``, ``\\u003e`` and ``\\u0026`` so no text can end the
block, and the script puts text on the page with ``textContent`` only. The page's
Content-Security-Policy allows no network access and only the report's own script and
style sheet (by hash), so even a mistake here could not load or run anything else.
"""

from __future__ import annotations

import base64
import difflib
import hashlib
import html
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from newslineage.errors import ReportError
from newslineage.html_assets import CSS, SCRIPT
from newslineage.report import SCHEMA

PASSAGE_KINDS = ("verbatim", "light_edit", "spun", "paraphrase", "translated")
RELATIONS = ("duplicate", "near_duplicate", "derived", "same_story")
FINDING_KINDS = ("credit_stripped", "quote_altered", "number_changed", "added", "spin_suspected")

# Numbers such as 3.4 or 1,200 and contractions stay one word, so "3.4" -> "3.5" is one change.
_WORD = re.compile(r"\w+(?:[.,'’]\w+)*")
_NAME = re.compile(r"[a-z][a-z0-9_]*")
_LANG = re.compile(r"[a-z]{2,3}")

NODE_W, NODE_H, GAP_X, GAP_Y, PAD = 200, 46, 28, 64, 16
# Five boxes and their gaps fit the page's width; a wider layer wraps rather than scrolls.
PER_ROW = 5
# An article lists its relatives by name up to this many; past it a count and a filter read better.
MAX_LISTED = 10
# Up to this many pairs every group starts open: the whole list is built at once, still quickly.
OPEN_PAIRS_UP_TO = 300
# A story graph with more nodes than this starts folded: it is big to draw and long to scroll past.
FOLD_GRAPH_OVER = 60

Span = tuple[int, int]
Link = tuple[int, int, int, int, str, int]  # left start, end, right start, end, kind, similarity %


def write_html(data: Mapping[str, Any], texts: Mapping[str, str], path: Path) -> None:
    """Write the report of ``data`` (schema newslineage/1) to ``path`` as one HTML file."""
    # Bytes, not text mode: the file must be identical on every platform.
    path.write_bytes(render_html(data, texts).encode("utf-8"))


def render_html(data: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    """The whole report as one HTML string; ``texts`` maps document id to its full text.

    A document missing from ``texts`` falls back to its ``text`` field (reports made
    with ``--json-text``). Raises ``ReportError`` for another schema or a malformed report.
    """
    found = data.get("schema") if isinstance(data, Mapping) else type(data).__name__
    if found != SCHEMA:
        raise ReportError(f"cannot render a report of schema {found!r}: the HTML report reads {SCHEMA!r}")
    try:
        model = _Model.build(data, texts)
        body = [
            _header(model),
            _overview(model),
            _stories(model),
            _articles(model),
            _pairs(model),
            _rejected(model),
            _footer(model),
            _data_blocks(model),
        ]
    except KeyError as exc:
        raise ReportError(f"malformed {SCHEMA} report: missing field or id {exc}") from exc
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        raise ReportError(f"malformed {SCHEMA} report: {exc}") from exc
    return _page(model, "".join(body))


# --------------------------------------------------------------------------- model


@dataclass(frozen=True, slots=True)
class _Role:
    """What a document is in its story's lineage."""

    cls: str  # origin | copy | from-inferred | independent | alone
    parents: tuple[str, ...]  # lineage node ids
    copies: int


@dataclass(frozen=True, slots=True)
class _Model:
    data: Mapping[str, Any]
    texts: dict[str, str]
    index: dict[str, int]  # document id -> position in data["documents"]
    nodes: dict[str, Mapping[str, Any]]  # lineage node id -> node
    parents: dict[str, list[str]]
    children: dict[str, list[str]]
    edges: dict[tuple[str, str], Mapping[str, Any]]
    pair_of: dict[tuple[str, str], int]  # (a, b) with a < b -> relation index
    pairs_of_doc: dict[str, list[int]]
    story_of: dict[str, int]  # document id -> story index
    findings_of: dict[str, list[int]]
    roles: dict[str, _Role]
    word_cache: dict[str, _Words]

    @staticmethod
    def build(data: Mapping[str, Any], texts: Mapping[str, str]) -> _Model:
        docs = data["documents"]
        index = {d["id"]: j for j, d in enumerate(docs)}
        full = {d["id"]: _text_of(d, texts) for d in docs}
        # Graph nodes that stand for a document are keyed by the document's id from here on.
        alias = {n["id"]: n["document"] for n in data["lineage"]["nodes"] if n.get("document")}
        nodes = {alias.get(n["id"], n["id"]): n for n in data["lineage"]["nodes"]}
        parents: dict[str, list[str]] = defaultdict(list)
        children: dict[str, list[str]] = defaultdict(list)
        edges = {}
        for e in data["lineage"]["edges"]:
            parent, child = alias.get(e["parent"], e["parent"]), alias.get(e["child"], e["child"])
            parents[child].append(parent)
            children[parent].append(child)
            edges[(parent, child)] = e
        pairs_of_doc: dict[str, list[int]] = defaultdict(list)
        pair_of = {}
        for k, r in enumerate(data["relations"]):
            pair_of[(min(r["a"], r["b"]), max(r["a"], r["b"]))] = k
            pairs_of_doc[r["a"]].append(k)
            pairs_of_doc[r["b"]].append(k)
        story_of = {d: i for i, s in enumerate(data["stories"]) for d in s["documents"]}
        findings_of: dict[str, list[int]] = defaultdict(list)
        for k, f in enumerate(data["findings"]):
            findings_of[f["document"]].append(k)
        sizes = {d: len(data["stories"][i]["documents"]) for d, i in story_of.items()}
        roles = {d: _role(d, nodes, parents, children, sizes.get(d, 1)) for d in index}
        return _Model(
            data=data,
            texts=full,
            index=index,
            nodes=nodes,
            parents=parents,
            children=children,
            edges=edges,
            pair_of=pair_of,
            pairs_of_doc=pairs_of_doc,
            story_of=story_of,
            findings_of=findings_of,
            roles=roles,
            word_cache={},
        )

    def pair(self, a: str, b: str) -> int | None:
        return self.pair_of.get((min(a, b), max(a, b)))

    def words(self, doc: str) -> _Words:
        found = self.word_cache.get(doc)
        if found is None:
            found = self.word_cache[doc] = _Words(self.texts[doc])
        return found

    def label(self, node: str) -> str:
        entry = self.nodes.get(node)
        return str(entry["label"]) if entry is not None and entry.get("label") else node

    def is_inferred(self, node: str) -> bool:
        entry = self.nodes.get(node)
        return entry is not None and entry.get("kind") == "inferred_source"


def _text_of(doc: Mapping[str, Any], texts: Mapping[str, str]) -> str:
    text = texts.get(doc["id"], doc.get("text"))
    if not isinstance(text, str):
        raise ReportError(
            f"no text for document {doc['id']!r}: pass the texts, or use a report made with --json-text"
        )
    return text


def _role(
    doc: str,
    nodes: Mapping[str, Mapping[str, Any]],
    parents: Mapping[str, list[str]],
    children: Mapping[str, list[str]],
    story_size: int,
) -> _Role:
    ups = tuple(parents.get(doc, ()))
    copies = len(children.get(doc, ()))
    if any(nodes.get(p, {}).get("kind") != "inferred_source" for p in ups):
        return _Role("copy", ups, copies)
    if ups:
        return _Role("from-inferred", ups, copies)
    if copies:
        return _Role("origin", ups, copies)
    return _Role("independent" if story_size > 1 else "alone", ups, copies)


def _role_text(role: _Role, model: _Model, *, links: bool = False) -> str:
    """The role in words, as HTML (escaped; with links to the parents when ``links``)."""

    def name(node: str) -> str:
        if model.is_inferred(node):
            return f"inferred source “{_e(model.label(node))}”"
        return _doc_link(node, model) if links else _e(node)

    docs = [name(p) for p in role.parents if not model.is_inferred(p)]
    inferred = [name(p) for p in role.parents if model.is_inferred(p)]
    copied = f", copied by {role.copies}" if role.copies else ""
    if role.cls == "copy":
        extra = f"; also from {', '.join(inferred)}" if inferred else ""
        return f"copy of {', '.join(docs)}{extra}{copied}"
    if role.cls == "from-inferred":
        return f"from {', '.join(inferred)}{copied}"
    if role.cls == "origin":
        return f"origin{copied}"
    if role.cls == "independent":
        return "independent report"
    return "independent (no related article)"


# --------------------------------------------------------------------------- small helpers


def _e(value: object) -> str:
    return html.escape("" if value is None else str(value), quote=True)


def _name(value: object, default: str = "other") -> str:
    """A value safe to use inside a class name (the data is not trusted to be one)."""
    text = str(value)
    return text if _NAME.fullmatch(text) else default


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


def _words_of(name: str) -> str:
    return name.replace("_", " ")


def _plural(n: int, one: str, many: str | None = None) -> str:
    return f"{n} {one if n == 1 else many or one + 's'}"


def _doc_link(doc: str, model: _Model) -> str:
    j = model.index.get(doc)
    return _e(doc) if j is None else f'<a href="#doc-{j}">{_e(doc)}</a>'


def _clamp(span: Mapping[str, Any], text: str) -> Span:
    # A span past the text's end would be a bug upstream; clamping keeps the report readable.
    start = max(0, min(len(text), int(span["start"])))
    return start, max(start, min(len(text), int(span["end"])))


def _sha(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _json_block(block_id: str, value: object) -> str:
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    text = text.replace("&", "\\u0026").replace("<", "\\u003c").replace(">", "\\u003e")
    return f'<script type="application/json" id="{block_id}">{text}</script>'


def _flat(spans: Iterable[Span]) -> list[int]:
    return [p for span in spans for p in span]


# --------------------------------------------------------------------------- word diff


class _Words:
    """A document's words, found once per sentence however many pairs show that sentence."""

    __slots__ = ("_cache", "text")

    def __init__(self, text: str) -> None:
        self.text = text
        self._cache: dict[Span, list[tuple[int, int, str]]] = {}

    def of(self, span: Span) -> list[tuple[int, int, str]]:
        found = self._cache.get(span)
        if found is None:
            found = [(m.start(), m.end(), m.group(0)) for m in _WORD.finditer(self.text, *span)]
            self._cache[span] = found
        return found

    def runs(self, spans: Sequence[Span]) -> list[tuple[int, int, str, int]]:
        """The words of several sentences in a row, each tagged with its sentence's number."""
        return [(start, end, word, n) for n, span in enumerate(spans) for start, end, word in self.of(span)]


def changed_words(a: str, b: str) -> tuple[list[Span], list[Span]]:
    """Character ranges of the words that differ between two texts, in ``a`` and in ``b``.

    Words are compared exactly (case included), punctuation and spacing are ignored, and
    neighbouring changed words within one sentence come back as one range.
    """
    return _diff(_Words(a).runs([(0, len(a))]), _Words(b).runs([(0, len(b))]))


def _diff(
    left: Sequence[tuple[int, int, str, int]], right: Sequence[tuple[int, int, str, int]]
) -> tuple[list[Span], list[Span]]:
    lw, rw = [w[2] for w in left], [w[2] for w in right]
    if lw == rw:
        return [], []
    out_l: list[Span] = []
    out_r: list[Span] = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(None, lw, rw, autojunk=False).get_opcodes():
        if op != "equal":
            out_l += _runs(left[i1:i2])
            out_r += _runs(right[j1:j2])
    return out_l, out_r


def _runs(words: Sequence[tuple[int, int, str, int]]) -> list[Span]:
    out: list[Span] = []
    last = -1
    for start, end, _word, sentence in words:
        if out and sentence == last:
            out[-1] = (out[-1][0], end)
        else:
            out.append((start, end))
        last = sentence
    return out


def _link_groups(links: Sequence[Link]) -> list[list[int]]:
    """Links that share a sentence on either side, grouped: one sentence may merge two."""
    root: dict[tuple[str, int, int], tuple[str, int, int]] = {}

    def find(x: tuple[str, int, int]) -> tuple[str, int, int]:
        root.setdefault(x, x)
        while root[x] != x:
            root[x] = root[root[x]]
            x = root[x]
        return x

    for link in links:
        a, b = find(("l", link[0], link[1])), find(("r", link[2], link[3]))
        if a != b:
            root[max(a, b)] = min(a, b)
    groups: dict[tuple[str, int, int], list[int]] = defaultdict(list)
    for k, link in enumerate(links):
        groups[find(("l", link[0], link[1]))].append(k)
    return [groups[key] for key in sorted(groups)]


def _changed(links: Sequence[Link], left: _Words, right: _Words) -> list[list[int]]:
    """Changed-word ranges of each side, diffing each group of linked sentences as a whole."""
    out_l: list[Span] = []
    out_r: list[Span] = []
    for group in _link_groups(links):
        # A translation changes every word; marking them all would only hide the passage.
        if any(links[k][4] == "translated" for k in group):
            continue
        spans_l = sorted({(links[k][0], links[k][1]) for k in group})
        spans_r = sorted({(links[k][2], links[k][3]) for k in group})
        cl, cr = _diff(left.runs(spans_l), right.runs(spans_r))
        out_l += cl
        out_r += cr
    return [_flat(sorted(out_l)), _flat(sorted(out_r))]


# --------------------------------------------------------------------------- pair data


def _orient(rel: Mapping[str, Any]) -> tuple[str, str, str]:
    """Left and right document of a pair view (the source on the left) and how they relate."""
    direction = rel["direction"]
    if direction == "b->a":
        return rel["b"], rel["a"], "source"
    if direction == "a->b":
        return rel["a"], rel["b"], "source"
    if direction == "common_source":
        return rel["a"], rel["b"], "common"
    return rel["a"], rel["b"], "independent" if rel["relation"] == "same_story" else "unknown"


def _pair_line(k: int, model: _Model) -> list[Any]:
    """One line of the pair list: relation, left and right document index, mode, transforms, confidence."""
    rel = model.data["relations"][k]
    left, right, mode = _orient(rel)
    transforms = [_name(t) for t in rel["transforms"]]
    return [
        _name(rel["relation"]),
        model.index[left],
        model.index[right],
        mode,
        transforms,
        rel["confidence"],
    ]


def _pair_payload(k: int, model: _Model) -> dict[str, Any]:
    """What the page needs to draw relation ``k`` side by side, oriented as ``_orient`` says."""
    rel = model.data["relations"][k]
    left, right, _mode = _orient(rel)
    sides = ("a", "b") if left == rel["a"] else ("b", "a")
    lt, rt = model.texts[left], model.texts[right]
    links: list[Link] = [
        (
            *_clamp(link[sides[0]], lt),
            *_clamp(link[sides[1]], rt),
            _name(link["kind"]),
            round(float(link["similarity"]) * 100),
        )
        for passage in rel["passages"]
        for link in passage["links"]
    ]
    marks, listed = _pair_marks(left, right, model)
    coverage = rel.get("coverage") or {}
    return {
        "links": [list(link) for link in links],
        "changed": _changed(links, model.words(left), model.words(right)),
        "marks": marks,
        "findings": listed,
        "coverage": [coverage.get(sides[0]), coverage.get(sides[1])],
        "evidence": [str(x) for x in rel.get("evidence", [])],
        "direction_evidence": [str(x) for x in rel.get("direction_evidence", [])],
    }


def _pair_marks(left: str, right: str, model: _Model) -> tuple[list[list[int]], list[int]]:
    """Findings of either article that concern this pair, and where they sit in each text.

    A finding measured against a third article is left out: its span would mislead here.
    """
    marks: list[list[int]] = []
    listed: list[int] = []
    findings = model.data["findings"]
    for side, doc, other in ((0, left, right), (1, right, left)):
        for k in model.findings_of.get(doc, []):
            f = findings[k]
            related = f.get("related")
            if related in model.index and related != other:
                continue
            listed.append(k)
            # Reports of newslineage/1 before `spans` existed carry `span` alone.
            for span in f.get("spans") or ([f["span"]] if f.get("span") else []):
                start, end = _clamp(span, model.texts[doc])
                if end > start:
                    marks.append([side, start, end, k, 0])
            if related == other and f.get("related_span"):
                start, end = _clamp(f["related_span"], model.texts[other])
                if end > start:
                    marks.append([1 - side, start, end, k, 1])
    return marks, sorted(listed)


def _data_blocks(model: _Model) -> str:
    docs = model.data["documents"]
    in_pairs = sorted({model.index[d] for rel in model.data["relations"] for d in (rel["a"], rel["b"])})
    blocks = [
        _json_block("nl-doc-ids", [d["id"] for d in docs]),
        _json_block(
            "nl-findings",
            [
                [_name(f["kind"]), str(f["detail"]), model.index.get(f["document"], -1)]
                for f in model.data["findings"]
            ],
        ),
    ]
    for j in in_pairs:
        d = docs[j]
        blocks.append(
            _json_block(
                f"nl-doc-{j}",
                {
                    "id": d["id"],
                    "title": d.get("title") or _named(d["id"], model) or None,
                    "text": model.texts[d["id"]],
                    "lang": d["language"] if _LANG.fullmatch(str(d.get("language"))) else "",
                    "bp": _flat(_clamp(s, model.texts[d["id"]]) for s in d.get("boilerplate", [])),
                },
            )
        )
    count = len(model.data["relations"])
    blocks.append(_json_block("nl-pairs", [_pair_line(k, model) for k in range(count)]))
    blocks.append(_json_block("nl-pair-groups", [ks for _story, ks in _pair_groups(model)]))
    blocks += [_json_block(f"nl-pair-{k}", _pair_payload(k, model)) for k in range(count)]
    return "".join(blocks)


# --------------------------------------------------------------------------- lineage graph


@dataclass(frozen=True, slots=True)
class Layout:
    """Top-left corner of each node box, and the drawing's size, in pixels."""

    positions: dict[str, tuple[int, int]]
    width: int
    height: int


def lineage_layout(nodes: Sequence[str], edges: Sequence[tuple[str, str]], per_row: int = PER_ROW) -> Layout:
    """Layers by depth (longest path from a root), each layer ordered under its parents.

    Deterministic: the same nodes and edges give the same picture whatever their order.
    A layer wider than ``per_row`` wraps onto several rows.
    """
    known = set(nodes)
    parents: dict[str, list[str]] = defaultdict(list)
    children: dict[str, list[str]] = defaultdict(list)
    for p, c in sorted(set(edges)):
        if p in known and c in known and p != c:
            parents[c].append(p)
            children[p].append(c)
    depth = _depths(sorted(known), parents, children)
    lone = sorted(n for n in known if not parents[n] and not children[n])
    # Lone articles share the top row only if it has room; wrapped under the roots, they
    # would look like copies, so they get rows of their own at the bottom instead.
    apart = lone if sum(1 for n in known if depth[n] == 0) > per_row else []
    set_apart = set(apart)
    order: dict[str, int] = {}
    rows: list[list[str]] = []
    for level in sorted(set(depth.values())):

        def key(n: str) -> tuple[float, str]:
            ups = parents[n]
            # Roots with copies first, lone articles last; others under their parents.
            return (sum(order[p] for p in ups) / len(ups) if ups else float(not children[n]), n)

        layer = sorted((n for n in known if depth[n] == level and n not in set_apart), key=key)
        order.update((n, len(order)) for n in layer)
        rows += [layer[i : i + per_row] for i in range(0, len(layer), per_row)]
    rows += [apart[i : i + per_row] for i in range(0, len(apart), per_row)]
    widest = max((len(r) for r in rows), default=0)
    inner = widest * NODE_W + max(0, widest - 1) * GAP_X
    positions = {}
    for r, row in enumerate(rows):
        x0 = PAD + (inner - (len(row) * NODE_W + (len(row) - 1) * GAP_X)) // 2
        for i, n in enumerate(row):
            positions[n] = (x0 + i * (NODE_W + GAP_X), PAD + r * (NODE_H + GAP_Y))
    height = 2 * PAD + len(rows) * NODE_H + max(0, len(rows) - 1) * GAP_Y
    return Layout(positions, inner + 2 * PAD, height)


def _depths(
    nodes: Sequence[str], parents: Mapping[str, list[str]], children: Mapping[str, list[str]]
) -> dict[str, int]:
    """Longest distance from a root, by a topological walk (no recursion: chains can be long)."""
    waiting = {n: len(parents.get(n, ())) for n in nodes}
    depth = dict.fromkeys(nodes, 0)
    ready = [n for n in nodes if waiting[n] == 0]
    while ready:
        n = ready.pop()
        for c in children.get(n, ()):
            depth[c] = max(depth[c], depth[n] + 1)
            waiting[c] -= 1
            if waiting[c] == 0:
                ready.append(c)
    # The schema promises no cycle; were there one, its nodes keep depth 0 and are still drawn.
    return depth


def _lineage_svg(story_no: int, nodes: Sequence[str], model: _Model) -> str:
    """One story's lineage as inline SVG: documents link to their entry, edges to their pair."""
    members = set(nodes)
    edges = sorted((p, c) for c in nodes for p in model.parents.get(c, []) if p in members)
    layout = lineage_layout(nodes, edges)
    arrow = f"nl-arrow-{story_no}"
    out = [
        f'<svg class="lineage" width="{layout.width}" height="{layout.height}" '
        f'viewBox="0 0 {layout.width} {layout.height}" role="group" aria-label="lineage graph">'
        f'<defs><marker id="{arrow}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="9" '
        'markerHeight="9" markerUnits="userSpaceOnUse" orient="auto">'
        '<path d="M0,0L10,5L0,10z" fill="#555"/></marker></defs>'
    ]
    drawn = [_svg_edge(p, c, layout, arrow, model) for p, c in edges]
    # All lines first, then all labels: a label must not be crossed by a later edge.
    out += [line for line, _label in drawn] + [label for _line, label in drawn]
    out += [_svg_node(n, layout, model) for n in sorted(members)]
    return "".join(out) + "</svg>"


def _svg_edge(parent: str, child: str, layout: Layout, arrow: str, model: _Model) -> tuple[str, str]:
    """The edge's line and its label, each a link to the pair's view when the pair exists."""
    edge = model.edges[(parent, child)]
    (px, py), (cx, cy) = layout.positions[parent], layout.positions[child]
    x1, y1, x2, y2 = px + NODE_W // 2, py + NODE_H, cx + NODE_W // 2, cy - 2
    mid = (y1 + y2) / 2
    # The label sits three quarters of the way along, near its child, so that the labels of
    # one parent's many edges spread out instead of piling up at the parent.
    t = 0.75
    lx = x1 + (x2 - x1) * (3 * t**2 - 2 * t**3)
    ly = (1 - t) ** 3 * y1 + 3 * (1 - t) * t * mid + t**3 * y2
    transforms = [str(x) for x in edge.get("transforms", [])]
    confidence = float(edge.get("confidence", 0.0))
    head = _words_of(transforms[0]) if transforms else "shared passages"
    more = f" +{len(transforms) - 1}" if len(transforms) > 1 else ""
    tip = _e(
        f"{parent} → {child}\n{', '.join(transforms) or 'no passage kinds'}; confidence {confidence:.2f}\n"
        + "\n".join(str(x) for x in edge.get("evidence", []))
    )
    cls = "edge from-inferred" if model.is_inferred(parent) else "edge"
    line = (
        f'<g class="{cls}"><title>{tip}</title>'
        f'<path d="M{x1},{y1} C{x1},{mid:.0f} {x2},{mid:.0f} {x2},{y2}" '
        f'stroke-width="{1 + 2 * max(0.0, min(1.0, confidence)):.1f}" marker-end="url(#{arrow})"/></g>'
    )
    label = (
        f'<g class="{cls}"><title>{tip}</title><text x="{lx:.0f}" y="{ly + 4:.0f}" text-anchor="middle">'
        f"{_e(f'{head}{more} · {confidence:.2f}')}</text></g>"
    )
    k = model.pair(parent, child)
    if k is None:
        return line, label
    return f'<a href="#pair-{k}">{line}</a>', f'<a href="#pair-{k}">{label}</a>'


def _svg_node(node: str, layout: Layout, model: _Model) -> str:
    x, y = layout.positions[node]
    if model.is_inferred(node):
        cls, first, second, tip = "inferred", "inferred source", model.label(node), model.label(node)
    else:
        doc = model.data["documents"][model.index[node]] if node in model.index else {}
        role = model.roles.get(node, _Role("alone", (), 0))
        title = str(doc.get("title") or _named(node, model))
        cls, first, second = role.cls, node, title
        tip = f"{node}\n{title}\n{html.unescape(_role_text(role, model))}"
    drawn = (
        f'<g class="node {cls}"><title>{_e(tip)}</title>'
        f'<rect x="{x}" y="{y}" width="{NODE_W}" height="{NODE_H}" rx="6"/>'
        f'<text x="{x + 8}" y="{y + 19}">{_e(_clip(first, 29))}</text>'
        f'<text class="sub" x="{x + 8}" y="{y + 36}">{_e(_clip(second, 33))}</text></g>'
    )
    j = model.index.get(node)
    return drawn if j is None else f'<a href="#doc-{j}">{drawn}</a>'


# --------------------------------------------------------------------------- sections


def _page(model: _Model, body: str) -> str:
    n = len(model.data["documents"])
    csp = (
        f"default-src 'none'; style-src '{_sha(CSS)}'; script-src '{_sha(SCRIPT)}'; "
        "img-src 'none'; base-uri 'none'; form-action 'none'"
    )
    return (
        '<!doctype html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{csp}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        '<meta name="referrer" content="no-referrer">'
        f"<title>newslineage report: {_plural(n, 'article')}</title>"
        f"<style>{CSS}</style></head><body>{body}<script>{SCRIPT}</script></body></html>\n"
    )


def _header(model: _Model) -> str:
    links = [("overview", "Overview"), ("stories", "Stories"), ("articles", "Articles"), ("pairs", "Pairs")]
    if model.data["rejected"]:
        links.append(("rejected", "Rejected inputs"))
    nav = "".join(f'<a href="#{target}">{text}</a>' for target, text in links)
    return f'<header class="top"><h1>newslineage report</h1><nav>{nav}</nav></header>'


def _count_line(counts: Counter[str], order: Sequence[str]) -> str:
    names = [*order, *sorted(set(counts) - set(order))]
    return ", ".join(f"{counts[name]} {_e(_words_of(name))}" for name in names if counts[name])


def _overview(model: _Model) -> str:
    data = model.data
    relations = Counter(str(r["relation"]) for r in data["relations"])
    findings = Counter(str(f["kind"]) for f in data["findings"])
    stories = [s for s in data["stories"] if len(s["documents"]) > 1]
    inferred = sum(1 for n in data["lineage"]["nodes"] if n.get("kind") == "inferred_source")
    copies = sum(1 for r in model.roles.values() if r.cls in ("copy", "from-inferred"))
    stats = [
        (len(data["documents"]), "articles"),
        (len(stories), "stories with several articles"),
        (copies, "copies"),
        (inferred, "inferred sources"),
        (len(data["relations"]), "related pairs"),
        (len(data["findings"]), "findings"),
        (len(data["rejected"]), "rejected inputs"),
    ]
    parts = [
        '<section id="overview"><h2>Overview</h2><ul class="stats">',
        *(f"<li><b>{n}</b> {label}</li>" for n, label in stats),
        "</ul>",
        f"<p>Pairs: {_count_line(relations, RELATIONS) or 'none'}.<br>"
        f"Findings: {_count_line(findings, FINDING_KINDS) or 'none'}.</p>",
    ]
    if data.get("notes"):
        parts.append('<ul class="notes">' + "".join(f"<li>{_e(n)}</li>" for n in data["notes"]) + "</ul>")
    parts += [_legend(), _story_index(model), "</section>"]
    return "".join(parts)


def _legend() -> str:
    kinds = "".join(f'<span><span class="swatch k-{k}"></span> {_words_of(k)}</span>' for k in PASSAGE_KINDS)
    roles = "".join(
        f'<span class="role {cls}">{text}</span>'
        for cls, text in (
            ("origin", "origin"),
            ("copy", "copy"),
            ("from-inferred", "from an inferred source"),
            ("independent", "independent"),
            ("inferred", "inferred source (not in the collection)"),
        )
    )
    marks = (
        '<span class="chg">changed words</span><span class="fd">finding</span>'
        '<span class="fd fd-rel">what a finding refers to</span><span class="bp">site furniture</span>'
    )
    return (
        f'<div class="legend"><b>Passages:</b>{kinds}</div>'
        f'<div class="legend"><b>Roles:</b>{roles}</div>'
        f'<div class="legend"><b>Marks:</b>{marks}</div>'
    )


def _story_title(story: Mapping[str, Any]) -> str:
    return str(story.get("title") or story.get("id") or "untitled story")


def _story_index(model: _Model) -> str:
    rows = []
    for i, story in enumerate(model.data["stories"]):
        docs = story["documents"]
        if len(docs) < 2:
            continue
        roles = Counter(model.roles[d].cls for d in docs if d in model.roles)
        rows.append(
            f'<tr><td><a href="#st-{i}">{_e(_story_title(story))}</a></td><td>{len(docs)}</td>'
            f"<td>{roles['origin']}</td><td>{roles['copy'] + roles['from-inferred']}</td>"
            f"<td>{roles['independent']}</td></tr>"
        )
    if not rows:
        return "<p>No story has more than one article.</p>"
    return (
        "<h3>Stories</h3><table><tr><th>story</th><th>articles</th><th>origins</th><th>copies</th>"
        f"<th>independent</th></tr>{''.join(rows)}</table>"
    )


def _story_nodes(model: _Model) -> dict[int, list[str]]:
    by_id = {s["id"]: i for i, s in enumerate(model.data["stories"])}
    out: dict[int, list[str]] = defaultdict(list)
    for i, story in enumerate(model.data["stories"]):
        out[i] += story["documents"]
    for node in model.data["lineage"]["nodes"]:
        if node.get("kind") == "inferred_source" and node.get("story") in by_id:
            out[by_id[node["story"]]].append(node["id"])
    return out


def _stories(model: _Model) -> str:
    parts = ['<section id="stories"><h2>Stories and lineage</h2>']
    alone = []
    nodes = _story_nodes(model)
    for i, story in enumerate(model.data["stories"]):
        if len(nodes[i]) < 2:
            alone += story["documents"]
            continue
        graph = f'<div class="graph">{_lineage_svg(i, nodes[i], model)}</div>'
        if len(nodes[i]) > FOLD_GRAPH_OVER:
            graph = (
                f"<details><summary>Show the lineage graph ({len(nodes[i])} nodes)</summary>{graph}</details>"
            )
        parts.append(
            f'<section class="story" id="st-{i}"><h3>{_e(_story_title(story))} '
            f'<span class="count">{_plural(len(story["documents"]), "article")}</span></h3>'
            f'<p class="muted">{_e(_story_summary(story["documents"], model))}</p>{graph}</section>'
        )
    if alone:
        items = "".join(
            f"<li>{_doc_link(d, model)} {_e(_doc_title(d, model))}</li>" for d in alone if d in model.index
        )
        parts.append(
            f"<details><summary>{_plural(len(alone), 'article')} with no related article</summary>"
            f"<ul>{items}</ul></details>"
        )
    return "".join(parts) + "</section>"


def _story_summary(docs: Sequence[str], model: _Model) -> str:
    roles = Counter(model.roles[d].cls for d in docs if d in model.roles)
    kinds = (
        ("origin", "origin", "origins"),
        ("copy", "copy", "copies"),
        ("from-inferred", "copy of an inferred source", "copies of an inferred source"),
        ("independent", "independent report", "independent reports"),
    )
    return ", ".join(_plural(roles[cls], one, many) for cls, one, many in kinds if roles[cls])


def _doc_title(doc: str, model: _Model) -> str:
    return str(model.data["documents"][model.index[doc]].get("title") or "")


def _named(doc_id: str, model: _Model) -> str:
    """The name the scan gave an untitled document (its first sentence), or "" when it gave none."""
    label = model.label(doc_id)
    return "" if label == doc_id else label


def _articles(model: _Model) -> str:
    parts = ['<section id="articles"><h2>Articles</h2>']
    parts += [_article(j, doc, model) for j, doc in enumerate(model.data["documents"])]
    return "".join(parts) + "</section>"


def _article(j: int, doc: Mapping[str, Any], model: _Model) -> str:
    doc_id = doc["id"]
    role = model.roles[doc_id]
    meta = [f"<code>{_e(doc_id)}</code>"]
    meta += [_e(doc.get(key)) for key in ("site", "published") if doc.get(key)]
    meta.append(f"language {_e(doc.get('language') or 'und')}")
    story = model.story_of.get(doc_id)
    if story is not None and len(model.data["stories"][story]["documents"]) > 1:
        meta.append(f'<a href="#st-{story}">story</a>')
    # The URL is shown as text, not as a link: it is untrusted and the report makes no requests.
    url = f'<p class="mono muted">{_e(doc["url"])}</p>' if doc.get("url") else ""
    return (
        f'<article class="doc" id="doc-{j}"><h3>{_e(doc.get("title") or _named(doc_id, model) or doc_id)}</h3>'
        f'<p class="meta">{" · ".join(meta)}</p>{url}'
        f'<p><span class="role {role.cls}">{_role_text(role, model, links=True)}</span></p>'
        f"{_article_pairs(doc_id, model)}{_article_findings(doc_id, model)}</article>"
    )


def _strength(k: int, model: _Model) -> tuple[int, float, int]:
    """Sort key: copies before same-story pairs, then the most confident first."""
    rel = model.data["relations"][k]
    rank = RELATIONS.index(rel["relation"]) if rel["relation"] in RELATIONS else len(RELATIONS)
    return rank, -float(rel["confidence"]), k


def _article_pairs(doc: str, model: _Model) -> str:
    relations = model.data["relations"]
    copies: list[str] = []
    same: list[str] = []
    for k in sorted(model.pairs_of_doc.get(doc, []), key=lambda k: _strength(k, model)):
        rel = relations[k]
        other = rel["b"] if rel["a"] == doc else rel["a"]
        kind = str(rel["relation"])
        item = f'<a href="#pair-{k}">{_e(other)}</a> <span class="rel rel-{_name(kind)}">{_e(_words_of(kind))}</span>'
        (same if kind == "same_story" else copies).append(item)
    more = f'<a href="#pairs" data-filter="{_e(doc)}">all its pairs</a>'
    parts = []
    if copies:
        shown = ", ".join(copies[:MAX_LISTED])
        rest = f" and {len(copies) - MAX_LISTED} more ({more})" if len(copies) > MAX_LISTED else ""
        parts.append(f"<p>Shares text with: {shown}{rest}</p>")
    if same and len(same) <= MAX_LISTED:
        parts.append(f"<p>Same story as: {', '.join(same)}</p>")
    elif same:
        parts.append(f"<p>Same story as {len(same)} other articles ({more}).</p>")
    return "".join(parts)


def _article_findings(doc: str, model: _Model) -> str:
    items = []
    for k in model.findings_of.get(doc, []):
        f = model.data["findings"][k]
        related = f.get("related")
        pair = model.pair(doc, related) if isinstance(related, str) and related in model.index else None
        see = f' <a href="#pair-{pair}">compare</a>' if pair is not None else ""
        items.append(
            f'<li><span class="fk fk-{_name(f["kind"])}">{_e(_words_of(str(f["kind"])))}</span> '
            f"{_e(f['detail'])}{see}</li>"
        )
    return f'<ul class="findings">{"".join(items)}</ul>' if items else '<p class="muted">No findings.</p>'


def _pair_groups(model: _Model) -> list[tuple[int, list[int]]]:
    """Pairs grouped by the story of their first article (-1: in no story), strongest first."""
    groups: dict[int, list[int]] = defaultdict(list)
    for k, rel in enumerate(model.data["relations"]):
        groups[model.story_of.get(rel["a"], -1)].append(k)
    order = sorted(groups, key=lambda story: (story < 0, story))
    return [(story, sorted(groups[story], key=lambda k: _strength(k, model))) for story in order]


def _pairs(model: _Model) -> str:
    """The pair list: one closed group per story, filled by the script when opened."""
    groups = _pair_groups(model)
    # Small reports show every pair line at once; large ones wait for the reader to pick a story.
    is_open = " open" if len(model.data["relations"]) <= OPEN_PAIRS_UP_TO else ""
    parts = [
        '<section id="pairs"><h2>Related pairs</h2>',
        "<p>Open a pair to read both texts side by side; click a highlighted passage to bring its "
        "counterpart into view.</p>",
        '<p class="filter"><input type="search" id="pair-filter" placeholder="find pairs by article id" '
        'aria-label="find pairs by article id"></p><div id="pair-results"></div>',
    ]
    if not groups:
        parts.append("<p>No related pairs.</p>")
    for g, (story, ks) in enumerate(groups):
        title = _story_title(model.data["stories"][story]) if story >= 0 else "articles in no story"
        kinds = Counter(str(model.data["relations"][k]["relation"]) for k in ks)
        parts.append(
            f'<details class="pair-group" id="pg-{g}" data-group="{g}"{is_open}><summary><b>{_e(title)}</b> '
            f'<span class="count">{_plural(len(ks), "pair")}: {_count_line(kinds, RELATIONS)}</span></summary>'
            '<div class="pair-list"></div></details>'
        )
    return "".join(parts) + "</section>"


def _rejected(model: _Model) -> str:
    rejected = model.data["rejected"]
    if not rejected:
        return ""
    rows = "".join(
        f"<tr><td><code>{_e(r['path'])}</code></td><td>{_e(r['reason'])}</td></tr>" for r in rejected
    )
    return (
        '<section id="rejected"><h2>Rejected inputs</h2>'
        f"<table><tr><th>input</th><th>reason</th></tr>{rows}</table></section>"
    )


def _footer(model: _Model) -> str:
    gen = model.data.get("generator") or {}
    name = f"{gen.get('name', 'newslineage')} {gen.get('version', '')}".strip()
    return f"<footer>Made by {_e(name)} from a {_e(SCHEMA)} report.</footer>"
