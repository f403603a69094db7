"""Round trip: a report's DOCX edited in Word or LibreOffice, read back and pulled into the notes (``pull``).

``docx_reader`` reads the regions (as ``writers/docx_regions`` marks them), ``review`` the tracked
changes and comments, ``notes_splice`` writes changed blocks into a notes file and ``kortfakta``
changed Kortfakta into evaluation.yaml. ``notes_edit`` gives an area's notes as texts to edit and
writes a typed text back by the same splice (the studio's Text page).
"""

__all__ = ["notes_edit", "pull"]
