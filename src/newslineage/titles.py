"""What an article is called: its title, or its first sentence, never its page furniture.

Web pages open with furniture before the headline or the first sentence: a date
line ("date 2023-02-06 By Jane Doe", "Published: 6 February 2023 14:02"), a byline
("By Jane Doe and John Roe, Reuters"), a dateline standing alone ("LONDON
(Reuters) -"), a reading time, a breadcrumb, a photo credit, a view counter. A
reader told that a story is called "date 2023-02-06 By ..." or
"000_8ae7746adafb7629.txt" learns nothing, so:

- ``title_line`` picks the title of a plain-text article: the first line that is
  not furniture, when it is short, does not end like a sentence, and text follows;
- ``usable_title`` refuses a title from metadata that is itself furniture or a file name;
- ``display_name`` names a document: its title, else its first content sentence
  that is not furniture, with a leading dateline removed, shortened at a word boundary.
"""

from __future__ import annotations

import re

from newslineage.models import Document

#: Longest first line read as a title; longer is a paragraph.
MAX_TITLE_CHARS = 200
#: Names made from a first sentence are cut to about this many characters, at a word boundary.
NAME_CHARS = 80
#: A sentence of fewer words is passed over for a name when a longer one follows.
MIN_NAME_WORDS = 4

_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
)
_WEEKDAY = r"(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?"
_DATE = (
    rf"(?:\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}}|\d{{1,2}}[-/.]\d{{1,2}}[-/.]\d{{2,4}}"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"
    rf"|{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{1,2}}(?![\d-]))"
)
_TIME = r"(?:\d{1,2}[:.h]\d{2}(?::\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)?(?:\s*[a-z]{2,4}(?:[+-]\d{1,2})?)?)"
#: Words that label a date or time line ("Published:", "Last updated on").
_DATE_LABEL = (
    r"(?:date[d]?|published|posted|updated|last\s+updated|modified|last\s+modified|created|"
    r"first\s+published|issued|on|at|veröffentlicht|aktualisiert|publié|mis\s+à\s+jour|publicado|"
    r"actualizado|pubblicato|aggiornato)"
)
_DATE_LINE = re.compile(
    rf"^(?:{_DATE_LABEL}\s*:?\s*)*(?:{_WEEKDAY},?\s+)?{_DATE}"
    rf"(?:\s*(?:,|at|um|à|-|–|\||·)?\s*{_TIME})?\s*(?:[|·•,–-]|$)",
    re.IGNORECASE,
)
#: A label then a date or time, whatever follows: "date 2023-02-06 By Jane Doe", "Updated: 12:30 GMT".
_LABELLED_DATE = re.compile(
    rf"^(?!on\b|at\b){_DATE_LABEL}\s*:?\s*(?:on\s+)?(?:{_WEEKDAY},?\s+)?(?:{_DATE}|{_TIME})", re.IGNORECASE
)
_BYLINE = re.compile(
    r"^(?:by|written\s+by|words\s+by|reporting\s+by|text\s*:|authors?\s*:|von|par|écrit\s+par|"
    r"escrito\s+por|redactado\s+por|por|scritto\s+da|di|door|geschrieben\s+von)"
    r"\s+(?P<names>[^.!?]{2,100})$",
    re.IGNORECASE,
)
_NAME_WORD = re.compile(
    r"^(?:[A-ZÀ-Þ][\w'’.-]*|and|und|et|y|e|&|staff|reporters?|correspondents?|in|the|of|de|van|von|der|da|di|le|la)$"
)
#: An all-capitals place, a date and an agency in brackets, ending in a dash: "LONDON, May 14 (Reuters) -".
_DATELINE = re.compile(
    r"^[A-ZÀ-Þ][A-ZÀ-Þ .'’/-]{2,40}(?:,\s*[A-Za-z]+\.?\s+\d{1,2})?\s*(?:\([^()]{1,40}\))?\s*[-–—:]+\s*",
)
#: A place, a comma, then an agency and date in brackets: "Miami, (UrduPoint News - 16th Jul, 2023) :".
_PLACE_CREDIT = re.compile(r"^[A-ZÀ-Þ][\w .'’-]{1,40},\s*\([^()]{3,80}\)\s*[-–—:]+\s*")
_OTHER = re.compile(
    r"""^(?:
        \d+\s*(?:min(?:ute)?s?|mins?)\.?\s*(?:read|lesezeit|de\s+lecture)
      | (?:reading\s+time|lesezeit|temps\s+de\s+lecture)\b.{0,30}
      | listen\s+to\s+(?:this\s+)?article.{0,30}
      | (?:home|start|accueil|inicio)\s*[>/»›|].{0,150}
      | share(?:\s+(?:on|this|via|the|article|story|post|page))*\s*:?(?:[\s,|]*(?:facebook|twitter|x|linkedin|whatsapp|e-?mail|copy\s+link))*
      | (?:photo|image|picture|foto|credit|source|video)\s*[:|].{0,100}
      | [\d.,\s]+\s*(?:views?|comments?|comment\(s\)|shares?|likes?)\b.{0,40}
      | (?:advertisement|sponsored|subscribe|sign\s+up|follow\s+us|read\s+more|related\s*:)\b.{0,60}
      | (?:follow|siga|sigue|síguenos|suivez|folgen\s+sie|seguici|seguite|volg)\b.{0,40}
        \b(?:google\s+news|facebook|twitter|instagram|telegram|whatsapp|linkedin|youtube|tiktok)\b.{0,20}
      | skip\s+to\s+(?:the\s+)?(?:main\s+)?(?:content|navigation|search).{0,20}
      | (?:menu|search|toggle\s+navigation|sign\s+in|log\s*in|newsletter|close|back\s+to\s+top)
      | we\s+use\s+cookies\b.{0,200}
      | (?:©|\(c\)|copyright\b).{0,120}
    )$""",
    re.IGNORECASE | re.VERBOSE,
)
_FILE_NAME = re.compile(
    r"^[\w.-]+\.(?:html?|php|aspx?|txt|md|json|jsonl|xml|warc)$|^[\w-]*\d[\w-]*$", re.IGNORECASE
)
_SENTENCE_END = (".", "!", "?", ":", ";")


