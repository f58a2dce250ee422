"""``kaoping help``: the product's own commands first, each with what it does, Django's apart.

Officials and operators look for ``kaoping import`` or ``kaoping backup``, not ``sqlflush``;
Django's list (grouped by app, English, no descriptions) would bury them (docs/spec.md §10.1).
"""

from __future__ import annotations

import textwrap
from typing import TextIO

from kaoping.cli import ALIASES

PRODUCT_APP = "kaoping.cli"
# The hyphenated spelling people type (kaoping.cli.ALIASES) is the one shown.
SHOWN_NAMES = {command: typed for typed, command in ALIASES.items()}


def product_and_framework_commands() -> tuple[dict[str, str], list[str]]:
    """The product's commands with their one-line help, and the names of everything else."""
    from django.core.management import get_commands, load_command_class

    product: dict[str, str] = {}
    framework: list[str] = []
    for name, app in sorted(get_commands().items()):
        if app == PRODUCT_APP:
            product[name] = str(load_command_class(app, name).help)
        else:
            framework.append(name)
    return product, framework


def write_listing(out: TextIO) -> None:
    product, framework = product_and_framework_commands()
    out.write("kaoping —— 人社信息化考评与规划评估平台\n\n")
    out.write("用法：kaoping <命令> [选项]；kaoping <命令> --help 查看某个命令的用法。\n\n")
    out.write("本系统的命令：\n")
    width = max(len(SHOWN_NAMES.get(name, name)) for name in product)
    for name, text in product.items():
        out.write(f"  {SHOWN_NAMES.get(name, name):<{width}}  {text}\n")
    out.write("\n退出码：0 完成，1 有错误，2 用法错误，3 被拒绝，4 导入保留冲突。\n")
    out.write("\nDjango 框架命令（运维使用，如 migrate、createsuperuser、check）：\n")
    out.write(
        textwrap.fill(" ".join(framework), width=88, initial_indent="  ", subsequent_indent="  ") + "\n"
    )
