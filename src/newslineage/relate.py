"""Pair relation: duplicate, near_duplicate, derived, same_story or unrelated.

The decision rests on sentence-level evidence, not on document similarity,
because independent reports of one event are as similar as documents as a
rewrite is to its source. What a copy keeps and an independent report does not
is the *sequence*: runs of consecutive sentences matched in the same order.
"""

from __future__ import annotations

import bisect
import dataclasses
import math
import sys
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass

from newslineage.align import Alignment, chain, link_kind
from newslineage.anchors import comparable, comparable_kinds, is_particular, same_name, same_particular
from newslineage.candidates import FACTS_TO_SHARE, disjoint_particulars, telling_anchors
from newslineage.config import RelateConfig
from newslineage.models import COPY_RELATIONS, Document, Link, Passage, PassageKind, Relation, RelationKind
from newslineage.tokens import words

_COPY_KINDS: frozenset[str] = frozenset({"verbatim", "light_edit"})
#: Both texts' ``candidates.telling_anchors``, where a caller computed them once per document.
Telling = tuple[Set[str], Set[str]]


#: Sentence pairs at least this close are checked for agreeing facts (the default link threshold).
TEMPLATE_SIMILARITY = 0.62
#: Links at least this close count as strong (the default ``AlignConfig.strong_similarity``).
STRONG_SIMILARITY = 0.8


@dataclass(frozen=True, slots=True)
class PairFeatures:
    """Measurements of one aligned pair that the decision reads."""

    links: int
    sequence_links: int
    sentences_a: int
    sentences_b: int
    coverage_a: float
    coverage_b: float
    copy_share: float
    kind_chars: tuple[tuple[PassageKind, int], ...]
    shared_anchors: int
    doc_similarity: float
    soft_coverage: float
    order_share: float
    fact_links: int = 0
    fact_conflicts: int = 0
    #: Of the other fact links, those that swap as many particulars as they keep (``fact_agreement``).
    fact_substitutions: int = 0
    #: Both texts name several particulars of an event and share none (``no_common_particulars``).
    no_common_particulars: bool = False
    contrast: float = 0.0
    same_language: bool = True
    #: Content characters of the shorter text over the longer one's.
    length_ratio: float = 1.0
    #: Links at or above the strong similarity, and the mean similarity of all links.
    strong_links: int = 0
    link_similarity: float = 0.0
    telling_a: int = 0
    telling_b: int = 0
    #: Particulars (``candidates.telling_anchors``) the two texts share.
    shared_telling: int = 0
    sequence_excess: float = 0.0
    #: Share of the aligned links in which one side is mostly quoted words (``quoted_sentences``).
    quoted_share: float = 0.0
    #: Order-free correspondence of sentences (``Alignment.mutual_share``).
    mutual_share: float = 0.0
    #: The particulars of each text's own prose that the other repeats, in the same order
    #: (``ordered_particulars``).
    ordered_particulars: float = 0.0
    #: The content words both texts use, in the same order in both (``word_order``).
    word_order: float = 0.0

    @property
    def template_twins(self) -> bool:
        """Most aligned sentences state different facts: one template filled twice, not a copy.

        So are two texts that each name several people, places or figures and
        share none of them: a copy, however reworded, keeps some of its source's
        particulars (one or two may both be dropped; three rarely are).
        """
        return self.no_common_particulars or template_filled_twice(
            self.fact_links,
            self.fact_conflicts,
            self.fact_substitutions,
            self.shared_telling,
            min(self.telling_a, self.telling_b),
        )

    @property
    def not_a_copy(self) -> bool:
        """Template twins, texts that share few particulars and state other facts in half of
        their fact links (``half_the_facts_differ``), or texts that share no particular and
        stand apart in topic (``cannot_relate``): never a copy, though perhaps one event."""
        return (
            self.no_common_particulars
            or facts_rule_out_copy(
                self.fact_links,
                self.fact_conflicts,
                self.fact_substitutions,
                self.shared_telling,
                min(self.telling_a, self.telling_b),
            )
            or self.apart_in_topic
            or self.other_facts_apart
        )

    @property
    def apart_in_topic(self) -> bool:
        """No particular in common and a distant topic (``apart_in_topic``)."""
        return apart_in_topic(self.shared_anchors, self.doc_similarity)

    @property
    def other_facts_apart(self) -> bool:
        """Another event's facts in a template's words (``other_facts_apart``)."""
        return other_facts_apart(
            self.shared_telling,
            min(self.telling_a, self.telling_b),
            self.fact_differences,
            self.doc_similarity,
        )

    @property
    def fact_differences(self) -> int:
        """Fact links that state other names or numbers: none in common, or more swapped than kept."""
        return self.fact_conflicts + self.fact_substitutions

    @property
    def shorter(self) -> int:
        return max(1, min(self.sentences_a, self.sentences_b))

    @property
    def sequence_share(self) -> float:
        return self.sequence_links / self.shorter


