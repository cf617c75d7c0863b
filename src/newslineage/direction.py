"""Direction cues: which of two related texts is the source.

Each cue returns a signed score (positive: ``a`` is the source of ``b``) and a
sentence saying what it saw. The cues are independent pieces of evidence, summed;
when they do not add up to a clear verdict the direction stays ``unknown``.

- dates: the earlier publication is the source (when both dates are known);
- credits: a text that names the other's site, or says "X reports", "first
  published in", "appeared first on", "translated from", is a copy;
- copy furniture: machine-translation disclaimers, "Discover more from", SEO
  question headings are added by republishers, not by reporters;
- information loss: a copy drops specific facts (names, numbers, dates) and
  direct quotes more often than it adds them;
- rewrite style: rewriting (by people, spinners or language models) swaps the
  reporter's plain "said" for varied reporting verbs, adds connective filler and
  reaches for longer words.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date

from newslineage.anchors import comparable_kinds
from newslineage.candidates import telling_anchors
from newslineage.decision import LinearModel, sigmoid
from newslineage.models import Document
from newslineage.tokens import words

_COPY_CREDIT = re.compile(
    r"(\b[A-Z][\w&.]+ (?:reports|reported)(?: that)?[,.]|\bfirst (?:published|appeared)|"
    r"\boriginally (?:published|appeared)|\bappeared first on|\btranslated from|\brepublished)",
)
_ORG = r"((?:the\s+)?[A-Z][\w&.\-]+(?:\s+[A-Z][\w&.\-]+){0,3})"
_ATTRIBUTION = (
    # "X reported that ..." sources one fact, as originals do too; "..., X reported." credits the story.
    re.compile(_ORG + r"\s+(?:reports|reported)(?:\s+that)?[,.]"),
    re.compile(r"\b(?:first|originally)\s+(?:published|appeared)\s+(?:in|on|by)\s+" + _ORG),
    re.compile(r"\bappeared\s+first\s+on\s+" + _ORG),
    re.compile(r"\btranslated\s+from\s+(?:an?\s+)?(?:article\s+(?:in|by)\s+)?" + _ORG),
)
#: For each ``_ATTRIBUTION`` pattern, words (as written there) one of which it cannot match without:
#: a text holding none is not scanned with it. Scanning every capitalized word of every copy
#: for a following "reports" was most of what reading a text's credit cost.
_ATTRIBUTION_NEEDS = (("report",), ("published", "appeared"), ("appeared",), ("translated",))
_COPY_FURNITURE = re.compile(
    r"(translations? (?:are|is|was) (?:mostly )?(?:done|made) (?:through|by|with) (?:an? )?(?:ai|machine)|"
    r"machine[- ]translated|discover more from|subscribe to get the latest posts|"
    r"the post .{1,200} appeared first on)",
    re.IGNORECASE,
)
_QUESTION_HEADING = re.compile(r"^[^\n.!]{8,120}\?\s*$", re.MULTILINE)
#: Words that rewriting adds: varied reporting verbs and connective filler.
REWRITE_MARKERS = frozenset(
    [
        "additionally",
        "furthermore",
        "moreover",
        "emphasized",
        "emphasised",
        "highlighted",
        "highlighting",
        "underscored",
        "underscoring",
        "expressed",
        "stated",
        "mentioned",
        "noted",
        "significant",
        "significantly",
        "crucial",
        "notably",
        "various",
        "overall",
        "ensure",
        "ensuring",
        "aimed",
        "amid",
        "regarding",
        "commitment",
        "numerous",
        "individuals",
        "potential",
        "substantial",
        "initiative",
        "facilitate",
        "enhance",
        "comprehensive",
        "vital",
        "pivotal",
        "essential",
        "showcasing",
        "showcased",
        "remarkable",
        "ongoing",
        "effectively",
        "approximately",
        "currently",
        "resulting",
    ]
)
#: Summed evidence below this leaves the direction unknown (without a fitted model).
DECISION = 0.5


@dataclass(frozen=True, slots=True)
class Cue:
    """One piece of direction evidence: positive score means ``a`` is the source.

    ``decisive`` cues (publication dates, a credit naming the other text's site)
    outweigh anything the texts' structure suggests.
    """

    name: str
    score: float
    detail: str
    decisive: bool = False


@dataclass(frozen=True, slots=True)
class Verdict:
    """The direction of one pair, the summed score, the evidence, and whether a decisive cue spoke."""

    direction: str
    score: float
    evidence: tuple[str, ...]
    decisive: bool


def attributed_source(doc: Document) -> str | None:
    """The outside source a text says it retells ("Reuters reports", "first published in X")."""
    found = sorted(
        (m.start(), re.sub(r"^the\s+", "", m.group(1), flags=re.IGNORECASE))
        for pattern, needs in zip(_ATTRIBUTION, _ATTRIBUTION_NEEDS, strict=True)
        if any(word in doc.text for word in needs)
        for m in pattern.finditer(doc.text)
    )
    return found[0][1] if found else None


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
    if not match:
        return None
    try:
        return date(int(match[1]), int(match[2]), int(match[3]))
    except ValueError:
        return None


def date_cue(a: Document, b: Document) -> Cue | None:
    da, db = _parse_date(a.article.published), _parse_date(b.article.published)
    if da is None or db is None or da == db:
        return None
    first, second = (a, b) if da < db else (b, a)
    return Cue(
        "dates",
        3.0 if da < db else -3.0,
        f"{first.id} was published {first.article.published}, before {second.id} ({second.article.published})",
        decisive=True,
    )


def _names_other(doc: Document, other: Document) -> bool:
    """True when ``doc`` credits ``other`` by its site name."""
    site = (other.article.site or "").lower().removeprefix("www.")
    stem = site.split(".")[0] if site else ""
    credits = [a.value.lower() for a in doc.anchors if a.kind == "credit"]
    return bool(stem) and len(stem) > 2 and any(stem in c.replace(" ", "") for c in credits)


def credit_cue(a: Document, b: Document) -> Cue | None:
    b_credits_a, a_credits_b = _names_other(b, a), _names_other(a, b)
    # Each naming the other is no evidence either way (and checking one side first would
    # make the verdict depend on which text is ``a``).
    if b_credits_a and not a_credits_b:
        return Cue("credit", 3.0, f"{b.id} credits {a.article.site}", decisive=True)
    if a_credits_b and not b_credits_a:
        return Cue("credit", -3.0, f"{a.id} credits {b.article.site}", decisive=True)
    pa, pb = _copy_credit(a), _copy_credit(b)
    if (pa is None) == (pb is None):
        return _foreign_credit_cue(a, b)
    ca = pa is not None
    copy = a if ca else b
    said = pa or pb or "a credit"
    return Cue("credit", -1.0 if ca else 1.0, f"{copy.id} attributes its story elsewhere ('{said}')")


#: Words (as ``_COPY_CREDIT`` writes them) one of which it cannot match without.
_COPY_CREDIT_NEEDS = ("report", "first", "originally", "translated", "republished")


def _copy_credit(doc: Document) -> str | None:
    """The first phrase by which a text attributes its story elsewhere."""
    if not any(word in doc.text for word in _COPY_CREDIT_NEEDS):
        return None
    phrase = _COPY_CREDIT.search(doc.text)
    return phrase.group(0) if phrase else None


def _foreign_credit(doc: Document) -> str | None:
    """The agency a page of a known site credits when that agency is not the site itself."""
    site = (doc.article.site or "").lower().replace(" ", "").removeprefix("www.").split(".")[0]
    if len(site) < 3:
        return None
    others = [
        a.value for a in doc.anchors if a.kind == "credit" and site not in a.value.lower().replace(" ", "")
    ]
    return others[0] if others else None


def _foreign_credit_cue(a: Document, b: Document) -> Cue | None:
    # A page of a known site that credits another agency republishes that agency's story;
    # a text of unknown site carrying the same credit may be the agency's own.
    fa, fb = _foreign_credit(a), _foreign_credit(b)
    if (fa is None) == (fb is None):
        return None
    copy, agency = (a, fa) if fa is not None else (b, fb)
    return Cue(
        "credit",
        -1.0 if copy is a else 1.0,
        f"{copy.id} is a page of {copy.article.site} and credits {agency}, another source",
    )


def furniture_marks(doc: Document) -> int:
    """Republisher furniture in a text: disclaimers and prompts, and up to three SEO question headings."""
    return len(_COPY_FURNITURE.findall(doc.text)) + min(3, len(_QUESTION_HEADING.findall(doc.text)))


def furniture_cue(
    a: Document, b: Document, traits_of: Callable[[Document], TextTraits] | None = None
) -> Cue | None:
    ma, mb = (traits_of(a).furniture, traits_of(b).furniture) if traits_of else map(furniture_marks, (a, b))
    if ma == mb:
        return None
    copy = a if ma > mb else b
    return Cue(
        "republisher furniture",
        -1.5 if ma > mb else 1.5,
        f"{copy.id} carries republisher furniture (translation disclaimers, SEO question headings, "
        "newsletter prompts) that the other lacks",
    )


def _facts(doc: Document, kinds: tuple[str, ...]) -> set[str]:
    return {f"{a.kind}:{a.value}" for a in doc.anchors if a.kind in kinds}


def loss_cue(a: Document, b: Document) -> Cue | None:
    kinds = comparable_kinds(a.language, b.language)
    fa, fb = _facts(a, kinds), _facts(b, kinds)
    only_a, only_b = len(fa - fb), len(fb - fa)
    qa = sum(1 for x in a.anchors if x.kind == "quote")
    qb = sum(1 for x in b.anchors if x.kind == "quote")
    score = math.tanh((only_a - only_b) / 3) + 0.5 * math.tanh((qa - qb) / 2)
    if abs(score) < 0.1:
        return None
    richer = a if score > 0 else b
    # The richer text's counts first, so the sentence reads the same whichever side is ``a``.
    (facts_r, facts_o), (quotes_r, quotes_o) = (
        ((only_a, only_b), (qa, qb)) if score > 0 else ((only_b, only_a), (qb, qa))
    )
    return Cue(
        "information loss",
        round(score, 3),
        f"{richer.id} has more specific facts and direct quotes of its own "
        f"({facts_r} vs {facts_o} facts, {quotes_r} vs {quotes_o} quotes)",
    )


@dataclass(frozen=True, slots=True)
class TextTraits:
    """Measurements of one text that rewriting tends to move one way."""

    markers: float
    marker_rate: float
    word_length: float
    chars: int
    sentence_length: float
    quotes: int
    type_token: float
    exclamations: float
    digits: float
    #: ``furniture_marks``: read by ``furniture_cue``, kept here so each text is scanned once.
    furniture: int


def traits(doc: Document) -> TextTraits:
    tokens = words(doc.text)
    n = len(tokens) + 1
    alpha = [t for t in tokens if t.isalpha()]
    markers = (sum(t in REWRITE_MARKERS for t in tokens) + 0.5) / n
    said = (tokens.count("said") + tokens.count("says") + 0.5) / n
    chars = max(1, doc.content_chars)
    return TextTraits(
        markers=math.log(markers / said),
        marker_rate=math.log(markers),
        word_length=sum(map(len, alpha)) / len(alpha) if alpha else 0.0,
        chars=chars,
        sentence_length=chars / max(1, len(doc.content)),
        quotes=sum(1 for x in doc.anchors if x.kind == "quote"),
        type_token=len(set(alpha)) / max(1, len(alpha)),
        exclamations=doc.text.count("!") / n,
        digits=sum(map(str.isdigit, doc.text)) / max(1, len(doc.text)),
        furniture=furniture_marks(doc),
    )


class TraitsOf:
    """``traits`` remembered per document id, for one pass over a collection's copy pairs.

    A document meets every other member of its family, and reading its words is
    most of what a direction costs.
    """

    def __init__(self) -> None:
        self._known: dict[str, TextTraits] = {}

    def __call__(self, doc: Document) -> TextTraits:
        found = self._known.get(doc.id)
        if found is None:
            found = self._known[doc.id] = traits(doc)
        return found


def direction_features(
    a: Document,
    b: Document,
    coverage_gap: float = 0.0,
    traits_of: Callable[[Document], TextTraits] = traits,
    wording_of: Callable[[Document], Wording] | None = None,
) -> dict[str, float]:
    """What the direction model reads; each is positive when the evidence says ``a`` is the source.

    Every feature is antisymmetric: swapping ``a`` and ``b`` negates it. A copy
    loses specific facts and quotes, and a rewrite (by a person, a spinner or a
    language model) varies the reporting verbs and reaches for longer words.
    ``coverage_gap`` is the copy's coverage minus the source's (b's minus a's).
    """
    ta, tb = traits_of(a), traits_of(b)
    kinds = comparable_kinds(a.language, b.language)
    fa, fb = _facts(a, kinds), _facts(b, kinds)
    same = a.language == b.language
    english = same and a.language == "en"
    return {
        "facts": math.tanh((len(fa - fb) - len(fb - fa)) / 3),
        "quotes": math.tanh((ta.quotes - tb.quotes) / 2),
        "markers": tb.markers - ta.markers if english else 0.0,
        "marker_rate": tb.marker_rate - ta.marker_rate if english else 0.0,
        "word_length": tb.word_length - ta.word_length if same else 0.0,
        "length": math.log(ta.chars / tb.chars),
        "sentence_length": math.log(ta.sentence_length / tb.sentence_length) if same else 0.0,
        "type_token": tb.type_token - ta.type_token if same else 0.0,
        "exclamations": 100 * (tb.exclamations - ta.exclamations),
        "digits": 100 * (ta.digits - tb.digits),
        "coverage": coverage_gap,
        **(
            wording_features(a, b, wording if wording_of is None else wording_of)
            if same
            else dict.fromkeys(WORDING_FEATURES, 0.0)
        ),
    }


#: The features ``wording_features`` gives, zero for texts in two languages.
WORDING_FEATURES = ("unique_names", "unique_length", "unique_markers", "particulars_lost")


@dataclass(frozen=True, slots=True)
class Wording:
    """What ``wording_features`` reads of one text: its word set, the names it gives, its particulars."""

    words: frozenset[str]
    names: frozenset[str]
    telling: frozenset[str]


def wording(doc: Document) -> Wording:
    return Wording(frozenset(words(doc.text)), _inner_capitalized(doc), frozenset(telling_anchors(doc)))


class WordingOf:
    """``wording`` remembered per document until the last of the uses the caller announced.

    A document's word set is tens of kilobytes: kept for every text of a scan of 100,000
    articles it would take gigabytes, so each is dropped at its last announced use (and a
    document with one use left is never kept). A caller that visits copy pairs family by
    family then holds one family's at a time; an unannounced use just reads the text again.
    """

    def __init__(self, uses: Mapping[str, int]) -> None:
        self._left = {doc: n for doc, n in uses.items() if n > 0}
        self._known: dict[str, Wording] = {}

    def __call__(self, doc: Document) -> Wording:
        left = self._left.get(doc.id, 0)
        if left <= 1:
            self._left.pop(doc.id, None)
            last = self._known.pop(doc.id, None)
            return last if last is not None else wording(doc)
        self._left[doc.id] = left - 1
        found = self._known.get(doc.id)
        if found is None:
            found = self._known[doc.id] = wording(doc)
        return found

    def held(self) -> int:
        """Documents whose wording is kept now."""
        return len(self._known)


def wording_features(
    a: Document, b: Document, wording_of: Callable[[Document], Wording] = wording
) -> dict[str, float]:
    """What the words only one text uses say, positive when ``a`` reads as the source.

    Measured on the words the two texts do not share, where a rewrite shows most:
    the source's own words include the names it gives (capitalized inside a
    sentence) that a copy dropped; the copy's own words are the longer, more
    generic ones a rewriter (a person or a language model) reaches for. And a
    copy loses a share of its source's particulars (rare names, numbers) more often
    than it adds some of its own.
    """
    ra, rb = wording_of(a), wording_of(b)
    only_a, only_b = ra.words - rb.words, rb.words - ra.words
    names_a, names_b = ra.names, rb.names
    ta, tb = ra.telling, rb.telling
    return {
        "unique_names": _share(only_a, names_a.__contains__) - _share(only_b, names_b.__contains__),
        "unique_length": _mean(only_b, len) - _mean(only_a, len),
        "unique_markers": 10
        * (_share(only_b, REWRITE_MARKERS.__contains__) - _share(only_a, REWRITE_MARKERS.__contains__)),
        "particulars_lost": len(ta - tb) / max(1, len(ta)) - len(tb - ta) / max(1, len(tb)),
    }


def _share(items: frozenset[str], test: Callable[[str], bool]) -> float:
    return sum(1 for x in items if test(x)) / max(1, len(items))


def _mean(items: frozenset[str], measure: Callable[[str], int]) -> float:
    return sum(measure(x) for x in items) / max(1, len(items))


def _inner_capitalized(doc: Document) -> frozenset[str]:
    """Words written with a capital inside a sentence (not its first word): mostly names."""
    found: set[str] = set()
    for sentence in doc.content:
        tokens = _WORD_TOKEN.findall(doc.sentence_text(sentence))
        found.update(t.casefold() for t in tokens[1:] if t[0].isupper())
    return frozenset(found)


_WORD_TOKEN = re.compile(r"\w+")


def style_cue(a: Document, b: Document, traits_of: Callable[[Document], TextTraits] = traits) -> Cue | None:
    """Rewriting varies the reporting verbs and reaches for longer, fancier words."""
    if a.language != b.language:
        return None
    ta, tb = traits_of(a), traits_of(b)
    markers = tb.markers - ta.markers if a.language == "en" else 0.0
    longer = tb.word_length - ta.word_length
    diff = (markers if abs(markers) >= 0.2 else 0.0) + (longer / 0.3 if abs(longer) >= 0.05 else 0.0)
    if diff == 0.0:
        return None
    score = max(-1.5, min(1.5, diff))
    rewritten = b if diff > 0 else a
    return Cue(
        "rewrite style",
        round(score, 3),
        f"{rewritten.id} reads as a rewrite: varied reporting verbs, connective words, longer words",
    )


def family_cue(a: Document, b: Document, a_holds_more: bool, b_holds_more: bool) -> Cue | None:
    """Containment within a family of copies: a child holds nothing of the family its parent lacks."""
    if a_holds_more == b_holds_more:
        return None
    richer, poorer = (a, b) if a_holds_more else (b, a)
    return Cue(
        "containment",
        1.0 if a_holds_more else -1.0,
        f"{richer.id} shares passages with other copies that {poorer.id} lacks, and not the reverse",
    )


def decide(
    a: Document,
    b: Document,
    *extra: Cue | None,
    model: LinearModel | None = None,
    margin: float = DECISION,
    coverage_gap: float = 0.0,
    traits_of: Callable[[Document], TextTraits] = traits,
    wording_of: Callable[[Document], Wording] | None = None,
) -> Verdict:
    """The direction of a copy pair.

    The fitted direction model weighs what the texts show (loss, style, length);
    dates, credits, republisher furniture and family containment are added on top
    in the same log-odds units, with fixed weights: the fitting collections carry
    none of them, so they cannot be fitted there. Without a model the hand-set
    loss and style cues speak instead. Direction stays ``unknown`` only when the
    summed log-odds are within ``margin`` of zero: the evidence is balanced.
    """
    fixed = [
        cue
        for cue in (date_cue(a, b), credit_cue(a, b), furniture_cue(a, b, traits_of), *extra)
        if cue is not None
    ]
    shown = [cue for cue in (loss_cue(a, b), style_cue(a, b, traits_of)) if cue is not None]
    fitted = (
        model.logit(direction_features(a, b, coverage_gap, traits_of, wording_of))
        if model is not None
        else sum(c.score for c in shown)
    )
    total = round(fitted + sum(c.score for c in fixed), 3)
    probability = sigmoid(total)
    evidence = [f"{c.name}: {c.detail}" for c in (*fixed, *shown)]
    if model is not None:
        # Named by id and stated for the likelier source, the line reads the same whichever text is a.
        likelier, chance = (a, probability) if total >= 0 else (b, 1 - probability)
        evidence.append(f"direction model: {likelier.id} is the source with probability {chance:.2f}")
    decisive = any(c.decisive for c in fixed)
    if total >= margin:
        return Verdict("a->b", total, tuple(evidence), decisive)
    if total <= -margin:
        return Verdict("b->a", total, tuple(evidence), decisive)
    note = f"the cues do not agree enough to decide (score {total:+.2f})"
    return Verdict("unknown", total, (*evidence, note), decisive)
