"""``kompass hjälp``: the documentation the package installs, printed where the user is.

An evaluator who installed the wheel has no ``docs/`` folder: the input format and the framework
format travel as the package data ``authoring.doc_data`` (the repository's ``docs/``), and this
command prints them.
"""

from __future__ import annotations

from pathlib import Path

import click

TOPICS = {  # topic -> (file in docs/, what it describes)
    "format": ("input-format.md", "utvärderingens filer: evaluation.yaml, scores.yaml, notes/, platshållare, gränser"),
    "ramverk": ("framework-format.md", "ramverkets fil: områden, frågor, maxpoäng och standardtexter"),
}


def docs_dir() -> Path:
    """Return the installed documentation, or the source tree's ``docs/`` where it was never installed."""
    from importlib import resources  # late: every command imports this module, only hjälp reads the docs

    try:
        return Path(str(resources.files("authoring.doc_data")))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent.parent / "docs"


def topic_text(topic: str) -> str:
    """Return the documentation of ``topic`` (a key of ``TOPICS``)."""
    return (docs_dir() / TOPICS[topic][0]).read_text(encoding="utf-8")


@click.command("hjälp", options_metavar="[FLAGGOR]")
@click.argument("topic", metavar="ÄMNE", required=False, type=click.Choice(sorted(TOPICS)))
def help_command(topic: str | None) -> None:
    """Visa dokumentationen som följer med Kompass (t.ex. kompass hjälp format).

    Utan ÄMNE listas ämnena.
    """
    if topic is None:
        for name, (_, about) in TOPICS.items():
            click.echo(f"kompass hjälp {name:<8} {about}")
        return
    click.echo(topic_text(topic))
