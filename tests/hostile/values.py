"""Hostile values: what a city user can type, paste or script into a field, an id, a JSON body
or a header. Cheap to draw: most are picked from catalogues of known trouble, the rest are
small generated texts and numbers."""

from __future__ import annotations

import json
from typing import Any

from hypothesis import strategies as st

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
IDS = [
    "0", "-1", "99999999999999999999", "1e3", "²", "٣", "%2F", "..", ".", "a" * 300, "320100 ",
    "３２０１００", "000000", "999999", "T99", "t09", "T09/../T07", "null", "undefined", "NaN", "\u00a0",
    "demo-2015'",
]  # fmt: skip


def scalars(known: list[str], long: bool = True) -> st.SearchStrategy[str]:
    """A field's text: trouble from the catalogues, or a value the server knows (ids, keys,
    other units' names) so that a refusal can be checked for what it echoes; now and then a
    generated text or (in a body, ``long``) a long one. One choice for most draws: cheap."""
    catalogue = st.sampled_from(NUMBERS + DATES + TEXTS + IDS + known)
    return st.one_of(
        catalogue, catalogue, catalogue, st.text(max_size=20), st.integers().map(str),
        st.sampled_from(LONG if long else ["q" * 9000]),  # a URL over 8 KB: gunicorn's 414
    )  # fmt: skip


def json_leaves(known: list[str]) -> st.SearchStrategy[Any]:
    return st.one_of(
        scalars(known),
        scalars(known),
        st.sampled_from(
            [10**40, -(10**40), 2**63, -(2**63) - 1, 0, -1, True, False, None, [], {}, [1], {"a": 1}]
        ),
        st.floats(),  # NaN and Infinity: json.dumps writes them as the bare words
    )


def deep(levels: int, opener: str = "[") -> bytes:
    closer = {"[": "]", "{": "}"}[opener]
    if opener == "[":
        return b"[" * levels + b"]" * levels
    return b'{"a":' * levels + b"1" + closer.encode() * levels


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


def headers() -> st.SearchStrategy[dict[str, str]]:
    """Extra headers, latin-1 as HTTP carries them; for one request in four (gunicorn itself
    refuses some, and those never reach the application)."""
    one = st.tuples(st.sampled_from(HEADER_NAMES), st.sampled_from(HEADER_VALUES))
    return st.one_of(st.just({}), st.just({}), st.just({}), st.lists(one, min_size=1, max_size=2).map(dict))
