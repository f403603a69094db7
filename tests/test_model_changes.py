"""One question score changed: exactly the parts of the composed model that depend on it change."""

from __future__ import annotations

import shutil
from pathlib import Path

from authoring import load_evaluation
from authoring.compose import compose
from authoring.dump import dump

from .conftest import INPUTS, replace_in

# Each changed line of the model dump, in report order: where it is, and the text before -> after.
EXPECTED = [
    ("total sentence, chapter 2", "Kalix kommun uppnår 415,7 av 800", "Kalix kommun uppnår 417,2 av 800"),
    ("summary table, area 3 row", "| Paragraph[body] 65,6 |", "| Paragraph[body] 67,1 |"),
    ("summary table, total row", "| Paragraph[body] Totalt | Paragraph[body] 415,7 |",
     "| Paragraph[body] Totalt | Paragraph[body] 417,2 |"),
    ("bar chart values", "[40.95, 40.7, 65.55, 58.3", "[40.95, 40.7, 67.1, 58.3"),
    ("bar chart alt text", "område 3: 65,6 poäng;", "område 3: 67,1 poäng;"),
    ("radar chart values", "[40.95, 40.7, 65.55, 58.3", "[40.95, 40.7, 67.1, 58.3"),
    ("radar chart alt text", "Kalix 2012: område 1: 41 poäng; område 2: 40,7 poäng; område 3: 65,6 poäng;",
     "Kalix 2012: område 1: 41 poäng; område 2: 40,7 poäng; område 3: 67,1 poäng;"),
    ("placeholder of the total in area 1", "Område 1 har 41 poäng av totalt 415,7.",
     "Område 1 har 41 poäng av totalt 417,2."),
    ("area 3 score box", "ScoreBox Rubriker | Poäng: 65,6", "ScoreBox Rubriker | Poäng: 67,1"),
    ("area 3 score sentence", "uppnår kommunen 65,6 av 100 poäng (66\u00a0%)", "uppnår kommunen 67,1 av 100 poäng (67\u00a0%)"),
    ("placeholders of area 3, question 3.1 and the total", "Området har 65,6 poäng (66\u00a0%) och fråga 3.1 12,5, "
     "totalt 415,7.", "Området har 67,1 poäng (67\u00a0%) och fråga 3.1 14, totalt 417,2."),
    ("area 3 chart values", "=[83.0, 54.0,", "=[93.33333333333333, 54.0,"),
    ("area 3 chart alt text", "fråga 3.1: 83\\xa0%;", "fråga 3.1: 93\\xa0%;"),
    ("appendix row of question 3.1", "styrning/uppföljning? | Paragraph[body] 12,5 | Paragraph[body] 15 | "
     "Paragraph[body] 83\u00a0%", "styrning/uppföljning? | Paragraph[body] 14 | Paragraph[body] 15 | "
     "Paragraph[body] 93\u00a0%"),
    ("appendix total row of area 3", "Totalt | Paragraph[body] 65,6 | Paragraph[body] 100 | Paragraph[body] 66\u00a0%",
     "Totalt | Paragraph[body] 67,1 | Paragraph[body] 100 | Paragraph[body] 67\u00a0%"),
    ("appendix total sentence", "Totalt uppnår Kalix kommun 415,7 av 800", "Totalt uppnår Kalix kommun 417,2 av 800"),
]


def with_placeholders(folder: Path) -> Path:
    replace_in(folder / "notes" / "area-3.md", "Kalix har ett styr-", "Området har {poäng område 3} poäng "
               "({procent område 3}) och fråga 3.1 {poäng fråga 3.1}, totalt {poäng}.\n\nKalix har ett styr-")
    replace_in(folder / "notes" / "area-1.md", "## Styrkor",
               "Område 1 har {poäng område 1} poäng av totalt {poäng}.\n\n## Styrkor")
    return folder


def test_one_changed_score_changes_exactly_what_depends_on_it(tmp_path):
    old = with_placeholders(Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "old" / "kalix-2012")))
    new = Path(shutil.copytree(old, tmp_path / "new" / "kalix-2012"))
    replace_in(new / "scores.yaml", '"3.1": 12.45', '"3.1": 14')

    before, after = compose(load_evaluation(old)), compose(load_evaluation(new))

    old_lines, new_lines = dump(before).splitlines(), dump(after).splitlines()
    assert len(old_lines) == len(new_lines)  # nothing added or removed, only values changed
    changed = [(o, n) for o, n in zip(old_lines, new_lines) if o != n]
    assert len(changed) == len(EXPECTED), "\n".join(f"- {o}\n+ {n}" for o, n in changed)
    for (where, was, now), (o, n) in zip(EXPECTED, changed):
        assert was in o and now in n, where
        assert o.replace(was, now) == n, where  # and nothing else on that line
    assert [b.key for b, a in zip(before.charts, after.charts) if b != a] == ["summary-bars", "summary-radar",
                                                                             "area-3"]
    assert (before.metadata, before.todo) == (after.metadata, after.todo)