def features(
    a: Document,
    b: Document,
    alignment: Alignment,
    shared_anchors: int,
    doc_similarity: float,
    telling: Telling | None = None,
) -> PairFeatures:
    """Coverage, sequence and transform measurements of an aligned pair.

    ``telling`` holds both texts' ``telling_anchors`` when the caller has them already.
    """
    ta, tb = telling or (telling_anchors(a), telling_anchors(b))
    passages = alignment.passages
    cov_a, cov_b, kind_chars = _measure(a, b, passages)
    total = sum(kind_chars.values()) or 1
    copy_chars = sum(v for k, v in kind_chars.items() if k in _COPY_KINDS)
    # Close sentence pairs with different facts are a template's mark; loose best matches of a
    # rewrite (the ordered chain) often pair sentences about different facts, and prove nothing.
    fact_links, fact_conflicts, swaps = fact_agreement(
        a, b, (*passages, *alignment.ordered), TEMPLATE_SIMILARITY
    )
    sims = [link.similarity for p in passages for link in p.links]
    chars = sorted((a.content_chars, b.content_chars))
    return PairFeatures(
        contrast=alignment.contrast,
        sequence_excess=alignment.sequence_excess,
        quoted_share=_quoted_share(a, b, passages),
        mutual_share=alignment.mutual_share,
        ordered_particulars=ordered_particulars(a, b, ta, tb),
        word_order=word_order(a, b),
        same_language=a.language == b.language,
        length_ratio=round(chars[0] / chars[1], 4) if chars[1] else 0.0,
        strong_links=sum(x >= STRONG_SIMILARITY for x in sims),
        link_similarity=round(sum(sims) / len(sims), 4) if sims else 0.0,
        telling_a=len(ta),
        telling_b=len(tb),
        shared_telling=len(ta & tb),
        no_common_particulars=no_common_particulars(a, b, (ta, tb)),
        fact_links=fact_links,
        fact_conflicts=fact_conflicts,
        fact_substitutions=swaps,
        links=sum(len(p.links) for p in passages),
        sequence_links=sum(len(p.links) for p in passages if len(p.links) >= 2),
        sentences_a=len(a.content),
        sentences_b=len(b.content),
        coverage_a=cov_a,
        coverage_b=cov_b,
        copy_share=copy_chars / total,
        kind_chars=tuple(sorted(kind_chars.items(), key=lambda kv: (-kv[1], kv[0]))),
        shared_anchors=shared_anchors,
        doc_similarity=doc_similarity,
        soft_coverage=alignment.soft_coverage,
        order_share=alignment.order_share,
    )


def quoted_sentences(doc: Document, share: float = 0.4) -> frozenset[int]:
    """Sentences whose words are mostly inside quotation marks.

    Independent reports of one event quote the same statement, readout or post;
    such sentences match across them without one outlet having copied the other.
    """
    return doc.remembered(("quoted", share), lambda: _quoted_sentences(doc, share))


def _quoted_sentences(doc: Document, share: float) -> frozenset[int]:
    quoted: dict[int, int] = {}
    for anchor in doc.anchors:
        if anchor.kind == "quote":
            quoted[anchor.sentence] = quoted.get(anchor.sentence, 0) + anchor.end - anchor.start
    return frozenset(
        i
        for i, chars in quoted.items()
        if 0 <= i < len(doc.sentences) and chars >= share * (doc.sentences[i].end - doc.sentences[i].start)
    )


def own_particulars(doc: Document, telling: Set[str]) -> dict[str, int]:
    """The telling particulars of a text's own prose, each with the first sentence that names it.

    A quote and whatever a quoted sentence names belong to the speaker, and reports of one
    event repeat them alike; what the outlet wrote itself, and in which order, is its own.
    """
    quoted = quoted_sentences(doc)
    out: dict[str, int] = {}
    for anchor in doc.anchors:
        key = f"{anchor.kind}:{anchor.value}"
        if key in telling and anchor.kind != "quote" and anchor.sentence not in quoted:
            out.setdefault(key, anchor.sentence)
    return out


