"""Score profiles shown side by side: the evaluation itself, earlier evaluations, the reference."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from ..source.evaluation import Evaluation
from ..swedish import municipality_name, points, word_list
from ..templates import fill


@dataclass(frozen=True)
class Profile:
    """Eight area scores with their label, display strings and the sentence that introduces them."""

    label: str
    scores: tuple[Decimal | None, ...]  # None: the area has no score yet
    values: tuple[float | None, ...]
    shown: tuple[str, ...]
    shown_total: str
    role: str  # subject | earlier | reference
    framework: str
    sentence: str = ""
    year: int | None = None
    in_text: str = ""  # how a caption names it, e.g. "medelvärdet av 33 kommuner"; default the label


def _profile(texts: dict, label: str, scores: list[Decimal | None], role: str, framework: str, sentence: str = "",
             year: int | None = None, in_text: str = "") -> Profile:
    """Return a profile; a missing area is shown as missing and the profile then has no total."""
    missing = texts["draft"]["missing"]
    complete = None not in scores
    return Profile(label, tuple(scores), tuple(None if s is None else float(s) for s in scores),
                   tuple(missing if s is None else points(s) for s in scores),
                   points(sum(scores, Decimal(0))) if complete else missing,
                   role, framework, sentence, year, in_text or label)


def subject_profile(evaluation: Evaluation) -> Profile:
    """Return the profile of the evaluation itself."""
    label = fill(evaluation.texts["series"]["subject"], kommun=evaluation.municipality, år=evaluation.meta.year)
    scores = [a.achieved for a in evaluation.scores.areas]
    return _profile(evaluation.texts, label, scores, "subject", evaluation.framework.version)


def comparison_profiles(evaluation: Evaluation) -> list[Profile]:
    """Return the profiles of earlier evaluations that have scores, then the reference, if any."""
    texts = evaluation.texts
    version = evaluation.framework.version
    profiles = []
    for earlier in evaluation.meta.earlier_evaluations:
        if earlier.scores:
            label = fill(texts["series"]["earlier"], kommun=evaluation.municipality, år=earlier.year)
            sentence = fill(texts["sentences"]["earlier_shown"], år=earlier.year)
            profiles.append(_profile(texts, label, _ordered(earlier.scores), "earlier", earlier.framework or version,
                                     sentence, earlier.year))
    references = evaluation.meta.all_references
    profiles += [_reference(texts, reference, version, index) for index, reference in enumerate(references)]
    return profiles


def _reference(texts: dict, reference, version: str, index: int) -> Profile:
    """Return a reference's profile; the sentence of the second and later ones says "ytterligare"."""
    if reference.kind == "average":
        first, last = reference.period
        key = "reference_average" if first != last else "reference_average_one_year"
        label = fill(texts["series"]["average"], antal=reference.count)
        in_text = fill(texts["series"]["average_in_text"], antal=reference.count)
        what = fill(texts["sentences"][key], antal=reference.count, period=f"{first}–{last}", år=first)
        if reference.members:
            what = fill(texts["sentences"]["reference_members"], vad=what, kommuner=word_list(list(reference.members)))
    else:
        year = f" {reference.year}" if reference.year else ""
        label = fill(texts["series"]["municipality"], namn=reference.name, år=year)
        year_text = fill(texts["sentences"]["reference_year"], år=reference.year) if reference.year else ""
        what = fill(texts["sentences"]["reference_municipality"], namn=municipality_name(reference.name),
                    år=year_text)
        in_text = fill(texts["series"]["municipality_in_text"], namn=municipality_name(reference.name), år=year)
    sentence = fill(texts["sentences"]["reference_more" if index else "reference"], vad=what)
    return _profile(texts, label, _ordered(reference.scores), "reference", reference.framework or version, sentence,
                    in_text=in_text)


def _ordered(scores: dict[int, Decimal | None]) -> list[Decimal | None]:
    return [scores[n] for n in range(1, 9)]
