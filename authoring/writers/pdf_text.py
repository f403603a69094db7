"""Paragraph text as a reader gets it: marked by the paragraph itself, links as Link content, and a
space wherever a line wraps between two words.

A paragraph's text object marks its own content (``/P <</MCID n>> BDC`` ... ``EMC``, inside BT/ET),
so that a link in the paragraph can be the content of its own Link element, in reading order
between the paragraph's other text: reportlab tells the text object where each link starts and
ends. What the paragraph draws outside its text (a border, a link's underline) stays an artifact.

reportlab ends a wrapped line without the space that separated its last word from the next line's
first, so copy-paste, screen readers and poppler's structure text got "sigKalixbornas". The text
object adds a space glyph at a soft line end wherever the paragraph's text has white space there;
a word broken by hyphenation, or a long word broken apart, gets none. A space is invisible, so the
pages look the same.
"""

from __future__ import annotations

import copy
import re

from reportlab.pdfgen.textobject import PDFTextObject
from reportlab.platypus import Paragraph

from .pdf_markup import unescape

END = "EMC"
_TAG = re.compile(r"<[^>]*>")
_SPACE = re.compile(r"\s+")
_GAPS = re.compile(r"(\s+)")


# What reportlab's parser takes from a paragraph's style (``ParaParser._initial_frag``, ``textTransformFrags``)
PARSED_FROM = ("fontName", "fontSize", "textColor", "bulletFontName", "bulletFontSize", "bulletColor",
               "underlineWidth", "underlineColor", "underlineOffset", "underlineGap", "strikeWidth", "strikeColor",
               "strikeOffset", "strikeGap", "linkUnderline", "textTransform")
PARSED_LIMIT = 20_000  # markups kept per process: a few reports' worth
_PARSED: dict[tuple, tuple[str, list]] = {}
BROKEN_LIMIT = 5_000  # paragraphs' lines kept per process: a report's worth, and the standard texts
_BROKEN: dict[tuple, dict] = {}


class RLParagraph(Paragraph):
    """A paragraph that keeps its lines for the width it was last broken at, and draws its text for readers.

    The contents' layout pass and the final one wrap every paragraph at the same widths, and a
    KeepTogether or a table wraps its paragraphs more than once in a pass: breaking lines was a
    third of the PDF writer's time, most of it done again for the same width. The same text in the
    same style and width recurs too (a table's figures, the standard texts, every paragraph of the
    watch's next rebuild): its first wrap takes the lines of the first such paragraph (``_break``).

    ``end_space``: a space after the last line too (a contents entry's title, before its page number).
    """

    _wrapped_at: float | None = None
    kompass_markup: str | None = None  # the markup the paragraph was made from
    kompass_source: str | None = None  # the text a part's lines were broken from (set by split)
    kompass_continues = False  # a part of a paragraph continued on the next page, but the last
    end_space = False
    _shared_lines = False  # its lines are those of an earlier paragraph (``_BROKEN``)

    def __init__(self, text, style, *args, end_space: bool = False, **kwargs):
        super().__init__(text, style, *args, **kwargs)
        self.kompass_markup = text
        self.end_space = end_space

    def _setup(self, text, style, bulletText, frags, cleaner):
        """Parse ``text`` as reportlab does, once per process for the same markup in the same font:
        the standard texts, headings and table cells of one report recur in the next (in a batch, in
        the watch's rebuilds). Each paragraph gets copies of the parsed fragments, which it may change."""
        if frags is not None or not isinstance(text, str):
            return super()._setup(text, style, bulletText, frags, cleaner)
        key = (text, *(getattr(style, name, None) for name in PARSED_FROM))
        parsed = _PARSED.get(key)
        if parsed is None:
            super()._setup(text, style, bulletText, frags, cleaner)
            if self.style is style and self.bulletText is bulletText:  # the markup changed neither
                if len(_PARSED) >= PARSED_LIMIT:
                    _PARSED.clear()
                _PARSED[key] = (self.text, [frag.clone() for frag in self.frags])
            return None
        self.text, self.frags = parsed[0], [frag.clone() for frag in parsed[1]]
        self.style, self.bulletText, self.debug = style, bulletText, 0
        return None

    def wrap(self, availWidth, availHeight):
        if availWidth != self._wrapped_at or not hasattr(self, "blPara"):
            self._break(availWidth, availHeight)
            self._wrapped_at = availWidth
        return self.width, self.height

    def _break(self, availWidth, availHeight) -> None:
        """Break the lines as reportlab does, or, for a first wrap, take them from the first paragraph
        of the same class, markup and style (the same object: ``pdf_styles`` makes each once) broken
        at the same width in this process: what reportlab's wrap set on it (``_BROKEN``)."""
        key = None
        if self._wrapped_at is None and self.kompass_markup is not None and availWidth > 1:
            key = (type(self), self.style, self.kompass_markup, self.bulletText, self.caseSensitive, self.encoding,
                   availWidth)
            known = _BROKEN.get(key)
            if known is not None:
                self.__dict__.update(known)
                self._shared_lines = True
                return
        self._own_lines()
        before = dict(self.__dict__)
        super().wrap(availWidth, availHeight)
        if key is not None:
            if len(_BROKEN) >= BROKEN_LIMIT:
                _BROKEN.clear()
            _BROKEN[key] = {name: value for name, value in self.__dict__.items()
                            if name not in before or before[name] is not value}
            self._shared_lines = True  # kept for others now

    def split(self, availWidth, availHeight):
        """Split as reportlab does; the first part continues on the next page, and the second part's
        text is the rest of this one's (reportlab's own text of a part loses the spaces)."""
        self._own_lines()
        lines = self.blPara.lines if hasattr(self, "blPara") else []
        kind = getattr(getattr(self, "blPara", None), "kind", 0)
        parts = super().split(availWidth, availHeight)
        if len(parts) == 2:
            first, second = parts
            source = _Source(self.source())
            for line in lines[:len(first.blPara.lines)]:
                source.consume(" ".join(line[1]) if kind == 0 else
                               "".join(getattr(word, "text", "") for word in line.words))
            first.kompass_source, first.kompass_continues = source.text, True
            second.kompass_source, second.end_space = source.rest(), self.end_space
        return parts

    def _own_lines(self) -> None:
        """Give a paragraph with another's lines copies of its own before reportlab breaks or splits
        them again (which may change their words); drawing only reads them."""
        if self._shared_lines:
            self.blPara, self.frags = copy.deepcopy(self.blPara), copy.deepcopy(self.frags)
            self._shared_lines = False

    def source(self) -> str:
        """Return the text this paragraph's lines were broken from."""
        if self.kompass_source is None:
            markup = self.kompass_markup
            self.kompass_source = self.getPlainText() if markup is None else \
                unescape(_TAG.sub("", markup.replace("<br/>", "\n")), {"&nbsp;": "\xa0"})
        return self.kompass_source

    def beginText(self, x, y):
        return ReadableText(self.canv, x, y, self)


