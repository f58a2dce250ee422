"""Hostile values: what a city user can type, paste or script into a field, an id, a JSON body
or a header. Drawn by plain functions from a seeded ``random.Random`` (the round's seed): most
are picked from catalogues of known trouble, the rest are small generated texts and numbers."""

from __future__ import annotations

import json
import math
from random import Random
from typing import Any

NUMBERS = [
    "1e999999999", "-1e999999999", "1e309", "1e-400", "NaN", "nan", "-NaN", "Infinity", "-Infinity",
    "inf", "-inf", "9" * 30, "-" + "9" * 30, "1" * 400, "0." + "0" * 200 + "1", "1_000", "1,2", "1,,2",
    "1,000,000", "１２３", "²", "¹²³", "٣", "৩", "Ⅻ", "0x10", "1e3", "--1", "+-1", "1.", ".5", "1..2",
    "  12  ", "12\u200b", "12%", "1/2", "9223372036854775808", "-9223372036854775809", "0e0", "-0",
    "3.14159265358979323846264338327950288419716939937510", "1 000", "12元", "五",
]  # fmt: skip
DATES = [
    "9999-12-31", "0000-00-00", "0001-01-01", "2015-02-30", "2015-13-01", "-1-01-01", "20150101",
    "2015/06/30", "2015-6-3", "99999-01-01", "2015-06-30T25:00:00", "今天", "1e9-01-01",
]  # fmt: skip
TEXTS = [
    "", " ", "\t\n", "\ud800", "a\udfffb", "\ufeff", "\u202e反转", "\u200b", "e\u0301" * 50, "😀" * 20,
    "<script>alert(1)</script>", "' OR 1=1 --", "\"; DROP TABLE x; --", "../../../../etc/passwd",
    "%s%s%s%n", "%(x)s {0} {{7*7}} ${7*7}", "\r\nX-Injected: 1", "\x00", "%00", "\x1b[31m", "\x7f",
    "true", "null", "[]", "{}", "-1", "0", "v:x", "v:x:y:z", "__proto__", "constructor", "\\", "\\u0000",
    "测试" * 3, "中" * 200, "x" * 5000,
]  # fmt: skip
LONG = ["长" * 10_000, "x" * 100_001, "长" * 400_000]  # the last over the 2.5 MB a form may carry
LONG_QUERY = "q" * 9000  # a URL over 8 KB never reaches the application (gunicorn answers 414)
IDS = [
    "0", "-1", "99999999999999999999", "1e3", "²", "٣", "%2F", "..", ".", "a" * 300, "320100 ",
    "３２０１００", "000000", "999999", "T99", "t09", "T09/../T07", "null", "undefined", "NaN", "\u00a0",
    "demo-2015'",
]  # fmt: skip
TROUBLE = NUMBERS + DATES + TEXTS + IDS
# code point ranges a generated text draws from: ASCII (thrice), CJK, controls, lone
# surrogates, the rest of the BMP's lower part (combining marks, superscripts, full-width
# digits, bidi controls) and emoji
CHARS = [(0x20, 0x7E)] * 3 + [
    (0x4E00, 0x9FFF),
    (0x00, 0x1F),
    (0xD800, 0xDFFF),
    (0x80, 0x2FFF),
    (0x1F300, 0x1FAFF),
]
LEAVES: list[Any] = [10**40, -(10**40), 2**63, -(2**63) - 1, 0, -1, True, False, None, [], {}, [1], {"a": 1}]
FLOATS = [math.nan, math.inf, -math.inf, 0.0, -0.0, 1e308, 5e-324, 0.1]  # NaN and Infinity: bare words


def text(rng: Random, max_size: int = 20) -> str:
    """A short generated text of any code points, lone surrogates included."""
    out = []
    for _ in range(rng.randint(0, max_size)):
        low, high = rng.choice(CHARS)
        out.append(chr(rng.randint(low, high)))
    return "".join(out)


