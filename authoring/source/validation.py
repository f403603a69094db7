"""Validate YAML data against a pydantic model and turn its errors into located Swedish problems.

The evaluator reads these messages: they name the file, the line and the key in the evaluator's
terms (list positions from 1), and say what to write instead; no library jargon, no patterns.
"""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from ..problems import Problems, key_path
from .yamlsource import YamlSource

M = TypeVar("M", bound=BaseModel)

# What to write, for keys whose form is easier shown than described.
FIELD_HINTS = {
    "framework": 'skriv ramverkets version som fyra siffror inom citattecken, t.ex. "2010"',
    "evaluated": 'skriv en månad "ÅÅÅÅ-MM", en dag ÅÅÅÅ-MM-DD eller [första dag, sista dag]',
    "period": "skriv första och sista året som en lista, t.ex. [2010, 2012]",
    "kind": "skriv average, municipality eller campaign",
}

MESSAGES = {
    "missing": "saknas: lägg till den",
    "extra_forbidden": "okänd nyckel (felstavad?): ta bort den eller rätta namnet",
    "string_too_short": "får inte vara tom",
    "string_type": "måste vara text",
    "int_type": "måste vara ett heltal",
    "int_parsing": "måste vara ett heltal",
    "int_from_float": "måste vara ett heltal",
    "decimal_parsing": "måste vara ett tal",
    "decimal_type": "måste vara ett tal",
    "float_parsing": "måste vara ett tal",
    "greater_than_equal": "måste vara minst {ge}",
    "greater_than": "måste vara större än {gt}",
    "less_than_equal": "får vara högst {le}",
    "less_than": "måste vara mindre än {lt}",
    "date_type": "måste vara ett datum ÅÅÅÅ-MM-DD",
    "date_parsing": "måste vara ett datum ÅÅÅÅ-MM-DD",
    "date_from_datetime_parsing": "måste vara ett datum ÅÅÅÅ-MM-DD",
    "date_from_datetime_inexact": "måste vara ett datum ÅÅÅÅ-MM-DD, utan klockslag",
    "tuple_type": "måste vara en lista",
    "list_type": "måste vara en lista",
    "too_short": "har för få värden",
    "too_long": "har för många värden",
    "model_type": "måste bestå av nycklar med värden (t.ex. name: …)",
    "model_attributes_type": "måste bestå av nycklar med värden (t.ex. name: …)",
    "dict_type": "måste bestå av nycklar med värden",
    "literal_error": "måste vara ett av: {expected}",
    "string_pattern_mismatch": "har fel form",
}


def validate(model: type[M], source: YamlSource, problems: Problems) -> M | None:
    """Return ``source.data`` as ``model``, or None after adding one problem per wrong key."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        reported: set[tuple] = set()
        for error in exc.errors():
            keys = tuple(k for k in error["loc"] if not _is_union_tag(k))
            if keys in reported:
                continue  # one message per key, however many union members failed
            reported.add(keys)
            problems.error(source.path, describe(error, keys), source.line_of(keys), key_path(keys) or None)
        return None


def describe(error: dict, keys: tuple) -> str:
    """Return the Swedish message for one pydantic error, with the value as the user wrote it."""
    if error["type"] == "value_error":
        return str(error.get("ctx", {}).get("error", error["msg"]))
    too_long = _too_long(error)
    if too_long:
        return too_long
    field = next((k for k in reversed(keys) if isinstance(k, str)), "")
    if error["type"] not in ("missing", "extra_forbidden") and field in FIELD_HINTS:
        message = FIELD_HINTS[field]
    else:
        message = MESSAGES.get(error["type"], "har ett ogiltigt värde").format_map(
            {k: _swedish(v) for k, v in (error.get("ctx") or {}).items()})
    value = error.get("input")
    if error["type"] not in ("missing", "extra_forbidden", "model_type") and not isinstance(value, (dict, list)):
        message = f"{message} (angivet: {value!r})"
    return message


def _swedish(value: object) -> str:
    """Return a constraint value as Swedish writes it (``0,5``, not ``0.5``; ``'a' eller 'b'``)."""
    return str(value).replace(" or ", " eller ").replace(".", ",") if not isinstance(value, str) else \
        value.replace(" or ", " eller ")


def _is_union_tag(key: object) -> bool:
    """Return True for the type names pydantic inserts into locations of union members."""
    return isinstance(key, str) and ("[" in key or key in {"str", "int", "float", "date", "list", "tuple",
                                                            "decimal", "none"})


def _too_long(error: dict) -> str | None:
    """Return the message for a text or list over its documented limit (textcheck), or None."""
    limit = (error.get("ctx") or {}).get("max_length")
    value = error.get("input")
    if error["type"] == "string_too_long":
        return f"texten har {len(value)} tecken, högst {limit} tillåts: korta den"
    if error["type"] == "too_long":
        return f"listan har {len(value)} rader, högst {limit} tillåts: korta den"
    return None