class ReadableText(PDFTextObject):
    """The text object of one paragraph: adds the spaces at soft line ends and, when the canvas asks
    (``canvas.text_node``), marks the text as the content of that node and of its Link children."""

    def __init__(self, canvas, x, y, paragraph: RLParagraph):
        super().__init__(canvas, x, y)
        self.node = getattr(canvas, "text_node", None)
        self.links = [kid for kid in self.node.kids if kid.role == "Link"] if self.node is not None else []
        blocks = paragraph.blPara
        self.lines_left = len(blocks.lines)
        self.source = _Source(paragraph.source())
        self.continues, self.end_space = paragraph.kompass_continues, paragraph.end_space
        whole = blocks.kind == 0 and getattr(blocks, "link", None)  # the paragraph is one link throughout
        self.link = self.links[0] if whole and self.links else None
        self.line_links: list = []  # the Link nodes started on the current line, for its annotations
        self.open = None  # the node whose marked content is open
        self.opened_for_last = False
        self.kompass_marked = False
        if self.node is not None:
            canvas.kompass_text = self

    # --- spaces -------------------------------------------------------------------------------

    def _textOut(self, text, TStar=0):
        self.source.consume(text)
        if TStar:
            self.lines_left -= 1
            if self._space_here() and not text.endswith(" "):
                text += " "
        want = self.link or self.node
        self.opened_for_last = False
        if text and want is not None and self.open is not want:
            self._close()
            self._code.append(self._canvas.open_mark(want))
            self.open, self.opened_for_last, self.kompass_marked = want, True, True
        super()._textOut(text, TStar)

    def _space_here(self) -> bool:
        """Return whether the line just put out wraps where the paragraph's text has a space."""
        if self.lines_left == 0 and not self.continues:
            return self.end_space
        return self.source.at_space()

    # --- links --------------------------------------------------------------------------------

    def _linkRecord(self, link, what: str) -> None:
        """reportlab's word that link ``(n, href)`` starts (after its first text was put out) or ends here."""
        number = link[0]
        node = self.links[number] if self.node is not None and number < len(self.links) else None
        if node is None:
            return
        if what == "start":
            self.line_links.append(node)
            text = self._code.pop()  # the link's first text: it belongs to the link
            if self.opened_for_last:  # opened for that text alone: the link's sequence takes its place
                self._code.pop()
                self._canvas.drop_mark()
                self.open = None
            self.link = node
            self._close()
            self._code += (self._canvas.open_mark(node), text)
            self.open = node
        elif self.link is node:
            self._close()
            self.link = None

    def annotation_node(self):
        """Return the node of the next link annotation reportlab makes for this paragraph."""
        if self.line_links:
            return self.line_links.pop(0)
        return self.link or (self.links[0] if self.links else self.node)

    def _close(self) -> None:
        if self.open is not None:
            self._code.append(END)
            self.open = None

    def getCode(self):
        self._close()
        if getattr(self._canvas, "kompass_text", None) is self:
            self._canvas.kompass_text = None
        return super().getCode()


class _Source:
    """A paragraph's text, followed as its lines are put out: where the lines have come to, and
    whether the text has white space there.

    The text is kept without white space or soft hyphens (``compact``), with the places where white
    space stood; a line's characters are matched against it, and one the text does not have there
    (the hyphen hyphenation added) is passed over."""

    def __init__(self, text: str):
        self.text = text
        parts = _GAPS.split(text.replace("\xad", ""))  # words and the white space between them
        words = parts[::2]
        self.compact = "".join(words)
        self.spaces, length = set(), 0  # where in compact white space stands before a character
        for word, gap in zip(words, parts[1::2] + [""]):
            length += len(word)
            if gap:
                self.spaces.add(length)
        self.position = 0

    def consume(self, line: str) -> None:
        """Move past the characters of ``line``."""
        chars = _SPACE.sub("", line)
        if self.compact.startswith(chars, self.position):
            self.position += len(chars)
            return
        compact, position = self.compact, self.position
        for char in chars:
            if position < len(compact) and compact[position] == char:
                position += 1
        self.position = position

    def at_space(self) -> bool:
        """Return whether the text has white space where the lines have come to (not at its end)."""
        return self.position < len(self.compact) and self.position in self.spaces

    def rest(self) -> str:
        """Return the text from where the lines have come to."""
        seen, index = 0, 0
        for index, char in enumerate(self.text):
            if seen == self.position:
                break
            if not char.isspace() and char != "\xad":
                seen += 1
        else:
            index = len(self.text)
        return self.text[index:].lstrip()
