"""The notes' Markdown parser (markdown-it), made at its first use: a command whose notes are all
remembered (``builder/readcache``) imports no Markdown library."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from markdown_it import MarkdownIt


@cache
def markdown() -> MarkdownIt:
    """Return the notes' Markdown parser, made at its first use: a command whose notes are all
    remembered (``builder/readcache``) imports no Markdown library."""
    from markdown_it import MarkdownIt

    from .quick_linkify import QuickPretest

    # "&nbsp;" stays text; a web or e-mail address written out becomes a link (linkify-it-py), in the
    # notes as in the standard texts ("www.skl.se/kommunkompassen").
    parser = MarkdownIt("commonmark", {"linkify": True}).enable(["table", "strikethrough", "linkify"])
    parser.disable(["entity"])
    parser.linkify = QuickPretest()
    # Every link and image is parsed, whatever its address (markdown-it would leave e.g. file: as raw
    # text in the report): the notes' own checks then refuse what the report cannot hold.
    parser.validateLink = lambda url: True
    return parser