def ordered_particulars(a: Document, b: Document, telling_a: Set[str], telling_b: Set[str]) -> float:
    """Share of the own-prose particulars (``own_particulars``) the other text repeats, times their order.

    The share is of the text with fewer of them; the order is Kendall's rank correlation of
    where the shared ones first appear in each text (0 below three shared, or when it is
    negative). A rewrite, even one that merges and rewords every sentence, keeps its
    source's selection of facts and mostly their order; two reporters pick and order the
    facts of one event each their own way. The same whichever text is ``a``.
    """
    pa, pb = own_particulars(a, telling_a), own_particulars(b, telling_b)
    shared = sorted(pa.keys() & pb.keys())
    if len(shared) < 3:
        return 0.0
    share = len(shared) / min(len(pa), len(pb))
    return round(share * max(0.0, kendall_tau([pa[k] for k in shared], [pb[k] for k in shared])), 4)


#: Words of this many letters or more stand for a text's content: in the languages that
#: separate words, shorter ones are mostly function words, which any two texts share in
#: about the same order. (A list of function words per language did no better on the
#: collections the copy model is fitted on.)
CONTENT_WORD_LETTERS = 5


def content_words(doc: Document) -> tuple[str, ...]:
    """The distinct words of a text's content (``CONTENT_WORD_LETTERS`` or longer), lowercased,
    in the order of their first use."""
    return doc.remembered("content_words", lambda: _content_words(doc))


def _content_words(doc: Document) -> tuple[str, ...]:
    # Interned: each document keeps its words for all its pairs, and most are words many
    # documents use; one string per distinct word takes a sixth of the memory (5.0 to 0.8 MB
    # per 1,000 synthetic articles), in the scan and in each alignment worker.
    seen: dict[str, None] = {}
    for sentence in doc.content:
        for word in words(doc.sentence_text(sentence)):
            if len(word) >= CONTENT_WORD_LETTERS:
                seen.setdefault(sys.intern(word.lower()))
    return tuple(seen)


def word_order(a: Document, b: Document) -> float:
    """The most shared content words that come in the same order in both texts (their longest
    common subsequence, other words between them allowed), over the content words of the
    text that has fewer.

    A rewrite that rewords and merges every sentence still tells its source's content in
    its source's order and keeps many of its words: names, things, the rarer verbs. Two
    texts on one topic share the topic's words, each in its own order. The same whichever
    text is ``a``.
    """
    wa, wb = content_words(a), content_words(b)
    fewer = min(len(wa), len(wb))
    if not fewer:
        return 0.0
    where = {word: i for i, word in enumerate(wb)}
    return round(longest_increasing([where[w] for w in wa if w in where]) / fewer, 4)


def longest_increasing(values: Sequence[int]) -> int:
    """Length of the longest strictly increasing subsequence (patience sorting)."""
    tails: list[int] = []
    for value in values:
        k = bisect.bisect_left(tails, value)
        if k == len(tails):
            tails.append(value)
        else:
            tails[k] = value
    return len(tails)


def kendall_tau(xs: Sequence[int], ys: Sequence[int]) -> float:
    """Kendall's rank correlation (tau-b: ties on either side are left out of the count).

    A text that merges several of the other's sentences into one names their particulars
    in one sentence: tied there, neither in order nor out of it.
    """
    concordant = discordant = tied_x = tied_y = 0
    for i in range(len(xs)):
        for j in range(i + 1, len(xs)):
            dx, dy = xs[i] - xs[j], ys[i] - ys[j]
            if dx == 0 and dy == 0:
                continue
            if dx == 0:
                tied_x += 1
            elif dy == 0:
                tied_y += 1
            elif (dx > 0) == (dy > 0):
                concordant += 1
            else:
                discordant += 1
    base = concordant + discordant
    denominator = math.sqrt((base + tied_y) * (base + tied_x))
    return (concordant - discordant) / denominator if denominator else 0.0


def _quoted_share(a: Document, b: Document, passages: Sequence[Passage]) -> float:
    links = [link for p in passages for link in p.links]
    if not links:
        return 0.0
    qa, qb = quoted_sentences(a), quoted_sentences(b)
    return round(sum(link.a in qa or link.b in qb for link in links) / len(links), 4)


def _facts_by_sentence(doc: Document, kinds: tuple[str, ...]) -> dict[int, set[str]]:
    # Read again for each pair, not remembered with the document: kept for every document,
    # the facts' strings held 0.5 GB per process at 100,000 articles.
    out: dict[int, set[str]] = {}
    for anchor in doc.anchors:
        if anchor.kind in kinds:
            out.setdefault(anchor.sentence, set()).add(f"{anchor.kind}:{anchor.value}")
    return out


