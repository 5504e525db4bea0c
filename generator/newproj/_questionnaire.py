"""The questionnaire: copier.yml read as data.

copier.yml is the single source of truth for questions. This module reads it and evaluates its
Jinja (defaults, `when` conditions, validators) the way copier does, with the same sandbox and
filters, so the CLI can ask, default and validate without restating anything.

Words used here:
- *question*: a key of copier.yml that does not start with `_`;
- *computed question*: one with `when: false`; never asked nor recorded (tables, the secret);
- *context*: the answers so far plus the computed values, as Jinja sees them.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from newproj._errors import InvalidAnswerError, TemplateError

_TRUE = {"true", "yes", "y", "on", "1"}
_FALSE = {"false", "no", "n", "off", "0"}


@dataclass(frozen=True)
class Question:
    """One question of copier.yml."""

    name: str
    spec: Mapping[str, Any]
    questionnaire: Questionnaire = field(repr=False, compare=False)

    @property
    def type(self) -> str:
        return str(self.spec.get("type", "str"))

    @property
    def help(self) -> str:
        return str(self.spec.get("help", self.name)).strip()

    @property
    def secret(self) -> bool:
        return bool(self.spec.get("secret", False))

    @property
    def choices(self) -> list[tuple[str, Any]]:
        """(label, value) pairs, empty when the question is free text."""
        raw = self.spec.get("choices") or []
        if isinstance(raw, Mapping):
            return [(str(label), value) for label, value in raw.items()]
        return [(str(value), value) for value in raw]

    @property
    def computed(self) -> bool:
        """A `when: false` question: copier computes it; nobody is asked."""
        return self.spec.get("when") is False

    def is_asked(self, context: Mapping[str, Any]) -> bool:
        when = self.spec.get("when", True)
        if isinstance(when, str):
            when = self.questionnaire.render(when, context).strip()
        return self.cast(when) if not isinstance(when, bool) else when

    def default(self, context: Mapping[str, Any]) -> Any:
        raw = self.spec.get("default")
        if isinstance(raw, str):
            return self.cast(self.questionnaire.render(raw, context).strip())
        return raw

    def cast(self, raw: Any) -> Any:
        """Turn text (from `-d`, an answers file or a prompt) into this question's type."""
        if self.type == "bool":
            if isinstance(raw, bool):
                return raw
            text = str(raw).strip().lower()
            if text in _TRUE:
                return True
            if text in _FALSE:
                return False
            raise InvalidAnswerError(f"{self.name} must be true or false, not {raw!r}")
        if self.type == "int":
            try:
                return int(raw)
            except (TypeError, ValueError):
                raise InvalidAnswerError(
                    f"{self.name} must be a whole number, not {raw!r}"
                ) from None
        if self.type in {"yaml", "json"}:
            import yaml

            return yaml.safe_load(raw) if isinstance(raw, str) else raw
        return "" if raw is None else str(raw)

    def validate(self, value: Any, context: Mapping[str, Any]) -> None:
        """Raise InvalidAnswerError if copier would refuse this answer."""
        choices = self.choices
        if choices and value not in [v for _, v in choices]:
            allowed = ", ".join(str(v) for _, v in choices)
            raise InvalidAnswerError(f"{self.name} must be one of {allowed}, not {value!r}")
        validator = self.spec.get("validator")
        if validator:
            message = self.questionnaire.render(validator, {**context, self.name: value}).strip()
            if message:
                raise InvalidAnswerError(message)


class Questionnaire:
    """copier.yml of one template folder."""

    def __init__(self, root: Path) -> None:
        self.root = root
        import yaml

        path = root / "copier.yml"
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise TemplateError(f"No copier.yml in {root}: is this a newproj template?") from None
        except yaml.YAMLError as exc:
            raise TemplateError(f"{path} is not valid YAML: {exc}") from None
        if not isinstance(data, dict):
            raise TemplateError(f"{path} is not a mapping of questions")
        self.settings = {k: v for k, v in data.items() if k.startswith("_")}
        self.questions = [
            Question(name, spec if isinstance(spec, Mapping) else {"default": spec}, self)
            for name, spec in data.items()
            if not name.startswith("_")
        ]

    def __getitem__(self, name: str) -> Question:
        for question in self.questions:
            if question.name == name:
                return question
        raise KeyError(name)

    def __contains__(self, name: object) -> bool:
        return any(question.name == name for question in self.questions)

    @cached_property
    def _jinja(self) -> Any:
        # The same sandbox and filters as copier's own environment.
        from jinja2.sandbox import SandboxedEnvironment

        return SandboxedEnvironment(
            extensions=["jinja2_ansible_filters.AnsibleCoreFiltersExtension"]
        )

    def render(self, source: str, context: Mapping[str, Any]) -> str:
        return str(self._jinja.from_string(source).render(**context))

    @cached_property
    def computed_values(self) -> dict[str, Any]:
        """Values of the computed questions that are plain data (tables), not secrets."""
        return {
            q.name: q.spec.get("default")
            for q in self.questions
            if q.computed and not q.secret and not isinstance(q.spec.get("default"), str)
        }

    @property
    def weights(self) -> dict[str, dict[str, dict[str, Any]]]:
        """The recommendation table (question -> answer -> {framework, points, why})."""
        table: dict[str, dict[str, dict[str, Any]]] = self.computed_values["recommendation_weights"]
        return table

    @property
    def reserved_slugs(self) -> dict[str, list[str]]:
        """Reason -> names a project slug may not take."""
        table: dict[str, list[str]] = self.computed_values["reserved_slugs"]
        return table

    def context(self, answers: Mapping[str, Any], *, folder_name: str) -> dict[str, Any]:
        """What copier's Jinja sees while asking: computed values, answers, `_copier_answers`."""
        return {
            **self.computed_values,
            **answers,
            "_copier_answers": dict(answers),
            "_folder_name": folder_name,
        }


def load_questionnaire(root: Path | None = None) -> Questionnaire:
    """Read copier.yml of the given template folder (default: the bundled template)."""
    if root is None:
        from newproj._source import bundled_template_dir

        root = bundled_template_dir()
    return Questionnaire(root)
