"""The recommendation: a pure function from requirement answers to a framework, with reasons.

The weight table lives in copier.yml (`recommendation_weights`), where copier's Jinja default for
`framework` applies the same rule. Each answer that appears in the table gives its points to one
framework; the framework with more points is recommended and a tie goes to Django, whose built-in
admin, auth, ORM and templates cover the widest range of projects when nothing pulls either way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

FRAMEWORKS = ("django", "fastapi")
TIE_BREAK = "django"


@dataclass(frozen=True)
class Reason:
    """One answer that pushed towards a framework."""

    question: str
    answer: str
    framework: str
    points: int
    why: str


@dataclass(frozen=True)
class Recommendation:
    framework: str
    scores: dict[str, int]
    reasons: list[Reason] = field(default_factory=list)

    @property
    def tie(self) -> bool:
        return len(set(self.scores.values())) == 1

    def as_dict(self) -> dict[str, Any]:
        return {
            "framework": self.framework,
            "scores": dict(self.scores),
            "tie": self.tie,
            "reasons": [reason.__dict__ for reason in self.reasons],
        }


def answer_key(value: Any) -> str:
    """How an answer is spelled in the table: the same as Jinja's `value | string | lower`."""
    return str(value).lower()


def recommend(
    answers: Mapping[str, Any], weights: Mapping[str, Mapping[str, Mapping[str, Any]]]
) -> Recommendation:
    """Score each framework from the answers given; missing answers count for nothing."""
    scores = dict.fromkeys(FRAMEWORKS, 0)
    reasons = []
    for question, rules in weights.items():
        if question not in answers:
            continue
        rule = rules.get(answer_key(answers[question]))
        if not rule:
            continue
        framework, points = str(rule["framework"]), int(rule["points"])
        scores[framework] += points
        reasons.append(
            Reason(question, answer_key(answers[question]), framework, points, str(rule["why"]))
        )
    reasons.sort(key=lambda reason: -reason.points)
    best = max(scores.values())
    leaders = [name for name, score in scores.items() if score == best]
    framework = leaders[0] if len(leaders) == 1 else TIE_BREAK
    return Recommendation(framework=framework, scores=scores, reasons=reasons)
