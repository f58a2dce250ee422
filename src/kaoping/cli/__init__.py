"""The ``kaoping`` command: Django's management commands under the product's settings.

``kaoping campaigns list|open``, ``kaoping definitions check|dump``, ``kaoping validate``,
``kaoping indicators``, ``kaoping workflow status|submit|return|approve|lock|unlock|attach`` and
``kaoping demo`` are among this project's commands; anything else
(``migrate``, ``runserver``, ``createsuperuser``, ``check``) passes straight to Django.
This package is also the top-layer Django app: every product command lives in
``kaoping.cli.management.commands`` (nothing below imports it), shared behaviour in ``kaoping.cli.base``.
Exit codes (docs/spec.md §10.1): 0 done, 1 findings with errors, 2 wrong usage, 3 input refused.
"""

from __future__ import annotations

import os
import sys

# Spellings with a hyphen (Django command modules cannot have one).
ALIASES = {"check-deploy": "check_deploy"}


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kaoping.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv[1:] if argv is None else argv)
    if args in ([], ["help"], ["--help"], ["-h"]):
        return _list_commands()
    if args and args[0] in ALIASES:
        args[0] = ALIASES[args[0]]
    if args and not args[0].startswith("-") and args[0] != "help":
        import django
        from django.core.management import get_commands

        django.setup()
        if args[0] not in get_commands():
            print(f"未知命令：{args[0]}（kaoping help 列出全部命令）", file=sys.stderr)
            return 2
    try:
        execute_from_command_line(["kaoping", *args])
    except SystemExit as exc:
        return exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 2)
    return 0


def _list_commands() -> int:
    import django

    from kaoping.cli.listing import write_listing

    django.setup()
    write_listing(sys.stdout)
    return 0
