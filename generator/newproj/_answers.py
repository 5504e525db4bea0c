"""Answers: where they come from (flags, answers files, prompts, defaults) and validation.

All validation happens here, before copier is called. The project slug gets the closest look: it
becomes a Python package, a folder and a database name, so it must be plain ASCII and must not
shadow anything the project imports or stands beside. The reserved names are the table
`reserved_slugs` in copier.yml, which copier's own validator uses too.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import yaml

from newproj._errors import InvalidAnswerError, MissingAnswersError
from newproj._questionnaire import Question, Questionnaire

SLUG_RE = re.compile(r"[a-z][a-z0-9_]{1,49}")
SLUG_RULE = (
    "use 2-50 characters, a lowercase ASCII letter first, "
    "then lowercase letters, digits or underscores"
)

# Asks one question and returns the answer; the CLI passes questionary-backed prompts.
Asker = Callable[[Question, Any, Mapping[str, Any]], Any]


def parse_data(items: Iterable[str]) -> dict[str, str]:
    """`-d KEY=VALUE` flags to a dict (values are cast later, per question type)."""
    data = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep or not key.strip():
            raise InvalidAnswerError(f"-d takes KEY=VALUE, got {item!r}")
        data[key.strip()] = value
    return data


def read_answers_file(path: Path, *, private: bool = False) -> dict[str, Any]:
    """A YAML mapping of answers, such as another project's .copier-answers.yml: the one reader
    of answers files. `private` keeps copier's own keys (`_src_path`, `_commit`)."""
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InvalidAnswerError(f"Answers file {path} does not exist") from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidAnswerError(f"Cannot read answers file {path}: {exc}") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (line {mark.line + 1})" if mark else ""
        raise InvalidAnswerError(f"Answers file {path} is not valid YAML{where}") from None
    if loaded is None:
        return {}
    if not isinstance(loaded, dict):
        raise InvalidAnswerError(f"Answers file {path} must be a mapping of question: answer")
    # Copier's own keys (_src_path, _commit) describe the old project, not answers.
    return {str(k): v for k, v in loaded.items() if private or not str(k).startswith("_")}


# Letters that Unicode does not decompose into an ASCII letter plus accents.
_TRANSLITERATE = str.maketrans(
    {"ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "đ": "d", "ð": "d", "ł": "l", "þ": "th"}
    | {"\N{LATIN SMALL LETTER DOTLESS I}": "i"}
)


def suggest_slug(text: str, reserved: Iterable[str]) -> str:
    """A valid slug close to `text`: look-alikes folded, accents transliterated ("Café Ölçü" ->
    cafe_olcu), other characters replaced, shortened to the limit on a word boundary."""
    folded = unicodedata.normalize("NFKC", text).lower().translate(_TRANSLITERATE)
    folded = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "_", folded).strip("_")
    slug = re.sub(r"^[0-9_]+", "", slug)
    if len(slug) > 46:  # room for a suffix below
        cut = slug[:47]
        slug = cut[: cut.rfind("_")] if "_" in cut[10:] else slug[:46]
    slug = slug.rstrip("_") or "project"
    if len(slug) < 2 or slug in set(reserved):
        # "app" -> "my_app", not "app_app"
        slug = f"my_{slug}" if slug.endswith(("app", "apps")) else f"{slug}_app"
    return slug


def derive_slug(name: str, default: str, questionnaire: Questionnaire) -> str:
    """The slug nobody typed: copier.yml's default when it is valid and loses nothing of an ASCII
    name, else the closest valid slug (so `--yes` never stops on a slug the user did not give)."""
    try:
        check_slug(default, questionnaire)
    except InvalidAnswerError:
        pass
    else:
        if name.isascii():
            return default
    reserved = [n for names in questionnaire.reserved_slugs.values() for n in names]
    return suggest_slug(name or default, reserved)


def check_slug(slug: str, questionnaire: Questionnaire) -> None:
    """Raise InvalidAnswerError, with a suggestion, if `slug` cannot name a project."""
    reserved = questionnaire.reserved_slugs
    every_reserved = [name for names in reserved.values() for name in names]
    suggestion = suggest_slug(slug, every_reserved)
    if not SLUG_RE.fullmatch(slug) or not slug.isascii():
        problem = SLUG_RULE
        if not slug.isascii() and unicodedata.normalize("NFKC", slug).isascii():
            problem = (
                f"it uses look-alike Unicode characters for {unicodedata.normalize('NFKC', slug)!r}"
            )
        raise InvalidAnswerError(f"Invalid project_slug {slug!r}: {problem}; try {suggestion!r}")
    for reason, names in reserved.items():
        if slug in names:
            raise InvalidAnswerError(
                f"Invalid project_slug {slug!r}: it is {reason}; try {suggestion!r}"
            )


def validate(question: Question, value: Any, context: Mapping[str, Any]) -> Any:
    """Cast and validate one answer; the slug gets the Python check first (better messages)."""
    value = question.cast(value)
    if question.name == "project_slug":
        check_slug(value, question.questionnaire)
    question.validate(value, context)
    return value


def gather(
    questionnaire: Questionnaire,
    given: Mapping[str, Any],
    *,
    folder_name: str,
    use_defaults: bool,
    ask: Asker | None,
    before: Callable[[Question, Mapping[str, Any]], None] | None = None,
) -> dict[str, Any]:
    """Answer every question copier would ask, in copier.yml's order.

    An answer comes from `given` (flags and answers files), else from `ask` (a prompt), else
    from the default when `use_defaults`; otherwise it is missing and the error lists the flags
    to pass. `before` runs just before a question is asked (the CLI shows the recommendation).
    """
    unknown = sorted(set(given) - {q.name for q in questionnaire.questions if not q.computed})
    if unknown:
        raise InvalidAnswerError(
            f"Unknown question{'s' if len(unknown) > 1 else ''}: {', '.join(unknown)} "
            "(see `newproj create --help` or copier.yml)"
        )
    answers: dict[str, Any] = {}
    missing = []
    for question in questionnaire.questions:
        context = questionnaire.context(answers, folder_name=folder_name)
        if question.computed or not question.is_asked(context):
            continue
        if question.name in given:
            answers[question.name] = validate(question, given[question.name], context)
            continue
        default = question.default(context)
        if question.name == "project_slug":
            default = derive_slug(str(answers.get("project_name", "")), default, questionnaire)
        if use_defaults or ask is None:
            if not use_defaults:
                missing.append(question.name)
                answers[question.name] = default
                continue
            answers[question.name] = validate(question, default, context)
            continue
        if before:
            before(question, answers)
        answers[question.name] = validate(question, ask(question, default, context), context)
    if missing:
        flags = " ".join(f"-d {name}=..." for name in missing[:4])
        more = f" (and {len(missing) - 4} more)" if len(missing) > 4 else ""
        raise MissingAnswersError(
            f"No terminal to ask on, and no answer for: {', '.join(missing)}. "
            f"Pass --yes to accept the defaults, or {flags}{more}"
        )
    return answers
