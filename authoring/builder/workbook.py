"""The campaign summary: one row per evaluation, a sheet per area, averages; as .xlsx and .csv.

Text is written as text: no municipality name or other value becomes a formula in the workbook,
and the CSV neutralises a leading ``= + - @``, tab or carriage return with a single quote (OWASP,
"CSV Injection"). The workbook is reproducible: dated like the reports (``SOURCE_DATE_EPOCH``, else
the latest evaluation's date), in its properties and in every zip entry.
"""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal
from fractions import Fraction
from pathlib import Path

import pandas as pd
from openpyxl.styles import Font

from .campaign import Campaign, area_scores, average
from ..source.evaluation import Evaluation
from ..portable import nfc
from ..reproducible import dated_workbook, document_date
from ..rounding import rounded_points, shown_parts

MAIN_SHEET = "Sammanställning"
AVERAGE = "Medelvärde"
KEYS = ["Kommun", "År", "Ramverk"]
NOTE = "Anmärkning"  # a column only where a member could not be read: its row says "fel i indata"
FOLDER = "Mapp"  # the evaluation's folder (its reports' folder): the campaign's web page links it, the sheet has it not
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")  # what a spreadsheet may read as the start of a formula


def summary_frames(campaign: Campaign) -> dict[str, pd.DataFrame]:
    """Return the sheets of the summary workbook by name, the main sheet first."""
    frameworks = sorted({e.framework.version for e in campaign.evaluations})
    sheets = {MAIN_SHEET: _main(campaign, frameworks).drop(columns=FOLDER)}
    for version in frameworks:
        group = [e for e in campaign.evaluations if e.framework.version == version]
        for area in group[0].framework.areas:
            name = f"Område {area.number}" + (f" ({version})" if len(frameworks) > 1 else "")
            sheets[name] = _area_sheet(group, area.number)
    return sheets


def summary_table(campaign: Campaign) -> pd.DataFrame:
    """Return the main sheet of the summary (the same rows and numbers) with each row's ``Mapp``."""
    return _main(campaign, sorted({e.framework.version for e in campaign.evaluations}))


def _main(campaign: Campaign, frameworks: list[str]) -> pd.DataFrame:
    rows = [_row(e) for e in campaign.evaluations]
    frame = pd.DataFrame(rows, columns=[*KEYS, *_area_columns(), "Totalt", FOLDER])
    # Only complete evaluations are ranked; a draft has no total and no place.
    frame["Placering"] = frame.groupby("Ramverk")["Totalt"].rank(method="min", ascending=False).astype("Int64")
    frame = frame.sort_values(["Ramverk", "Placering", "Kommun"], kind="stable").reset_index(drop=True)
    if campaign.failed:  # a member that could not be read: named, no figures, in no average
        failing = pd.DataFrame([{"Kommun": member.name, "År": None, "Ramverk": None, NOTE: member.reason,
                                 FOLDER: member.name}
                                for member in campaign.failed])
        frame = pd.concat([frame.assign(**{NOTE: None}), failing], ignore_index=True)
    averages = []
    for version in frameworks:
        group = [e for e in campaign.evaluations if e.framework.version == version]
        means = average(group)
        label = f"{AVERAGE} ({len(group)} kommuner)"
        averages.append({"Kommun": label, "År": None, "Ramverk": version,
                         **{c: _float(means[n]) for n, c in enumerate(_area_columns(), 1)},
                         "Totalt": _float(_mean([e.scores.total for e in group])), "Placering": None})
    return pd.concat([frame, pd.DataFrame(averages)], ignore_index=True)


def _area_columns() -> list[str]:
    return [f"Område {n}" for n in range(1, 9)]


def _row(evaluation: Evaluation) -> dict:
    scores = area_scores(evaluation)
    return {"Kommun": evaluation.municipality, "År": evaluation.meta.year, "Ramverk": evaluation.framework.version,
            **{c: _float(scores[n]) for n, c in enumerate(_area_columns(), 1)},
            "Totalt": _float(evaluation.scores.total), FOLDER: nfc(evaluation.folder.name)}


def _float(value) -> float | None:
    """Return a score rounded by the reports' display policy (so the CSV agrees with them), or None."""
    return None if value is None else float(rounded_points(value))


def _mean(values: list[Decimal | None]) -> Decimal | None:
    """Return the exact mean of ``values`` (as ``campaign.average`` takes it), None if any is missing."""
    return None if None in values else sum(values, Decimal(0)) / len(values)


