"""A rebuild of the watch writes its report while the kept helper still draws half of its charts
(``media.LateMedia``): the PDF and the DOCX are laid out with a guess of each late chart's size and
take the image when it comes. Whatever the guess, the files are those a build that waited writes."""

from __future__ import annotations

import hashlib
import os
import shutil

import pytest

from authoring.builder.build import build
from authoring.builder.plan import ready
from authoring.builder.watch import Watcher
from authoring.charts import jobs, plots
from authoring.charts.draw import media_for
from authoring.compose import compose
from authoring.media import LateMedia
from authoring.writers import WRITERS
from authoring.writers.jobs import _write_here
from authoring.writers.kept import docx_writer_kept

from .conftest import INPUTS, replace_in

pytestmark = pytest.mark.skipif(os.name != "posix" or (os.cpu_count() or 1) < 2, reason="a forked helper")


@pytest.fixture(scope="module")
def kalix():
    report = compose(ready(INPUTS / "kalix-2012"))
    return report, dict(media_for(report))


def digests(paths) -> dict[str, str]:
    return {path.suffix: hashlib.sha256(path.read_bytes()).hexdigest() for path in paths}


def written(report, media, folder, name: str) -> dict[str, str]:
    """Write the PDF and the DOCX as the watch does (the DOCX in a forked child); return their digests."""
    targets = {"pdf": folder / f"{name}.pdf", "docx": folder / f"{name}.docx"}
    _write_here(report, media, targets, {})
    return digests(targets.values())


def late(media: dict[str, bytes], keys: list[str], guesses: dict[str, bytes], **options) -> LateMedia:
    settled = []

    def settle():
        settled.append(True)
        assert len(settled) == 1, "waited for twice"
        return {key: media[key] for key in keys}
    return LateMedia({k: v for k, v in media.items() if k not in keys}, guesses, settle, **options)


def charts_of(report, kind: str) -> list[str]:
    return [chart.key for chart in report.charts if chart.kind == kind]


@pytest.mark.parametrize("guess", ["right", "another size", "one image for all", "an image already there"])
def test_a_report_with_late_charts_is_the_report_written_with_them(kalix, tmp_path, guess):
    report, media = kalix
    keys = charts_of(report, "hbars")[:3] + charts_of(report, "bars")
    radar = charts_of(report, "radar")[0]
    sizes = {}
    for key in charts_of(report, "hbars"):
        sizes.setdefault(media[key][16:24], []).append(key)  # the PNG's width and height
    same_size = max(sizes.values(), key=len)
    assert len(same_size) >= 2
    keys = same_size if guess == "one image for all" else keys
    guesses = {"right": {key: media[key] for key in keys},
               "another size": {key: media[radar] for key in keys},
               "one image for all": {key: media[same_size[0]] for key in same_size},  # python-docx shares one part
               "an image already there": {key: media[charts_of(report, "hbars")[4]] for key in keys}}[guess]

    expected = written(report, dict(media), tmp_path, "waited")

    assert written(report, late(media, keys, guesses), tmp_path, "late") == expected
    docx = tmp_path / "here.docx"  # written in this process: the same
    WRITERS["docx"](report, late(media, keys, guesses), docx, None)
    WRITERS["docx"](report, dict(media), tmp_path / "here-waited.docx", None)
    assert docx.read_bytes() == (tmp_path / "here-waited.docx").read_bytes()


def test_the_pdf_takes_late_charts_as_they_come_at_a_new_page(kalix, tmp_path):
    report, media = kalix
    keys = charts_of(report, "hbars")
    asked = []

    def arrived() -> bool:  # here from the third page on
        asked.append(True)
        return len(asked) >= 3

    media_late = late(media, keys, {key: media[key] for key in keys}, arrived=arrived)
    handed = []
    media_late.when_settled(handed.append)
    WRITERS["pdf"](report, media_late, tmp_path / "late.pdf")

    assert len(asked) == 3 and not media_late.waiting  # asked at each new page until they came, then no more
    assert handed == [{key: media[key] for key in keys}]
    WRITERS["pdf"](report, dict(media), tmp_path / "waited.pdf")
    assert (tmp_path / "late.pdf").read_bytes() == (tmp_path / "waited.pdf").read_bytes()


def test_a_watch_rebuild_goes_on_while_the_helper_draws_and_writes_what_a_fresh_build_writes(tmp_path, monkeypatch):
    folder = shutil.copytree(INPUTS / "kalix-2012", tmp_path / "inputs" / "kalix-2012")
    made = []

    class Counted(LateMedia):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            made.append(self)

    monkeypatch.setattr(jobs, "LateMedia", Counted)
    monkeypatch.setattr(jobs, "_kept", jobs._Kept())
    monkeypatch.setenv("KOMPASS_CACHE", str(tmp_path / "cache"))
    watcher = Watcher([folder], tmp_path / "watched", ("pdf", "docx"), None, lambda line: None)
    with jobs.helper_kept():
        watcher.build(folder)  # the first build: its charts are the guesses
        here, docx = os.getpid(), WRITERS["docx"]
        written_here = []

        def counted(*args, **kwargs):
            written_here.append(os.getpid() == here)
            return docx(*args, **kwargs)
        monkeypatch.setitem(WRITERS, "docx", counted)
        with docx_writer_kept():  # as the watch: the DOCX written by its kept child
            replace_in(folder / "scores.yaml", '"3.1": 12.45', '"3.1": 14')
            watcher.build(folder)
            replace_in(folder / "scores.yaml", '"3.1": 14', '"3.1": 3')
            watcher.build(folder)
        assert not any(written_here)  # in the kept child, with the late images handed to it, each time
    monkeypatch.setenv("KOMPASS_CACHE", "off")  # every chart drawn anew, here
    build(folder, tmp_path / "fresh")

    assert len(made) == 2 and not any(media.waiting for media in made)  # both rebuilds went on with late charts
    name = "kalix-2012"
    assert (digests([tmp_path / "watched" / name / f"{name}.{f}" for f in ("pdf", "docx")])
            == digests([tmp_path / "fresh" / name / f"{name}.{f}" for f in ("pdf", "docx")]))


def one_of_each_kind(report) -> list:
    kinds = {}
    for chart in report.charts:
        kinds.setdefault(chart.kind, chart)
    return list(kinds.values())


def test_a_rebuild_that_never_waited_for_its_late_charts_leaves_none_to_the_next(kalix, monkeypatch):
    charts = one_of_each_kind(kalix[0])
    monkeypatch.setattr(jobs, "_kept", jobs._Kept())
    with jobs.helper_kept():
        jobs.render_charts(tuple(charts), plots.render)  # remembered: the next drawing has its guesses
        abandoned = jobs._late(tuple(charts), charts, plots.render, {chart.key: None for chart in charts})
        assert isinstance(abandoned, LateMedia) and abandoned.waiting  # e.g. its build failed before the writers
        others = one_of_each_kind(compose(ready(INPUTS / "norsjo-2015")))  # a stale answer: Kalix's images

        assert jobs._draw(others, plots.render) == [plots.render(chart) for chart in others]