def fact_agreement(
    a: Document, b: Document, passages: Sequence[Passage], min_similarity: float = 0.0
) -> tuple[int, int, int]:
    """(links whose two sentences both state facts, links among them that share none,
    links among the others that swap at least as many particulars as they keep).

    A copy keeps names and numbers even when it rewords (spinning, paraphrase,
    translation); two articles filled into one template change all of them, or keep
    the template's fixed words and change its slots: "the Belanminster Water and Gas
    Utility" and "the Drayiholm Water and Gas Utility" share "gas utility" and swap the
    rest. A swap is a particular (``anchors.is_particular``) on each side, of one kind,
    that the other side lacks, as many as the facts kept. A rewrite that merges or
    splits sentences moves facts between them: for swaps each side is compared with
    everything its sentence is linked to, and a name kept in a shorter or fuller form is
    kept. A link shares a fact, and so is no conflict, when both sentences name one fact
    or one particular written two ways (``shares_a_fact``).
    """
    kinds = comparable_kinds(a.language, b.language)
    fa, fb = _facts_by_sentence(a, kinds), _facts_by_sentence(b, kinds)
    pairs = {(link.a, link.b) for p in passages for link in p.links if link.similarity >= min_similarity}
    links = [(i, j) for i, j in sorted(pairs) if fa.get(i) and fb.get(j)]
    linked_a: dict[int, set[int]] = {}
    linked_b: dict[int, set[int]] = {}
    for i, j in links:
        linked_a.setdefault(i, set()).add(j)
        linked_b.setdefault(j, set()).add(i)
    conflicts = swapped = 0
    for i, j in links:
        if not shares_a_fact(fa[i], fb[j]):
            conflicts += 1
            continue
        around_a = set().union(*(fa.get(k, ()) for k in linked_b[j]))
        around_b = set().union(*(fb.get(k, ()) for k in linked_a[i]))
        swapped += _swaps_outweigh(around_a, around_b)
    return len(links), conflicts, swapped


def shares_a_fact(xa: Set[str], xb: Set[str]) -> bool:
    """Whether two sentences' facts have one in common: the same, or one particular written
    two ways (``anchors.same_particular``: "U.S. Federal Reserve" and "Federal Reserve").

    Only particulars (``anchors.is_particular``) count in their other form: a one-word
    name inside a longer one is often another thing ("Ivelancombe" and "Ivelancombe City
    Transport", a town and its bus company), and two template twins share such words.
    """
    if xa & xb:
        return True
    return any(same_particular(x, y) for x in xa if is_particular(x) for y in xb if is_particular(y))


def _swaps_outweigh(xa: Set[str], xb: Set[str]) -> bool:
    kept_a, kept_b = _kept(xa, xb), _kept(xb, xa)
    only_a = [x for x in xa if x not in kept_a and is_particular(x)]
    only_b = [y for y in xb if y not in kept_b and is_particular(y)]
    same_kind = {x.partition(":")[0] for x in only_a} & {y.partition(":")[0] for y in only_b}
    return bool(same_kind) and min(len(only_a), len(only_b)) >= len(kept_a)


def _kept(xs: Set[str], ys: Set[str]) -> set[str]:
    """The facts of ``xs`` that one of ``ys`` names too (``same_particular``).

    ``same_particular`` pair by pair, with each fact read once: any kind but a name compares
    by one value (``comparable``), so those are looked up, not paired.
    """
    names: list[set[str]] = []
    keys: set[tuple[str, str]] = set()
    for y in ys:
        kind, _, value = y.partition(":")
        if kind == "name":
            names.append(set(value.split()))
        else:
            keys.add((kind, comparable(kind, value)))
    out = set()
    for x in xs:
        kind, _, value = x.partition(":")
        if kind == "name":
            words = set(value.split())
            if any(same_name(words, other) for other in names):
                out.add(x)
        elif (kind, comparable(kind, value)) in keys:
            out.add(x)
    return out


def no_common_particulars(a: Document, b: Document, telling: Telling | None = None) -> bool:
    """Both name several particulars of an event (``candidates.disjoint_particulars``), none shared.

    Across languages names may be transliterated, so only same-language pairs are held to it.
    """
    ta, tb = telling or (telling_anchors(a), telling_anchors(b))
    return disjoint_particulars(ta, tb, a.language, b.language)


#: Below this document cosine a pair that shares no particular is not related (``cannot_relate``).
UNSHARED_MIN_SIMILARITY = 0.55


