"""Every Markdown construct notes cannot hold is a check error naming the file and the line; nothing
is dropped or printed as raw Markdown."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from authoring.cli.commands import main

from .conftest import line_of, replace_in

# (what, Markdown with the line "<<" marks, what the message says)
CONSTRUCTS = [
    ("blockquote in a list", "- En punkt\n  > << citat i punkten\n- En till", "citatblock ('> ') i en lista"),
    ("code in a list", "- En punkt\n\n  <<```\n  kod\n  ```", "kodblock (```) i en lista"),
    ("table in a list", "- En punkt\n\n  <<| a | b |\n  |---|---|\n  | x | 1 |", "tabell i en lista"),
    ("two paragraphs in an item", "- En punkt\n\n  << Ett andra stycke", "en punkt i en lista har flera stycken"),
    ("nested list", "- En punkt\n  - << en underpunkt", "listor i listor stöds inte"),
    ("footnote reference", "En mening med fotnot.<<[^1]", "fotnoter ('[^1]') stöds inte"),
    ("footnote definition", "En mening.\n\n[^1]: << Fotnotens text", "fotnoter ('[^1]') stöds inte"),
    ("link definition", "Se [webben][skl].\n\n<<[skl]: https://skl.se", "länkdefinitioner ('[namn]: adress')"),
    ("inline code", "Skriv <<`kod` här.", "kod ('`text`') stöds inte"),
    ("strikethrough", "Text <<~~struken~~ här.", "genomstruken text ('~~text~~') stöds inte"),
    ("html block", "<<<div>\nText i HTML\n</div>", "HTML stöds inte"),
    ("blockquote", "> << Ett citat", "citatblock ('> ') stöds inte"),
    ("fenced code", "<<```\nkod\n```", "kodblock (```) stöds inte"),
    ("indented code", "Stycke.\n\n    << indragen kod", "indragen kod (fyra blanksteg först) stöds inte"),
    ("rule", "Stycke.\n\n<<---", "en linje ('---') stöds inte"),
    ("level 1 heading", "# << Huvudrubrik", "ska börja med '## '"),
    ("image inside a sentence", "Se bilden ![<<schema](org.png) här.", "en bild ska stå ensam i ett eget stycke"),
    ("image in a list", "- Punkt ![<<schema](org.png)", "en bild ska stå ensam i ett eget stycke"),
    ("image without alt text", "![](org.png)<<", "bilden saknar alternativtext"),
    ("image that is missing", "![Schema](saknas.png)<<", "bilden 'saknas.png' finns inte"),
    ("image outside the folder", "![Schema](../../utanför.png)<<", "utanför mappen"),
    ("image from the web", "![Schema](https://example.org/org.png)<<", "ska vara en fil i utvärderingsmappen"),
    ("image that is no image", "![Schema](area-2.md)<<", "är ingen läsbar PNG- eller JPEG-bild"),
]


@pytest.mark.parametrize("markdown, message", [c[1:] for c in CONSTRUCTS], ids=[c[0] for c in CONSTRUCTS])
def test_check_names_file_and_line_of_each_unsupported_construct(kalix, markdown, message):
    (kalix.parent / "utanför.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    notes = kalix / "notes" / "area-1.md"
    marked = markdown.replace("<<", "")
    replace_in(notes, "## Styrkor", f"## Provavsnitt\n\nInledning.\n\n{marked}\n\n## Styrkor")
    text = notes.read_text(encoding="utf-8")
    start = text.index(marked)
    line = text[:start].count("\n") + 1 + markdown[:markdown.index("<<")].count("\n")

    result = CliRunner().invoke(main, ["check", str(kalix)])

    assert result.exit_code == 1, result.output
    expected = f"{notes}:{line}: "
    assert any(row.startswith(expected) and message in row for row in result.output.splitlines()), result.output


def test_a_reserved_list_in_a_summary_file_is_an_error_not_a_dropped_list(kalix):
    summary = kalix / "notes" / "summary.md"
    summary.write_text("Text.\n\n## Styrkor\n\n- Tappas bort\n", encoding="utf-8")

    result = CliRunner().invoke(main, ["check", str(kalix)])

    assert result.exit_code == 1
    assert f"{summary}:{line_of(summary, '## Styrkor')}: '## Styrkor' hör hemma i notes/area-N.md" in result.output


def test_a_numbered_list_under_a_reserved_heading_is_an_error_not_bullets(kalix):
    notes = kalix / "notes" / "area-1.md"
    replace_in(notes, "## Styrkor\n\n", "## Styrkor\n\n1. Numrerad styrka\n\n")

    result = CliRunner().invoke(main, ["check", str(kalix)])

    line = line_of(notes, "1. Numrerad styrka")
    assert f"{notes}:{line}: under '## Styrkor' skriver du bara en punktlista ('- punkt')" in result.output


def test_a_supported_table_numbered_list_and_image_pass_check(kalix):
    from PIL import Image

    Image.new("RGB", (40, 20), "white").save(kalix / "notes" / "org.png")
    replace_in(kalix / "notes" / "area-1.md", "## Styrkor", "## Prov\n\n| A | B |\n|---|---|\n| 1 | 2 |\n\n"
               "1. ett\n2. två\n\n![Schema](org.png)\n\n## Styrkor")

    result = CliRunner().invoke(main, ["check", "--strict", str(kalix)])

    assert result.exit_code == 0, result.output
