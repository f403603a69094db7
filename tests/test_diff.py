"""kompass diff: every changed score, sentence, paragraph, item and value between two versions."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from authoring.cli.commands import main

from .conftest import INPUTS, replace_in

NAME = "kalix-2012"
REWORDED = ("Kalix har ett styr- och ledningssystem", "Kalix har ett nytt styr- och ledningssystem")
ADDED_ITEM = "Tydlig uppföljning av nämndernas mål"
REMOVED_ITEM = "Koppla målen till budgeten"
NEW_SECTION, NEW_TEXT = "Nytt avsnitt om medborgardialog", "Medborgardialogen har utvecklats under året."


def kompass(*args: str):
    return CliRunner().invoke(main, [*args])


def edit(folder: Path) -> None:
    """Make the edits the tests look for: two scores, prose, lists and metadata."""
    replace_in(folder / "scores.yaml", '"3.1": 12.45', '"3.1": 14')
    replace_in(folder / "scores.yaml", '"5.2": 11', '"5.2": 3')
    area_3 = folder / "notes" / "area-3.md"
    replace_in(area_3, *REWORDED)
    replace_in(area_3, "- Flera möjligheter för politiker att kompetensutveckla sig",
               f"- Flera möjligheter för politiker att kompetensutveckla sig\n- {ADDED_ITEM}")
    replace_in(area_3, f"- {REMOVED_ITEM}\n", "")
    replace_in(folder / "notes" / "area-1.md", "## Styrkor", f"## {NEW_SECTION}\n\n{NEW_TEXT}\n\n## Styrkor")
    replace_in(folder / "evaluation.yaml", "interviewees: 40 ", "interviewees: 45 ")
    replace_in(folder / "evaluation.yaml", 'value: "16 591"', 'value: "16 600"')


@pytest.fixture
def versions(tmp_path) -> tuple[Path, Path]:
    old = Path(shutil.copytree(INPUTS / NAME, tmp_path / "old" / NAME))
    new = Path(shutil.copytree(INPUTS / NAME, tmp_path / "new" / NAME))
    edit(new)
    return old, new


def sections(markdown: str) -> dict[str, list[str]]:
    """Return the lines of each '## ' section of the Markdown diff."""
    found: dict[str, list[str]] = {}
    current = ""
    for line in markdown.splitlines():
        if line.startswith("## "):
            current = line[3:]
            found[current] = []
        elif line.strip() and current:
            found[current].append(line)
    return found


def assert_names_every_edit(markdown: str) -> None:
    found = sections(markdown)
    assert set(found) == {"Poäng", "Genererade meningar", "Text", "Uppgifter och referens"}
    rows = [line for line in found["Poäng"] if line.startswith("| 3.1") or line.startswith("| 5.2")]
    assert len(found["Poäng"]) == 4 and len(rows) == 2  # header, rule and exactly the two questions
    assert "| 12,5 | 14 | område 3: 65,6 → 67,1 | 415,7 → 409,2 |" in rows[0]
    assert "| 11 | 3 | område 5: 49,2 → 41,2 | 415,7 → 409,2 |" in rows[1]
    text = [line for line in found["Text"] if line.startswith("- ")]
    assert text == [f"- Nytt: **Rubrik: {NEW_SECTION}**", f"- Nytt: **{NEW_TEXT}**",
                    "- Omformulerat: Kalix har ett **nytt** styr- och ledningssystem och målstyrning i …",
                    f"- Nytt: **• {ADDED_ITEM}**", f"- Borttaget: ~~• {REMOVED_ITEM}~~"]
    assert "### Område 3 Politisk styrning och kontroll, Styrkor" in found["Text"]
    assert "### Område 3 Politisk styrning och kontroll, Förbättringsmöjligheter" in found["Text"]
    assert found["Uppgifter och referens"] == ["- interviewees: ~~40~~ **45**",
                                              "- kortfakta nr 2 › value: ~~16 591~~ **16 600**"]
    sentences = " ".join(found["Genererade meningar"])
    for changed in ("uppnår ~~415,7~~ **409,2** av 800 möjliga poäng", "ett ~~40-tal~~ **45-tal** personer",
                    "kommunen ~~65,6~~ **67,1** av 100 poäng", "kommunen ~~49,2~~ **41,2** av 100 poäng",
                    "Totalt uppnår Kalix kommun ~~415,7~~ **409,2** av 800 poäng"):
        assert changed in sentences
    assert sum(line.startswith("- ") for line in found["Genererade meningar"]) == 5


def test_diff_of_two_folders_names_every_changed_score_item_paragraph_and_value(versions):
    old, new = versions

    result = kompass("diff", str(old), str(new), "--markdown")

    assert result.exit_code == 0, result.output
    assert_names_every_edit(result.output)


def test_diff_against_a_git_revision_of_the_same_folder(tmp_path):
    repo = tmp_path / "repo"
    folder = Path(shutil.copytree(INPUTS / NAME, repo / "inputs" / NAME))
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-C", str(repo)]
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "första versionen"], check=True)
    edit(folder)

    result = kompass("diff", str(folder), "--rev", "HEAD", "--markdown")

    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"# Ändringar från inputs/{NAME} (HEAD) till inputs/{NAME}\n")
    assert str(tmp_path) not in result.output  # folders named, not absolute paths
    assert_names_every_edit(result.output)


def test_the_markdown_diff_names_folders_not_absolute_paths(versions, tmp_path):
    old, new = versions

    result = kompass("diff", str(old), str(new), "--markdown")

    assert result.output.startswith(f"# Ändringar från old/{NAME} till new/{NAME}\n")
    assert str(tmp_path) not in result.output


def test_an_error_in_the_revision_names_the_file_in_the_revision_not_a_temporary_folder(tmp_path):
    repo = tmp_path / "repo"
    folder = Path(shutil.copytree(INPUTS / NAME, repo / "inputs" / NAME))
    git = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", "-C", str(repo)]
    replace_in(folder / "scores.yaml", '"1.2": 11', '"1.2": 99')
    subprocess.run([*git, "init", "-q"], check=True)
    subprocess.run([*git, "add", "."], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "en felaktig version"], check=True)
    replace_in(folder / "scores.yaml", '"1.2": 99', '"1.2": 11')

    result = kompass("diff", str(folder), "--rev", "HEAD", "--markdown")

    assert result.exit_code == 1
    assert f"HEAD:inputs/{NAME}/scores.yaml:" in result.output and "99" in result.output
    assert "kompass-diff" not in result.output and "/tmp" not in result.output


def test_the_terminal_diff_shows_the_same_changes(versions):
    old, new = versions

    result = kompass("diff", str(old), str(new))

    assert result.exit_code == 0, result.output
    flat = " ".join(result.output.split())
    for text in ("3.1", "5.2", "område 3: 65,6 → 67,1", "Omformulerat:", f"Nytt: • {ADDED_ITEM}",
                 f"Borttaget: • {REMOVED_ITEM}", "interviewees: 40 45"):
        assert text in flat


def test_no_changes_says_so(tmp_path):
    old = Path(shutil.copytree(INPUTS, tmp_path / "inputs")) / NAME  # with its campaign: the same reference

    result = kompass("diff", str(old), str(INPUTS / NAME), "--markdown")

    assert result.exit_code == 0
    assert "Inga ändringar." in result.output


def test_a_score_filled_in_in_a_draft_shows_in_the_att_gora_list(tmp_path):
    old = Path(shutil.copytree(INPUTS / NAME, tmp_path / "old" / NAME))
    new = Path(shutil.copytree(INPUTS / NAME, tmp_path / "new" / NAME))
    replace_in(old / "scores.yaml", '"3.1": 12.45', '"3.1":')

    result = kompass("diff", str(old), str(new), "--markdown")

    assert result.exit_code == 0, result.output
    assert "| 3.1 Genomsyras" in result.output and "| – | 12,5 | område 3: – → 65,6 | – → 415,7 |" in result.output
    assert "- Borttaget: ~~• Område 3: poäng saknas för 3.1 (1 av 5 frågor).~~" in result.output


@pytest.mark.parametrize("args", [(), ("--rev", "HEAD", "other")])
def test_diff_needs_two_folders_or_one_and_a_revision(args, tmp_path):
    result = kompass("diff", str(INPUTS / NAME), *args)

    assert result.exit_code == 2


def test_a_revision_git_does_not_know_is_a_clear_message(tmp_path):
    result = kompass("diff", str(INPUTS / NAME), "--rev", "ingen-sådan-revision")

    assert result.exit_code == 2
    assert "revisionen 'ingen-sådan-revision' finns inte i git-förrådet" in result.output
