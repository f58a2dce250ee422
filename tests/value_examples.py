"""Finding 8's examples (issue 10): what is typed into a number → the reason it is refused
(docs/spec.md §5.3), shared by the tests of every way a number comes in."""

from __future__ import annotations

SEPARATORS = "千位分隔符位置不对：应从个位起每三位一个，如 1,234,567"
FAR_DATE = "“9999-12-31”超出日期范围：应在 1990-01-01 至 2100-12-31 之间"


def refusals(bound: str) -> dict[str, str]:
    """The examples for a column whose largest value reads ``bound`` ("999,999,999,999,999")."""
    return {
        "1,2": f"“1,2”的{SEPARATORS}",
        "1,,2": f"“1,,2”的{SEPARATORS}",
        "12,34": f"“12,34”的{SEPARATORS}",
        "1_000": "“1_000”中有下划线：数字中不能有下划线",
        "NaN": "“NaN”不是数值",
        "Infinity": "“Infinity”不是数值",
        "1e999999999": "“1e999999999”是科学计数法：请写出完整的数字，如 1200000",
        "9" * 30: f"“{'9' * 24}…”（共 30 个字符）超出范围：不能超过 {bound}",
    }
