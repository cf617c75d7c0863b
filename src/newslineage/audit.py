"""Audit: what each copy changed against its parent or its siblings.

- credit_stripped: the parent (or a sibling) credits a source the copy never names;
- quote_altered: a quotation in an aligned sentence pair differs in its words
  (punctuation, case and quote marks are format, not findings);
- number_changed: an aligned sentence pair carries different numbers or dates
  (``3,3`` against ``3.3`` is format; ``4%`` against ``5%`` is a finding);
- added: copy sentences with no counterpart in the parent or siblings (shown, not judged);
- spin_suspected: improbable word pairs with a common synonym twin (see ``spin``).
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence

from newslineage.anchors import number_value
from newslineage.models import Anchor, Document, Finding, Lineage, Relation
from newslineage.spin import MIN_HITS, SpinReport, spin_reports
from newslineage.synonyms import Synonyms
from newslineage.tokens import words

_SPELLED = {
    w: str(i)
    for i, w in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_DIGITS = re.compile(r"\d+(?:\.\d+)?")


def oriented_links(rel: Relation, parent: str) -> list[tuple[int, int]]:
    """(parent sentence, child sentence) index pairs of a relation."""
    pairs = [(link.a, link.b) for p in rel.passages for link in p.links]
    return pairs if rel.a == parent else [(b, a) for a, b in pairs]


def _by_sentence(doc: Document, kind: str) -> dict[int, list[Anchor]]:
    out: dict[int, list[Anchor]] = defaultdict(list)
    for anchor in doc.anchors:
        if anchor.kind == kind:
            out[anchor.sentence].append(anchor)
    return out


def _span(doc: Document, index: int) -> tuple[int, int]:
    s = doc.sentences[index]
    return s.start, s.end


def credits_stripped(
    parent: Document, child: Document, links: Sequence[tuple[int, int]], related: str
) -> list[Finding]:
    """Credits of ``parent`` that ``child`` never mentions."""
    counterpart = dict(links)
    lowered = child.text.lower()
    out, seen = [], set()
    for anchor in parent.anchors:
        name = anchor.value
        if anchor.kind != "credit" or name.lower() in seen or name.lower() in lowered:
            continue
        seen.add(name.lower())
        where = counterpart.get(anchor.sentence)
        out.append(
            Finding(
                child.id,
                "credit_stripped",
                f"{related} credits {name} ('{parent.text[anchor.start : anchor.end]}'); {child.id} never names {name}",
                _span(child, where) if where is not None else None,
                related,
                (anchor.start, anchor.end),
            )
        )
    return out


def quotes_altered(
    parent: Document, child: Document, links: Sequence[tuple[int, int]], related: str
) -> list[Finding]:
    """Quotations whose words differ between aligned sentences."""
    pq, cq = _by_sentence(parent, "quote"), _by_sentence(child, "quote")
    out = []
    for p_i, c_j in links:
        for q in pq.get(p_i, []):
            best = _closest_quote(q, cq.get(c_j, []))
            if best is None or words(q.value) == words(best.value):
                continue
            out.append(
                Finding(
                    child.id,
                    "quote_altered",
                    f"quote changed: “{parent.text[q.start : q.end]}” became “{child.text[best.start : best.end]}”",
                    (best.start, best.end),
                    related,
                    (q.start, q.end),
                )
            )
    return out


def _closest_quote(quote: Anchor, options: Iterable[Anchor]) -> Anchor | None:
    """The option sharing most words with ``quote``, if it plausibly is the same quotation."""
    target = set(words(quote.value))
    scored = [
        (len(target & set(words(o.value))) / (len(target | set(words(o.value))) or 1), o) for o in options
    ]
    scored = [(score, o) for score, o in scored if score >= 0.3]
    return max(scored, key=lambda so: (so[0], -so[1].start))[1] if scored else None


def numbers_of(doc: Document, index: int) -> dict[str, tuple[int, int]]:
    """Numeric values in a sentence (digits or small spelled-out numbers) -> their span."""
    out: dict[str, tuple[int, int]] = {}
    for anchor in doc.anchors:
        if anchor.sentence == index and anchor.kind in ("number", "date"):
            for raw in _DIGITS.findall(anchor.value):
                out.setdefault(number_value(raw), (anchor.start, anchor.end))
    sentence = doc.sentences[index]
    for m in re.finditer(r"[A-Za-z]+", doc.sentence_text(sentence)):
        value = _SPELLED.get(m.group(0).lower())
        if value is not None:
            out.setdefault(value, (sentence.start + m.start(), sentence.start + m.end()))
    return out


def _unit(doc: Document, span: tuple[int, int]) -> str:
    """The word right after a number ("workers" in "12 workers"): what the number counts."""
    m = re.search(r"[A-Za-z]{2,}", doc.text[span[1] : span[1] + 24])
    return m.group(0).lower() if m else ""


def _replaced(
    new_span: tuple[int, int], child: Document, parent: Document, options: Mapping[str, tuple[int, int]]
) -> str | None:
    """The parent number that ``new_span`` replaced: one that counts the same thing."""
    unit = _unit(child, new_span)
    same = sorted(value for value, span in options.items() if unit and _unit(parent, span) == unit)
    return same[0] if len(same) == 1 else None


def numbers_changed(
    parent: Document, child: Document, links: Sequence[tuple[int, int]], related: str
) -> list[Finding]:
    """Child sentences where a number of a counterpart sentence was replaced by another.

    A condensed sentence draws on several parent sentences, so a new number is matched
    to the parent number that counts the same thing ("12 workers" for "11 workers")
    among all of them; a number with no such counterpart was added, not changed.
    """
    by_child: dict[int, list[int]] = defaultdict(list)
    for p_i, c_j in links:
        by_child[c_j].append(p_i)
    out = []
    for c_j in sorted(by_child):
        cn = numbers_of(child, c_j)
        stated: dict[str, tuple[int, int]] = {}
        for p_i in sorted(by_child[c_j]):
            for value, span in numbers_of(parent, p_i).items():
                stated.setdefault(value, span)
        options = {value: span for value, span in stated.items() if value not in cn}
        for value in sorted(set(cn) - set(stated)):
            gone = _replaced(cn[value], child, parent, options)
            if gone is None:
                continue  # a number added is an edit; a number replaced is a change
            was, now = options[gone], cn[value]
            detail = f"{parent.text[was[0] : was[1]]} in {related} became {child.text[now[0] : now[1]]}"
            out.append(Finding(child.id, "number_changed", detail, cn[value], related, options[gone]))
    return out


def additions(child: Document, linked: set[int], related: str, described: str | None = None) -> list[Finding]:
    """One finding listing every run of content sentences of ``child`` that aligns with nothing.

    ``related`` is the parent's id (a document or a lineage node); ``described`` names it
    in the detail when the id alone would not say what was compared. No finding when
    every content sentence has a counterpart.
    """
    runs: list[list[int]] = [[]]
    for s in child.content:
        if s.index in linked:
            if runs[-1]:
                runs.append([])
        else:
            runs[-1].append(s.index)
    runs = [run for run in runs if run]
    if not runs:
        return []
    spans = tuple((child.sentences[run[0]].start, child.sentences[run[-1]].end) for run in runs)
    sentences = sum(len(run) for run in runs)
    passages = f"{len(runs)} passage{'s' * (len(runs) > 1)}"
    detail = f"{passages} ({sentences} sentence{'s' * (sentences > 1)}) with no counterpart in {described or related}"
    return [Finding(child.id, "added", detail, spans[0], related, None, spans)]


def compare(parent: Document, child: Document, rel: Relation) -> list[Finding]:
    """Every finding of ``child`` against its parent ``parent``."""
    links = oriented_links(rel, parent.id)
    return [
        *credits_stripped(parent, child, links, parent.id),
        *quotes_altered(parent, child, links, parent.id),
        *numbers_changed(parent, child, links, parent.id),
        *additions(child, {c for _, c in links}, parent.id),
    ]


def audit(
    docs: Sequence[Document],
    relations: Sequence[Relation],
    lineage: Lineage,
    synonyms: Synonyms,
    spin: Mapping[str, SpinReport] | None = None,
    pair_counts: Mapping[tuple[str, str], int] | None = None,
) -> tuple[Finding, ...]:
    """All findings of a collection, sorted by document and position.

    ``spin`` is ``spin.spin_reports(docs, synonyms)`` when the caller already has it;
    ``pair_counts`` are the word-pair document counts of the whole collection when
    ``docs`` is only part of it (see ``spin.spin_reports``).
    """
    by_id = {d.id: d for d in docs}
    index = {frozenset((r.a, r.b)): r for r in relations if r.is_copy}
    findings: list[Finding] = []
    children: dict[str, list[str]] = defaultdict(list)
    for edge in lineage.edges:
        children[edge.parent].append(edge.child)
        rel = index.get(frozenset((edge.parent, edge.child)))
        if rel is not None and edge.parent in by_id:
            findings += compare(by_id[edge.parent], by_id[edge.child], rel)
    labels = {n.id: n.label for n in lineage.nodes if n.kind == "inferred_source"}
    for source, kids in children.items():
        # A source inferred from one document alone (its spin) has no siblings to compare it with.
        if source not in by_id and len(kids) > 1:
            findings += _siblings(sorted(kids), by_id, index, source, labels.get(source, source))
    findings += _spin(spin if spin is not None else spin_reports(docs, synonyms, counts=pair_counts))
    return tuple(sorted(findings, key=finding_order))


def finding_order(f: Finding) -> tuple[str, tuple[int, int], str, str]:
    """The report's order of findings: by document, position, kind, detail."""
    return (f.document, f.span or (-1, -1), f.kind, f.detail)


