"""Property-based fuzzing of whole evaluations: every input is either built as a valid pair or refused.

An example is the Norsjö evaluation with one to three hostile changes: any kind of text in YAML
fields and notes, YAML edge cases (anchors, aliases, tags, nesting, float keys, documents, bytes),
Markdown edge cases, numbers, sizes, and broken files (missing, folders, FIFOs, symlinks out of
the folder, invalid UTF-8, oversize). Each example ends in exactly one outcome:

- ``built``: both formats exist, the DOCX opens with python-docx, the PDF passes ``qpdf --check``;
- ``refused``: InputError/UsageError whose every problem names a file (``located``: also a line,
  a key or a whole-file reason), and no output was written;
- failures: ``traceback`` (any other exception), ``hang`` (over the time limit), ``leak`` (text of
  a file outside the folder in an output or a message), ``partial`` (a lone format, a temporary
  file, or output beside a refusal), ``broken`` (an output that does not open).

    python -m tests.fuzzing [EXAMPLES] [SEED] [FAMILY...]  # make fuzz: 10,000 of each family, prints the counts

The families beside whole evaluations, sheets for import-scores and PDFs for check-pdf, are in
tests/fuzz_documents.py.
"""

from __future__ import annotations

import contextlib
import functools
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

import authoring.charts.draw
from authoring.builder.build import build
from authoring.errors import InputError, KompassError
from authoring.templates import style

ROOT = Path(__file__).resolve().parent.parent
BASE = "norsjo-2015"
SECRET = "HEMLIGHET-utanfor-mappen-31337"
TIME_LIMIT = 60  # seconds per example; over it counts as a hang
FAILURES = ("traceback", "hang", "leak", "partial", "broken")  # in every family
WHOLE_FILE = ("filen saknas", "är en ", "leder till", "är för stor", "är inte UTF-8-text", "kan inte läsas",
              "är ingen mapp", "är varken en utvärdering", "okänt textnamn")  # the file or folder itself


# -- strategies ----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Special:
    """A path that is not a plain file: ``dir``, ``fifo``, ``missing``, ``outside`` (symlink to the
    secret outside the folder), ``inside`` (symlink to a copy inside), ``devzero``."""

    kind: str


_controls = st.sampled_from(["\x00", "\x07", "\x0b", "\x0c", "\x1b", "\x7f", "\x85", "\ufffe", "\uffff",
                             "\ufdd0", "\U0001fffe", "\ud800", "\u2028", "\u200b", "\ufeff", "\t", "\r"])
_letters = st.sampled_from(list("abcåäöÅÄÖ éü&<>\"'#*_[]()!`\\:-|{}%$@~^\n"))
_clean = st.text(alphabet=_letters, min_size=1, max_size=60).map(str.strip).filter(bool)
TEXT = st.one_of(
    _clean, _clean, _clean,
    st.text(st.characters(blacklist_categories=("Cs", "Cc")), min_size=1, max_size=40),
    st.text(max_size=40),
    st.text(alphabet=st.one_of(_letters, _controls), max_size=60),
    st.builds(lambda c, n: c * n, st.sampled_from(["W", "Ö", "ab ", "x\u0301", "🙂"]),
              st.sampled_from([1, 99, 100, 101, 199, 200, 201, 2000, 2001, 10_000])),
)


def _text(files: dict, name: str) -> str:
    """Return the text of ``files[name]`` so far ('' if it is no longer a plain file)."""
    content = files.get(name)
    return content.decode("utf-8", "replace") if isinstance(content, bytes) else ""


def _yaml_string(text: str, raw: bool) -> str:
    if raw:
        return text.replace("\n", " ")
    return json.dumps(text)  # a JSON string is a YAML double-quoted string, escapes and all


