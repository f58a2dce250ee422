"""Data quality across units and over time (docs/spec.md §13): peer outliers, a year-end forecast
below June, and swings against a baseline campaign — declared in a survey's ``quality.yaml``
(docs/definitions.md), computed here without Django; the shell (``kaoping.collection``) feeds
the values, the base figures and the baseline in."""