def is_furniture_line(line: str) -> bool:
    """True for a line of page furniture: a date line, a byline, a lone dateline, a counter, ..."""
    text = " ".join(line.split())
    if not text:
        return True
    if _DATE_LINE.match(text) or _OTHER.match(text) or _FILE_NAME.match(text):
        return True
    if len(text) <= 160 and _LABELLED_DATE.match(text):
        return True
    dateline = _DATELINE.match(text)
    if dateline and dateline.end() == len(text):
        return True
    return _is_byline(text)


def _is_byline(text: str) -> bool:
    """'By Jane Doe and John Roe, Reuters': a name list, not 'By the river, a town rebuilds'."""
    found = _BYLINE.match(text)
    if found is None:
        return False
    # A date or time after the names ("By Jane Doe | 6 February 2023") is part of the byline.
    names = re.split(r"\s*[|·•]\s*|\s+-\s+", found.group("names"))[0]
    # "Escrito por Sergio Caldas (via Agência Estado)": the agency in brackets is part of it.
    names = re.sub(r"\s*\([^()]{1,60}\)\s*$", "", names)
    words = [w.strip(",;") for w in names.split()]
    words = [w for w in words if w]
    return 0 < len(words) <= 10 and all(_NAME_WORD.match(w) for w in words)


def title_line(text: str) -> str | None:
    """The title of a plain-text article: its first line that is not furniture, when short.

    Markdown heading marks are dropped. ``None`` when that line reads as a sentence
    (ends in ``.``, ``!``, ``?``, ``:`` or ``;``), is longer than ``MAX_TITLE_CHARS``,
    or nothing follows it.
    """
    lines = [line.strip() for line in text.split("\n")]
    lines = [line for line in lines if line]
    for k, line in enumerate(lines):
        candidate = line.lstrip("#").strip()
        if is_furniture_line(candidate):
            continue
        if k + 1 < len(lines) and len(candidate) <= MAX_TITLE_CHARS and not candidate.endswith(_SENTENCE_END):
            return candidate or None
        return None
    return None


def usable_title(title: str | None) -> str | None:
    """A title from metadata, or ``None`` when it is furniture or a file name."""
    if title is None:
        return None
    cleaned = " ".join(title.split())
    return cleaned if cleaned and not is_furniture_line(cleaned) else None


def shorten(text: str, limit: int = NAME_CHARS) -> str:
    """``text`` cut at the last word boundary within ``limit`` characters, with an ellipsis."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0] if " " in text[: limit + 1] else text[:limit]
    return cut.rstrip(" ,;:-–—") + "…"


def strip_leading_furniture(line: str) -> str:
    """``line`` without an opening date line or dateline ("date 2023-08-13", "LONDON (Reuters) -").

    Sentence splitting often glues a page's date line to its first sentence; what is
    left after them names the article. A line that is nothing else is kept as it is.
    """
    rest = line
    labelled = _LABELLED_DATE.match(rest)
    if labelled:
        rest = re.sub(r"^[\s|·•,:–—-]+", "", rest[labelled.end() :])
    for pattern in (_DATELINE, _PLACE_CREDIT):
        found = pattern.match(rest)
        if found and found.end() < len(rest):
            rest = rest[found.end() :]
    return rest if any(ch.isalpha() for ch in rest) else line


def display_name(doc: Document, limit: int = NAME_CHARS) -> str:
    """What a reader calls ``doc``: its title, else its first real sentence, shortened.

    The id (a file name) is the last resort, for a document with no sentence at all.
    """
    title = usable_title(doc.article.title)
    if title:
        return title
    sentences = []
    for sentence in doc.content:
        line = strip_leading_furniture(doc.sentence_text(sentence))
        if is_furniture_line(line) or not any(ch.isalpha() for ch in line):
            continue
        sentences.append(line)
    # A fragment ("Kyiv.", "Bonus video:") names nothing: the first sentence of a few words does.
    full = [s for s in sentences if len(s.split()) >= MIN_NAME_WORDS]
    return shorten((full or sentences)[0], limit) if sentences else doc.id
