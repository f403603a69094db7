"""A campaign of more evaluations than a members list one writes may hold (100)."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from authoring.builder.plan import plan
from authoring.cli.commands import main

from .campaign_factory import make_campaign


def test_an_average_over_more_than_a_hundred_members_with_one_left_out_is_computed(tmp_path: Path):
    """The average names its members when one is left out: 102 names, more than the 100 a members
    list written in evaluation.yaml may hold, which is no limit on a campaign."""
    folders = make_campaign(tmp_path / "kampanj", 103)
    listed = "".join(f"  - {folder.name}\n" for folder in folders)
    (tmp_path / "kampanj" / "kampanj.yaml").write_text(
        f"name: Stor kampanj\nevaluations:\n{listed}reference:\n  kind: campaign\nexclude: [norsjo-2015]\n",
        encoding="utf-8")
    kalix = tmp_path / "kampanj" / "kalix-2012"

    item = plan([kalix]).items[0]
    result = CliRunner().invoke(main, ["check", str(kalix)])

    assert item.status == "ready", [str(p) for p in item.problems]
    reference = item.evaluation.meta.reference
    assert reference.count == 102 and len(reference.members) == 102
    assert "Norsjö" not in reference.members and "Testby 100" in reference.members
    assert result.exit_code == 0 and result.exception is None, result.output
    assert "0 fel" in result.output
