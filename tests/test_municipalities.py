"""Official municipality names from SCB's list, and an inhabitants' genitive that is never guessed
(issue 21, point 6)."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from authoring.builder.plan import ready
from authoring.cli.commands import main
from authoring.compose import compose
from authoring.dump import dump
from authoring.templates import TEMPLATES_DIR

from .conftest import replace_in


def kompass(*args):
    return CliRunner().invoke(main, [str(a) for a in args])


def test_the_list_holds_swedens_290_municipalities_once_each():
    rows = yaml.safe_load((TEMPLATES_DIR / "kommuner.yaml").read_text(encoding="utf-8"))["municipalities"]

    assert len(rows) == 290
    assert len({r["code"] for r in rows}) == 290 and len({r["name"] for r in rows}) == 290
    assert all(len(r["code"]) == 4 and r["code"].isdigit() for r in rows)
    assert all(r["official_name"].endswith((" kommun", " stad")) or r["official_name"] == "Region Gotland"
               for r in rows)


@pytest.mark.parametrize(("name", "code", "official"), [
    ("Falun", "2080", "Falu kommun"), ("Stockholm", "0180", "Stockholms stad"), ("Gotland", "0980", "Region Gotland"),
    ("Malmö", "1280", "Malmö stad"), ("Göteborg", "1480", "Göteborgs stad"), ("Borås", "1490", "Borås stad"),
    ("Helsingborg", "1283", "Helsingborgs stad"), ("Västerås", "1980", "Västerås stad"),
    ("Haparanda", "2583", "Haparanda stad"), ("Bjurholm", "2403", "Bjurholms kommun"),
    ("Kalix", "2514", "Kalix kommun"), ("Östersund", "2380", "Östersunds kommun"), ("Norsjö", "2417", "Norsjö kommun"),
    ("Karlskrona", "1080", "Karlskrona kommun"), ("Högsby", "0821", "Högsby kommun"), ("Orust", "1421", "Orust kommun"),
    ("Upplands-Bro", "0139", "Upplands-Bro kommun"), ("Dals-Ed", "1438", "Dals-Eds kommun"),
    ("Malung-Sälen", "2023", "Malung-Sälens kommun"), ("Östra Göinge", "1256", "Östra Göinge kommun"),
])
def test_irregular_and_plain_official_names(name, code, official):
    from authoring.source.municipalities import lookup

    found = lookup(name)

    assert (found.code, found.official_name) == (code, official)
    assert lookup(official) == found and lookup(code) == found and lookup(name.upper()) == found
    assert lookup(unicodedata.normalize("NFD", name)) == found  # a name typed on macOS


def test_new_falun_is_titled_falu_kommun(tmp_path):
    result = kompass("new", "Falun", "2026", "--inputs", tmp_path)
    folder = tmp_path / "falun-2026"

    report = dump(compose(ready(folder)))

    assert result.exit_code == 0, result.output
    assert "Analys av Falu kommun" in report and "Faluns kommun" not in report
    assert "Falu kommun 2026" in (folder / "evaluation.yaml").read_text(encoding="utf-8")


def test_the_inhabitants_genitive_is_never_guessed(tmp_path):
    kompass("new", "Bjurholm", "2026", "--inputs", tmp_path)
    folder = tmp_path / "bjurholm-2026"

    checked = kompass("check", folder)
    report = dump(compose(ready(folder)))

    assert "Bjurholmbornas" not in (folder / "evaluation.yaml").read_text(encoding="utf-8")
    assert "inhabitants_genitive: är inte ifyllt" in checked.output
    assert "ta till sig invånarnas åsikter" in report and "Bjurholmbornas" not in report


def test_a_municipality_not_in_the_list_needs_an_official_name_before_a_final_report(kalix, tmp_path):
    replace_in(kalix / "evaluation.yaml", "municipality: Kalix", "municipality: Haparanda-Tornio")

    checked = kompass("check", kalix)
    refused = kompass("build", kalix, "--final", "--format", "html", "--out", tmp_path / "out")
    replace_in(kalix / "evaluation.yaml", "municipality: Haparanda-Tornio",
               "municipality: Haparanda-Tornio\nofficial_name: Haparanda-Tornio tvillingstad")
    built = kompass("build", kalix, "--final", "--format", "html", "--out", tmp_path / "out")

    assert "'Haparanda-Tornio' finns inte i listan över Sveriges kommuner: skriv official_name" in checked.output
    assert checked.exit_code == 0 and refused.exit_code == 1, refused.output
    assert built.exit_code == 0, built.output
    page = (tmp_path / "out" / "kalix-2012" / "kalix-2012.html").read_text(encoding="utf-8")
    assert "Analys av Haparanda-Tornio tvillingstad" in page


def test_new_warns_about_a_name_not_in_the_list(tmp_path):
    result = kompass("new", "Tromsø", "2026", "--inputs", tmp_path)

    assert result.exit_code == 0
    assert "Tromsø finns inte i listan över Sveriges kommuner: skriv official_name" in result.output
    assert "\nofficial_name:" in next(tmp_path.glob("*/evaluation.yaml")).read_text(encoding="utf-8")