@st.composite
def _field(draw, files):
    """Replace one text field of evaluation.yaml."""
    key = draw(st.sampled_from(["municipality", "official_name", "inhabitants_genitive", "kortfakta_value",
                                "kortfakta_label", "author", "organisation"]))
    value = _yaml_string(draw(TEXT), draw(st.booleans()))
    lines = _text(files, "evaluation.yaml").splitlines()
    if key in ("municipality", "official_name", "inhabitants_genitive"):
        lines = [line for line in lines if not line.startswith(f"{key}:")] + [f"{key}: {value}"]
    elif key.startswith("kortfakta"):
        lines = [line for line in lines if not line.startswith("kortfakta")]
        lines += ["kortfakta:", f"  - label: {value if key.endswith('label') else 'Folkmängd'}",
                  f"    value: {value if key.endswith('value') else '1 000'}"]
        lines = _dedupe_block(lines, "kortfakta:")
    else:
        lines = [line for line in lines if not line.startswith("authors")]
        lines += ["authors:", f"  - name: {value if key == 'author' else 'Anna'}",
                  f"    organisation: {value if key == 'organisation' else 'SKR'}"]
        lines = _dedupe_block(lines, "authors:")
    files["evaluation.yaml"] = ("\n".join(lines) + "\n").encode("utf-8", "surrogatepass")


def _dedupe_block(lines: list[str], header: str) -> list[str]:
    """Keep only the last block that starts with ``header`` (the one just added)."""
    last = max(i for i, line in enumerate(lines) if line == header)
    kept, skipping = [], False
    for index, line in enumerate(lines):
        if line == header and index != last:
            skipping = True
            continue
        if skipping and line.startswith(" "):
            continue
        skipping = False
        kept.append(line)
    return kept


SCORE_VALUES = st.one_of(
    st.decimals(allow_nan=False, allow_infinity=False, places=3, min_value=-5, max_value=30).map(str),
    st.sampled_from(["-0.0", "0", "1e400", "-1e400", ".nan", ".inf", "-.inf", "true", "null", "", "[]", "{}",
                     '"5,5"', '"fem"', "0x10", "1_0", "5.", "~", "'7'", "!!str 5", "!!binary aGVq",
                     "!!python/object/apply:os.system ['true']", "&a 5", "*a", "99999999999999999999999"]),
)


@st.composite
def _score(draw, files):
    """Change or add one entry of scores.yaml."""
    lines = _text(files, "scores.yaml").splitlines()
    choice = draw(st.integers(0, 3))
    if choice == 0:
        qid = draw(st.sampled_from(["1.1", "1.2", "3.4", "8.6"]))
        lines = [line for line in lines if not line.startswith(f'"{qid}"')] + [f'"{qid}": {draw(SCORE_VALUES)}']
    elif choice == 1:
        key = draw(st.sampled_from(["1.20", "1.2", "1.10", "01.1", "9.9", "1", "[1, 2]", "? [a]", "x", "1.2e0"]))
        lines.append(f"{key}: {draw(SCORE_VALUES)}")
    elif choice == 2:
        lines.insert(draw(st.integers(0, len(lines))), draw(st.sampled_from(
            ["---", "...", "%YAML 1.1", "  bad indent: 3", "\t\"1.1\": 3", "- 4", "? \"1.1\"", ": 5", "#" * 3000])))
    else:
        lines = [line.replace(": ", ":\n  ", 1) if draw(st.booleans()) else line for line in lines[:20]]
    files["scores.yaml"] = ("\n".join(lines) + "\n").encode()


WHOLE_YAML = st.sampled_from([
    b"", b"---\n", b"- 1\n- 2\n", b"just text\n", b"---\na: 1\n---\nb: 2\n", b"[" * 5000 + b"]" * 5000,
    b"a: &a [1,1,1,1,1,1,1,1,1]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n",
    b"\xef\xbb\xbfframework: '2010'\n", b"\xff\xfe\x00\x00", b"framework: \"2010\"\r\nmunicipality: X\r\n",
    b"{" * 30 + b"}" * 30, b"!!set {a, b}\n", b"a: !!timestamp 2001-13-45\n", b"\x00\x01\x02",
    b"key: \"unterminated\n", b"a:\n  - b\n c: d\n", b"<<: {a: 1}\n", b"framework: 2010\n",
])


@st.composite
def _whole_yaml(draw, files):
    files[draw(st.sampled_from(["evaluation.yaml", "scores.yaml"]))] = draw(WHOLE_YAML)


