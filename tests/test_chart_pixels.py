"""A chart is drawn once and cut to what its pixels show: the same image as matplotlib's tight
bounding box gives, and never a part cut off (where something reaches the edge, it is laid out again)."""

from __future__ import annotations

import io

import numpy as np
import pytest
from PIL import Image

from authoring.charts import plots
from authoring.charts.png import drawn_box, opaque_png, png_rows
from authoring.compose import compose
from authoring.source.evaluation import load_evaluation
from authoring.templates import style

from .conftest import INPUTS


@pytest.fixture(scope="module")
def charts():
    return {chart.kind: chart for chart in compose(load_evaluation(INPUTS / "kalix-2012")).charts}


def pixels(data: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(data)).convert("RGB"))


def tight(chart) -> np.ndarray:
    """The chart as matplotlib cuts it itself: laid out and drawn twice."""
    with plots.drawn(chart) as figure:
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=style()["charts"]["dpi"], bbox_inches="tight",
                       pad_inches=plots.PAD, facecolor="white")
    return pixels(buffer.getvalue())


def margins(rgb: np.ndarray) -> tuple[int, int, int, int]:
    """Return the white rows above and below, and the white columns left and right, of what is drawn."""
    drawn = (rgb != 255).any(axis=2)
    rows, columns = np.flatnonzero(drawn.any(axis=1)), np.flatnonzero(drawn.any(axis=0))
    return rows[0], len(rgb) - 1 - rows[-1], columns[0], rgb.shape[1] - 1 - columns[-1]


@pytest.mark.parametrize("kind", ["bars", "radar", "hbars"])
def test_a_chart_is_what_is_drawn_with_the_same_margin_on_every_side(charts, kind):
    pad = round(plots.PAD * style()["charts"]["dpi"])

    image = pixels(plots.render(charts[kind]))
    cut_by_matplotlib = tight(charts[kind])

    assert margins(image) == (pad, pad, pad, pad)
    # matplotlib's box is the extent of each text, a pixel or a few beyond its ink
    assert np.allclose(image.shape[:2], cut_by_matplotlib.shape[:2], atol=0.02 * max(image.shape))
    assert (image != 255).any(axis=2).sum() == pytest.approx((cut_by_matplotlib != 255).any(axis=2).sum(), rel=0.02)


def test_a_chart_whose_labels_reach_beyond_its_canvas_is_laid_out_again_whole(charts, monkeypatch):
    whole = pixels(plots.render(charts["radar"]))
    monkeypatch.setattr(plots, "RADAR_ROOM", (0.3, 0.3))  # the labels run off the canvas

    image = pixels(plots.render(charts["radar"]))

    assert np.allclose(image.shape[:2], whole.shape[:2], atol=0.02 * max(whole.shape))
    assert min(margins(image)) > 0


def test_the_box_of_what_is_drawn():
    rgba = np.full((6, 8, 4), 255, dtype=np.uint8)
    assert drawn_box(rgba) == (slice(0, 0), slice(0, 0))
    rgba[2, 3] = (0, 0, 0, 255)
    rgba[4, 5, 1] = 254  # any channel counts
    assert drawn_box(rgba) == (slice(2, 5), slice(3, 6))
    rgba[0, 4] = (10, 10, 10, 255)  # on the edge: it may go on beyond the canvas
    assert drawn_box(rgba) is None


def test_rows_with_a_white_margin_encode_the_pixels_losslessly():
    rgba = np.random.default_rng(2).integers(0, 256, size=(7, 5, 4), dtype=np.uint8)

    image = np.array(Image.open(io.BytesIO(opaque_png(png_rows(rgba, 3), 300))))

    assert image.shape == (13, 11, 3)
    assert np.array_equal(image[3:10, 3:8], rgba[:, :, :3])
    image[3:10, 3:8] = 255
    assert (image == 255).all()


@pytest.mark.parametrize("kind", ["bars", "radar", "hbars"])
def test_a_chart_drawn_once_has_the_pixels_savefig_draws_twice(charts, kind):
    """savefig lays a figure with a layout engine (bars, hbars) out in a first, blank drawing; the
    canvas's one drawing lays it out as it draws: the same pixels."""
    dpi = style()["charts"]["dpi"]
    with plots.drawn(charts[kind]) as figure:
        saved = io.BytesIO()
        figure.savefig(saved, format="raw", dpi=dpi, facecolor="white")
    with plots.drawn(charts[kind]) as figure:
        once = plots._drawn_once(figure, dpi)
    assert once.tobytes() == saved.getvalue()
