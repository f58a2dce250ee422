"""API conformance: schemathesis fuzzes every operation of the running app's OpenAPI schema
(gunicorn on PostgreSQL), authenticated with personal tokens of a province administrator and of
a city reporter, bounded in examples and seeded: zero server errors, zero responses outside
the schema (status codes and bodies)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from tests.ops import livepg

pytestmark = pytest.mark.postgres_only
ST = str(Path(sys.executable).with_name("st"))
CHECKS = "not_a_server_error,response_schema_conformance,status_code_conformance,content_type_conformance"


def test_every_operation_conforms_to_the_schema(tmp_path):
    with livepg.fresh_database(f"kaoping_conformance_test_{os.getpid()}") as url:
        env = livepg.environment(url, tmp_path)
        livepg.prepare(env)
        tokens = livepg.tokens(env, ["sheng_admin", "nanjing_tianbao"])
        server = livepg.Server(env, workers=2)
        try:
            schema = server.base + "/api/openapi.json"
            for user, examples in (("sheng_admin", 8), ("nanjing_tianbao", 4)):
                done = subprocess.run(
                    [
                        ST,
                        "run",
                        schema,
                        "-H",
                        f"Authorization: Bearer {tokens[user]}",
                        "-c",
                        CHECKS,
                        "-n",
                        str(examples),
                        "--seed",
                        "2015",
                        "--phases",
                        "examples,fuzzing",
                        "--no-shrink",
                        "--continue-on-failure",
                        "--request-timeout",
                        "30",
                        "-w",  # one thread: two made CPython 3.11 raise "AST constructor recursion
                        "1",  # depth mismatch" in schemathesis itself, now and then (cpython gh-106905)
                    ],
                    capture_output=True,
                    text=True,
                    timeout=300,
                    cwd=tmp_path,  # schemathesis keeps its state in ./.schemathesis
                )
                summary = done.stdout[-6000:]
                assert done.returncode == 0, f"{user}:\n{summary}\n{done.stderr[-2000:]}"
                assert " passed" in summary and "generated" in summary
        finally:
            server.stop()
