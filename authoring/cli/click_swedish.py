"""Click's own words in Swedish: usage lines, option headings, its error messages and yes/no questions.

Click marks its strings for gettext (``_`` and ``ngettext`` imported into each module). The
evaluator's language does not depend on the machine's locale, so instead of a catalogue chosen by
environment variables the catalogue below is installed into those modules when the CLI starts.
"""

from __future__ import annotations

import importlib

import click

SWEDISH = {
    "Usage:": "Användning:",
    "Options": "Flaggor",
    "Commands": "Kommandon",
    "Positional arguments": "Argument",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
    "Show the version and exit.": "Visa versionen och avsluta.",
    "%(prog)s, version %(version)s": "%(prog)s, version %(version)s",
    "Error: {message}": "Fel: {message}",
    "Try '{command} {option}' for help.": "Skriv '{command} {option}' för hjälp.",
    "Missing argument": "Argument saknas",
    "Missing option": "Flagga saknas",
    "Missing parameter": "Parameter saknas",
    "Missing command.": "Kommando saknas.",
    "Missing {param_type}": "{param_type} saknas",
    "Missing parameter: {param_name}": "Parameter saknas: {param_name}",
    "No such command {name!r}.": "Det finns inget kommando {name!r}.",
    "No such option {name!r}.": "Det finns ingen flagga {name!r}.",
    "Option {name!r} does not take a value.": "Flaggan {name!r} tar inget värde.",
    "Invalid value for {param_hint}: {message}": "Ogiltigt värde för {param_hint}: {message}",
    "Invalid value: {message}": "Ogiltigt värde: {message}",
    "{value!r} is not a valid {number_type}.": "{value!r} är inget giltigt {number_type}.",
    "{value} is not in the range {range}.": "{value} ligger inte inom {range}.",
    "{name} {filename!r} does not exist.": "{name} {filename!r} finns inte.",
    "{name} {filename!r} is a directory.": "{name} {filename!r} är en mapp.",
    "{name} {filename!r} is a file.": "{name} {filename!r} är en fil.",
    "{name} {filename!r} is not readable.": "{name} {filename!r} går inte att läsa.",
    "{name} {filename!r} is not writable.": "{name} {filename!r} går inte att skriva.",
    "Aborted!": "Avbrutet!",
    "Error: invalid input": "Svara j (ja) eller n (nej).",
    "Repeat for confirmation": "Upprepa för att bekräfta",
    "Error: The two entered values do not match.": "Fel: de två värdena är olika.",
    "{value!r} is not a valid UUID.": "{value!r} är inget giltigt UUID.",
    "{name} {filename!r} is not executable.": "{name} {filename!r} går inte att köra.",
    "default: {default}": "förval: {default}",
    "Choose from:\n\t{choices}": "Välj bland:\n\t{choices}",
    "integer": "heltal",
    "float": "decimaltal",
    "file": "fil",
    "directory": "mapp",
    "path": "sökväg",
}

SWEDISH_PLURAL = {
    "Got unexpected extra argument ({args})": ("Oväntat extra argument ({args})", "Oväntade extra argument ({args})"),
    "Option {name!r} requires an argument.": ("Flaggan {name!r} behöver ett värde.",
                                              "Flaggan {name!r} behöver {nargs} värden."),
    "Did you mean {possibility}?": ("Menade du {possibility}?", "(Menade du någon av: {possibilities}?)"),
    "{value!r} is not {choice}.": ("{value!r} är inte {choice}.", "{value!r} är inte en av {choices}."),
    "Takes {nargs} values but 1 was given.": ("Tar {nargs} värden men 1 angavs.",
                                              "Tar {nargs} värden men {len} angavs."),
}

# Click names its number types in English ("'tjugo' is not a valid integer range", "--port INTEGER
# RANGE" in --help); the names are class attributes, not marked for translation.
TYPE_NAMES = {"IntParamType": "heltal", "IntRange": "heltal", "FloatParamType": "decimaltal",
              "FloatRange": "decimaltal", "BoolParamType": "ja/nej", "StringParamType": "text"}
YES, NO = ("j", "ja", "y", "yes"), ("n", "nej", "no")

MODULES = ("core", "parser", "exceptions", "types", "formatting", "decorators", "termui", "utils")


def gettext(message: str) -> str:
    return SWEDISH.get(message, message)


def ngettext(singular: str, plural: str, count: int) -> str:
    forms = SWEDISH_PLURAL.get(singular)
    if forms is None:
        return singular if count == 1 else plural
    return forms[0] if count == 1 else forms[1]


def install() -> None:
    """Make click speak Swedish in every module that marks strings for translation."""
    for name in MODULES:
        try:
            module = importlib.import_module(f"click.{name}")
        except ImportError:
            continue
        if hasattr(module, "_"):
            module._ = gettext
        if hasattr(module, "ngettext"):
            module.ngettext = ngettext
    for name, swedish in TYPE_NAMES.items():
        setattr(getattr(click.types, name), "name", swedish)


def confirm(question: str, default: bool = False) -> bool:
    """Ask ``question [j/N]`` until the answer is j, ja, n, nej (any case) or empty (``default``).

    Click's own ``confirm`` asks ``[y/N]`` and takes only y/yes/n/no. End of input (a closed pipe,
    Ctrl-D) or Ctrl-C is click's Abort: "Avbrutet!" and exit 1.
    """
    suffix = "[J/n]" if default else "[j/N]"
    while True:
        answer = click.prompt(f"{question} {suffix}", default="", show_default=False,
                              prompt_suffix=" ").strip().lower()
        if answer in YES:
            return True
        if answer in NO:
            return False
        if not answer:
            return default
        click.echo("Svara j (ja) eller n (nej).", err=True)