MD_BLOCKS = st.one_of(
    st.builds(lambda level, text: f"{'#' * level} {text}", st.sampled_from([2, 2, 2, 3, 3, 1, 4, 7]), TEXT),
    st.builds(lambda text: text, TEXT),
    st.builds(lambda text: text, TEXT),
    st.builds(lambda items: "\n".join(f"- {i}" for i in items), st.lists(TEXT, min_size=1, max_size=8)),
    st.builds(lambda n, text: "\n".join(f"- {text} {i}" for i in range(n)), st.sampled_from([199, 200, 201, 5000]),
              st.sampled_from(["punkt", "ord " * 50])),
    st.sampled_from(["## Styrkor", "## Förbättringsmöjligheter", "## Svagheter", "### Under", "1. ett\n2. två",
                     "- a\n  - nested", "```\ncode\n```", "    indented code", "> citat", "<div>html</div>",
                     "<!-- kommentar -->", "| a | b |\n|---|---|\n| 1 | 2 |", "![bild](x.png)",
                     "[länk](javascript:alert(1))", "<https://example.org/" + "a" * 3000 + ">", "rad  \nbrytning",
                     "***fet kursiv***", "&nbsp; &amp; &#0; &#xFFFE;", "---", "Rubrik\n===", "\\", "*" * 500,
                     "[a]: http://x", "~~~\nx", "a\\\nb", "- " + "W" * 2500]),
)


@st.composite
def _notes(draw, files):
    name = draw(st.sampled_from(["notes/area-1.md", "notes/area-5.md", "notes/summary.md"]))
    blocks = draw(st.lists(MD_BLOCKS, min_size=1, max_size=6))
    text = "\n\n".join(blocks)
    if draw(st.booleans()):
        text = _text(files, name) + "\n\n" + text
    files[name] = text.encode("utf-8", "surrogatepass")


@st.composite
def _broken(draw, files):
    name = draw(st.sampled_from(["evaluation.yaml", "scores.yaml", "notes/area-1.md", "notes/summary.md",
                                 "notes/area-8.md"]))
    kind = draw(st.sampled_from(["dir", "fifo", "missing", "outside", "inside", "devzero", "truncated",
                                 "latin1", "oversize", "bytes"]))
    current = files.get(name) if isinstance(files.get(name), bytes) else b"text\n"
    if kind == "truncated":
        files[name] = current[: draw(st.integers(0, len(current)))]
    elif kind == "latin1":
        files[name] = current.decode("utf-8", "replace").encode("latin-1", "replace") + b"\xe5\xe4\xf6"
    elif kind == "oversize":
        files[name] = b"# x\n" + b"ord " * 260_000
    elif kind == "bytes":
        files[name] = draw(st.binary(max_size=200))
    else:
        files[name] = Special(kind)


TEXT_NAMES = ("sentences.total", "headings.summary", "labels.improvements", "title", "texts.what_is",
              "areas.3.general", "areas.1.title", "draft.mark", "okänd.text")
PLACEHOLDER_TEXT = st.sampled_from(["{poäng}", "{poäng:>2000000000}", "{poäng:.5000f}", "{poäng:x}", "{poäng!r}",
                                    "{0.__class__}", "{}", "{{", "}}", "{", "{kommun}", "{okänd}", "{poäng område ²}"])


@st.composite
def _texts(draw, files):
    """Give the report a text of its own: in evaluation.yaml's texts, or as notes/texts/<name>.md."""
    name = draw(st.sampled_from(TEXT_NAMES))
    value = "".join(draw(st.lists(st.one_of(TEXT, PLACEHOLDER_TEXT), min_size=1, max_size=4)))
    if draw(st.booleans()):
        lines = [line for line in _text(files, "evaluation.yaml").splitlines() if not line.startswith("texts")]
        files["evaluation.yaml"] = ("\n".join(lines + ["texts:", f"  {name}: {_yaml_string(value, False)}"]) + "\n"
                                    ).encode("utf-8", "surrogatepass")
    else:
        files[f"notes/texts/{name}.md"] = value.encode("utf-8", "surrogatepass")


def _image(kind: str) -> bytes:
    import io

    from PIL import Image

    data = io.BytesIO()
    Image.new("CMYK" if kind == "cmyk" else "RGB", (40, 20), "navy").save(data, "JPEG" if kind == "cmyk" else "PNG")
    if kind == "broken":
        return data.getvalue()[:60] + bytes(40) + data.getvalue()[100:]
    return data.getvalue()


