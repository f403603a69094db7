"""Remembered reads (builder/readcache.py): a folder is read again exactly when something it is read from changed."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest

from authoring.builder import plan as planning
from authoring.builder.plan import plan
from authoring.source.evaluation import read_evaluation
from tests.conftest import INPUTS, replace_in


@pytest.fixture
def reads(monkeypatch) -> list[Path]:
    """Return the list of folders read from their files (not remembered), in order."""
    read: list[Path] = []

    def counted(folder: Path):
        read.append(folder)
        return read_evaluation(folder)

    monkeypatch.setattr(planning, "read_evaluation", counted)
    return read


@pytest.fixture
def campaign(tmp_path: Path, monkeypatch) -> Path:
    """Return a campaign folder holding the three examples and their kampanj.yaml, with a cache of its own."""
    monkeypatch.setenv("KOMPASS_CACHE", str(tmp_path / "cache"))
    root = tmp_path / "kampanj"
    for name in ("kalix-2012", "norsjo-2015", "ostersund-2015"):
        shutil.copytree(INPUTS / name, root / name)
    shutil.copyfile(INPUTS / "kampanj.yaml", root / "kampanj.yaml")
    return root


def _summary(item) -> tuple:
    evaluation = item.evaluation
    return (item.status, [str(p) for p in item.problems], evaluation.scores.total,
            [a.achieved for a in evaluation.scores.areas], evaluation.notes[3].sections[0].heading,
            evaluation.peer_totals, evaluation.texts["headings"])


def test_a_second_plan_reads_nothing_and_finds_the_same(campaign: Path, reads: list[Path]):
    first = plan([campaign / "kalix-2012"]).items[0]
    assert sorted(p.name for p in reads) == ["kalix-2012", "norsjo-2015", "ostersund-2015"]
    reads.clear()
    second = plan([campaign / "kalix-2012"]).items[0]
    assert reads == []
    assert _summary(second) == _summary(first)
    assert second.evaluation.scores.total == first.evaluation.scores.total is not None


def test_an_edited_file_is_read_again_and_only_its_folder(campaign: Path, reads: list[Path]):
    plan([campaign / "kalix-2012"])
    first = "## Strategi för demokratiutveckling och information"
    replace_in(campaign / "norsjo-2015" / "notes" / "area-1.md", first, f"## Ny rubrik\n\nNy text.\n\n{first}")
    reads.clear()
    item = plan([campaign / "kalix-2012"]).items[0]
    assert [p.name for p in reads] == ["norsjo-2015"]
    norsjo = plan([campaign / "norsjo-2015"]).items[0]
    assert norsjo.evaluation.notes[1].sections[0].heading == "Ny rubrik"
    assert item.status == "ready"


def test_a_score_edit_is_seen_by_the_reports_that_average_it(campaign: Path, reads: list[Path]):
    before = plan([campaign / "kalix-2012"]).items[0].evaluation
    replace_in(campaign / "ostersund-2015" / "scores.yaml", '"1.1": ', '"1.1": 0 # ')
    after = plan([campaign / "kalix-2012"]).items[0].evaluation
    assert after.peer_totals != before.peer_totals


def test_the_campaign_house_style_counts(campaign: Path, reads: list[Path]):
    plan([campaign / "kalix-2012"])
    (campaign / "report.yaml").write_text('headings:\n  results: "Resultat i korthet"\n', encoding="utf-8")
    reads.clear()
    item = plan([campaign / "kalix-2012"]).items[0]
    assert "kalix-2012" in [p.name for p in reads]
    assert item.evaluation.texts["headings"]["results"] == "Resultat i korthet"


def test_problems_name_the_folder_as_it_was_named_this_time(campaign: Path, reads: list[Path], monkeypatch):
    replace_in(campaign / "kalix-2012" / "scores.yaml", '"1.1": ', '"1.1": 99 # ')
    failed = plan([campaign / "kalix-2012"]).items[0]
    assert failed.status == "failed" and str(campaign / "kalix-2012" / "scores.yaml") in str(failed.problems[0])
    monkeypatch.chdir(campaign)
    reads.clear()
    again = plan([Path("kalix-2012")]).items[0]
    assert "kalix-2012" in [p.name for p in reads]  # named otherwise: read, so its messages name it so
    assert str(Path("kalix-2012") / "scores.yaml") in str(again.problems[0])
    assert str(campaign) not in str(again.problems[0])
    reads.clear()
    assert [str(p) for p in plan([Path("kalix-2012")]).items[0].problems] == [str(p) for p in again.problems]
    assert "kalix-2012" not in [p.name for p in reads]  # a failed read is remembered too


def test_a_damaged_entry_is_read_again(campaign: Path, reads: list[Path]):
    first = plan([campaign / "kalix-2012"]).items[0]
    entries = sorted((campaign.parent / "cache" / "reads").iterdir())
    assert len(entries) == 3
    for entry in entries:
        data = entry.read_bytes()
        entry.write_bytes(data[: len(data) // 2])
    reads.clear()
    second = plan([campaign / "kalix-2012"]).items[0]
    assert len(reads) == 3
    assert _summary(second) == _summary(first)


def test_no_cache_reads_every_time(campaign: Path, reads: list[Path], monkeypatch):
    monkeypatch.setenv("KOMPASS_CACHE", "off")
    plan([campaign / "kalix-2012"])
    plan([campaign / "kalix-2012"])
    assert len(reads) == 6


def test_a_folder_changed_while_it_was_read_is_not_remembered(campaign: Path, monkeypatch):
    read: list[Path] = []

    def changing(folder: Path):
        read.append(folder)
        result = read_evaluation(folder)
        if len(read) == 1:
            with open(folder / "evaluation.yaml", "a", encoding="utf-8") as file:
                file.write("# sparad medan den lästes\n")
        return result

    monkeypatch.setattr(planning, "read_evaluation", changing)
    plan([campaign / "kalix-2012"])
    read.clear()
    plan([campaign / "kalix-2012"])
    assert [p.name for p in read] == ["kalix-2012"]


def test_templates_of_ones_own_count(campaign: Path, reads: list[Path], tmp_path: Path, monkeypatch):
    """A framework in $KOMPASS_TEMPLATES/frameworks, found before the package's, counts."""
    plan([campaign / "kalix-2012"])
    own = tmp_path / "mallar" / "frameworks"
    own.mkdir(parents=True)
    framework = (Path(__file__).resolve().parent.parent / "templates" / "frameworks" / "2010.yaml").read_text("utf-8")
    assert "title: Offentlighet och demokrati" in framework
    (own / "2010.yaml").write_text(framework.replace("title: Offentlighet och demokrati",
                                                     "title: Öppenhet och demokrati", 1), encoding="utf-8")
    monkeypatch.setenv("KOMPASS_TEMPLATES", str(own.parent))
    reads.clear()
    plan([campaign / "kalix-2012"])
    assert len(reads) == 3  # (this process found its templates when it started: a new one reads the new framework)


