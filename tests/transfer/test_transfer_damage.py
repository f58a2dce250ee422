"""Damaged uploads through the API: never a server error, and nothing saved when refused."""

from __future__ import annotations

import io
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from kaoping.collection.models import AuditEntry, Value
from transfer.helpers import NANJING


def damaged(content: bytes, how: str, where: float, junk: bytes) -> bytes:
    at = int(len(content) * where)
    if how == "truncate":
        return content[:at]
    if how == "flip":
        return content[:at] + bytes([content[at % len(content)] ^ 0xFF]) + content[at + 1 :]
    if how == "junk":
        return content[:at] + junk + content[at:]
    # drop one part of the archive (a sheet, the styles, the _meta sheet…)
    source = zipfile.ZipFile(io.BytesIO(content))
    names = source.namelist()
    dropped = names[int(where * (len(names) - 1))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for name in names:
            if name != dropped:
                target.writestr(name, source.read(name))
    return out.getvalue()


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    how=st.sampled_from(["truncate", "flip", "junk", "drop"]),
    where=st.floats(min_value=0, max_value=1),
    junk=st.binary(min_size=1, max_size=64),
)
def test_a_damaged_workbook_is_answered_never_with_a_server_error(
    survey, nj_template, client_for, nanjing_reporter, how, where, junk
):
    before = (
        sorted(Value.objects.filter(campaign=survey).values_list("id", "text")),
        AuditEntry.objects.count(),
    )
    content = damaged(nj_template, how, where, junk)
    response = client_for(nanjing_reporter).post(
        f"/api/campaigns/demo-2015/orgs/{NANJING}/import", {"file": SimpleUploadedFile("nj.xlsx", content)}
    )
    assert response.status_code in (200, 422), response.content[:300]
    document = response.json()
    if response.status_code == 422:
        assert document["refused"]  # a reason in Chinese
    if not document.get("saved"):
        after = (
            sorted(Value.objects.filter(campaign=survey).values_list("id", "text")),
            AuditEntry.objects.count(),
        )
        assert after == before