def _area_sheet(group: list[Evaluation], number: int) -> pd.DataFrame:
    """Return the sheet of area ``number``: each question as the reports show it, so that a row's
    questions add up to its total as shown; the average row likewise, its total the main sheet's."""
    questions = [q.question for q in group[0].scores.area(number).questions]
    rows = []
    for evaluation in group:
        area = evaluation.scores.area(number)
        rows.append({"Kommun": evaluation.municipality, "År": evaluation.meta.year,
                     **{q.id: _shown(v) for q, v in zip(questions, area.shown_questions)},
                     "Totalt": _float(area.achieved)})
    means = _question_means(group, number)
    maxima = {q.id: float(q.max) for q in questions} | {"Totalt": float(sum(q.max for q in questions))}
    extra = pd.DataFrame([{"Kommun": AVERAGE, **{q.id: _shown(v) for q, v in zip(questions, means)},
                           "Totalt": _float(average(group)[number])}, {"Kommun": "Max", **maxima}])
    return pd.concat([pd.DataFrame(rows), extra], ignore_index=True)


def _question_means(group: list[Evaluation], number: int) -> tuple[Decimal | None, ...]:
    """Return the mean of each question of area ``number`` over ``group`` as shown: by the reports'
    largest-remainder rule when every evaluation has the area, so they add up to its average."""
    sums = [[q.achieved for q in e.scores.area(number).questions] for e in group]
    columns = list(zip(*sums))
    if all(None not in column for column in columns):
        return shown_parts(tuple(Fraction(sum(column, Decimal(0))) / len(group) for column in columns))
    return tuple(None if None in column else rounded_points(sum(column, Decimal(0)) / len(group))
                 for column in columns)


def _shown(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


def write_summary(campaign: Campaign, out_dir: Path, write_atomically) -> list[Path]:
    """Write ``sammanstallning.xlsx`` and ``sammanstallning.csv`` into ``out_dir``; return the paths."""
    sheets = summary_frames(campaign)
    moment = max(document_date(e.meta.evaluated, e.meta.year) for e in campaign.evaluations)
    out_dir.mkdir(parents=True, exist_ok=True)
    xlsx, csv = out_dir / "sammanstallning.xlsx", out_dir / "sammanstallning.csv"
    write_atomically(xlsx, lambda tmp: tmp.write_bytes(_xlsx(sheets, moment)))
    write_atomically(csv, lambda tmp: _neutralised(sheets[MAIN_SHEET]).to_csv(
        tmp, sep=";", decimal=",", index=False, encoding="utf-8-sig"))
    return [xlsx, csv]


def _neutralised(frame: pd.DataFrame) -> pd.DataFrame:
    """Return ``frame`` with every text cell that could start a formula prefixed by a single quote."""
    frame = frame.copy()
    for column in frame.columns:
        values = frame[column]
        risky = values.map(lambda v: isinstance(v, str) and v.startswith(FORMULA_START)).astype(bool)
        if risky.any():  # only then: the column's other cells (numbers, years) keep their type
            frame[column] = values.astype(object).where(~risky, "'" + values[risky].astype(str))
    return frame


def _xlsx(sheets: dict[str, pd.DataFrame], moment: dt.datetime) -> bytes:
    """Return the workbook of ``sheets``, its text cells text, dated ``moment`` throughout."""
    buffer = io.BytesIO()
    with pd.ExcelWriter(buffer, engine="openpyxl") as writer:
        for name, frame in sheets.items():
            frame.to_excel(writer, sheet_name=name, index=False)
            _format(writer.sheets[name], frame)
            _text_as_text(writer.sheets[name])
        properties = writer.book.properties
    properties.created = properties.modified = moment  # openpyxl sets modified to the clock when it saves
    return dated_workbook(buffer.getvalue(), properties, moment)


def _text_as_text(sheet) -> None:
    """Make every string cell a string: openpyxl turns one that starts with "=" into a formula, "#N/A" into an error."""
    for row in sheet.iter_rows():
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = "s"


def _format(sheet, frame: pd.DataFrame) -> None:
    """Freeze and embolden the header row, size the columns, show scores with one decimal."""
    sheet.freeze_panes = "A2"
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for index, column in enumerate(frame.columns, 1):
        letter = sheet.cell(row=1, column=index).column_letter
        longest = max([len(str(column))] + [len(str(v)) for v in frame[column] if pd.notna(v)])
        sheet.column_dimensions[letter].width = min(max(longest + 2, 8), 40)
        if column not in ("År", "Placering") and frame[column].dtype.kind == "f":
            for row in range(2, len(frame) + 2):
                sheet.cell(row=row, column=index).number_format = "0.0"
