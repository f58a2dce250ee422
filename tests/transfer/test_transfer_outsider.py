"""The shared outsider enumeration (tests/shell/test_outsider.py) reaches every transfer URL and
operation with 南京 in it, so its refusals cover them; here we check that it does."""

from __future__ import annotations

from django.test import Client
from tests.shell.test_outsider import ids, openapi_operations, urls  # noqa: F401 - ids is a fixture

NAMES = {"template", "upload", "confirm", "exports", "export", "bulk", "bulk_batch", "bulk_status"}


def test_every_transfer_page_is_enumerated_with_nanjing(ids):  # noqa: F811
    enumerated = {
        name.split(":", 1)[1] for _, name, names_nj in urls(ids) if names_nj and name.startswith("transfer:")
    }
    assert enumerated == NAMES


def test_every_transfer_operation_is_enumerated_with_nanjing(ids, suzhou_reporter):  # noqa: F811
    client = Client()
    client.force_login(suzhou_reporter)
    paths = {url for _, url in openapi_operations(client, ids) if "320100" in url}
    for tail in ("/template", "/import", "/export/csv"):
        assert f"/api/campaigns/demo-2015/orgs/320100{tail}" in paths
