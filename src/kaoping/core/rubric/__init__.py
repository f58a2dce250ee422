"""The rubric (考评标准) definition: model, loader and checks (docs/scoring.md)."""
