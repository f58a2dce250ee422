"""One grid cell as HTML: its input (or read-only text), history link and rule messages.

A page of 表4 has several hundred cells; drawing each through nested template includes cost
more than everything else the page does, so the cell is written here, with the same escaping
as a template and the translated texts through gettext.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from urllib.parse import quote

from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from kaoping.core.findings import Finding
from kaoping.pages.grid import Cell


def _e(value: object) -> str:
    """``conditional_escape`` without its lazy-string wrapper: this runs some 20 times a cell."""
    if hasattr(value, "__html__"):
        return str(value.__html__())
    return html.escape(str(value))


def _attr(name: str, value: object) -> str:
    return f' {name}="{_e(value)}"'


def messages(findings: Iterable[Finding]) -> SafeString:
    """The rule results shown under a cell."""
    out = []
    for f in findings:
        tick = ' <span class="explained">✓</span>' if f.explained else ""
        # The rule id stays out of sight (docs/spec.md §9.8): an attribute for the helpdesk and tests.
        out.append(f'<div class="msg {_e(f.severity)}" data-rule="{_e(f.rule)}">{_e(f.message)}{tick}</div>')
    return mark_safe("".join(out))  # every part escaped above


def cell_html(cell: Cell, history_url: str, in_form: bool = False, flag: str | None = None) -> SafeString:
    """The ``<td>`` of a cell, or nothing where a merged cell above covers it; ``flag``: the
    note of a reviewer's follow-up flag on it (需跟进), shown to reviewers only."""
    if not cell.rowspan:
        return mark_safe("")
    marks = (" suspect" if cell.suspect else "") + (" follow-up" if flag is not None else "")
    opening = f'<td class="cell {_e(cell.state)} w-{_e(cell.widget)}{marks}"'
    if cell.rowspan > 1:
        opening += _attr("rowspan", cell.rowspan)
    opening += _attr("data-col", cell.key)
    if cell.state == "input":
        opening += _attr("data-orig", cell.text)
        if cell.spec_codes:
            opening += _attr("data-spec-codes", cell.spec_codes)
    parts = [opening, ">", _content(cell, in_form)]
    if cell.state in ("input", "readonly"):
        query = f"?row={_e(quote(cell.row, safe='/'))}&amp;column={_e(quote(cell.key, safe='/'))}"
        parts.append(
            f'<a class="hist" href="{_e(history_url)}{query}"{_attr("title", _("History of this cell"))}'
            ' tabindex="-1">⟲</a>'
        )
    if flag is not None:
        tag = _("Needs follow-up")
        parts.append(f'<span class="follow-up-tag"{_attr("title", flag or tag)}>{_e(tag)}</span>')
    parts.append(f'<div class="cell-msg" id="m__{_e(cell.dom_id)}">{messages(cell.findings)}</div></td>')
    return mark_safe("".join(parts))  # every part escaped above


def _content(cell: Cell, in_form: bool) -> str:
    if cell.state == "na":
        return '<span class="ro">——</span>'
    if cell.state == "fixed":
        return f'<span class="ro">{_e(cell.display)}</span>'
    if cell.state == "computed":
        total = ""
        if cell.total:
            total = _attr("data-sum-of", cell.key) + _attr("data-decimals", cell.column.decimals)
        return f'<span class="ro num" id="c__{_e(cell.dom_id)}"{total}>{_e(cell.display)}</span>'
    if cell.state == "readonly":
        num = " num" if cell.widget == "number" else ""
        out = f'<span class="ro{num}">{_e(cell.display)}</span>'
        if cell.spec and cell.spec.display:
            out += f'<span class="ro spec">{_e(cell.spec.display)}</span>'
        return out
    return _widget(cell, in_form) + _spec_box(cell)


def _spec_box(cell: Cell) -> str:
    """The （请说明） text beside a code that needs it."""
    spec = cell.spec
    if spec is None:
        return ""
    hidden = "" if cell.spec_open else " hidden"
    label = _attr("aria-label", spec.column.label)
    return (
        f'<div class="spec"{hidden}><span class="spec-label">{_e(spec.column.label)}</span>'
        f'<input type="text"{_attr("name", spec.name)}{_attr("value", spec.text)}'
        f'{_attr("data-orig", spec.text)} placeholder=" " autocomplete="off"{label}></div>'
    )


def _widget(cell: Cell, in_form: bool) -> str:
    name, text, label = _attr("name", cell.name), cell.text, _attr("aria-label", cell.column.label)
    kept = f"{_attr('value', text)} data-main{_attr('data-orig', text)}"
    typed = ' placeholder=" " autocomplete="off"'
    widget = cell.widget
    if widget == "number":
        return f'<input type="text" inputmode="decimal" class="num"{name}{kept}{typed}{label}>'
    if widget == "date":
        hint = _attr("placeholder", _("e.g. 2015-12-31"))
        return f'<input type="text" class="date"{name}{kept}{hint} autocomplete="off"{label}>'
    if widget == "bool":
        return _bool_select(cell, name, label)
    if widget == "select":
        return _code_select(cell, name, label)
    if widget == "codes":
        return _code_boxes(cell, label)
    if in_form and widget == "text":
        orig = _attr("data-orig", text)
        return f'<textarea{name} data-main{orig} rows="2" placeholder=" "{label}>{_e(text)}</textarea>'
    url = ' inputmode="url"' if widget == "url" else ""
    return f'<input type="text"{url}{name}{kept}{typed}{label}>'


def _option(value: str, label: str, selected: bool) -> str:
    return f'<option value="{_e(value)}"{" selected" if selected else ""}>{_e(label)}</option>'


def _blank_class(blank: bool) -> str:
    return _attr("class", "blank" if blank else "")


def _bool_select(cell: Cell, name: str, label: str) -> str:
    text = cell.text
    options = [
        '<option value=""></option>',
        _option("true", _("Yes"), text == "true"),
        _option("false", _("No"), text == "false"),
    ]
    if text and text not in ("true", "false"):
        options.append(_option(text, text, True))
    head = f"<select{name} data-main{_attr('data-orig', text)}{_blank_class(not text)}{label}>"
    return head + "".join(options) + "</select>"


def _code_select(cell: Cell, name: str, label: str) -> str:
    text = cell.text
    options = ['<option value=""></option>']
    options += [_option(c.code, f"{c.code}. {c.label}", text == c.code) for c in cell.column.codes]
    if text and not cell.chosen:
        options.append(_option(text, text, True))
    head = (
        f"<select{name} data-main data-code{_attr('data-orig', text)}{_attr('title', cell.display)}"
        f"{_blank_class(not text)}{label}>"
    )
    return head + "".join(options) + "</select>"


def _code_boxes(cell: Cell, label: str) -> str:
    blank = "" if cell.chosen else " blank"
    boxes = "".join(
        f'<label><input type="checkbox"{_attr("name", cell.name)}{_attr("value", c.code)} data-code'
        f"{' checked' if c.code in cell.chosen else ''}> {_e(c.code)}. {_e(c.label)}</label>"
        for c in cell.column.codes
    )
    return (
        f'<details class="codes{blank}">'
        f"<summary{label}{_attr('title', cell.display)}>{_e(cell.text)}</summary>"
        f'<div class="pop"><input type="hidden"{_attr("name", cell.name)} value="">{boxes}</div></details>'
    )