@st.composite
def _logo(draw, files):
    """Name a logo in evaluation.yaml: a good one, one outside the folder, one that is no usable image."""
    name, content = draw(st.sampled_from([
        ("logo.png", _image("rgb")), ("../../secret.md", None), ("/etc/passwd", None), ("fifo.png", Special("fifo")),
        ("cmyk.jpg", _image("cmyk")), ("trasig.png", _image("broken")), ("bilder/logo.png", _image("rgb")),
        ("saknas.png", None), ("länk.png", Special("outside")), ("noll.png", Special("devzero"))]))
    if content is not None:
        files[name] = content
    lines = [line for line in _text(files, "evaluation.yaml").splitlines() if not line.startswith("publication")]
    files["evaluation.yaml"] = ("\n".join(lines + ["publication:", f"  logo: {json.dumps(name)}"]) + "\n"
                                ).encode("utf-8")


MUTATIONS = st.sampled_from([_field, _field, _field, _score, _score, _whole_yaml, _notes, _notes, _notes, _broken,
                             _texts, _texts, _logo])


@st.composite
def evaluations(draw) -> dict:
    """Return the files of one hostile evaluation: relative path -> bytes or Special."""
    files = {str(p.relative_to(ROOT / "inputs" / BASE)): p.read_bytes()
             for p in (ROOT / "inputs" / BASE).rglob("*") if p.is_file()}
    for mutation in draw(st.lists(MUTATIONS, min_size=1, max_size=2)):
        draw(mutation(files))
    return files


# -- running one example -------------------------------------------------------------------------

def write_folder(files: dict, work: Path) -> Path:
    """Write ``files`` as an evaluation folder in ``work`` (with the secret outside it); return the folder."""
    shutil.rmtree(work, ignore_errors=True)
    folder = work / "inputs" / BASE
    (folder / "notes").mkdir(parents=True)
    secret = work / "secret.md"
    secret.write_text(f"## {SECRET}\n\n{SECRET}\n\n## Styrkor\n\n- {SECRET}\n", encoding="utf-8")
    for name, content in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        elif content.kind == "dir":
            path.mkdir()
        elif content.kind == "fifo":
            os.mkfifo(path)
        elif content.kind == "outside":
            path.symlink_to(secret)
        elif content.kind == "inside":
            (folder / "kopia.txt").write_bytes(b"## Kopia\n\nText.\n")
            path.symlink_to(folder / "kopia.txt")
        elif content.kind == "devzero":
            path.symlink_to("/dev/zero")
    return folder


class _Timeout(Exception):
    pass


def _alarm(_signum, _frame):
    raise _Timeout


def run_example(files: dict, work: Path) -> tuple[str, str]:
    """Return (outcome, detail) of building the evaluation ``files`` in ``work``."""
    folder = write_folder(files, work)
    out = work / "out"
    previous = signal.signal(signal.SIGALRM, _alarm)
    signal.alarm(TIME_LIMIT)
    try:
        paths = build(folder, out)
    except _Timeout:
        return "hang", ""
    except InputError as exc:
        return _refused(exc.problems, str(exc), out)
    except KompassError as exc:
        return _refused([], str(exc), out)
    except Exception:
        return "traceback", traceback.format_exc(limit=6)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return _built(paths, out / BASE)


def _refused(problems, message: str, out: Path) -> tuple[str, str]:
    if SECRET in message:
        return "leak", message
    if out.exists() and any(out.rglob("*")):
        return "partial", f"output beside a refusal: {sorted(p.name for p in out.rglob('*'))}"
    errors = [p for p in problems if p.severity.value == "error"]
    if any(p.file is None for p in errors):
        return "traceback", f"a problem without a file: {message}"
    located = all(p.line is not None or p.key or any(w in p.message for w in WHOLE_FILE) for p in errors)
    return ("refused_located" if located else "refused_unlocated"), message


