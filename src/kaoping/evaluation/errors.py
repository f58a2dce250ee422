"""Refusals of the evaluation's services (messages in Chinese)."""

from __future__ import annotations


class EvaluationError(ValueError):
    """An action cannot be done as asked; ``problems`` maps a field (criterion or metric key)
    to why."""

    def __init__(self, message: str, problems: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.problems = problems or {}
