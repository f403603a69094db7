"""Readers: documents that come back in (an edited DOCX) read into model blocks."""