def cannot_relate(
    a: Document, b: Document, shared_anchors: int, telling: Telling | None = None, similarity: float = 1.0
) -> bool:
    """Whether the pair is ``unrelated`` whatever its alignment shows.

    A pair that shares no particular is never one event (``same_event`` needs one).
    Nor is it a copy when both texts name several particulars (template twins,
    ``PairFeatures.template_twins``), or when their document vectors (cosine
    ``similarity``) stand below ``UNSHARED_MIN_SIMILARITY``: a copy that kept none of
    its source's names and numbers still keeps its topic. On the collections the copy
    model is fitted on (synthetic, l2r-news, the real pages) it called no true copy
    there, and 0.6 would have lost one. In a crawl of formulaic articles most
    candidates are such pairs; aligning them is the costliest step of the scan.
    """
    if shared_anchors:
        return False
    return apart_in_topic(shared_anchors, similarity) or no_common_particulars(a, b, telling)


def apart_in_topic(shared_anchors: int, similarity: float) -> bool:
    """No particular in common and a document cosine below ``UNSHARED_MIN_SIMILARITY``: not a copy."""
    return shared_anchors == 0 and similarity < UNSHARED_MIN_SIMILARITY


#: Below this document cosine, a pair that shares at most one particular and states another
#: fact in an aligned sentence is not a copy (``other_facts_apart``).
OTHER_FACTS_MAX_SIMILARITY = 0.65


def other_facts_apart(
    shared_particulars: int, fewest_particulars: int, differing: int, similarity: float
) -> bool:
    """At most one particular shared, an aligned sentence stating another fact, and a distant
    topic (document cosine below ``OTHER_FACTS_MAX_SIMILARITY``): not a copy.

    Short reports of two events of one kind align on their template's sentences ("Fire
    halts production in Crawmere", "... in Crawendale") and may share a stock name such as an
    agency's. A copy keeps its source's topic closer than that, and its facts. Chosen on the
    collections the copy model is fitted on (synthetic, l2r-news, the real pages), where it
    ruled out no true copy; 0.7 would have lost one of l2r-news.
    """
    return (
        shared_particulars <= 1
        and fewest_particulars >= 1
        and differing >= 1
        and similarity < OTHER_FACTS_MAX_SIMILARITY
    )


def template_filled_twice(
    fact_links: int, conflicts: int, substitutions: int, shared_particulars: int, fewest_particulars: int
) -> bool:
    """Most fact links state different facts: one template filled twice, not a copy.

    Links that swap particulars (``fact_agreement``) count only for a pair that
    shares at most half of the particulars the sparer text names: a template changes
    the event's names and figures, while a rewrite that renamed an institution or two
    keeps most of its source's (on l2r-news such rewrites share 70% or more, the
    synthetic template twins 60% or less).
    """
    if is_template(fact_links, conflicts):
        return True
    return is_template(fact_links, conflicts + substitutions) and 2 * shared_particulars <= fewest_particulars


def half_the_facts_differ(
    fact_links: int, differing: int, shared_particulars: int, fewest_particulars: int
) -> bool:
    """Half the fact links state other facts, in texts that share at most half of the sparer's
    ``candidates.FACTS_TO_SHARE`` or more particulars: not a copy.

    Twins of one template share its fixed sentences word for word ("The first homes on the
    site should be ready in 2 years."), which state the same facts in both and so hide the
    swapped ones from ``template_filled_twice``. Independent reports of one event can look the
    same (each with its own figures and the statement both quote), so this rules out a copy
    and leaves the event to ``same_event``. Below ``FACTS_TO_SHARE`` particulars a text shares
    at most half of them by chance.
    """
    return (
        fewest_particulars >= FACTS_TO_SHARE
        and 2 * shared_particulars <= fewest_particulars
        and fact_links >= 2
        and 2 * differing >= fact_links
    )


def facts_rule_out_copy(
    fact_links: int, conflicts: int, substitutions: int, shared_particulars: int, fewest_particulars: int
) -> bool:
    """The fact links say "not a copy": ``template_filled_twice`` or ``half_the_facts_differ``."""
    return template_filled_twice(
        fact_links, conflicts, substitutions, shared_particulars, fewest_particulars
    ) or half_the_facts_differ(fact_links, conflicts + substitutions, shared_particulars, fewest_particulars)


def is_template(fact_links: int, fact_conflicts: int) -> bool:
    """Most aligned sentences that state facts state different ones: one template filled twice."""
    return fact_links >= 2 and fact_conflicts >= 0.6 * fact_links


def _measure(
    a: Document, b: Document, passages: Sequence[Passage]
) -> tuple[float, float, dict[PassageKind, int]]:
    """Coverage of each side and the characters of b per link kind."""
    kind_chars: dict[PassageKind, int] = {}
    seen: set[int] = set()
    for p in passages:
        for link in p.links:
            if link.b in seen:
                continue
            seen.add(link.b)
            s = b.sentences[link.b]
            kind_chars[link.kind] = kind_chars.get(link.kind, 0) + s.end - s.start
    a_rows = {link.a for p in passages for link in p.links}
    return _coverage(a, a_rows), _coverage(b, seen), kind_chars


