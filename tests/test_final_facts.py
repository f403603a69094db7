"""A final report cannot state a figure that the scores contradict (issue 21, point 2): under
--final such a warning is an error, in build, batch and the studio's "Bygg slutlig version";
warnings about style stay warnings."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from authoring.builder.plan import plan
from authoring.cli.commands import main
from authoring.problems import Problems
from authoring.studio.jobs import build_job

from .conftest import line_of, replace_in

FIRST = "Kalix har ett styr- och ledningssystem"  # area 3: 65,6 points
STALE = "Sedan förra året uppnår kommunen 40 poäng inom området."


def kompass(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def with_stale_figure(kalix: Path) -> Path:
    path = kalix / "notes" / "area-3.md"
    replace_in(path, FIRST, f"{STALE}\n{FIRST}")
    return path


def test_build_final_refuses_a_figure_the_scores_contradict_and_writes_nothing(kalix, tmp_path):
    path = with_stale_figure(kalix)

    result = kompass("build", kalix, "--final", "--out", tmp_path / "out")

    assert result.exit_code == 1, result.output
    line = line_of(path, "uppnår kommunen 40 poäng")
    assert (f"{path}:{line}: 'uppnår kommunen 40 poäng' anger 40, men beräknat är 65,6: skriv {{poäng område 3}} "
            "så följer texten poängen (ett fel i en slutlig rapport, som bara får skriva det som stämmer)") in result.output
    assert not list((tmp_path / "out").rglob("*.pdf")) and not list((tmp_path / "out").rglob("*.docx"))


def test_the_same_figure_is_only_a_warning_in_a_draft_build(kalix, tmp_path):
    with_stale_figure(kalix)

    result = kompass("build", kalix, "--format", "html", "--out", tmp_path / "out")

    assert result.exit_code == 0, result.output
    assert "1 varning (kompass check" in result.output


def test_batch_final_counts_the_contradiction_as_a_failure(kalix, tmp_path):
    with_stale_figure(kalix)

    result = kompass("batch", kalix, "--final", "--format", "html", "--out", tmp_path / "out")

    assert result.exit_code == 1, result.output
    assert "misslyckad" in result.output
    assert not (tmp_path / "out" / "kalix-2012" / "kalix-2012.html").exists()


def test_the_studios_final_version_refuses_it_too(kalix, tmp_path):
    with_stale_figure(kalix)

    result = build_job(str(kalix), str(tmp_path / "out"), final=True, overwrite=False)

    assert result["error"] == "input"
    assert any("uppnår kommunen 40 poäng" in m and "fel i en slutlig rapport" in m for m in result["messages"])


def test_a_style_warning_does_not_stop_a_final_report(kalix):
    from authoring.builder.build import final_errors

    item = plan([kalix]).items[0]
    item.problems = Problems([*item.problems])
    item.problems.warning(kalix / "notes" / "area-3.md", "en rubrik upprepas")

    assert item.problems.warnings and final_errors(item) == []


def test_a_draft_with_a_contradiction_lists_both_what_is_missing_and_what_is_wrong(kalix, tmp_path):
    with_stale_figure(kalix)
    replace_in(kalix / "scores.yaml", '"1.1": 5.25', '"1.1":')

    result = kompass("build", kalix, "--final", "--out", tmp_path / "out")

    assert result.exit_code == 1
    assert "Detta saknas:\n  - Område 1: poäng saknas för 1.1" in result.output, result.output
    assert "Detta måste också rättas:\n  - " in result.output and "'uppnår kommunen 40 poäng'" in result.output
