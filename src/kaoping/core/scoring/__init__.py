"""Scoring an evaluation against a rubric: methods, targets, metrics, totals, ranks and
explanations (docs/scoring.md). Pure Python: the Django side calls ``score_evaluation``."""
