"""Validate YAML data against a pydantic model and turn its errors into located problems."""

from __future__ import annotations

from typing import TypeVar

from pydantic import BaseModel, ValidationError

from .problems import Problems
from .yamlsource import YamlSource

M = TypeVar("M", bound=BaseModel)

_HINTS = {
    "extra_forbidden": "unknown key (a typo?): remove it or correct its name",
    "missing": "is required: add it",
}


def validate(model: type[M], source: YamlSource, problems: Problems) -> M | None:
    """Return ``source.data`` as ``model``, or None after adding one problem per error."""
    try:
        return model.model_validate(source.data)
    except ValidationError as exc:
        for error in exc.errors():
            keys = tuple(str(k) for k in error["loc"] if not _is_union_tag(k))
            message = _HINTS.get(error["type"]) or _too_long(error) or _describe(error)
            problems.error(source.path, message, source.line_of(keys), ".".join(keys) or None)
        return None


def _too_long(error: dict) -> str | None:
    """Return the message for a text or list over its documented limit (textcheck), or None."""
    limit = (error.get("ctx") or {}).get("max_length")
    value = error.get("input")
    if error["type"] == "string_too_long":
        return f"texten har {len(value)} tecken, högst {limit} tillåts: korta den"
    if error["type"] == "too_long":
        return f"listan har {len(value)} rader, högst {limit} tillåts: korta den"
    return None


def _describe(error: dict) -> str:
    """Return pydantic's message with the offending value, as the user wrote it."""
    message = error["msg"]
    if message.startswith("Value error, "):
        message = message[len("Value error, "):]
    value = error.get("input")
    if error["type"] != "model_type" and not isinstance(value, (dict, list)):
        message = f"{message}, got {value!r}"
    return message


def _is_union_tag(key: object) -> bool:
    """Return True for the type names pydantic inserts into locations of union members."""
    return isinstance(key, str) and ("[" in key or key in {"str", "int", "float", "date", "list"})
