"""Charts are readable in print: contrast of every series, label sizes, no text over other text."""

from __future__ import annotations

import io
import itertools

from PIL import Image

from authoring.charts.plots import drawn, render, series_colours
from authoring.compose import compose
from authoring.source.evaluation import load_evaluation
from authoring.model import Figure
from authoring.templates import colour, style

from .conftest import replace_in

MM_PER_INCH = 25.4
TEXT_WIDTH_MM = 160  # A4 less the 25 mm margins (templates/style.yaml), as in both writers


def relative_luminance(hex_colour: str) -> float:
    """Return the WCAG 2 relative luminance of ``#RRGGBB``."""
    channels = [int(hex_colour[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first: str, second: str) -> float:
    lighter, darker = sorted((relative_luminance(first), relative_luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def test_the_contrast_formula_gives_the_known_ratios():
    assert round(contrast("#000000", "#FFFFFF"), 1) == 21.0
    assert round(contrast("#9DC3E6", "#FFFFFF"), 2) == 1.84  # the old earlier-evaluation colour


def test_every_series_colour_has_at_least_3_to_1_against_the_white_background():
    names = style()["charts"]["series"]

    ratios = {name: contrast(colour(name), "#FFFFFF") for name in names}

    assert len(names) >= 6
    assert all(ratio >= 3 for ratio in ratios.values()), ratios


def test_neighbouring_series_differ_in_colour():
    colours = series_colours(6)

    assert len(set(colours)) == 6


def rich_report(folder):
    """Return the composed Kalix report with two earlier evaluations and two references."""
    replace_in(folder / "evaluation.yaml", '  - year: 2003                      # "Den första genomfördes 2003."',
               "  - year: 2003\n    scores: {1: 40, 2: 45, 3: 50, 4: 42, 5: 38, 6: 47, 7: 35, 8: 52}\n"
               "  - year: 2008\n    scores: {1: 44, 2: 41, 3: 55, 4: 40, 5: 42, 6: 49, 7: 39, 8: 50}\n")
    replace_in(folder / "evaluation.yaml", '    framework: "2007"', "   ")
    text = (folder / "evaluation.yaml").read_text(encoding="utf-8")
    (folder / "evaluation.yaml").write_text(text + (
        "references:\n"
        "  - {kind: municipality, name: Vindeln, year: 2011, scores: {1: 55, 2: 48, 3: 60, 4: 57, 5: 50, 6: 52,"
        " 7: 49, 8: 58}}\n"
        "  - {kind: average, count: 33, period: [2010, 2012], scores: {1: 45, 2: 58, 3: 50, 4: 47, 5: 60, 6: 42,"
        " 7: 59, 8: 48}}\n"), encoding="utf-8")
    return compose(load_evaluation(folder))


def figures(report) -> list[Figure]:
    return [block for block in report.blocks if isinstance(block, Figure)]


def texts_of(figure):
    """Return every visible, non-empty text of a drawn matplotlib figure."""
    from matplotlib.text import Text
    return [t for t in figure.findobj(Text) if t.get_visible() and t.get_text().strip()]


def test_every_label_is_at_least_8_pt_at_print_size(kalix):
    report = rich_report(kalix)

    for block in figures(report):
        image_width_px = Image.open(io.BytesIO(render(block.chart))).size[0]
        drawn_width_mm = image_width_px / style()["charts"]["dpi"] * MM_PER_INCH  # the image, placed at its width
        scale = block.width * TEXT_WIDTH_MM / drawn_width_mm
        with drawn(block.chart) as figure:
            sizes = {t.get_text(): t.get_fontsize() * scale for t in texts_of(figure)}

        assert min(sizes.values()) >= 8, (block.chart.key, {k: round(v, 1) for k, v in sizes.items() if v < 8})


def test_no_legend_or_label_text_overlaps_another_text(kalix):
    report = rich_report(kalix)
    kinds = {block.chart.kind for block in figures(report)}
    assert kinds == {"bars", "radar", "hbars"}
    assert len(next(b for b in figures(report) if b.chart.kind == "radar").chart.series) == 5

    for block in figures(report):
        with drawn(block.chart) as figure:
            figure.canvas.draw()
            renderer = figure.canvas.get_renderer()
            boxes = [(t.get_text(), t.get_window_extent(renderer)) for t in texts_of(figure)]
            legends = [legend.get_window_extent(renderer) for legend in figure.legends]
            legend_texts = {t.get_text() for legend in figure.legends for t in legend.get_texts()}

        for (first, a), (second, b) in itertools.combinations(boxes, 2):
            assert not a.overlaps(b), (block.chart.key, first, second)
        for legend in legends:
            for text, box in boxes:
                assert text in legend_texts or not legend.overlaps(box), (block.chart.key, text)


def test_radar_labels_wrap_between_words_and_keep_the_number_with_its_word():
    from authoring.charts.plots import radar_label

    label = radar_label(7, "Verksamhetsutveckling")

    assert label == "7\u00a0Verksamhetsutveckling"
    assert radar_label(4, "Ledarskap, ansvar och delegation").splitlines()[0].startswith("4\u00a0Ledarskap")
