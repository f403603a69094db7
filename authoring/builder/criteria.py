"""A criteria workbook read into a framework (``kompass framework import`` and ``check``).

The sheets (``criteria_layout``) are read as Excel writes them: numbers as int, float or text with
a decimal comma, spaces around values, empty rows. Every problem is reported with its sheet, row
and column (``Frågor!D14``), the framework's own rules too (``framework_checks``: question numbers
in order, 100 points per area, each area in one perspective, known placeholders), each at the
cell the value came from; nothing is made of a workbook with any problem.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from pathlib import Path

from ..errors import InputError
from ..problems import Problems
from ..source.framework import Framework, validated
from ..source.framework_checks import check_framework_data
from .criteria_layout import (AREAS, COLUMNS, FACTS, FRAMEWORK, PERSPECTIVES, QUESTIONS, REQUIRED_SHEETS, RUBRIKER,
                              TEXT_NAMES, TEXTS, key)
from .sheets import Kind, Table, column_letter, read_tables

SHEET_ORDER = (FRAMEWORK, TEXTS, PERSPECTIVES, AREAS, RUBRIKER, QUESTIONS)
KNOWN_COLUMNS = {key(name) for columns in COLUMNS.values() for name, _ in columns}
CRITERIA = Kind("en arbetsbok med kriterier", "en arbetsbok med kriterier har en rad per område, rubrik och fråga",
                "en arbetsbok med kriterier behöver bara bladens egna kolumner, som i den kompass framework "
                "export skriver")
MARKDOWN = ("general", "what_is", "evaluation_method", "not_comparable", "comparisons", "appendix_intro")


def read_criteria(path: Path) -> Framework:
    """Return the framework the criteria workbook ``path`` describes; raise InputError with every problem."""
    sheet = _Reader(path)
    data = sheet.read()
    check_framework_data(data, sheet.report)  # values that could not be read are None: passed over
    framework = validated(data, sheet.report) if not sheet.problems else None
    if framework is None or sheet.problems:
        raise InputError(sheet.problems.sorted())
    return framework


class _Located(list):
    """Problems with the cell each names (sheet, row, column, as shown), sorted in the workbook's order."""

    def __init__(self, path: Path):
        super().__init__()
        self.path = path

    def sorted(self) -> Problems:
        problems = Problems()
        order = {name: index for index, name in enumerate(SHEET_ORDER)}
        for (_, _, _, shown), message in sorted(self, key=lambda p: (order.get(p[0][0], -1), *p[0][1:3])):
            problems.error(self.path, message, None, shown or None)
        return problems


