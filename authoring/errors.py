"""The one error hierarchy of Kompass; the CLI turns each into a message and an exit code.

    KompassError                 anything Kompass reports to the user instead of a traceback
    ├── InputError               input files are invalid (exit 1); carries every Problem found
    ├── DraftError               a final report was asked for a draft (exit 1); carries what is missing
    └── UsageError               the command was called wrongly (exit 2)
"""

from __future__ import annotations

from .problems import Problem


class KompassError(Exception):
    """Base class of every error Kompass reports to the user."""

    exit_code = 1


class InputError(KompassError):
    """Input files are invalid; ``problems`` lists each problem with file, line and key."""

    exit_code = 1

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class UsageError(KompassError):
    """The command line names something that does not exist or cannot be used."""

    exit_code = 2


class DraftError(KompassError):
    """A final report was asked for, but the evaluation is still a draft; ``todo`` says what is missing."""

    exit_code = 1

    def __init__(self, folder, todo: tuple[str, ...], facts: tuple[Problem, ...] = ()):
        self.folder = folder
        self.todo = todo
        self.facts = tuple(facts)  # facts the report would print wrongly (builder.build.final_errors)
        lines = "\n".join(f"  - {item}" for item in todo)
        wrong = "".join(f"\n  - {fact}" for fact in self.facts)
        super().__init__(f"{folder}: är ett utkast och byggs inte som slutlig rapport (--final). Detta saknas:\n{lines}"
                         + (f"\nDetta måste också rättas:{wrong}" if wrong else ""))
