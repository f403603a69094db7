"""Charts come from a content-addressed cache: the same chart is drawn once, a damaged entry is drawn again.

The last layout of a report is only a guess for the next: wrong or damaged, it never changes a page.
"""

from __future__ import annotations

import io
from pathlib import Path
from dataclasses import replace

import numpy as np
import pytest
from PIL import Image
from pypdf import PdfReader

from authoring.charts import cache as chartcache
from authoring import load_evaluation
from authoring.charts.draw import media_for
from authoring.compose import compose
from authoring.model import ChartSeries, ChartSpec, Heading
from authoring.writers import pdf
from authoring.charts.png import opaque_png, png_rows
from authoring.templates import style

from .conftest import INPUTS
from .pdftext import page_texts

CHART = ChartSpec(key="area-1", kind="hbars", categories=("1.1", "1.2"),
                  series=(ChartSeries(name="Kalix", role="subject", values=(40.0, 75.0)),),
                  value_max=100, value_labels=("40 %", "75 %"), axis_label="Andel av maxpoäng")


@pytest.fixture
def cache(tmp_path, monkeypatch):
    monkeypatch.setenv("KOMPASS_CACHE", str(tmp_path))
    return tmp_path / "charts"


class Renderer:
    def __init__(self):
        self.calls = 0

    def __call__(self, chart):
        self.calls += 1
        return f"png of {chart.key} {self.calls}".encode()


def test_draws_a_chart_once_and_then_reads_it_from_the_cache(cache):
    render = Renderer()

    first = chartcache.cached(CHART, render)
    second = chartcache.cached(CHART, render)

    assert render.calls == 1
    assert first == second == b"png of area-1 1"
    assert [p.name for p in cache.iterdir()] == [f"{chartcache.chart_key(CHART)}.png"]


def test_draws_a_damaged_entry_again_and_repairs_it(cache):
    render = Renderer()
    chartcache.cached(CHART, render)
    entry = cache / f"{chartcache.chart_key(CHART)}.png"

    for damage in (entry.read_bytes()[:-3], b"", entry.read_bytes()[:32] + b"wrong image"):
        entry.write_bytes(damage)
        assert chartcache.cached(CHART, render) == f"png of area-1 {render.calls}".encode()
    assert render.calls == 4
    assert chartcache.cached(CHART, render) == b"png of area-1 4"


def test_keys_by_spec_and_style(cache, monkeypatch):
    changed_value = replace(CHART, series=(replace(CHART.series[0], values=(40.0, 76.0)),))
    key = chartcache.chart_key(CHART)

    assert chartcache.chart_key(changed_value) != key
    monkeypatch.setitem(style()["colours"], "primary", "#000000")
    assert chartcache.chart_key(CHART) != key


def test_can_be_turned_off(tmp_path, monkeypatch):
    monkeypatch.setenv("KOMPASS_CACHE", "off")
    render = Renderer()

    chartcache.cached(CHART, render)
    chartcache.cached(CHART, render)

    assert render.calls == 2
    assert chartcache.cache_dir() is None


def test_encodes_the_opaque_pixels_losslessly():
    rgba = np.random.default_rng(1).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)

    image = Image.open(io.BytesIO(opaque_png(png_rows(rgba), 300)))

    assert image.mode == "RGB" and image.size == (5, 7)
    assert np.array_equal(np.asarray(image), rgba[:, :, :3])
    assert round(image.info["dpi"][0]) == 300


def test_a_wrong_layout_hint_costs_a_layout_pass_never_a_wrong_page(tmp_path, monkeypatch):
    monkeypatch.setenv("KOMPASS_CACHE", str(tmp_path / "cache"))
    report = compose(load_evaluation(INPUTS / "kalix-2012"))
    media = media_for(report)
    anchors = [b.anchor for b in report.blocks if isinstance(b, Heading)]

    right = pdf.write(report, media, tmp_path / "none.pdf")
    wrong = pdf.write(report, media, tmp_path / "wrong.pdf", {anchor: 99 for anchor in anchors})
    guessed = pdf.write(report, media, tmp_path / "right.pdf", right)

    assert wrong == guessed == right
    texts = {name: page_texts(PdfReader(tmp_path / f"{name}.pdf")) for name in ("none", "wrong", "right")}
    assert texts["wrong"] == texts["right"] == texts["none"]


def test_an_early_drawer_draws_the_same_images_as_this_process(cache):
    from authoring.charts.draw import render
    from authoring.charts.drawn import Drawer

    report = compose(load_evaluation(INPUTS / "kalix-2012"))
    charts = list(report.charts[:4])  # enough for the drawer's sibling to draw half
    drawer = Drawer.start()

    drawn = drawer.draw(charts)

    assert drawn == [render(chart) for chart in charts]
    assert not drawer.process.is_alive()


def test_a_build_whose_charts_were_all_cached_is_not_expected_to_draw(cache, tmp_path):
    import shutil

    from authoring.builder.build import build
    from authoring.builder.early import charts_digest
    from authoring.charts.drawn import likely_drawn

    folder = Path(shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012"))
    expected_before = likely_drawn(folder, charts_digest(folder))

    build(folder, tmp_path / "out", ("pdf",))
    (folder / "notes" / "area-1.md").write_text("Omskriven text.\n", encoding="utf-8")  # no chart changes

    assert expected_before
    assert not likely_drawn(folder, charts_digest(folder))
    scores = folder / "scores.yaml"
    scores.write_text(scores.read_text(encoding="utf-8").replace('"1.4": ', '"1.4": 0 #', 1), encoding="utf-8")
    assert likely_drawn(folder, charts_digest(folder))  # a score changed: its charts will be drawn


def test_a_chart_drawn_by_other_matplotlib_or_numpy_versions_has_another_key(monkeypatch):
    import importlib.metadata

    from authoring import remembered

    def key_with(*installed: str) -> str:
        monkeypatch.setattr(remembered, "libraries", lambda: ("click-8.1.7.dist-info", *installed))
        chartcache._code_version.cache_clear()
        return chartcache.chart_key(CHART)

    try:
        now = key_with("matplotlib-3.11.2.dist-info", "numpy-2.4.6.dist-info")
        assert key_with("matplotlib-3.11.2.dist-info", "numpy-2.4.6.dist-info") == now
        assert key_with("matplotlib-3.12.0.dist-info", "numpy-2.4.6.dist-info") != now
        assert key_with("matplotlib-3.11.2.dist-info", "numpy-2.5.0.dist-info") != now
        # installed where no site-packages folder lists them: their versions from their metadata
        asked = []
        monkeypatch.setattr(importlib.metadata, "version", lambda name: asked.append(name) or "1.0")
        first = key_with()
        assert asked == ["matplotlib", "numpy"] and key_with() == first != now
    finally:
        chartcache._code_version.cache_clear()
