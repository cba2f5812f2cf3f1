"""`flask --app portal guide check`: read the content files and say what is wrong, if anything."""
import click

from . import bp
from .content import ContentError, load


@bp.cli.command("check")
@click.option("--directory", type=click.Path(exists=True, file_okay=False), help="Another content folder.")
def check_command(directory):
    """Check the guide's content files (content/guide/*.yaml)."""
    from flask import current_app

    from .content import DEFAULT_DIRECTORY
    from .retrieval import Retriever

    directory = directory or current_app.config.get("GUIDE_CONTENT_DIR") or DEFAULT_DIRECTORY
    try:
        kb = load(directory)
    except ContentError as error:
        raise click.ClickException(str(error)) from None
    retriever = Retriever(kb)
    click.echo(f"{len(kb.topics)} topics, {len(kb.quiz)} quiz questions, version {kb.version}")
    # Each topic's own example questions should find the topic.
    for topic in kb.topics.values():
        for lang, questions in topic.questions.items():
            for question in questions:
                found = retriever.rank(question).topic
                if found != topic.id:
                    click.echo(f"  note: {topic.id} ({lang}): {question!r} finds {found or 'nothing'}")
    click.echo("The content is valid.")