def integer(rng: Random) -> int:
    """An integer of 4 to 128 bits, either sign."""
    value = rng.getrandbits(rng.choice((4, 8, 16, 32, 64, 128)))
    return -value if rng.random() < 0.5 else value


def scalar(rng: Random, catalogue: list[str], long: bool = True) -> str:
    """A field's text: trouble from the catalogue (``TROUBLE`` and values the server knows:
    ids, keys, other units' names, so that a refusal can be checked for what it echoes);
    now and then a generated text, a number or (in a body, ``long``) a long text."""
    kind = rng.randrange(6)
    if kind < 3:
        return rng.choice(catalogue)
    if kind == 3:
        return text(rng)
    if kind == 4:
        return str(integer(rng))
    return rng.choice(LONG) if long else LONG_QUERY


def json_leaf(rng: Random, catalogue: list[str]) -> Any:
    kind = rng.randrange(4)
    if kind < 2:
        return scalar(rng, catalogue)
    if kind == 2:
        return rng.choice(LEAVES)
    return rng.choice(FLOATS) if rng.random() < 0.7 else rng.uniform(-1e12, 1e12)


def deep(levels: int, opener: str = "[") -> bytes:
    if opener == "[":
        return b"[" * levels + b"]" * levels
    return b'{"a":' * levels + b"1" + b"}" * levels


RAW_BODIES = [
    b"", b"{", b"[", b"null", b"true", b'"x"', b"1e999999", b"-" + b"9" * 5000, b"1" * 5000, b"NaN",
    b'{"a":1,"a":2}', b"\xff\xfe\x00", b"\xef\xbb\xbf{}", b'{"\xff": 1}', b'{"a": "\\ud800"}',
    b'{"a": "\\udc00\\ud800"}', b"[" + b"1," * 100_000 + b"1]", deep(100_000), deep(5000, "{"), b"\x00",
    b'{"values": {"x": {"y": "' + b"z" * 3_000_000 + b'"}}}',
]  # fmt: skip


def encode_json(value: Any) -> bytes:
    """As a script would send it: bare NaN/Infinity allowed, lone surrogates escaped."""
    return json.dumps(value, ensure_ascii=True, allow_nan=True).encode()


CONTENT_TYPES = [
    "application/json", "text/plain", "application/x-www-form-urlencoded", "multipart/form-data",
    "multipart/form-data; boundary=", "multipart/form-data; boundary=\"\"",
    "application/json; charset=gb18030",
    "application/x-www-form-urlencoded; charset=utf-16", "application/json; charset=\xff", "",
    "multipart/form-data; boundary=" + "b" * 100, "application/xml", "*/*",
]  # fmt: skip
HEADER_VALUES = [
    "", "x" * 8000, "\xff\xfe", "zh-hans;q=abc", "*;q=1e999", "en-US,zh;q=-1", "../../", "https",
    "http, https", "1.2.3.4, unknown", "bytes=0-0,-1", "Bearer ", "Bearer \x7f", "Basic Og==",
    "Bearer kp_" + "A" * 43, "sessionid=" + "../" * 20, "csrftoken=" + "x" * 64, "Mon, 32 Dec 2026",
]  # fmt: skip
HEADER_NAMES = [
    "Accept-Language", "X-Forwarded-For", "X-Forwarded-Proto", "X-Request-ID", "Range", "If-Modified-Since",
    "If-None-Match", "Accept", "Accept-Encoding", "Referer", "Origin", "User-Agent", "X-CSRFToken",
]  # fmt: skip


def content_type(rng: Random, usual: str, share: float) -> str:
    """``usual`` for a ``share`` of the requests, else a wrong or broken one."""
    return usual if rng.random() < share else rng.choice(CONTENT_TYPES)


def headers(rng: Random) -> dict[str, str]:
    """Extra headers, latin-1 as HTTP carries them; for one request in four (gunicorn itself
    refuses some, and those never reach the application)."""
    if rng.randrange(4):
        return {}
    return {rng.choice(HEADER_NAMES): rng.choice(HEADER_VALUES) for _ in range(rng.randint(1, 2))}
