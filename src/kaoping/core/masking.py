"""Personal data as shown to someone without the right to see it in full (docs/spec.md §9.6):
张*明, 138****5678, z***@example.com. Who has the right is kaoping.orgs.access."""

from __future__ import annotations

import re

_DIGITS = re.compile(r"\d")


def mask_name(name: str) -> str:
    """The first and last characters kept: 张*明, 欧阳**锋, 张* (two characters), * (one)."""
    name = name.strip()
    if len(name) <= 1:
        return "*" if name else ""
    if len(name) == 2:
        return name[0] + "*"
    return name[0] + "*" * (len(name) - 2) + name[-1]


def mask_phone(phone: str) -> str:
    """The first three and last four digits kept (138****5678); a shorter number keeps only
    its last two. Separators stay where they are."""
    digits = _DIGITS.findall(phone)
    n = len(digits)
    if n == 0:
        return phone
    keep = set(range(3)) | set(range(n - 4, n)) if n >= 9 else set(range(n - 2, n))
    out, i = [], 0
    for char in phone:
        if char.isdigit():
            out.append(char if i in keep else "*")
            i += 1
        else:
            out.append(char)
    return "".join(out)


def mask_email(email: str) -> str:
    """The first character of the mailbox and the whole domain: z***@example.com."""
    local, at, domain = email.partition("@")
    if not at:
        return mask_name(email)
    return (local[:1] or "*") + "***@" + domain


def mask_login(username: str) -> str:
    """A user name that is a phone number (the accounts import's default) masked as one."""
    plain = username.replace(" ", "").replace("-", "").removeprefix("+")
    return mask_phone(username) if plain.isdigit() and len(plain) >= 7 else username