class _Reader:
    """Reads the sheets into the framework's data, remembering the cell of each key path."""

    def __init__(self, path: Path):
        self.path = path
        self.problems = _Located(path)
        self.cells: dict[tuple, tuple[str, int, int, str]] = {(): ("", 0, 0, "")}
        self.tables: dict[str, tuple[Table, dict[str, int]]] = {}

    # -- where --------------------------------------------------------------------------------

    def cell(self, sheet: str, row: int, column: int, last_row: int | None = None) -> tuple[str, int, int, str]:
        letter = column_letter(column + 1)
        shown = f"{sheet}!{letter}{row}" + (f":{letter}{last_row}" if last_row and last_row != row else "")
        return sheet, row, column, shown

    def error(self, cell: tuple[str, int, int, str], message: str) -> None:
        self.problems.append((cell, message))

    def report(self, keys: tuple, message: str) -> None:
        """Report a break of the framework's rules at the cell of ``keys`` or of its nearest ancestor,
        unless that cell has a problem already (an unknown perspective is in no perspective, too)."""
        path = tuple(keys)
        while path not in self.cells:
            path = path[:-1]
        if not any(cell == self.cells[path] for cell, _ in self.problems) or not path:
            self.error(self.cells[path], message)

    # -- reading ------------------------------------------------------------------------------

    def read(self) -> dict:
        tables = {key(t.name): t for t in read_tables(self.path, _header_score, CRITERIA)}
        for name in SHEET_ORDER:
            table = tables.get(key(name))
            if table is None:
                if name in REQUIRED_SHEETS:
                    self.error(("", 0, 0, ""), f"bladet '{name}' saknas: lägg till det (kompass framework export "
                               "skriver en arbetsbok att utgå från)")
                continue
            columns = self._columns(name, table)
            if columns is not None:
                self.tables[name] = (table, columns)
        data: dict = {}
        self._facts(data)
        self._texts(data)
        perspectives = self._perspectives()
        self._areas(data, perspectives)
        self._rubriker(data)
        self._questions(data)
        if perspectives:
            data["perspectives"] = [{"name": name, "areas": areas} for name, (_, areas) in perspectives.items()]
            for index, (name, (row, areas)) in enumerate(perspectives.items()):
                self.cells[("perspectives", index)] = self.cell(PERSPECTIVES, row, 0)
                if not areas:
                    self.error(self.cell(PERSPECTIVES, row, 0), f"perspektivet {name!r} har inga områden: ange det "
                               f"i kolumnen Perspektiv på bladet {AREAS}, eller ta bort raden")
        return data

    def _columns(self, name: str, table: Table) -> dict[str, int] | None:
        """Return the column index of each of the sheet's columns found; report the required ones missing."""
        headers: dict[str, int] = {}
        for index, header in enumerate(table.header):
            headers.setdefault(key(header), index)
        found = {column: headers[key(column)] for column, _ in COLUMNS[name] if key(column) in headers}
        missing = [column for column, required in COLUMNS[name] if required and column not in found]
        if missing:
            self.error(self.cell(name, table.header_row, 0), f"rubrikraden saknar kolumnen {', '.join(missing)}: "
                       f"bladet '{name}' behöver kolumnerna " + ", ".join(c for c, _ in COLUMNS[name]))
            return None
        return found

    def rows(self, name: str):
        """Yield (row number, {column: (value, cell)}) of each filled row of sheet ``name``."""
        if name not in self.tables:
            return
        table, columns = self.tables[name]
        for number, values in table.rows:
            yield number, {column: (values[index] if index < len(values) else None, self.cell(name, number, index))
                           for column, index in columns.items()}

    def text(self, value_cell: tuple, required: bool, what: str, markdown: bool = False) -> str | None:
        value, cell = value_cell
        if isinstance(value, (dt.datetime, dt.date, dt.time)):
            self.error(cell, f"{what} läses som ett datum: formatera cellen som text och skriv värdet igen")
            return None
        text = "" if value is None else str(value)
        if markdown:
            lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
            text = "\n".join(lines).strip()
            text = text + "\n" if text else ""
        else:
            text = text.strip()
        if not text and required:
            self.error(cell, f"{what} saknas: fyll i cellen")
            return None
        return text or None

    def number(self, value_cell: tuple, what: str, example: str) -> Decimal | None:
        value, cell = value_cell
        if value is None or str(value).strip() == "":
            self.error(cell, f"{what} saknas: skriv ett tal, t.ex. {example}")
            return None
        try:
            if isinstance(value, (bool, dt.datetime, dt.date, dt.time)):
                raise InvalidOperation
            number = Decimal(str(value).strip().replace("\u00a0", "").replace(" ", "").replace(",", "."))
            if not number.is_finite():
                raise InvalidOperation
        except InvalidOperation:
            self.error(cell, f"{what} {_quoted(value)} är inget tal: skriv ett tal, t.ex. {example}")
            return None
        return number

    def _facts(self, data: dict) -> None:
        given: dict[str, tuple] = {}
        for number, row in self.rows(FRAMEWORK):
            name = key(row["Uppgift"][0])
            known = next((fact for fact in FACTS if key(fact) == name), None)
            if known is None:
                self.error(row["Uppgift"][1], f"okänd uppgift {_quoted(row['Uppgift'][0])}: skriv en av "
                           + ", ".join(FACTS))
            elif known in given:
                self.error(row["Uppgift"][1], f"uppgiften {known} finns två gånger: behåll en")
            else:
                given[known] = row["Värde"]
        if FRAMEWORK not in self.tables:
            return
        table = self.tables[FRAMEWORK][0]
        data["labels"] = {"appendix_columns": [None, None, None]}
        for fact, keys in FACTS.items():
            if fact not in given:
                self.error(self.cell(FRAMEWORK, table.header_row, 0), f"raden {fact} saknas: lägg till den")
                continue
            text = self.text(given[fact], True, fact.lower() if fact != "Version" else "versionen")
            if fact == "Version" and text is not None and not (len(text) == 4 and text.isdigit()):
                self.error(given[fact][1], f"versionen {_quoted(given[fact][0])} ska vara fyra siffror, t.ex. 2020")
                text = None
            self.cells[keys] = given[fact][1]
            _set(data, keys, text)
        self.cells[("labels",)] = self.cell(FRAMEWORK, table.header_row, 0)

    def _texts(self, data: dict) -> None:
        data["texts"] = texts = {}
        for number, row in self.rows(TEXTS):
            name = key(row["Text"][0])
            known = next((k for label, (k, _) in TEXT_NAMES.items() if name in (key(label), key(k))), None)
            if known is None:
                self.error(row["Text"][1], f"okänd text {_quoted(row['Text'][0])}: skriv en av " + ", ".join(TEXT_NAMES))
            elif known in texts:
                self.error(row["Text"][1], f"texten {row['Text'][0]} finns två gånger: behåll en")
            else:
                self.cells[("texts", known)] = row["Innehåll"][1]
                texts[known] = self.text(row["Innehåll"], True, "texten", markdown=True)
        if TEXTS in self.tables:
            header = self.cell(TEXTS, self.tables[TEXTS][0].header_row, 0)
            self.cells[("texts",)] = header
            for label, (name, _) in TEXT_NAMES.items():
                if name not in texts:
                    self.error(header, f"texten {label} saknas: lägg till en rad för den")

    def _perspectives(self) -> dict[str, tuple[int, list[int]]]:
        found: dict[str, tuple[int, list[int]]] = {}
        for number, row in self.rows(PERSPECTIVES):
            name = self.text(row["Perspektiv"], True, "perspektivets namn")
            if name is not None and name in found:
                self.error(row["Perspektiv"][1], f"perspektivet {name!r} finns två gånger: behåll en")
            elif name is not None:
                found[name] = (number, [])
        return found

    def _areas(self, data: dict, perspectives: dict[str, tuple[int, list[int]]]) -> None:
        data["areas"] = areas = []
        self.area_rows: dict[int, int] = {}
        for number, row in self.rows(AREAS):
            index = len(areas)
            area_number = self._area_number(row["Område"])
            area = {"number": area_number, "title": self.text(row["Rubrik"], True, "områdets rubrik")}
            if "Tabellrubrik" in row and self.text(row["Tabellrubrik"], False, ""):
                area["table_title"] = self.text(row["Tabellrubrik"], False, "")
            area["general"] = self.text(row["Allmänt"], True, "den allmänna texten", markdown=True)
            area["questions"] = []
            areas.append(area)
            self._area_cells(index, row)
            if isinstance(area_number, int):
                if area_number in self.area_rows:
                    self.error(row["Område"][1], f"område {area_number} finns två gånger: behåll en rad")
                self.area_rows.setdefault(area_number, index)
            self._perspective_of(area_number, row, perspectives)
        if AREAS in self.tables:
            self.cells[("areas",)] = self.cell(AREAS, self.tables[AREAS][0].header_row, 0)

    def _area_cells(self, index: int, row: dict) -> None:
        self.cells[("areas", index)] = row["Område"][1]
        self.cells[("areas", index, "number")] = row["Område"][1]
        self.cells[("areas", index, "title")] = row["Rubrik"][1]
        self.cells[("areas", index, "general")] = row["Allmänt"][1]
        self.cells[("areas", index, "perspective")] = row.get("Perspektiv", row["Område"])[1]

    def _area_number(self, value_cell: tuple) -> int | None:
        number = self.number(value_cell, "områdets nummer", "3")
        if number is not None and (number != number.to_integral_value() or not 1 <= number <= 8):
            self.error(value_cell[1], f"områdets nummer {_quoted(value_cell[0])} ska vara ett heltal 1 till 8")
            return None
        return int(number) if number is not None else None

    def _perspective_of(self, area_number, row: dict, perspectives: dict[str, tuple[int, list[int]]]) -> None:
        """Add the area to the perspective its row names (an area in none: the framework's rule says so)."""
        name = self.text(row["Perspektiv"], False, "") if "Perspektiv" in row else None
        if name is None or area_number is None:
            return
        if name not in perspectives:
            known = ", ".join(repr(p) for p in perspectives) or "inga"
            self.error(row["Perspektiv"][1], f"okänt perspektiv {name!r}: skriv ett av perspektiven på bladet "
                       f"{PERSPECTIVES} (där finns: {known})")
            return
        perspectives[name][1].append(area_number)

    def _rubriker(self, data: dict) -> None:
        for number, row in self.rows(RUBRIKER):
            index = self._owner(row["Område"])
            text = self.text(row["Rubrik"], True, "rubriken")
            if index is not None and text is not None:
                area = data["areas"][index]
                self.cells[("areas", index, "rubriker", len(area.setdefault("rubriker", [])))] = row["Rubrik"][1]
                area["rubriker"].append(text)

    def _owner(self, value_cell: tuple) -> int | None:
        """Return the position of the area a row's Område cell names, or None after a problem."""
        number = self._area_number(value_cell)
        if number is not None and number not in self.area_rows:
            self.error(value_cell[1], f"område {number} finns inte på bladet {AREAS}: lägg till det där eller rätta numret")
            return None
        return self.area_rows.get(number) if number is not None else None

    def _questions(self, data: dict) -> None:
        spans: dict[int, list[int]] = {}
        for number, row in self.rows(QUESTIONS):
            index = self._owner(row["Område"])
            question = {"id": self._question_id(row["Fråga"], data, index), "text": self.text(
                row["Frågetext"], True, "frågetexten"), "max": self._max(row["Max"])}
            chapter = self.text(row["Text i poängrutan"], False, "") if "Text i poängrutan" in row else None
            if chapter:
                question["chapter_text"] = chapter
            if index is None:
                continue
            questions = data["areas"][index]["questions"]
            for field, column in (("id", "Fråga"), ("text", "Frågetext"), ("max", "Max"), ("chapter_text", "Text i poängrutan")):
                self.cells[("areas", index, "questions", len(questions), field)] = row.get(column, row["Fråga"])[1]
            self.cells[("areas", index, "questions", len(questions))] = row["Fråga"][1]
            questions.append(question)
            spans.setdefault(index, []).append(number)
        for index, rows in spans.items():
            column = self.tables[QUESTIONS][1]
            self.cells[("areas", index, "questions")] = self.cell(QUESTIONS, rows[0], column["Fråga"], rows[-1])
            self.cells[("areas", index, "max")] = self.cell(QUESTIONS, rows[0], column["Max"], rows[-1])

    def _question_id(self, value_cell: tuple, data: dict, index: int | None) -> str | None:
        value, cell = value_cell
        text = self.text(value_cell, True, "frågans nummer")
        if text is None:
            return None
        qid = text.replace(",", ".")
        parts = qid.split(".")
        if len(parts) != 2 or not all(p.isdigit() for p in parts):
            self.error(cell, f"frågans nummer {_quoted(value)} ska skrivas område.fråga, t.ex. 3.2")
            return None
        if index is not None and parts[0] != str(data["areas"][index]["number"]):
            self.error(cell, f"fråga {qid} står under område {data['areas'][index]['number']}: rätta numret eller området")
        return qid

    def _max(self, value_cell: tuple) -> Decimal | None:
        number = self.number(value_cell, "maxpoängen", "12,5")
        if number is not None and number <= 0:
            self.error(value_cell[1], f"maxpoängen {_quoted(value_cell[0])} måste vara större än 0")
            return None
        return number


def _header_score(values: tuple) -> int:
    return sum(key(value) in KNOWN_COLUMNS for value in values if value is not None)


def _set(data: dict, keys: tuple, value) -> None:
    target = data
    for part in keys[:-1]:
        target = target.setdefault(part, {})
    target[keys[-1]] = value


def _quoted(value) -> str:
    """Return a cell's value as a message shows it: ``"tjugo"``, ``12,5``."""
    if isinstance(value, str):
        return f'"{value.strip()}"'
    return str(value).replace(".", ",")
