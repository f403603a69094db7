"""The composed document model of the Kalix example, dumped to text, equals the golden file.

Regenerate after an intended change with:  KOMPASS_UPDATE_GOLDEN=1 make test
"""

from __future__ import annotations

import os
from pathlib import Path

from authoring import load_evaluation
from authoring.compose import compose
from authoring.dump import dump
from authoring.model import Heading

from .conftest import INPUTS

GOLDEN = Path(__file__).parent / "golden" / "kalix-2012.model.txt"


def test_kalix_model_matches_golden_file():
    text = dump(compose(load_evaluation(INPUTS / "kalix-2012")))

    if os.environ.get("KOMPASS_UPDATE_GOLDEN"):
        GOLDEN.write_text(text, encoding="utf-8")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_chapters_are_numbered_without_gaps():
    # The Kalix reference report jumps from chapter 4 to chapter 6.
    report = compose(load_evaluation(INPUTS / "kalix-2012"))

    numbers = [b.number for b in report.blocks if isinstance(b, Heading) and b.level == 1]

    assert numbers == ["1", "2", "3", "4", "5"]


def test_kortfakta_chapter_is_left_out_when_there_are_no_kortfakta():
    report = compose(load_evaluation(INPUTS / "ostersund-2015"))

    titles = [b.title for b in report.blocks if isinstance(b, Heading) and b.level == 1]

    assert titles[-1] == "4 Översikt av poängfördelning"
