"""Kompass: Kommunkompassen evaluation reports from scores and notes.

The names below are the package's public face. They are loaded when first used, so that a command
that never reads an evaluation (``kompass --help``, ``kompass check-pdf``) does not import the
readers' libraries (pydantic, PyYAML, markdown-it) with the package.
"""

from importlib import import_module

_PUBLIC = {"InputError": "errors", "KompassError": "errors", "UsageError": "errors",
           "Evaluation": "source.evaluation", "load_evaluation": "source.evaluation",
           "read_evaluation": "source.evaluation", "Framework": "source.framework",
           "load_framework": "source.framework"}

__all__ = ["Evaluation", "Framework", "InputError", "KompassError", "UsageError",
           "load_evaluation", "load_framework", "read_evaluation"]


def __getattr__(name: str):
    """Return the public ``name`` from the module that defines it (PEP 562)."""
    if name not in _PUBLIC:
        raise AttributeError(f"module 'authoring' has no attribute {name!r}")
    value = getattr(import_module(f".{_PUBLIC[name]}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