def _built(paths: list[Path], out_dir: Path) -> tuple[str, str]:
    names = sorted(p.name for p in out_dir.iterdir())
    if names != [".kompass-build.json", f"{BASE}.docx", f"{BASE}.pdf"]:
        return "partial", f"output folder holds {names}"
    pdf, docx = out_dir / f"{BASE}.pdf", out_dir / f"{BASE}.docx"
    check = subprocess.run(["qpdf", "--check", str(pdf)], capture_output=True, text=True)
    if check.returncode != 0:
        return "broken", check.stdout[-500:]
    try:
        docx_text = "".join(Document(str(docx)).element.body.itertext())
    except Exception as exc:  # python-docx raises several kinds for a damaged package
        return "broken", f"DOCX does not open: {exc}"
    pdf_text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True).stdout
    if SECRET in docx_text or SECRET in pdf_text:
        return "leak", "the secret outside the folder is in the report"
    return "built", ""


@contextlib.contextmanager
def fast_charts():
    """Render charts at 30 dpi and once per distinct chart while inside: the same code, a fraction of
    the time. Both are undone after, so the tests that run next in this process see real charts."""
    settings, render = style()["charts"], authoring.charts.draw.render
    dpi = settings["dpi"]
    settings["dpi"] = 30
    authoring.charts.draw.render = functools.lru_cache(maxsize=256)(render)
    try:
        yield
    finally:
        settings["dpi"], authoring.charts.draw.render = dpi, render


def outcome_is_acceptable(outcome: str) -> bool:
    return outcome in ("built", "imported", "checked", "refused_located", "refused_unlocated")


# -- make fuzz -----------------------------------------------------------------------------------

def families() -> dict:
    """Return each fuzz family: name -> (strategy, run(example, work) -> (outcome, detail))."""
    from .fuzz_documents import pdfs, run_pdf_example, run_sheet_example, sheets

    from . import fuzzing_pull

    return {"evaluations": (evaluations(), run_example),
            "pull": (fuzzing_pull.EXAMPLES, fuzzing_pull.run_example),
            "sheets": (sheets(), lambda example, work: run_sheet_example(example, work, TIME_LIMIT)),
            "pdfs": (pdfs(), lambda example, work: run_pdf_example(example, work, TIME_LIMIT))}


def _fuzz(strategy, run, examples: int, chosen_seed: int, work: Path) -> tuple[Counter, list, float]:
    """Return the outcome counts, the first 20 failures and the seconds of ``examples`` runs of one family."""
    counts: Counter[str] = Counter()
    failures: list[tuple[str, str]] = []
    started = time.monotonic()

    @seed(chosen_seed)
    @settings(max_examples=examples, deadline=None, database=None, derandomize=False,
              suppress_health_check=list(HealthCheck), phases=["generate"])
    @given(strategy)
    def probe(example):
        outcome, detail = run(example, work)
        counts[outcome] += 1
        if outcome in FAILURES and len(failures) < 20:
            failures.append((outcome, detail))
        total = sum(counts.values())
        if total % 500 == 0:
            print(f"  {total} examples, {time.monotonic() - started:.0f} s: {dict(counts)}", flush=True)

    probe()
    return counts, failures, time.monotonic() - started


def main() -> None:
    """python -m tests.fuzzing [EXAMPLES [SEED [FAMILY...]]]: EXAMPLES of each family (all by default)."""
    examples = int(sys.argv[1]) if len(sys.argv) > 1 else 10_000
    chosen_seed = int(sys.argv[2]) if len(sys.argv) > 2 else int(time.time())
    chosen = sys.argv[3:] or list(families())
    failed = False
    with tempfile.TemporaryDirectory() as work, fast_charts():
        for name in chosen:
            strategy, run = families()[name]
            counts, failures, seconds = _fuzz(strategy, run, examples, chosen_seed, Path(work) / name / "example")
            done = ", ".join(f"{outcome} {n}" for outcome, n in sorted(counts.items()) if outcome not in FAILURES)
            print(f"fuzz {name} (seed {chosen_seed}, {seconds:.0f} s): examples {sum(counts.values())}, {done}, "
                  + ", ".join(f"{outcome} {counts[outcome]}" for outcome in FAILURES), flush=True)
            for outcome, detail in failures:
                print(f"--- {outcome}\n{detail}")
            failed = failed or any(counts[outcome] for outcome in FAILURES)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
