"""The JSON shape of ``kaoping definitions dump`` for a rubric (docs/spec.md §10.4)."""

from __future__ import annotations

from decimal import Decimal

from kaoping.core.rubric.model import Criterion, MethodSpec, Rubric


def dump_rubric(rubric: Rubric) -> dict[str, object]:
    return {
        "id": rubric.id,
        "version": rubric.version,
        "title": rubric.title,
        "categories": [
            {
                "key": c.key,
                "label": c.label,
                "points": _number(c.points),
                "items": [
                    {
                        "key": i.key,
                        "label": i.label,
                        "points": _number(i.points),
                        "focus": i.focus,
                        "indicators": list(i.indicators),
                        "criteria": [_criterion(k) for k in i.criteria],
                    }
                    for i in c.items
                ],
            }
            for c in rubric.categories
        ],
    }


def _criterion(criterion: Criterion) -> dict[str, object]:
    out: dict[str, object] = {
        "key": criterion.key,
        "label": criterion.label,
        "points": _number(criterion.points),
        "method": criterion.method_label,
        "parts": [
            {"key": p.key, "label": p.label, "points": _number(p.points), **_method(p.method)}
            for p in criterion.parts
        ],
    }
    if criterion.method is not None:
        out["params"] = _method(criterion.method)["params"]
    return out


def _method(spec: MethodSpec) -> dict[str, object]:
    params = spec.params.model_dump(mode="json", exclude_none=True)
    return {"method": spec.kind, "params": params}


def _number(value: Decimal) -> int | float:
    return int(value) if value == value.to_integral_value() else float(value)