def _coverage(doc: Document, rows: set[int]) -> float:
    total = doc.content_chars
    if not total:
        return 0.0
    covered = sum(s.end - s.start for s in doc.sentences if s.index in rows and not s.boilerplate)
    return round(covered / total, 4)


def copy_features(f: PairFeatures) -> dict[str, float]:
    """The named measurements the copy model reads; each is the same whichever text is ``a``.

    Sequence and order say "one text was made from the other"; the excess of a
    best match over a sentence's mean similarity to the other text separates a
    rewrite from texts that are merely on one topic; shared particulars without
    shared wording, and close sentences stating different facts, say "same event"
    or "same template" rather than "copy".
    """
    n = f.shorter
    return {
        "sequence_share": min(1.0, f.sequence_share),
        "sequence_links": math.log1p(f.sequence_links),
        "links_share": min(1.0, f.links / n),
        "coverage_low": min(f.coverage_a, f.coverage_b),
        "coverage_high": max(f.coverage_a, f.coverage_b),
        "doc_similarity": f.doc_similarity,
        "shared_anchors": math.log1p(f.shared_anchors),
        "shared_anchor_share": f.shared_anchors / max(1, min(f.telling_a, f.telling_b)),
        "soft_coverage": f.soft_coverage,
        "order_share": f.order_share,
        # The longest increasing run of n random points has about 2 * sqrt(n) of them.
        "order_beyond_chance": f.order_share - min(1.0, 2 / math.sqrt(n)),
        "contrast": f.contrast,
        "sequence_excess": f.sequence_excess,
        "fact_conflict_rate": f.fact_conflicts / max(1, f.fact_links),
        "template": float(is_template(f.fact_links, f.fact_conflicts)),
        "no_common_particulars": float(f.no_common_particulars),
        "length_ratio": f.length_ratio,
        "strong_share": min(1.0, f.strong_links / n),
        "link_similarity": f.link_similarity,
        "cross_language": float(not f.same_language),
        "log_sentences": math.log(n),
        "quoted_share": f.quoted_share,
        "mutual_share": f.mutual_share,
        "ordered_particulars": f.ordered_particulars,
        "word_order": f.word_order,
    }


def classify(f: PairFeatures, config: RelateConfig) -> tuple[RelationKind, float, list[str]]:
    """The relation, a confidence in [0, 1], and the reasons in words.

    Whether the pair is a copy is the fitted copy model's call (``decision``); its
    probability is the confidence of a copy relation. What kind of copy it is
    (duplicate, near duplicate, derived) follows from what the alignment saw.
    """
    low, _high = sorted((f.coverage_a, f.coverage_b))
    reasons = [
        f"{f.links} aligned sentences, {f.sequence_links} of them in runs that keep the order "
        f"({f.sequence_share:.0%} of the shorter text's {f.shorter} sentences)",
        f"coverage {f.coverage_a:.0%} of a, {f.coverage_b:.0%} of b",
    ]
    model = config.models
    values = copy_features(f)
    probability = round(model.copy.probability(values), 3)
    # A copy keeps its source's facts: close sentences stating other names and numbers, or no
    # particular in common, rule a copy out whatever the model makes of the rest.
    derived = probability >= model.copy_threshold and not f.not_a_copy
    if derived:
        reasons.append(
            f"{f.order_share:.0%} of the shorter text's sentences match the other in the same order "
            f"(mean best-match similarity {f.soft_coverage:.2f})"
        )
    elif f.template_twins:
        reasons.append(
            f"{f.fact_differences} of {f.fact_links} aligned sentences state different names or numbers: "
            "a shared template, not a copy"
            if not f.no_common_particulars
            else "both name people, places or figures and share none of them: not a copy"
        )
    elif f.apart_in_topic:
        reasons.append(f"no particular in common and document similarity {f.doc_similarity:.2f}: not a copy")
    elif f.not_a_copy:
        topic = f" and document similarity {f.doc_similarity:.2f}" if f.other_facts_apart else ""
        reasons.append(
            f"{f.fact_differences} of {f.fact_links} aligned sentences state different names or numbers, "
            f"and the texts share {f.shared_telling} of their particulars{topic}: not a copy"
        )
    reasons.append(f"copy model: probability {probability:.2f} that one text was made from the other")
    if derived and f.copy_share >= 0.999 and low >= config.duplicate_coverage:
        return "duplicate", max(probability, 0.99), [*reasons, "every aligned sentence is verbatim"]
    if derived and f.copy_share >= 0.9 and low >= config.near_duplicate_coverage:
        return "near_duplicate", probability, [*reasons, f"{f.copy_share:.0%} verbatim or lightly edited"]
    if derived:
        return "derived", probability, [*reasons, "the shared sentences follow the same narrative sequence"]
    if same_event(f):
        why = (
            f"{f.shared_anchors} shared names, numbers or quotes; document similarity {f.doc_similarity:.2f}"
        )
        return (
            "same_story",
            round(1 - probability, 3),
            [*reasons, why, "no sustained run of matched sentences"],
        )
    return "unrelated", round(1 - probability, 3), reasons


