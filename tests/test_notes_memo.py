"""A notes file read again with the same text is not parsed again: its notes and problems are the same."""

from __future__ import annotations

from authoring.problems import Problems
from authoring.source import notes
from authoring.source.parsecache import ParseCache

TEXT = """Inledning utan rubrik.

## Styrkor

- En styrka

## Förbättringsmöjligheter

- En möjlighet

## Ett avsnitt

## Ett avsnitt till

Text med en [länk][ref].

[ref]: https://example.org
"""


def _read(path):
    problems = Problems()
    return notes.read_notes(path, problems), [(p.file, p.message, p.line) for p in problems]


def test_a_text_read_again_gives_the_same_notes_and_problems_parsed_once(tmp_path, monkeypatch):
    parsed = []
    parse = notes._parse
    monkeypatch.setattr(notes, "_parse", lambda *args: parsed.append(args[0]) or parse(*args))
    monkeypatch.setattr(notes, "_PARSED", ParseCache(notes._PARSED.limit))
    path = tmp_path / "area-1.md"
    path.write_text(TEXT, encoding="utf-8")

    first, first_problems = _read(path)
    first.lists["Styrkor"] = ()  # what a caller does to its notes is not what the next read gets
    again, again_problems = _read(path)

    assert parsed == [path]
    assert again.lists["Styrkor"] and again.intro == first.intro and again.sections == first.sections
    assert again_problems == first_problems
    assert len(first_problems) == 2  # the empty section and the link definition, each time


def test_a_changed_text_or_another_file_is_parsed_anew(tmp_path, monkeypatch):
    parsed = []
    parse = notes._parse
    monkeypatch.setattr(notes, "_parse", lambda *args: parsed.append(args[0]) or parse(*args))
    monkeypatch.setattr(notes, "_PARSED", ParseCache(notes._PARSED.limit))
    path, other = tmp_path / "area-1.md", tmp_path / "area-2.md"
    path.write_text(TEXT, encoding="utf-8")
    other.write_text(TEXT, encoding="utf-8")

    _read(path)
    path.write_text(TEXT.replace("- En styrka", "- En annan styrka"), encoding="utf-8")
    changed, _ = _read(path)
    _, problems = _read(other)

    assert parsed == [path, path, other]
    assert [run.text for run in changed.lists["Styrkor"][0]] == ["En annan styrka"]
    assert {file for file, _, _ in problems} == {other}


def test_the_parsed_texts_kept_are_bounded(tmp_path, monkeypatch):
    monkeypatch.setattr(notes, "_PARSED", ParseCache(notes._PARSED.limit))
    path = tmp_path / "area-1.md"
    for number in range(notes._PARSED.limit + 5):
        path.write_text(f"## Avsnitt\n\nText {number}.\n", encoding="utf-8")
        _read(path)

    assert len(notes._PARSED.kept) == notes._PARSED.limit