def test_a_second_compose_parses_no_standard_text_and_makes_the_same_report(campaign: Path, monkeypatch):
    from authoring.compose import compose, context
    from authoring.dump import dump

    parsed: list[str] = []
    real = context.parse_notes
    monkeypatch.setattr(context, "parse_notes", lambda path, text, problems: parsed.append(text) or
                        real(path, text, problems))
    evaluation = plan([campaign / "kalix-2012"]).items[0].evaluation
    first = dump(compose(evaluation))
    assert any("www.skl.se/kommunkompassen" in text for text in parsed)  # a text with a link among them
    parsed.clear()
    assert dump(compose(plan([campaign / "kalix-2012"]).items[0].evaluation)) == first
    assert parsed == []
    replace_in(campaign / "kalix-2012" / "evaluation.yaml", "kortfakta:",
               'texts:\n  texts.comparisons: "Se **www.example.se** för {kommun}."\nkortfakta:')
    report = dump(compose(plan([campaign / "kalix-2012"]).items[0].evaluation))
    assert parsed == ["Se **www.example.se** för Kalix."]
    assert "www.example.se" in report and report != first


def test_the_campaign_file_is_parsed_again_only_when_it_changed(campaign: Path, monkeypatch):
    from authoring.builder import campaign as campaigns

    parsed: list[Path] = []
    real = campaigns.read_yaml
    monkeypatch.setattr(campaigns, "read_yaml", lambda path, problems: parsed.append(path) or real(path, problems))
    plan([campaign / "kalix-2012"])
    assert parsed == [campaign / "kampanj.yaml"]
    parsed.clear()
    plan([campaign / "kalix-2012"])
    assert parsed == []
    shutil.rmtree(campaign / "ostersund-2015")  # not the file: its members are looked for every time
    failed = plan([campaign / "kalix-2012"]).items[0]
    assert parsed == []
    assert "ostersund-2015 är ingen utvärderingsmapp" in " ".join(map(str, failed.problems))
    replace_in(campaign / "kampanj.yaml", "  - ostersund-2015\n", "")
    assert plan([campaign / "kalix-2012"]).items[0].status == "ready"
    assert parsed == [campaign / "kampanj.yaml"]


def test_a_working_folder_that_was_removed_reads_without_the_cache(campaign: Path, reads: list[Path], tmp_path: Path,
                                                                   monkeypatch):
    gone = tmp_path / "borttagen"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    for _ in range(2):
        assert plan([campaign / "kalix-2012"]).items[0].status == "ready"
    assert len(reads) == 6


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX owners and modes")
def test_an_entry_others_may_write_is_never_loaded(campaign: Path, reads: list[Path]):
    """A pickle runs code when it is loaded: an entry in a cache others can write is read again instead."""
    plan([campaign / "kalix-2012"])
    entries = sorted((campaign.parent / "cache" / "reads").iterdir())
    for entry in entries:
        assert entry.stat().st_mode & 0o077 == 0  # written for this user only
        entry.chmod(0o666)
    reads.clear()
    assert plan([campaign / "kalix-2012"]).items[0].status == "ready"
    assert len(reads) == 3
