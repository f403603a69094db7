"""Kompass: Kommunkompassen evaluation reports from scores and notes."""

from .errors import InputError, KompassError, UsageError
from .source.evaluation import Evaluation, load_evaluation, read_evaluation
from .source.framework import Framework, load_framework

__all__ = ["Evaluation", "Framework", "InputError", "KompassError", "UsageError",
           "load_evaluation", "load_framework", "read_evaluation"]