def same_event(f: PairFeatures) -> bool:
    """Two texts that are not copies report one event: they share its particulars.

    Matching sentences or a close topic are not enough on their own: articles
    written to one template (results, weather, earnings, incident reports) match
    sentence for sentence while naming different people, places and numbers.
    """
    if f.shared_anchors >= 3:
        return True
    if f.template_twins:
        return False
    close = f.links > 0 or f.doc_similarity >= 0.6
    return (close and f.shared_anchors >= 2) or (f.doc_similarity >= 0.65 and f.shared_anchors >= 1)


def transforms(f: PairFeatures) -> tuple[PassageKind, ...]:
    """Passage kinds of the pair, the one covering most text first."""
    return tuple(kind for kind, _ in f.kind_chars)


def relate(
    a: Document,
    b: Document,
    alignment: Alignment,
    shared_anchors: int,
    doc_similarity: float,
    config: RelateConfig,
    telling: Telling | None = None,
) -> Relation:
    """The relation of one candidate pair (``a.id < b.id``); ``telling`` as for ``features``."""
    f = features(a, b, alignment, shared_anchors, doc_similarity, telling)
    relation, confidence, evidence = classify(f, config)
    passages = alignment.passages
    kinds = transforms(f)
    cov_a, cov_b = f.coverage_a, f.coverage_b
    if relation in COPY_RELATIONS and f.sequence_links < f.links / 2 + 1:
        # Derived by order evidence: the ordered chain shows the correspondence better.
        passages = alignment.ordered
        cov_a, cov_b, chars = _measure(a, b, passages)
        # The reasons were written from the strong links; say what the ordered chain covers.
        evidence = [
            f"coverage {cov_a:.0%} of a, {cov_b:.0%} of b by sentences matched in order"
            if e.startswith("coverage ")
            else e
            for e in evidence
        ]
        kinds = tuple(k for k, _ in sorted(chars.items(), key=lambda kv: (-kv[1], kv[0])))
    return Relation(
        a=a.id,
        b=b.id,
        relation=relation,
        transforms=kinds if relation != "same_story" else (),
        confidence=confidence,
        coverage_a=cov_a,
        coverage_b=cov_b,
        evidence=tuple(evidence),
        passages=tuple(passages),
    )


def _links_via(rel: Relation, hub: str) -> dict[int, set[int]]:
    """hub sentence index -> the other side's sentence indices linked to it."""
    out: dict[int, set[int]] = {}
    for p in rel.passages:
        for link in p.links:
            hub_row, other_row = (link.a, link.b) if rel.a == hub else (link.b, link.a)
            out.setdefault(hub_row, set()).add(other_row)
    return out


