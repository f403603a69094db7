"""Diff: what changed between two versions of an evaluation, compared as composed models and laid out.

``compare`` composes both versions and lists score, sentence, prose and metadata changes (and
extracts a folder as it was in a git revision); ``render`` lays them out for a terminal or as Markdown.
"""

__all__ = ["compare", "render"]