def _siblings(
    kids: Sequence[str],
    docs: Mapping[str, Document],
    index: Mapping[frozenset[str], Relation],
    source: str,
    label: str,
) -> list[Finding]:
    """Children of an inferred source, each checked against the others."""
    out: list[Finding] = []
    for x in kids:
        linked: set[int] = set()
        for y in kids:
            rel = index.get(frozenset((x, y)))
            if x == y or rel is None:
                continue
            links = oriented_links(rel, y)
            linked |= {c for _, c in links}
            out += credits_stripped(docs[y], docs[x], links, y)
            if x > y:  # one report per sibling pair
                out += quotes_altered(docs[y], docs[x], links, y)
                out += numbers_changed(docs[y], docs[x], links, y)
        out += additions(docs[x], linked, source, f"its siblings (common source: {label})")
    return _dedupe_credits(out)


def _dedupe_credits(findings: list[Finding]) -> list[Finding]:
    """One credit_stripped per document and credited name, however many siblings carry it."""
    seen: set[tuple[str, str]] = set()
    out = []
    for f in findings:
        if f.kind == "credit_stripped":
            key = (f.document, f.detail.split(" credits ", 1)[1].split(" (", 1)[0])
            if key in seen:
                continue
            seen.add(key)
        out.append(f)
    return out


def _spin(reports: Mapping[str, SpinReport]) -> list[Finding]:
    out = []
    for doc_id, report in sorted(reports.items()):
        if len(report.hits) < MIN_HITS:
            continue  # one odd pair is style; several are a spinner
        for hit in report.hits:
            out.append(
                Finding(
                    doc_id,
                    "spin_suspected",
                    f"'{hit.found}' looks spun; likely original wording '{hit.likely}' "
                    f"(used in {hit.support} other articles)",
                    (hit.start, hit.end),
                    None,
                    None,
                )
            )
    return out