def compose(
    hub: str,
    left: Relation,
    right: Relation,
    docs: dict[str, Document],
    similarity: Callable[[str, int, str, int], float],
    min_overlap: float = 0.5,
    rank: Mapping[str, int] | None = None,
) -> Relation | None:
    """The relation two copies of one text (``hub``) would have, composed through that text.

    Two articles that each reuse the same sentences of a third share those
    sentences with each other, even when their own wording has drifted too far
    apart to align directly (a brief and a long rewrite of one wire story).
    Returns None when they reuse different parts of the hub. ``rank`` orders the two
    copies (``a`` first), by id when not given; ``symmetry`` passes a content order.

    This is a proposal: it holds only if both copy relations do, and one false copy
    relation of a hub would otherwise make every other copy of the hub a copy of it.
    ``judge_composed`` puts it to the copy model like any other pair.
    """
    via_left, via_right = _links_via(left, hub), _links_via(right, hub)
    shared = sorted(set(via_left) & set(via_right))
    # One shared sentence is a fact both repeat; two or more in common is reuse.
    if len(shared) < 2 or len(shared) < min_overlap * min(len(via_left), len(via_right)):
        return None
    x = left.b if left.a == hub else left.a
    y = right.b if right.a == hub else right.a
    places = rank or {}
    (a, via_a), (b, via_b) = sorted(
        [(x, via_left), (y, via_right)], key=lambda side: (places.get(side[0], 0), side[0])
    )
    da, db = docs[a], docs[b]
    same_language = da.language == db.language
    links = tuple(
        Link(
            a=i,
            b=j,
            similarity=round(similarity(a, i, b, j), 4),
            kind=link_kind(
                da.sentence_text(da.sentences[i]), db.sentence_text(db.sentences[j]), same_language
            ),
        )
        for h in shared
        for i in sorted(via_a[h])
        for j in sorted(via_b[h])
    )
    passage = tuple(_composed_passages(da, db, links))
    checked, conflicts, swaps = fact_agreement(da, db, passage)
    ta, tb = telling_anchors(da), telling_anchors(db)
    if facts_rule_out_copy(
        checked, conflicts, swaps, len(ta & tb), min(len(ta), len(tb))
    ) or no_common_particulars(da, db, (ta, tb)):
        return None  # the hub links them through a template, not through shared text
    kinds = sorted({link.kind for link in links})
    cov_a = _coverage(da, {link.a for link in links})
    cov_b = _coverage(db, {link.b for link in links})
    confidence = round(min(left.confidence, right.confidence) * 0.95, 3)
    return Relation(
        a=a,
        b=b,
        relation="derived",
        transforms=tuple(kinds),
        confidence=confidence,
        coverage_a=cov_a,
        coverage_b=cov_b,
        evidence=(
            f"both reuse the same {len(shared)} sentences of {hub} "
            f"({len(shared) / min(len(via_left), len(via_right)):.0%} of the smaller reuse)",
            f"coverage {cov_a:.0%} of a, {cov_b:.0%} of b through {hub}",
        ),
        passages=passage,
    )


def _composed_passages(da: Document, db: Document, links: tuple[Link, ...]) -> list[Passage]:
    out = []
    for link in links:
        sa, sb = da.sentences[link.a], db.sentences[link.b]
        out.append(Passage(sa.start, sa.end, sb.start, sb.end, link.kind, link.similarity, (link,)))
    return sorted(out, key=lambda p: (p.a_start, p.b_start))


def judge_composed(
    composed: Relation,
    alignment: Alignment,
    a: Document,
    b: Document,
    shared_anchors: int,
    doc_similarity: float,
    config: RelateConfig,
    max_gap: int,
) -> Relation | None:
    """A composed relation (``compose``) as the copy model judges it; None when it is not a copy.

    The pair is measured as a candidate pair is (``alignment`` is the pair's own,
    ``a`` first in content order), with the sentences both share through the hub
    added to its aligned passages and chained into runs (``max_gap``, the alignment's):
    the hub shows links the pair's drifted wording hides, and the model weighs them
    with the rest of the evidence. Its probability is the relation's confidence.
    """
    if (composed.a, composed.b) != (a.id, b.id):
        raise ValueError(f"composed relation {composed.a}~{composed.b} judged as {a.id}~{b.id}")
    links = {(link.a, link.b): link for p in alignment.passages for link in p.links}
    for p in composed.passages:
        for link in p.links:
            links.setdefault((link.a, link.b), link)
    runs = chain(sorted(links), max_gap)
    passages = sorted((_run_passage(a, b, [links[k] for k in run]) for run in runs), key=_passage_order)
    judged = relate(
        a, b, dataclasses.replace(alignment, passages=tuple(passages)), shared_anchors, doc_similarity, config
    )
    if not judged.is_copy:
        return None
    return dataclasses.replace(judged, evidence=(*composed.evidence[:1], *judged.evidence))


def _passage_order(p: Passage) -> tuple[int, int]:
    return p.a_start, p.b_start


def _run_passage(da: Document, db: Document, links: Sequence[Link]) -> Passage:
    """One passage of links that follow each other in both texts, named by its most common kind."""
    sa = [da.sentences[link.a] for link in links]
    sb = [db.sentences[link.b] for link in links]
    weights: dict[PassageKind, int] = {}
    for link, s in zip(links, sb, strict=True):
        weights[link.kind] = weights.get(link.kind, 0) + s.end - s.start
    return Passage(
        a_start=min(s.start for s in sa),
        a_end=max(s.end for s in sa),
        b_start=min(s.start for s in sb),
        b_end=max(s.end for s in sb),
        kind=max(sorted(weights), key=lambda k: weights[k]),
        similarity=round(sum(link.similarity for link in links) / len(links), 4),
        links=tuple(links),
    )
