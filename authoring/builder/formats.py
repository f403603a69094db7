"""The formats a report is written in, in the order they are written, and the default ones.

A module of its own, so that the command line can name them without loading the builder.
"""

FORMATS = ("pdf", "docx", "html")  # the PDF first: the DOCX caches its contents' page numbers from it
DEFAULT_FORMATS = ("pdf", "docx")
