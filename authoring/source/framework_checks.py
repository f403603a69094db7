"""The framework's own rules, checked over its plain data so that every break is reported, each at its key.

The model (``framework.Framework``) enforces the same rules, but stops at the first one it meets.
Here each is reported through ``report(keys, message)``, where ``keys`` is the key path of the
value at fault (list positions from 0), so that a YAML file names the line and a criteria sheet the
cell it came from. Values of the wrong type are passed over: the schema check reports those.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from string import Formatter
from typing import Any, Callable

AREAS = 8
AREA_MAX = Decimal(100)
# {månad}: the month of the evaluation ("januari 2016"); {antal_intervjuade}: the bare count ("40").
PLACEHOLDERS = frozenset({"kommun", "kommunnamn", "invanare_genitiv", "intervjuade", "månad", "antal_intervjuade"})

Report = Callable[[tuple, str], None]


def check_framework_data(data: Any, report: Report) -> None:
    """Report every break of the framework's rules in ``data`` (a framework file's content)."""
    if not isinstance(data, dict):
        return
    areas = [a for a in data.get("areas") or () if isinstance(a, dict)] if isinstance(data.get("areas"), list) else []
    _check_numbers(areas, report)
    for index, area in enumerate(areas):
        _check_questions(index, area, report)
        _check_max(index, area, report)
    _check_perspectives(data.get("perspectives"), [a.get("number") for a in areas], report)
    _check_placeholders(data, report)


def _check_numbers(areas: list[dict], report: Report) -> None:
    numbers = [area.get("number") for area in areas]
    for index, number in enumerate(numbers):
        if number != index + 1 and isinstance(number, int):
            report(("areas", index, "number"), f"område nr {index + 1} har numret {number}: områdena numreras "
                   f"1 till {AREAS} i ordning (angivna: {', '.join(map(str, numbers))})")
    if len(areas) != AREAS:
        report(("areas",), f"ramverket har {len(areas)} områden, men ska ha {AREAS} (numrerade 1 till {AREAS})")


def _check_questions(index: int, area: dict, report: Report) -> None:
    """Report a question id given twice, and ids out of order (once per area, at the first one out of place)."""
    questions = area.get("questions")
    number = area.get("number")
    if not isinstance(questions, list) or not isinstance(number, int):
        return
    ids = [str(q.get("id")) if isinstance(q, dict) and q.get("id") is not None else None for q in questions]
    seen: dict[str, int] = {}
    twice = False
    for position, qid in enumerate(ids):
        if qid is not None and qid in seen:
            report(("areas", index, "questions", position, "id"),
                   f"fråga {qid} finns två gånger (också som fråga nr {seen[qid] + 1} i område {number}): "
                   "ge varje fråga ett eget nummer")
            twice = True
        elif qid is not None:
            seen[qid] = position
    expected = [f"{number}.{n}" for n in range(1, len(ids) + 1)]
    if ids != expected and None not in ids:
        first = next(p for p, (given, wanted) in enumerate(zip(ids, expected)) if given != wanted)
        report(("areas", index, "questions", first, "id") if not twice else ("areas", index, "questions"),
               f"område {number}: frågorna ska vara {', '.join(expected)} i ordning (angivna: {', '.join(ids)})")


def _check_max(index: int, area: dict, report: Report) -> None:
    questions = area.get("questions")
    if not isinstance(questions, list) or not questions:
        return
    values = [_decimal(q.get("max")) if isinstance(q, dict) else None for q in questions]
    if None in values:
        return  # a max that is no number: reported where it is
    total = sum(values, Decimal(0))
    if total != AREA_MAX:
        report(("areas", index, "max"), f"område {area.get('number')}: maxpoängen summerar till {_shown(total)}, "
               f"inte {AREA_MAX}: ändra frågornas maxpoäng så att de tillsammans blir {AREA_MAX}")


def _check_perspectives(perspectives: Any, numbers: list, report: Report) -> None:
    """Report an area in no perspective, in two, or a perspective naming an area that does not exist."""
    if not isinstance(perspectives, list) or not perspectives:
        return
    owner: dict[int, int] = {}
    for position, perspective in enumerate(perspectives):
        areas = perspective.get("areas") if isinstance(perspective, dict) else None
        for number in areas if isinstance(areas, list) else ():
            name = perspective.get("name")
            if number not in numbers:
                report(("perspectives", position, "areas"), f"perspektivet {name!r} nämner område {number}, "
                       f"som inte finns: ange områden 1 till {AREAS}")
            elif number in owner:
                report(("perspectives", position, "areas"), f"område {number} finns både i perspektivet "
                       f"{perspectives[owner[number]].get('name')!r} och i {name!r}: ett område hör till ett perspektiv")
            else:
                owner[number] = position
    for index, number in enumerate(numbers):
        if isinstance(number, int) and number not in owner:
            report(("areas", index, "perspective"), f"område {number} hör inte till något perspektiv: "
                   "varje område ska höra till exakt ett perspektiv")


def _check_placeholders(data: dict, report: Report) -> None:
    texts = data.get("texts")
    for name, text in (texts.items() if isinstance(texts, dict) else ()):
        _check_text(("texts", name), text, report)
    for index, area in enumerate(data.get("areas") if isinstance(data.get("areas"), list) else ()):
        if isinstance(area, dict):
            _check_text(("areas", index, "general"), area.get("general"), report)


def _check_text(keys: tuple, text: Any, report: Report) -> None:
    if not isinstance(text, str):
        return
    try:
        names = {name for _, name, _, _ in Formatter().parse(text) if name is not None}
    except ValueError:
        report(keys, "en klammerparentes { eller } saknar sin like: skriv platshållare som {kommun}")
        return
    for name in sorted(names - PLACEHOLDERS):
        shown = f"{{{name}}}" if name else "{}"
        report(keys, f"okänd platshållare {shown}; kända: " + ", ".join(f"{{{p}}}" for p in sorted(PLACEHOLDERS)))


def _decimal(value: Any) -> Decimal | None:
    if isinstance(value, bool) or not isinstance(value, (int, float, str, Decimal)):
        return None
    try:
        number = Decimal(str(value).strip().replace(",", "."))
    except InvalidOperation:
        return None
    return number if number.is_finite() else None


def _shown(value: Decimal) -> str:
    """Return a number as Swedish writes it: ``99,5``, ``101``."""
    text = format(value.normalize(), "f") if value == value.to_integral_value() else str(value)
    return text.replace(".", ",")
