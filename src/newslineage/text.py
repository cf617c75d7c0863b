"""Text stage: paragraphs, sentences, language and boilerplate.

Sentences keep character offsets into ``Article.text``. Each non-empty line is a
paragraph (news files use single newlines as often as blank lines); syntok splits
each paragraph into sentences. Boilerplate (site furniture) is marked two ways:
general patterns (photo credits, view counters, subscribe prompts), and lines that
recur across the collection in *different* surroundings. The second condition is
what keeps a verbatim reprint from being mistaken for furniture: a copied line
recurs with its neighbours, a furniture line recurs next to unrelated text.
"""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterator, Sequence

import py3langid
import syntok.segmenter as segmenter

from newslineage.anchors import extract_anchors
from newslineage.config import TextConfig
from newslineage.models import Anchor, Article, Document, Sentence
from newslineage.workers import Shared

_FURNITURE = re.compile(
    r"""^(
        (photo|image|picture|foto|credit|source)\s*[:|]\s*\S.{0,80}
      | .{0,40}\b(photo|image)\s*:\s*\S.{0,40}
      | [\d.,\s]+\s*(views?|comments?|comment\(s\)|shares?|likes?)\b.{0,40}
      | (subscribe|sign\s+up|follow\s+us|share\s+this|read\s+more|related\s*:|advertisement|discover\s+more\s+from)\b.{0,120}
      | disclaimer\s*:.{0,200}
      | (©|\(c\)|copyright\b).{0,120}
      | all\s+rights\s+reserved.{0,40}
      | the\s+post\s+.{1,200}\s+appeared\s+first\s+on\s+.{1,80}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """Comparison form of a text: NFKC, case-folded, whitespace collapsed."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text)).strip().casefold()


def _line_key(line: str) -> str:
    # Digits vary in furniture ("17302 views"), so they are masked for matching.
    return _DIGITS.sub("0", normalize(line))


#: Line breaks: newlines, and the HTML break tags that text scraped from pages often keeps.
_LINE_BREAK = re.compile(r"\n|<br\s*/?>", re.IGNORECASE)


def lines_with_offsets(text: str) -> Iterator[tuple[int, int]]:
    """(start, end) of each non-blank line, stripped of surrounding spaces."""
    pos = 0
    for brk in (*_LINE_BREAK.finditer(text), None):
        end = brk.start() if brk is not None else len(text)
        raw = text[pos:end]
        stripped = raw.strip()
        if stripped:
            start = pos + raw.index(stripped[0])
            yield start, start + len(stripped)
        if brk is not None:
            pos = brk.end()


#: A line's sentences as the splitter reads them, (start, end) in the line, by line: kept by
#: the caller for a batch of articles, which repeat lines (reprints, copies, templates).
Segmented = dict[str, list[tuple[int, int]]]


def split_sentences(
    text: str, max_chars: int, segmented: Segmented | None = None
) -> list[tuple[int, int, int]]:
    """(start, end, paragraph) for each sentence; every span indexes ``text``.

    ``segmented`` remembers the splitter's reading of each line it runs on, and is read first.
    """
    out: list[tuple[int, int, int]] = []
    for para, (lstart, lend) in enumerate(lines_with_offsets(text)):
        line = text[lstart:lend]
        if _one_sentence(line):
            out.extend((s, e, para) for s, e in _cap_length(text, lstart, lend, max_chars))
            continue
        spans = segmented.get(line) if segmented is not None else None
        if spans is None:
            spans = segment_line(line)
            if segmented is not None:
                segmented[line] = spans
        for start, end in spans:
            out.extend((s, e, para) for s, e in _cap_length(text, lstart + start, lstart + end, max_chars))
    return out


def segment_line(line: str) -> list[tuple[int, int]]:
    """(start, end) in ``line`` of each sentence syntok finds there."""
    out = []
    for paragraph in segmenter.analyze(line):
        for sentence in paragraph:
            tokens = list(sentence)
            if tokens:
                out.append((tokens[0].offset, tokens[-1].offset + len(tokens[-1].value)))
    return out


#: Characters at which the sentence splitter may cut a line, or that change how it reads the
#: marks around them (a dateline's "(CNN)", a "Kommentare (0)" menu line).
_SPLITTERS = re.compile(r"[.!?…。！？؟।;:()\[\]{}]")


def _one_sentence(line: str) -> bool:
    """Whether ``line`` (stripped) is one sentence as the splitter would read it, without running it.

    Half the lines of a news text are a single sentence with its full stop at the end (a
    headline, a one-sentence paragraph); the pure-Python splitter is half the text stage's
    time. Only lines with no mark it could cut at, except a closing run at the end, take
    this way; ``tests/test_text.py`` holds the splitter to the same answer on them.
    """
    # No space in the closing run: the splitter reads a quote after "aa. " as a sentence of its own.
    body = line.rstrip("\"'”’»)]").rstrip(".!?…。！？؟।")
    return _SPLITTERS.search(body) is None


#: Places a run-on "sentence" may be cut, best first: a gap of several spaces (where a full stop
#: was stripped), a lower-case word followed by a capitalised one, a clause mark, any space.
_BREAKS = (
    re.compile(r"(?<=\w)[ \t]{2,}(?=\S)"),
    re.compile(r"(?<=[a-z0-9%)])\s+(?=[A-Z][a-z])"),
    re.compile(r"(?<=[,;:])\s+"),
    re.compile(r"\s+"),
)


def _cap_length(text: str, start: int, end: int, max_chars: int) -> Iterator[tuple[int, int]]:
    """Cut a run-on sentence into pieces of at most ``max_chars``, at the likeliest boundaries.

    Text that lost its full stops (flattened lists and tables, scraped pages, stripped
    transcripts) otherwise arrives as one sentence the length of the article, and
    alignment would compare whole documents instead of sentences.
    """
    if end - start <= max_chars:
        yield start, end
        return
    cut = _best_break(text, start, end)
    if cut is None:
        yield start, start + max_chars
        yield from _cap_length(text, start + max_chars, end, max_chars)
        return
    left_end, right_start = cut
    yield from _cap_length(text, start, left_end, max_chars)
    yield from _cap_length(text, right_start, end, max_chars)


def _best_break(text: str, start: int, end: int) -> tuple[int, int] | None:
    """(end of the left piece, start of the right one) at the best-ranked break nearest the middle."""
    middle = (start + end) / 2
    # Pieces shorter than a fifth of the span are not worth a cut of their own.
    margin = (end - start) // 5
    for pattern in _BREAKS:
        found = list(pattern.finditer(text, start + margin, end - margin))
        if found:
            m = min(found, key=lambda m: (abs(m.start() - middle), m.start()))
            return m.start(), m.end()
    return None


#: Characters of a text its language is read from. The classifier walks every byte it is
#: given, and a fifth of the text stage went to it at 4,000; at 1,000 (and at 500) it named
#: the same language for every document of the synthetic 10,000, the real-news pages and
#: l2r-news (bench/language_prefix.py counts the documents a prefix would change).
LANGUAGE_PREFIX = 1000


def detect_language(text: str) -> str:
    """ISO 639-1 code of the text's language, ``"und"`` for too little text.

    Only the first ``LANGUAGE_PREFIX`` characters are read.
    """
    sample = text[:LANGUAGE_PREFIX]
    if sum(map(str.isalpha, sample)) < 20:
        return "und"
    lang, _ = py3langid.classify(sample)
    return str(lang)


def line_contexts(article: Article) -> Iterator[tuple[str, str, str]]:
    """(line key, key of the line before, key of the line after) for each short line."""
    keys = [_line_key(article.text[s:e]) for s, e in lines_with_offsets(article.text)]
    for i, key in enumerate(keys):
        if len(key) > 160:
            continue
        yield key, keys[i - 1] if i else "", keys[i + 1] if i + 1 < len(keys) else ""


def repeated_furniture(articles: Sequence[Article], min_docs: int) -> frozenset[str]:
    """Line keys that recur in ``min_docs`` articles, each time in different surroundings."""
    contexts: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for article in articles:
        for key, before, after in line_contexts(article):
            contexts[key].add((before, after))
    return frozenset(key for key, ctx in contexts.items() if len(ctx) >= min_docs)


def is_furniture(line: str, learned: frozenset[str]) -> bool:
    """True for a site-furniture line (pattern, or learned from the collection)."""
    stripped = line.strip()
    if _FURNITURE.match(stripped):
        return True
    return _line_key(stripped) in learned


def analyze(
    article: Article, learned: frozenset[str], config: TextConfig, segmented: Segmented | None = None
) -> Document:
    """Turn one article into a Document: sentences, language, anchors (``segmented``: see ``split_sentences``)."""
    # Sentences never cross lines, so a sentence's paragraph number is its line number.
    furniture = [
        is_furniture(article.text[start:end], learned) for start, end in lines_with_offsets(article.text)
    ]
    sentences = tuple(
        Sentence(index=i, start=s, end=e, paragraph=p, boilerplate=furniture[p])
        for i, (s, e, p) in enumerate(split_sentences(article.text, config.max_sentence_chars, segmented))
    )
    content = " ".join(article.text[s.start : s.end] for s in sentences if not s.boilerplate)
    return Document(
        article=article,
        language=detect_language(content or article.text),
        sentences=sentences,
        anchors=extract_anchors(article.text, sentences),
    )


#: Below this many articles, starting worker processes costs more than it saves.
_PARALLEL_FROM = 400
#: Articles per task sent to a worker: large enough to amortize the transfer.
_CHUNK = 64
#: Chunks a worker process analyzes before it ends, with ``TextConfig.low_memory``
#: (``workers.Shared``): a fork costs a few milliseconds, and what it copies ends with it.
_CHUNKS_PER_FORK = 16


def analyze_all(
    articles: Sequence[Article], config: TextConfig, learned: frozenset[str] | None = None
) -> list[Document]:
    """The text stage for a whole collection (boilerplate is learned across it).

    Articles are independent once the furniture is learned, so large collections
    are split over ``config.workers`` processes; results keep the input order.
    ``learned`` is furniture learned elsewhere (the index learns it across
    everything it holds); by default it is learned from ``articles``.
    """
    if learned is None:
        learned = repeated_furniture(articles, config.boilerplate_min_docs)
    workers = config.processes
    chunks = [articles[k : k + _CHUNK] for k in range(0, len(articles), _CHUNK)]
    if workers == 1 or len(articles) < _PARALLEL_FROM:
        return [doc for chunk in chunks for doc in _analyze_batch(chunk, learned, config)]
    # Forked (workers.Shared): the learned furniture and the configuration are the workers'
    # context, each task a chunk. The language model is loaded here, once, before the forks:
    # each short-lived fork (``low_memory``) would load it again (a quarter of a second).
    detect_language(articles[0].text)
    per_fork = _CHUNKS_PER_FORK if config.low_memory else None
    parts = list(Shared(_analyze_chunk, (learned, config), workers, per_fork=per_fork).map(chunks))
    return [
        Document(article, language, sentences, anchors)
        for chunk, part in zip(chunks, parts, strict=True)
        for article, (language, sentences, anchors) in zip(chunk, part, strict=True)
    ]


def _analyze_chunk(
    context: tuple[frozenset[str], TextConfig], chunk: Sequence[Article]
) -> list[tuple[str, tuple[Sentence, ...], tuple[Anchor, ...]]]:
    # The article text is not sent back: the caller already holds it.
    learned, config = context
    return [(doc.language, doc.sentences, doc.anchors) for doc in _analyze_batch(chunk, learned, config)]


def _analyze_batch(chunk: Sequence[Article], learned: frozenset[str], config: TextConfig) -> list[Document]:
    # Lines are remembered within a chunk only: a chunk's articles are neighbours by id, as
    # copies of one story often are, and the memory stays that of a chunk.
    segmented: Segmented = {}
    return [analyze(article, learned, config, segmented) for article in chunk]
