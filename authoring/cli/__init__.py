"""The ``kompass`` command line (``main``): the click commands, click's own words in Swedish, the terminal tables.

A command imports the wings it needs when it runs, so ``kompass --help`` and ``kompass check``
load no writer, chart or spreadsheet library.
"""

from ..portable import tolerant_output
from .commands import main
from .framework_command import framework_group
from .guide import help_command

main.add_command(help_command)
main.add_command(framework_group)
tolerant_output()  # a Windows pipe in cp1252 gets '?' for a character it lacks, never a traceback

__all__ = ["main"]
