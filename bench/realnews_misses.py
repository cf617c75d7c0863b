"""Why each labelled copy the scan missed was missed: the stage that lost it, and what kept it out.

A required copy pair (``realnews_data.PairLabel``) the scan did not report as a copy is
measured again the way the scan measured it (``pipeline.relate_pair``: the same
candidates, the same orientation, the same alignment and features) and given one cause:

- ``not_a_candidate``: no candidate signal proposed the pair;
- ``ruled_out_unaligned``: a candidate ``relate.cannot_relate`` turned away before alignment;
- ``model_below_threshold``: aligned, and the copy model's probability stayed below its
  threshold (``holding_back`` names the feature that pulled it down most);
- ``facts_rule_out``: the model called it a copy and ``PairFeatures.not_a_copy`` (the
  fact rules) overruled it;
- ``reported_otherwise``: judged a copy here, yet the scan's relations say otherwise.

Only the dev half's pairs are listed by name; the held-out half is counted, never shown,
so that nobody tunes on it by reading.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from metrics import Pair, pair
from newslineage import candidates, relate, signatures, symmetry
from newslineage.align import SideView, align, unnamed
from newslineage.embed import UniversalSentenceEncoder
from newslineage.models import ScanResult
from newslineage.pipeline import Progress, content_text, document_views, embed_sentences
from realnews_data import Collection, halves

CAUSES = (
    "not_a_candidate",
    "ruled_out_unaligned",
    "model_below_threshold",
    "facts_rule_out",
    "reported_otherwise",
)


@dataclass(frozen=True, slots=True)
class Miss:
    """One missed copy pair and why it was missed."""

    a: str
    b: str
    languages: str
    transform: str
    cause: str
    #: The copy model's probability (0 when the pair was never aligned).
    probability: float = 0.0
    #: The feature whose contribution lowered the model's logit most, with that contribution.
    holding_back: str = ""
    #: Sentences aligned by strong links, and by the ordered chain of the shorter text.
    links: int = 0
    ordered_links: int = 0
    #: What the scan reported for the pair (``none`` when it reported nothing) and whether
    #: it put the two pages in one story.
    reported: str = "none"
    one_story: bool = False


def explain_misses(
    collection: Collection, result: ScanResult, found: set[Pair], progress: Progress
) -> list[Miss]:
    """Each required copy pair not in ``found``, measured again and given its cause."""
    missed = [q for q in collection.pairs if q.is_copy and q.required and (q.a, q.b) not in found]
    if not missed:
        return []
    docs = list(result.documents)
    config = result.config
    views, doc_vectors = document_views(docs, *embed_sentences(docs, UniversalSentenceEncoder(), progress))
    sigs = signatures.sign_many([content_text(d) for d in docs], config.signatures)
    cands = candidates.find_candidates(docs, sigs, doc_vectors, config.candidates)
    cosine = {
        pair(docs[i].id, docs[j].id): s
        for i, j, s in zip(
            cands.first.tolist(), cands.second.tolist(), cands.similarity.tolist(), strict=True
        )
    }
    row = {d.id: k for k, d in enumerate(docs)}
    keys = [symmetry.content_key(d) for d in docs]
    reported = {pair(r.a, r.b): r.relation for r in result.relations}
    story = {d: s.id for s in result.stories for d in s.documents}
    language = {p.id: p.language for p in collection.pages}
    out = []
    for q in missed:
        base = {
            "a": q.a,
            "b": q.b,
            "languages": "+".join(sorted({language[q.a], language[q.b]})),
            "transform": q.transform,
            "reported": reported.get((q.a, q.b), "none"),
            "one_story": story.get(q.a) is not None and story.get(q.a) == story.get(q.b),
        }
        if (q.a, q.b) not in cosine:
            out.append(Miss(cause="not_a_candidate", **base))
            continue
        i, j = sorted((row[q.a], row[q.b]), key=lambda k: (keys[k], docs[k].id))
        out.append(_measured(views[i], views[j], round(cosine[(q.a, q.b)], 4), result, base))
    return out


def _measured(
    a: SideView, b: SideView, similarity: float, result: ScanResult, base: Mapping[str, Any]
) -> Miss:
    """A candidate pair measured as ``pipeline.relate_pair`` measures it (``a`` first in content order)."""
    config = result.config
    telling = (candidates.telling_anchors(a.document), candidates.telling_anchors(b.document))
    shared = len(telling[0] & telling[1])
    if relate.cannot_relate(a.document, b.document, shared, telling, similarity):
        return Miss(cause="ruled_out_unaligned", **base)
    alignment = align(a, b, config.align, unnamed)
    f = relate.features(a.document, b.document, alignment, shared, similarity, telling)
    model = config.relate.models
    values = relate.copy_features(f)
    probability = model.copy.probability(values)
    name, lowest = min(model.copy.contributions(values), key=lambda c: (c[1], c[0]))
    if probability < model.copy_threshold:
        cause = "model_below_threshold"
    elif f.not_a_copy:
        cause = "facts_rule_out"
    else:
        cause = "reported_otherwise"
    return Miss(
        cause=cause,
        probability=round(probability, 3),
        holding_back=f"{name} {lowest:+.2f}",
        links=f.links,
        ordered_links=sum(len(p.links) for p in alignment.ordered),
        **base,
    )


def summary(collection: Collection, misses: Iterable[Miss]) -> dict[str, Any]:
    """Per half: the misses by cause, by one or two languages, and split into two stories;
    the dev half's pairs one by one (the held-out half's only counted)."""
    side = {s: name for name, stories in halves(collection).items() for s in stories}
    story = {p.id: p.story for p in collection.pages}
    out: dict[str, Any] = {}
    for name in ("dev", "held_out"):
        mine = [m for m in misses if side[story[m.a]] == name]
        row: dict[str, Any] = {
            "missed": len(mine),
            "by_cause": {c: sum(m.cause == c for m in mine) for c in CAUSES},
            "two_languages": sum("+" in m.languages for m in mine),
            "in_two_stories": sum(not m.one_story for m in mine),
            "holding_back": dict(Counter(m.holding_back.split()[0] for m in mine if m.holding_back)),
        }
        if name == "dev":
            row["pairs"] = [asdict(m) for m in mine]
        out[name] = row
    return out


def lines(report: Mapping[str, Any]) -> list[str]:
    """The summary in words: each half's causes, then the dev pairs one by one."""
    out = ["labelled copies the scan missed, and why (dev pairs by name; held-out only counted):"]
    for name, row in report.items():
        causes = ", ".join(f"{c.replace('_', ' ')} {n}" for c, n in row["by_cause"].items() if n)
        out.append(
            f"  {name:<9} {row['missed']:>3} missed ({row['two_languages']} across languages,"
            f" {row['in_two_stories']} also in two stories): {causes or 'none'}"
        )
    for m in report.get("dev", {}).get("pairs", []):
        measured = (
            f"p {m['probability']:.3f}, {m['links']} links, {m['ordered_links']} in order, {m['holding_back']}"
            if m["cause"] in ("model_below_threshold", "facts_rule_out", "reported_otherwise")
            else ""
        )
        out.append(
            f"    {m['a']} ~ {m['b']} [{m['languages']}, {m['transform']}] {m['cause'].replace('_', ' ')}"
            f"{'; ' + measured if measured else ''}; reported {m['reported']}"
            f"{'' if m['one_story'] else ', two stories'}"
        )
    return out
