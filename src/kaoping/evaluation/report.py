"""A city's result as a PDF (WeasyPrint, Noto CJK), A4 landscape: totals, category
subtotals, every criterion with its scores, and the reviewers' reasons."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string

STYLES = ("kaoping/css/kaoping.css", "evaluation/evaluation.css", "evaluation/report.css")


def _css() -> list[str]:
    out = []
    for name in STYLES:
        found = finders.find(name)
        if found:
            out.append(Path(str(found)).read_text(encoding="utf-8"))
    return out


def render_report(context: dict[str, Any]) -> bytes:
    from weasyprint import HTML  # imported here: the library loads pango at import time

    logging.getLogger("weasyprint").setLevel(logging.ERROR)  # browser-only CSS rules are noise
    html = render_to_string("evaluation/report_pdf.html", {**context, "stylesheets": _css()})
    return bytes(HTML(string=html).write_pdf())
