"""Time `kompass batch` on a generated campaign: a cold build, a warm run, one changed score.

    .venv/bin/python bench/batch_campaign.py [SIZE] [--jobs N]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from authoring.builder.batch import batch  # noqa: E402
from tests.campaign_factory import make_campaign  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("size", type=int, nargs="?", default=30)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args()
    quiet = Console(file=open("/dev/null", "w"))
    with tempfile.TemporaryDirectory() as tmp:
        inputs, out = Path(tmp) / "inputs", Path(tmp) / "output"
        make_campaign(inputs, args.size)
        for label, change in (("cold", None), ("warm", None), ("one changed", "testby-01-2010")):
            if change:
                scores = inputs / change / "scores.yaml"
                scores.write_text(scores.read_text().replace('"1.1": ', '"1.1": 1 #', 1))
            start = time.perf_counter()
            result = batch([inputs], out, jobs=args.jobs, console=quiet)
            seconds = time.perf_counter() - start
            built = sum(o.status == "built" for o in result.outcomes)
            print(f"{label:<12} {seconds:7.1f} s  built {built:3d} of {len(result.outcomes)}")


if __name__ == "__main__":
    main()
