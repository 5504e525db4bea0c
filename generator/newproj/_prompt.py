"""Interactive prompts. This is the only module that imports questionary.

Prompts draw on stderr, so `--json` output on stdout stays one clean object.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any

from newproj._answers import validate
from newproj._errors import InvalidAnswerError
from newproj._questionnaire import Question


def ask(question: Question, default: Any, context: Mapping[str, Any]) -> Any:
    """Ask one copier.yml question on the terminal; Ctrl-C raises KeyboardInterrupt."""
    import questionary
    from prompt_toolkit.output import create_output

    output = create_output(stdout=sys.stderr)
    if question.type == "bool":
        return questionary.confirm(question.help, default=bool(default), output=output).unsafe_ask()
    if question.choices:
        choices = [
            questionary.Choice(title=label, value=value) for label, value in question.choices
        ]
        chosen = next((c for c in choices if c.value == default), None)
        return questionary.select(
            question.help, choices=choices, default=chosen, output=output
        ).unsafe_ask()

    def check(text: str) -> bool | str:
        try:
            validate(question, text, context)
        except InvalidAnswerError as exc:
            return exc.message
        return True

    return questionary.text(
        question.help,
        default="" if default is None else str(default),
        validate=check,
        output=output,
    ).unsafe_ask()
