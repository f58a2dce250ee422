"""Reports: the plan indicators (表1 测算), dashboards, print and PDF of a survey campaign."""
