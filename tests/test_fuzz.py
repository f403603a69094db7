"""The standing fuzz suite: generated hostile evaluations are built as a valid pair or refused; generated
score sheets are imported whole or refused; generated PDFs are checked without a traceback or a hang.

200 examples of each here (derandomized, so CI is repeatable); ``make fuzz`` runs 10,000 of each
with a fresh seed and prints the counts. See tests/fuzzing.py and tests/fuzz_documents.py for what
is generated and what is checked.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings

from . import fuzzing_pull
from .fuzz_documents import pdfs, run_pdf_example, run_sheet_example, sheets
from .fuzzing import TIME_LIMIT, evaluations, fast_charts, outcome_is_acceptable, run_example


@pytest.fixture(scope="module", autouse=True)
def charts_made_fast():
    with fast_charts():
        yield


@settings(max_examples=200, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(files=evaluations())
def test_every_generated_evaluation_is_built_as_a_valid_pair_or_refused_with_a_location(tmp_path_factory, files):
    outcome, detail = run_example(files, tmp_path_factory.mktemp("fuzz"))

    assert outcome_is_acceptable(outcome), f"{outcome}: {detail}"
    assert outcome != "refused_unlocated", detail


@settings(max_examples=30, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(example=fuzzing_pull.EXAMPLES)
def test_every_generated_docx_edit_is_pulled_into_notes_that_pass_check_or_refused(tmp_path_factory, example):
    outcome, detail = fuzzing_pull.run_example(example, tmp_path_factory.getbasetemp() / "fuzz-pull")

    assert outcome in ("pulled", "unchanged", "refused"), f"{outcome}: {detail}"


@settings(max_examples=200, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(example=sheets())
def test_every_generated_score_sheet_is_imported_whole_or_refused_naming_the_sheet(tmp_path_factory, example):
    outcome, detail = run_sheet_example(example, tmp_path_factory.mktemp("fuzz-sheet") / "example", TIME_LIMIT)

    assert outcome in ("imported", "refused_located"), f"{outcome}: {detail}"


@settings(max_examples=200, deadline=None, database=None, derandomize=True,
          suppress_health_check=list(HealthCheck))
@given(recipe=pdfs())
def test_every_generated_pdf_is_checked_without_a_traceback_or_a_hang(tmp_path_factory, recipe):
    outcome, detail = run_pdf_example(recipe, tmp_path_factory.mktemp("fuzz-pdf") / "example", TIME_LIMIT)

    assert outcome == "checked", f"{outcome}: {detail}"
