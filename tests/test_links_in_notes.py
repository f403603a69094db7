"""Addresses written out in the notes become links: the quick pretest answers as linkify-it's own.

``source.quick_linkify.QuickPretest`` asks linkify-it's pretest in two parts, skipping the slow one where
the text holds neither ``:`` nor ``/``; for every text it must answer as linkify-it does.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from linkify_it import LinkifyIt

from authoring.source.notes import markdown, web_address
from authoring.source.quick_linkify import QuickPretest

from .conftest import INPUTS

ORIGINAL, QUICK = LinkifyIt(), QuickPretest()
PIECES = ["www.", "WWW.", "localhost", "LOCALHOST", "localhoſt", "http:", "HTTPS:", "ftp:", "//", "mailto:", "@",
          ".se", ".com", ".Se", ".xn--p1ai", ".рф", ".12.", "kommun", "skl", " ", "\u00a0", "(", ")", ">", "<",
          "_", "-", "/", ":", ".", "ö", "å", "1", "\n", "，", "｜"]


def test_every_line_of_the_examples_notes_is_pretested_as_linkify_it_does():
    lines = [line for path in sorted(INPUTS.glob("*/notes/*.md")) for line in path.read_text(encoding="utf-8").splitlines()]

    assert len(lines) > 100
    assert [QUICK.pretest(line) for line in lines] == [ORIGINAL.pretest(line) for line in lines]
    assert any(QUICK.pretest(line) for line in lines) and not all(QUICK.pretest(line) for line in lines)


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12).map("".join))
def test_any_text_made_of_the_parts_of_addresses_is_pretested_as_linkify_it_does(text):
    assert QUICK.pretest(text) == ORIGINAL.pretest(text)


def test_the_notes_parser_uses_it_and_still_makes_links_of_addresses():
    assert isinstance(markdown().linkify, QuickPretest)
    assert web_address("www.skl.se/kommunkompassen") == "http://www.skl.se/kommunkompassen"
    assert web_address("info@kalix.se") == "mailto:info@kalix.se"
    assert web_address("Kalix kommun") is None
