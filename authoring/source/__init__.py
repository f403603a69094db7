"""Source: an evaluation folder read and validated (YAML, notes, scores, framework) into an Evaluation.

Every input problem is collected with its file, line and key (``problems.py``). Other wings use the
modules named in ``__all__``; ``notes_images``, ``notes_parser``, ``parsecache``, ``textcheck``, ``yamlparse``
and ``housestyle_schema`` serve this wing only.
"""

__all__ = ["assets", "comments", "evaluation", "framework", "framework_checks", "framework_lookup", "housestyle",
           "inputschema", "municipalities", "notes", "overrides",
           "placeholders", "proposed", "scaffold", "scorefile", "scores", "scoresheet", "statedfigures", "validation", "yamlsource",
           "yamlsplice"]
