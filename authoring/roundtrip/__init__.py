"""Round trip: a report's DOCX edited in Word or LibreOffice, read back and pulled into the notes (``pull``).

``docx_reader`` reads the regions (as ``writers/docx_regions`` marks them), ``review`` the tracked
changes and comments, ``notes_splice`` writes changed blocks into a notes file and ``kortfakta``
changed Kortfakta into evaluation.yaml.
"""

__all__ = ["pull"]
