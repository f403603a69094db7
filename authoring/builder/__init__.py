"""Builder: what to build and whether it is current, building it one by one, in batches or on every save.

``plan`` resolves each evaluation with its campaign (``campaign``: references computed from the
others); ``build`` writes one report all or nothing, ``batch`` a campaign on all cores with the
summary workbook (``workbook``), ``watch`` rebuilds on save; ``stamps`` and ``edits`` decide what
is current and what may be overwritten; ``status`` and ``importer`` serve their commands, ``preview``
the studio's Förhandsvisning; ``formats`` names the output formats; ``early`` is what a build command starts before reading (a chart drawer).
"""

__all__ = ["batch", "build", "campaign", "criteria", "criteria_export", "criteria_layout", "early", "formats",
           "framework_files", "importer", "plan", "preview", "scoreedit", "status", "watch"]
