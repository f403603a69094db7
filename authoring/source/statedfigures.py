"""Stated figures: literal scores in the evaluator's prose that disagree with the computed ones.

``kompass check`` warns where prose states a number next to a score word ("uppnår kommunen 70
poäng", "415 totalpoäng", "9 av 15 poäng", "förbättring med 18 poäng", "uppnår 70 %") and the
number is not what the scores give. A number counts as a score only in one of these patterns;
years, populations, "ett 40-tal", staff counts and "85 % av medarbetarna" are never read.

What a figure refers to: in notes/area-N.md area N (the total if the sentence says "totalt" or
"sammanlagt", a question if it names "fråga 1.2"), in notes/summary.md the total. A sentence that
names another year than the evaluation's is about that evaluation and is not checked, except for
a change since the latest earlier evaluation.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from .placeholders import PATTERN as PLACEHOLDER, Placeholder, latest_earlier, notes_files, shown, value
from ..problems import Problems
from ..safeio import Refused, read_text

NUM = r"(\d{1,4}(?:,\d{1,2})?)"
_ADVERB = r"(?:(?:hela|drygt|knappt|nästan|endast|bara|ca|cirka|ungefär)\s+)?"
PATTERNS = (  # (what is stated, pattern whose group "n" is the number); earlier ones win
    ("förändring", rf"\b(?:förbättr|försämr|ök|minsk|höj|sänk|tapp)\w*\b[^.\d]{{0,40}}?\b(?:med|på)\s+{_ADVERB}"
                   rf"(?P<n>{NUM[1:-1]})\s*poäng\b"),
    ("total", rf"(?P<n>{NUM[1:-1]})\s*totalt?poäng"),
    ("total", rf"\btotalt?poäng\w*\s+(?:är|var|blir|blev|på)\s+{_ADVERB}(?P<n>{NUM[1:-1]})\b(?!\s*%)"),
    ("av", rf"(?P<n>{NUM[1:-1]})\s+av\s+(?:(?:de\s+)?(?:maximala|möjliga|totalt)\s+)?(?P<max>\d{{1,4}})"
           rf"(?=\s*(?:möjliga\s+)?poäng\b|\s*[.,;:)!?]|\s*$)"),
    ("procent", rf"\b(?:uppnår|uppnått|uppnådde|når|nådde|erhåller|erhöll)\b[^.\d]{{0,40}}?(?P<n>{NUM[1:-1]})\s*%"),
    ("procent", rf"(?P<n>{NUM[1:-1]})\s*%\s+av\s+(?:max|maximal|de\s+möjliga|möjliga)\w*"),
    ("poäng", rf"\b(?:uppnår|uppnått|uppnådde|når|nådde|erhåller|erhöll|får|fick|har|hade|landar|landade|"
              rf"hamnar|hamnade|ger|gav)\b[^.\d]{{0,40}}?(?P<n>{NUM[1:-1]})\s+poäng\b"),
    ("poäng", rf"(?:^|[\s(])[Mm]ed\s+{_ADVERB}(?P<n>{NUM[1:-1]})\s+poäng\b"),
)
_COMPILED = tuple((what, re.compile(pattern)) for what, pattern in PATTERNS)
_SENTENCE_END = re.compile(r"[.!?](?=\s|$)|\n\s*\n|\n\s*(?:[-*+]|\d+[.)]|#+)\s")
_COMMENT = re.compile(r"<!--.*?-->", re.S)
_CODE = re.compile(r"`[^`\n]*`")
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_QUESTION = re.compile(r"\bfråga\s+(\d+\.\d+)")
_LIMIT = re.compile(r"\b(?:högst|max\w*|upp till|minst|mellan)\b|\bpoäng\s+per\b")  # a scale, not a score
_DIGIT = re.compile(r"\d")
_TOTAL = re.compile(r"\b(?:totalt|sammanlagt|totalpoäng\w*)\b", re.I)


@dataclass(frozen=True)
class Stated:
    """A figure found in prose: what it states, where, and the placeholder it should be."""

    placeholder: Placeholder
    stated: str
    line: int
    quote: str


def check_stated_figures(evaluation, problems: Problems) -> None:
    """Add a warning for every figure in the notes that disagrees with the computed value."""
    missing = "–"
    for path, _, area in notes_files(evaluation.folder, evaluation.notes, evaluation.summary, evaluation.before):
        for found in stated_figures(evaluation, path, area):
            computed = value(evaluation, found.placeholder)
            if computed is None or _agrees(found.stated, computed, found.placeholder):
                continue
            unit = "\u00a0%" if found.placeholder.unit == "percent" else ""
            problems.warning(path, f"'{found.quote}' anger {found.stated}{unit}, men beräknat är "
                             f"{shown(evaluation, found.placeholder, missing)}: skriv {found.placeholder.source} "
                             "så följer texten poängen", found.line, fact=True)


def stated_figures(evaluation, path: Path, area: int | None) -> list[Stated]:
    """Return the score figures stated in the notes file ``path`` (of area ``area``, None: summary)."""
    try:
        text = read_text(path, evaluation.folder)
    except (Refused, OSError, UnicodeDecodeError):
        return []  # reading the evaluation reported it
    text = _blanked(text)
    newlines = [m.start() for m in re.finditer("\n", text)]  # a figure's line, found by bisection
    found: list[Stated] = []
    start = 0
    for end in [m.end() for m in _SENTENCE_END.finditer(text)] + [len(text)]:
        found += _in_sentence(evaluation, text, start, end, area, newlines)
        start = end
    return found


def _blanked(text: str) -> str:
    """Return ``text`` with comments, code and placeholders blanked out (lines and offsets kept)."""
    for pattern in (_COMMENT, _CODE, PLACEHOLDER):
        text = pattern.sub(lambda m: re.sub(r"[^\n]", " ", m.group(0)), text)
    return text.replace("\u00a0", " ")


def _in_sentence(evaluation, text: str, start: int, end: int, area: int | None, newlines: list[int]) -> list[Stated]:
    sentence = text[start:end]
    if not _DIGIT.search(sentence):
        return []  # every pattern states a number: most sentences need no more
    years = {int(y) for y in _YEAR.findall(sentence)} - {evaluation.meta.year}
    earlier = latest_earlier(evaluation)
    question = _QUESTION.search(sentence)
    whole = area is None or bool(_TOTAL.search(sentence))
    taken: list[range] = []
    found = []
    for what, pattern in _COMPILED:
        for match in pattern.finditer(sentence):
            span = range(*match.span("n"))
            if any(span.start in other for other in taken):
                continue
            taken.append(span)
            if what in ("poäng", "förändring", "total") and _LIMIT.search(sentence[match.start():match.end() + 6]):
                continue
            if years and not (what == "förändring" and earlier is not None and years == {earlier.year}):
                continue  # about another year's evaluation
            placeholder = _placeholder(evaluation, what, match, area, whole, question)
            if placeholder is not None:
                offset = start + match.start("n")
                found.append(Stated(placeholder, match.group("n"), bisect.bisect_left(newlines, offset) + 1,
                                    " ".join(match.group(0).split())))
    return found


def _placeholder(evaluation, what: str, match, area: int | None, whole: bool, question) -> Placeholder | None:
    """Return the placeholder a figure stands for, or None when it is not a score we know."""
    subject = None if whole else area
    if what == "total":
        return Placeholder("poäng")
    if what == "förändring":
        return Placeholder("förändring", subject)
    if what == "av":
        maximum = Decimal(match.group("max"))
        if question and not whole and evaluation.framework.questions.get(question.group(1)) is not None \
                and evaluation.framework.questions[question.group(1)].max == maximum:
            return Placeholder("poäng", question=question.group(1))
        if area is not None and not whole and evaluation.scores.area(area).max == maximum:
            return Placeholder("poäng", area)
        return Placeholder("poäng") if evaluation.scores.max == maximum else None
    if question and not whole and question.group(1) in evaluation.framework.questions:
        return Placeholder(what, question=question.group(1))
    return Placeholder(what, subject)


def _agrees(stated: str, computed: Decimal, placeholder: Placeholder) -> bool:
    """Return True if ``stated`` is ``computed`` rounded (half up) to as many decimals as were written."""
    number = Decimal(stated.replace(",", "."))
    decimals = len(stated.split(",")[1]) if "," in stated else 0
    if placeholder.unit == "percent":
        decimals = 0
    return computed.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) == number
