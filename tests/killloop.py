"""Kill ``kompass batch``, ``kompass pull`` and ``kompass import-scores`` with SIGKILL at random moments; count what broke.

batch: each round changes a marker sentence in every evaluation's notes, starts a batch, kills it
after a random delay (sometimes the main process only, sometimes the whole process group), then
runs batch again to completion. A report whose PDF or DOCX lacks the round's marker after that is a
stale skip; one that fails ``qpdf --check`` or does not open with python-docx is a broken pair.

pull: each round pulls a DOCX edited in two notes regions and in Kortfakta (three files to write),
kills it after a random delay, then runs ``kompass check`` (which completes what a killed pull
began): the three files must then be all as before or all as pulled, never some (a partial pull).

import-scores: each round imports a new score for question 1.1 into 30 evaluations and kills the
import after a random delay; the next import (question 1.2 everywhere) first completes or undoes
what the killed one left. Then question 1.1 must hold the new score in every evaluation or in none
(a partial import otherwise), every scores.yaml must read (a broken one otherwise), and no staged
file or journal may be left.

    python -m tests.killloop [ROUNDS] [SEED]     # all three, prints the counts; make killloop runs 20 rounds
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parent.parent
EVALUATIONS = ("norsjo-2015", "kalix-2012")
KOMPASS = [sys.executable, "-c", "from authoring.cli import main; main()"]
ANCHOR = "## Styrkor"


def run(rounds: int, seed: int, work: Path) -> dict[str, int]:
    """Return the counts of ``rounds`` kill rounds in the folder ``work``."""
    rng = random.Random(seed)
    inputs, out = work / "inputs", work / "out"
    for name in EVALUATIONS:
        shutil.copytree(ROOT / "inputs" / name, inputs / name)
    started = time.monotonic()
    _batch(inputs, out)
    duration = time.monotonic() - started
    counts = {"kills": 0, "main_only_kills": 0, "stale_skips": 0, "broken_pairs": 0, "orphans": 0,
              "leftover_temporaries": 0}
    for round_ in range(rounds):
        marker = f"Kontrollmarkör {seed} {round_}"
        for name in EVALUATIONS:
            _set_marker(inputs / name / "notes" / "area-1.md", marker)
        process = subprocess.Popen([*KOMPASS, "batch", str(inputs), "--out", str(out), "--jobs", "2"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0, duration))
        main_only = rng.random() < 0.5
        try:
            if main_only:
                process.kill()
            else:
                os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        counts["kills"] += 1
        counts["main_only_kills"] += main_only
        counts["orphans"] += _orphans(process.pid)
        _batch(inputs, out)
        for name in EVALUATIONS:
            state = _state(out / name, marker)
            counts["stale_skips"] += state == "stale"
            counts["broken_pairs"] += state == "broken"
        counts["leftover_temporaries"] += len(list(out.glob("*/.kompass-*.tmp")))
    counts.update(pull_rounds(rounds, rng, work / "pull"))
    return counts


def pull_rounds(rounds: int, rng: random.Random, work: Path) -> dict[str, int]:
    """Return the counts of ``rounds`` pulls killed at random moments (see the module's docstring)."""
    name = EVALUATIONS[1]
    original = Path(shutil.copytree(ROOT / "inputs" / name, work / "original" / name))
    subprocess.run([*KOMPASS, "build", str(original), "--out", str(work / "out"), "--format", "docx"], check=True,
                   capture_output=True)
    docx = _edited_docx(work / "out" / name / f"{name}.docx", work / f"{name}.docx")
    before = _snapshot(original)
    pulled = Path(shutil.copytree(original, work / "pulled" / name))
    started = time.monotonic()
    subprocess.run([*KOMPASS, "pull", str(docx), str(pulled), "--yes"], check=True, capture_output=True)
    duration = time.monotonic() - started
    after = _snapshot(pulled)
    assert len([f for f in after if after[f] != before.get(f)]) == 3, "the edited DOCX should change three files"
    counts = {"pull_kills": 0, "pulls_left_undone": 0, "pulls_done": 0, "partial_pulls": 0, "pull_leftovers": 0}
    for round_ in range(rounds):
        folder = work / f"round-{round_}" / name
        shutil.copytree(original, folder)
        process = subprocess.Popen([*KOMPASS, "pull", str(docx), str(folder), "--yes"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(duration * 0.5, duration))  # the writes come at the end
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        process.wait()
        counts["pull_kills"] += 1
        subprocess.run([*KOMPASS, "check", str(folder)], capture_output=True)
        now = _snapshot(folder)
        counts["pulls_left_undone"] += now == before
        counts["pulls_done"] += now == after
        counts["partial_pulls"] += now not in (before, after)
        counts["pull_leftovers"] += len([f for f in now if ".kompass-" in f])
    return counts


def _edited_docx(docx: Path, dest: Path) -> Path:
    """Write ``docx`` with a notes region of areas 1 and 2 and one Kortfakta value changed, to ``dest``."""
    document = Document(str(docx))
    changed = 0
    for paragraph in document.paragraphs:
        if changed < 2 and paragraph.text.startswith(("Kalix arbete med information", "Kalix har medborgar")) and paragraph.runs:
            paragraph.runs[0].text = "Ändrat i Word: " + paragraph.runs[0].text
            changed += 1
    document.tables[-1].rows[1].cells[1].paragraphs[0].runs[0].text = "4711"
    document.save(str(dest))
    return dest


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def _set_marker(path: Path, marker: str) -> None:
    lines = [line for line in path.read_text(encoding="utf-8").splitlines()
             if "Kontrollmarkör" not in line and line != "## Kontroll"]
    text = "\n".join(lines).replace(ANCHOR, f"## Kontroll\n\n{marker}.\n\n{ANCHOR}", 1)
    path.write_text(text + "\n", encoding="utf-8")


def _batch(inputs: Path, out: Path) -> None:
    result = subprocess.run([*KOMPASS, "batch", str(inputs), "--out", str(out), "--jobs", "2"],
                            capture_output=True, text=True, timeout=600)
    if result.returncode != 0:
        raise AssertionError(f"batch failed after a kill:\n{result.stdout}\n{result.stderr}")


def _orphans(pgid: int, wait: float = 5.0) -> int:
    """Return how many processes of the killed batch's group still run after ``wait`` seconds."""
    deadline = time.monotonic() + wait
    while True:
        alive = [pid for pid in _group(pgid)]
        if not alive or time.monotonic() > deadline:
            for pid in alive:
                os.kill(pid, signal.SIGKILL)
            return len(alive)
        time.sleep(0.2)


def _group(pgid: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[2]) == pgid and fields[0] != "Z":
                pids.append(int(entry.name))
    return pids


def _state(folder: Path, marker: str) -> str:
    """Return "ok", "stale" (a format lacks ``marker``) or "broken" (a format does not open)."""
    name = folder.name
    pdf, docx = folder / f"{name}.pdf", folder / f"{name}.docx"
    if subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True).returncode != 0:
        return "broken"
    try:
        docx_text = "".join(Document(str(docx)).element.body.itertext())
    except Exception:
        return "broken"
    pdf_text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    return "ok" if marker in docx_text and marker in " ".join(pdf_text.split()) else "stale"


IMPORTED = 30  # evaluations one import writes: a longer window for a kill between two moves


def run_import(rounds: int, seed: int, work: Path) -> dict[str, int]:
    """Return the counts of ``rounds`` kill rounds of import-scores in the folder ``work``."""
    from authoring.source.framework import load_framework
    from authoring.source.scaffold import create

    rng = random.Random(seed)
    inputs = work / "inputs"
    names = [f"Kommun{chr(ord('a') + n // 26)}{chr(ord('a') + n % 26)}" for n in range(IMPORTED)]
    folders = [create(inputs, name, 2024, load_framework("2010")) for name in names]
    started = time.monotonic()
    _import(work, inputs, names, "1.1", 0)
    duration, previous = time.monotonic() - started, 0
    counts = {"kills": 0, "main_only_kills": 0, "all_updated": 0, "none_updated": 0, "partial_imports": 0,
              "broken_scores": 0, "orphans": 0, "leftover_files": 0}
    for round_ in range(rounds):
        score = 1 + (previous % 14)  # never the score it has now
        sheet = _sheet(work, names, "1.1", score)
        process = subprocess.Popen([*KOMPASS, "import-scores", str(sheet), "--inputs", str(inputs), "--yes"],
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
        time.sleep(rng.uniform(0, duration))
        main_only = rng.random() < 0.5
        _kill(process, main_only)
        counts["kills"] += 1
        counts["main_only_kills"] += main_only
        counts["orphans"] += _orphans(process.pid)
        _import(work, inputs, names, "1.2", round_ % 20)  # the next run: recovers, then imports
        values = [_score(folder, "1.1") for folder in folders]
        if None in values or any(_score(folder, "1.2") != round_ % 20 for folder in folders):
            counts["broken_scores"] += 1
        elif set(values) == {score}:
            counts["all_updated"] += 1
            previous = score
        elif set(values) == {previous}:
            counts["none_updated"] += 1
        else:
            counts["partial_imports"] += 1
            previous = values[0]
            _import(work, inputs, names, "1.1", previous)  # one state again, for the next round
        counts["leftover_files"] += len(list(inputs.rglob(".kompass*")))
    return counts


def _sheet(work: Path, names: list[str], question: str, score: int) -> Path:
    sheet = work / f"poäng-{question}.csv"
    sheet.write_text("kommun;år;fråga;poäng\n" + "".join(f"{name};2024;{question};{score}\n" for name in names),
                     encoding="utf-8")
    return sheet


def _import(work: Path, inputs: Path, names: list[str], question: str, score: int) -> None:
    sheet = _sheet(work, names, question, score)
    result = subprocess.run([*KOMPASS, "import-scores", str(sheet), "--inputs", str(inputs), "--yes"], capture_output=True,
                            text=True, timeout=600)
    if result.returncode != 0:
        raise AssertionError(f"import-scores failed after a kill:\n{result.stdout}\n{result.stderr}")


def _score(folder: Path, question: str):
    """Return the score of ``question`` in ``folder``'s scores.yaml, or None if the file does not read."""
    import yaml

    try:
        return yaml.safe_load((folder / "scores.yaml").read_text(encoding="utf-8"))[question]
    except (OSError, yaml.YAMLError, TypeError, KeyError):
        return None


def _kill(process: subprocess.Popen, main_only: bool) -> None:
    try:
        if main_only:
            process.kill()
        else:
            os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait()


BATCH_FAILURES = ("stale_skips", "broken_pairs", "orphans", "leftover_temporaries", "partial_pulls", "pull_leftovers")
IMPORT_FAILURES = ("partial_imports", "broken_scores", "orphans", "leftover_files")


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    seed = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
    with tempfile.TemporaryDirectory() as work:
        counts = run(rounds, seed, Path(work) / "batch")
        print(f"kill loop, batch (seed {seed}): " + ", ".join(f"{key} {value}" for key, value in counts.items()),
              flush=True)
        imports = run_import(rounds, seed, Path(work) / "import")
        print(f"kill loop, import-scores (seed {seed}): "
              + ", ".join(f"{key} {value}" for key, value in imports.items()))
    sys.exit(1 if any(counts[k] for k in BATCH_FAILURES) or any(imports[k] for k in IMPORT_FAILURES) else 0)


if __name__ == "__main__":
    main()
